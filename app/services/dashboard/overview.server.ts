/** The overview: the overall rate against its target, this period and the previous one. */
import { weakestItems } from "~/domain/dashboard";
import { newcombeDifference } from "~/domain/dashboard-stats";
import { periodEnd } from "~/domain/targets";
import type { AppContext } from "../context.server";
import { overallParts } from "../results.server";
import {
  hasPrevious,
  rateView,
  ratedRows,
  score,
  statusOf,
  subtreeCounts,
  targetFor,
  targetView,
} from "./figures.server";
import type { Selection } from "./selection.server";

export async function getOverview(ctx: AppContext, s: Selection) {
  if (!s.version) return null;
  const [now, before] = await Promise.all([
    subtreeCounts(ctx, s, s),
    hasPrevious(s) ? subtreeCounts(ctx, s, s.prev) : [],
  ]);
  const result = score(s, now);
  const previous = score(s, before);
  const target = targetFor(s, s.unit, periodEnd(s.to));
  const change = newcombeDifference(result.overall, previous.overall);
  return {
    responses: result.responses,
    overall: { ...rateView(result.overall), status: statusOf(s, result.overall, target) },
    previous: previous.overall.sufficient ? rateView(previous.overall) : null,
    change,
    target: targetView(target),
    aspects: ratedRows(s, result.aspects, target),
    elements: ratedRows(s, result.elements, target),
    items: ratedRows(s, result.items, target),
    weakest: ratedRows(s, weakestItems(s.version.definition, result.items), target),
    method: result.method,
    minN: result.minN,
    parts: overallParts(result.options),
  };
}
