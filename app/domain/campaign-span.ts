/**
 * Results across two campaigns of different questionnaire versions (a new version means a new
 * campaign; a campaign never changes version). Counts are added only for items that match:
 * the same item code on the same scale (levels, satisfied levels, not-applicable levels).
 * Everything else is left out rather than shown with one campaign's answers only: unmatched
 * items, and the `$` facts derived at ingestion (they depend on the whole questionnaire).
 *
 *   const span = combineOnMatchingItems(a, b);
 *   computeResults(a.definition, span.counts, span.responses, { minN });
 */
import { itemKey, type QuestionnaireDefinition, type Scale } from "./questionnaire";
import { dict } from "./dict";
import { addCount, emptyCounts, type CountTable } from "./scoring";

export interface CampaignCounts {
  definition: QuestionnaireDefinition;
  counts: CountTable;
  responses: number;
}

export interface SpanCounts {
  /** Keyed as in the first campaign's questionnaire. */
  counts: CountTable;
  responses: number;
  /** Item codes whose answers were added up. */
  matched: string[];
  /** Codes only in the first, only in the second, and in both but on different scales. */
  onlyFirst: string[];
  onlySecond: string[];
  differentScale: string[];
}

function scaleOf(d: QuestionnaireDefinition, code: string): Scale | undefined {
  const item = d.scoring.items.find((i) => i.code === code);
  return item ? (item.scale ?? d.scoring.scale) : undefined;
}

const norm = (values: ReadonlyArray<string | number>) => values.map(String);
const sameScale = (a: Scale, b: Scale) =>
  JSON.stringify([norm(a.levels), norm(a.satisfied).sort(), norm(a.notApplicable).sort()]) ===
  JSON.stringify([norm(b.levels), norm(b.satisfied).sort(), norm(b.notApplicable).sort()]);

export function combineOnMatchingItems(first: CampaignCounts, second: CampaignCounts): SpanCounts {
  const secondItems = new Map(second.definition.scoring.items.map((i) => [i.code, i]));
  const out: SpanCounts = {
    counts: emptyCounts(),
    responses: first.responses + second.responses,
    matched: [],
    onlyFirst: [],
    onlySecond: [],
    differentScale: [],
  };
  for (const item of first.definition.scoring.items) {
    const other = secondItems.get(item.code);
    if (!other) {
      out.onlyFirst.push(item.code);
      continue;
    }
    if (
      !sameScale(scaleOf(first.definition, item.code)!, scaleOf(second.definition, other.code)!)
    ) {
      out.differentScale.push(item.code);
      continue;
    }
    out.counts[itemKey(item)] = dict();
    for (const table of [first.counts[itemKey(item)], second.counts[itemKey(other)]]) {
      for (const [value, n] of Object.entries(table ?? {}))
        addCount(out.counts, itemKey(item), value, n);
    }
    out.matched.push(item.code);
  }
  const firstCodes = new Set(first.definition.scoring.items.map((i) => i.code));
  out.onlySecond = [...secondItems.keys()].filter((c) => !firstCodes.has(c));
  return out;
}
