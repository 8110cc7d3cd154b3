/** Kiosk patterns: responses by weekday and hour. */
import { sumHours } from "#db/queries/dashboard";
import type { AppContext } from "../context.server";
import type { Selection } from "./selection.server";

export async function getHours(ctx: AppContext, s: Selection) {
  const rows = await sumHours(ctx.db, {
    campaignIds: s.campaignIds,
    unitPath: s.unit.path,
    channel: s.channel,
    kind: s.kind,
  });
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of rows) grid[r.weekday - 1]![r.hour] = r.count;
  const total = rows.reduce((t, r) => t + r.count, 0);
  return { grid, total };
}
