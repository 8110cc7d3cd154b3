/** The trend: the overall rate by month, quarter or year, and its projection to the targets' deadlines. */
import {
  addMonths,
  bucketMiddle,
  bucketMonths,
  bucketOf,
  bucketsBetween,
  monthIndex,
  type Granularity,
} from "~/domain/dashboard";
import { projectLinear } from "~/domain/dashboard-stats";
import type { TrendPoint } from "~/domain/dashboard-view";
import { toPeriod } from "~/domain/period";
import { deadlines, meets, periodEnd, targetSector } from "~/domain/targets";
import type { CountRow } from "#db/queries/dashboard";
import type { AppContext } from "../context.server";
import { rateView, score, statusOf, subtreeCounts, targetFor, targetView } from "./figures.server";
import type { Selection } from "./selection.server";

const LAST_N: Record<Granularity, number> = { month: 6, quarter: 4, year: 3 };

export async function getTrend(ctx: AppContext, s: Selection, g: Granularity, now = new Date()) {
  if (!s.version) return null;
  // Over time the default is every month with data, not only the last twelve.
  const from = s.defaultFrom && s.dataFrom && s.dataFrom < s.from ? s.dataFrom : s.from;
  const rows = await subtreeCounts(ctx, s, { from, to: s.to }, true);
  const byBucket = new Map<string, CountRow[]>();
  for (const r of rows) {
    const b = bucketOf(r.period!, g);
    const list = byBucket.get(b) ?? [];
    list.push(r);
    byBucket.set(b, list);
  }
  const points: TrendPoint[] = bucketsBetween(from, s.to, g).map((bucket) => {
    const { first, last } = bucketMonths(bucket, g);
    const result = score(s, byBucket.get(bucket) ?? []);
    const target = targetFor(s, s.unit, periodEnd(last));
    return {
      bucket,
      first,
      last,
      responses: result.responses,
      ...rateView(result.overall),
      target: targetView(target),
      status: statusOf(s, result.overall, target),
    };
  });
  // Projection to each target deadline still ahead: a straight line through the last
  // LAST_N sufficient points of this granularity (see dashboard-stats.ts projectLinear).
  const fit = points
    .filter((p) => p.sufficient && p.rate !== null)
    .map((p) => ({ month: bucketMiddle(p.bucket, g), value: p.rate! }));
  const today = toPeriod(now);
  const sector = targetSector(s.questionnaireSector, s.unit.sector);
  // Deadlines from two years before the months shown: a plan that just ended (2025) is
  // listed as passed next to the one that runs now (2030).
  const projections = deadlines(s.targets, {
    sector,
    unitPath: s.unit.path,
    from: `${addMonths(from, -24)}-01`,
  }).map((t) => {
    const deadline = t.validTo!.slice(0, 7);
    const past = deadline < today;
    const p = past ? null : projectLinear(fit, monthIndex(deadline) + 1, LAST_N[g]);
    return {
      deadline: t.validTo!,
      target: targetView(t)!,
      past,
      projection: p,
      willMeet: p ? meets(p.value, t) : null,
    };
  });
  return { granularity: g, from, points, projections, lastN: LAST_N[g] };
}
