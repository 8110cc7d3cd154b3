/**
 * Opening hours of units (what a kiosk or link refuses outside of, and flags): a unit's own,
 * else its nearest ancestor's, else none (always open). The rules are in domain/opening-hours.
 */
import { insertAudit } from "#db/queries/audit";
import { listOpeningHours, replaceOpeningHours } from "#db/queries/kiosks";
import { inTransaction } from "#db/transaction";
import { hoursThatApply, unitLineage, type OpeningPeriod } from "~/domain/opening-hours";
import type { AppContext } from "./context.server";

const hoursCache = new Map<string, { at: number; hours: Promise<OpeningPeriod[]> }>();
const HOURS_TTL_MS = 30_000;

/**
 * The hours that apply to a unit: its own, else its nearest ancestor's, else none (always
 * open). Cached for 30 s per unit in this process.
 */
export function effectiveHours(ctx: AppContext, unitPath: string): Promise<OpeningPeriod[]> {
  const hit = hoursCache.get(unitPath);
  if (hit && Date.now() - hit.at < HOURS_TTL_MS) return hit.hours;
  const hours = listOpeningHours(ctx.db, unitLineage(unitPath)).then((rows) =>
    hoursThatApply(rows, unitPath),
  );
  hours.catch(() => hoursCache.delete(unitPath));
  hoursCache.set(unitPath, { at: Date.now(), hours });
  return hours;
}

/** A unit's own hours (not inherited), for the form. */
export async function ownHours(ctx: AppContext, unitId: string): Promise<OpeningPeriod[]> {
  const rows = await listOpeningHours(ctx.db, [unitId]);
  return rows.map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));
}

export async function setOpeningHours(
  ctx: AppContext,
  unitId: string,
  periods: OpeningPeriod[],
  actorId: string | null,
) {
  const before = await ownHours(ctx, unitId);
  await inTransaction(ctx.db, async (trx) => {
    await replaceOpeningHours(trx, unitId, periods);
    await insertAudit(trx, {
      userId: actorId,
      action: "update",
      entity: "opening_hours",
      entityId: unitId,
      before,
      after: periods,
      unitId,
    });
  });
  hoursCache.clear();
}
