/**
 * The independent channel: access links owned by a higher unit than the one they are posted
 * at (channel "independent", owner_unit_id set), and the counts that put the unit's own survey
 * beside it. Every count comes from the rollups, whose channel column already tells the two
 * apart (docs/decisions/023-independent-channel-sdg.md). Runs on SQLite and PostgreSQL.
 */
import { sql, type Kysely } from "kysely";
import type { AccessLink, Database } from "../schema";
import { newToken } from "../ids";
import { ALL_CHANNELS } from "../rollups/keys";

/** The channel of a link owned by a higher unit, and of the responses that came through it. */
export const INDEPENDENT_CHANNEL = "independent";

export async function insertIndependentLink(
  db: Kysely<Database>,
  input: { campaignId: string; unitId: string; ownerUnitId: string; label: string | null },
): Promise<AccessLink> {
  const row: AccessLink = {
    token: newToken(),
    campaign_id: input.campaignId,
    unit_id: input.unitId,
    channel: INDEPENDENT_CHANNEL,
    label: input.label,
    audience: "respondent",
    created_at: new Date().toISOString(),
    revoked_at: null,
    owner_unit_id: input.ownerUnitId,
  };
  await db.insertInto("access_link").values(row).execute();
  return row;
}

/** Independent links of the campaigns, with the unit they are posted at and the owner's name. */
export function listIndependentLinks(db: Kysely<Database>, campaignIds: readonly string[]) {
  if (campaignIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("access_link as l")
    .innerJoin("unit as u", "u.id", "l.unit_id")
    .innerJoin("unit as o", "o.id", "l.owner_unit_id")
    .select([
      "l.token",
      "l.campaign_id",
      "l.label",
      "l.created_at",
      "l.revoked_at",
      "u.id as unit_id",
      "u.name as unit_name",
      "u.path as unit_path",
      "o.id as owner_id",
      "o.name as owner_name",
      "o.path as owner_path",
    ])
    .where("l.campaign_id", "in", campaignIds)
    .where("l.channel", "=", INDEPENDENT_CHANNEL)
    .orderBy("l.created_at")
    .execute();
}

/** One independent link with the paths its permission checks need. */
export function findIndependentLink(db: Kysely<Database>, token: string) {
  return db
    .selectFrom("access_link as l")
    .innerJoin("unit as o", "o.id", "l.owner_unit_id")
    .select(["l.token", "l.campaign_id", "l.unit_id", "l.revoked_at", "o.path as owner_path"])
    .where("l.token", "=", token)
    .where("l.channel", "=", INDEPENDENT_CHANNEL)
    .executeTakeFirst();
}

export interface SideCountRow {
  unit_id: string;
  /** 1: came through the independent channel; 0: the unit's own survey (every other channel). */
  independent: number;
  question: string;
  value: string;
  count: number;
}

/**
 * Counts of each unit's whole subtree for a range of months, split into the unit's own survey
 * and the independent channel, in one statement over the month rollups' channel column:
 *   SELECT unit_id, independent, question, value, SUM(count) FROM (
 *     SELECT …, channel = 'independent' AS independent FROM rollup (the unit's own rows)
 *     UNION ALL the same FROM rollup_subtree (below it, per channel, not '*')
 *     WHERE campaign_id IN (…) AND unit_id IN (…) AND period BETWEEN ? AND ?
 *   ) GROUP BY unit_id, independent, question, value
 * Both tables are keyed by (campaign, unit, …): a range read per unit, never a raw scan.
 */
export async function sumChannelSides(
  db: Kysely<Database>,
  f: {
    campaignIds: readonly string[];
    unitIds: readonly string[];
    periodFrom: string;
    periodTo: string;
  },
): Promise<SideCountRow[]> {
  const out: SideCountRow[] = [];
  if (f.campaignIds.length === 0) return out;
  for (let i = 0; i < f.unitIds.length; i += 500) {
    const ids = f.unitIds.slice(i, i + 500);
    const side = sql`case when channel = ${INDEPENDENT_CHANNEL} then 1 else 0 end`;
    const where = sql`campaign_id in (${sql.join(f.campaignIds)}) and unit_id in (${sql.join(ids)})
      and period >= ${f.periodFrom} and period <= ${f.periodTo}`;
    const { rows } = await sql<{
      unit_id: string;
      independent: number | string;
      question: string;
      value: string;
      count: number | string;
    }>`select unit_id, independent, question, value, sum(count) as count
       from (
         select unit_id, ${side} as independent, question, value, count from rollup
           where ${where}
         union all
         select unit_id, ${side} as independent, question, value, count from rollup_subtree
           where ${where} and channel <> ${ALL_CHANNELS}
       ) t
       group by unit_id, independent, question, value`.execute(db);
    for (const r of rows)
      out.push({
        unit_id: r.unit_id,
        independent: Number(r.independent),
        question: r.question,
        value: r.value,
        count: Number(r.count),
      });
  }
  return out;
}
