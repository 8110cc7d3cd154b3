/**
 * Generic method (forms without an official formula): item = satisfied levels among
 * valid answers; element, aspect and overall pooled over their valid answers.
 *
 * Options: `satisfied` (levels; default scale.satisfied), `aggregation` ("pooled" |
 * "mean"; default "pooled"), `overall` ("pooled" | "aspects" | "elements" | "items" |
 * "item"; default "item" when `overallItem` names an overall question, else "pooled"),
 * `overallItem` (item code or question name).
 */
import type { ScoredItem } from "../questionnaire";
import type { ScoringMethodImpl } from "./method";
import {
  overallRate,
  readOverall,
  scoreAspects,
  scoreElements,
  scoreItems,
  type Context,
  type OverallKind,
} from "./structure";

/**
 * Items, elements, aspects and overall with the shared options; used by several methods.
 * `overall` default "itemOrPooled": "item" when `overallItem` is set, else "pooled".
 */
export function scoreStructure(
  ctx: Context,
  defaults: { aggregation: "pooled" | "mean"; overall: OverallKind | "itemOrPooled" },
  how: { satisfiedKey?: string; keyFor?: (item: ScoredItem) => string | undefined } = {},
) {
  const satisfied = ctx.opt.levels(
    how.satisfiedKey ?? "satisfied",
    ctx.definition.scoring.scale.satisfied,
  );
  const aggregation = ctx.opt.oneOf(
    "aggregation",
    ["pooled", "mean"] as const,
    defaults.aggregation,
  );
  const items = scoreItems(ctx, satisfied, how.keyFor);
  const elements = scoreElements(ctx, items, aggregation);
  const aspects = scoreAspects(ctx, elements, aggregation);
  const fallback =
    defaults.overall === "itemOrPooled"
      ? typeof ctx.opt.raw.overallItem === "string"
        ? "item"
        : "pooled"
      : defaults.overall;
  const overall = overallRate(ctx, readOverall(ctx, fallback), {
    items,
    elements,
    aspects,
    satisfied,
  });
  return { satisfied, aggregation, items, elements, aspects, overall };
}

export const generic: ScoringMethodImpl = {
  score(ctx) {
    const { items, elements, aspects, overall } = scoreStructure(ctx, {
      aggregation: "pooled",
      overall: "itemOrPooled",
    });
    return { items, elements, aspects, overall, indicators: [] };
  },
  derive() {
    return [];
  },
};
