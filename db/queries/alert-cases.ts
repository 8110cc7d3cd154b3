/** Alerts and the follow-up cases opened from them (one case per alert at most). */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

/** An alert with the unit it happened at (the case's unit) and that unit's path. */
export function findAlertWithUnit(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("alert as a")
    .innerJoin("unit as u", "u.id", "a.unit_id")
    .select(["a.id", "a.unit_id", "a.detail", "u.path as unit_path"])
    .where("a.id", "=", id)
    .executeTakeFirst();
}

/** The case opened from each of these alerts, if any. */
export async function casesOfAlerts(
  db: Kysely<Database>,
  alertIds: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < alertIds.length; i += 500) {
    const rows = await db
      .selectFrom("follow_up_case")
      .select(["id", "alert_id"])
      .where("alert_id", "in", alertIds.slice(i, i + 500))
      .execute();
    for (const r of rows) if (r.alert_id) out.set(r.alert_id, r.id);
  }
  return out;
}
