/** Items → elements → aspects → overall: the structure every method scores. */
import type { QuestionnaireDefinition, Scale, ScoredItem } from "../questionnaire";
import type { OptionReader } from "./options";
import { combineMeans, combineRates, groupResult, scoreItem } from "./rates";
import { itemTitle, questionTitle, surveyQuestion } from "../surveyjs";
import type { CountTable, GroupResult, ItemResult, OverallResult, Rate } from "./types";

export interface Context {
  definition: QuestionnaireDefinition;
  counts: CountTable;
  responses: number;
  minN: number;
  opt: OptionReader;
}

/** The scale an item is scored on, with a method-level override of the satisfied levels. */
export function itemScale(
  definition: QuestionnaireDefinition,
  item: ScoredItem,
  satisfied?: string[],
): Scale {
  if (item.scale) return item.scale;
  const scale = definition.scoring.scale;
  return satisfied ? { ...scale, satisfied } : scale;
}

export function scoreItems(
  ctx: Context,
  satisfied?: string[],
  keyFor: (item: ScoredItem) => string | undefined = () => undefined,
): ItemResult[] {
  const { definition, counts, minN } = ctx;
  return definition.scoring.items.map((item) =>
    scoreItem(item, itemScale(definition, item), counts, minN, itemTitle(definition, item), {
      satisfied: item.scale ? undefined : satisfied,
      key: keyFor(item),
    }),
  );
}

export function scoreElements(
  ctx: Context,
  items: ItemResult[],
  how: "pooled" | "mean",
): GroupResult[] {
  const byCode = new Map(items.map((i) => [i.code, i]));
  return ctx.definition.scoring.elements.map((el) =>
    groupResult(
      el.code,
      el.title,
      el.items,
      el.items.map((c) => byCode.get(c)).filter((i): i is ItemResult => i !== undefined),
      how,
      ctx.minN,
    ),
  );
}

export function scoreAspects(
  ctx: Context,
  elements: GroupResult[],
  how: "pooled" | "mean",
): GroupResult[] {
  const byCode = new Map(elements.map((e) => [e.code, e]));
  return ctx.definition.scoring.aspects.map((a) =>
    groupResult(
      a.code,
      a.title,
      a.elements,
      a.elements.map((c) => byCode.get(c)).filter((e): e is GroupResult => e !== undefined),
      how,
      ctx.minN,
    ),
  );
}

export const OVERALL_KINDS = ["pooled", "aspects", "elements", "items", "item"] as const;
export type OverallKind = (typeof OVERALL_KINDS)[number];

/**
 * The `overall` option: "pooled" = all valid answers of the criteria; "aspects" /
 * "elements" / "items" = the plain mean of those rates; "item" = the rate of the
 * single item or question named by `overallItem` (an overall-satisfaction question).
 * A mean over a level the form does not define falls back to the next level down
 * (aspects → elements → items), and "item" without a usable `overallItem` falls back
 * to the default; the kind actually used is what `options.overall` reports.
 * "mean_of_aspects" etc. are accepted as spellings of "aspects".
 */
export function readOverall(
  ctx: Context,
  fallback: OverallKind,
): { kind: OverallKind; item: string | null } {
  const { elements, aspects } = ctx.definition.scoring;
  const raw = ctx.opt.raw.overall;
  if (typeof raw === "string" && raw.startsWith("mean_of_"))
    ctx.opt.raw.overall = raw.slice("mean_of_".length);
  const item = ctx.opt.optionalName("overallItem");
  let kind: OverallKind = ctx.opt.oneOf("overall", OVERALL_KINDS, fallback);
  if (kind === "item" && item === null) {
    ctx.opt.warn("overall", `"item" needs overallItem; "${fallback}" used`);
    kind = fallback === "item" ? "pooled" : fallback;
  }
  if (kind === "aspects" && aspects.length === 0) kind = "elements";
  if (kind === "elements" && elements.length === 0) kind = "items";
  return { kind: ctx.opt.set("overall", kind), item };
}

/**
 * The element items (the UI's criteria, "tiêu chí"): items that belong to an element, or every
 * item when the form has no elements. An item outside every element (an overall question such
 * as HL1) is not pooled with them.
 */
export function elementItems(ctx: Context, items: ItemResult[]): ItemResult[] {
  const codes = elementItemCodes(ctx.definition);
  return items.filter((i) => codes.has(i.code));
}

/** Codes of the element items: items in some element, or every item when there are no elements. */
export function elementItemCodes(definition: QuestionnaireDefinition): Set<string> {
  const inElements = definition.scoring.elements.flatMap((e) => e.items);
  return new Set(inElements.length > 0 ? inElements : definition.scoring.items.map((i) => i.code));
}

/** A scored item by code (or by its question name), else that question scored on the scale. */
export function namedRate(
  ctx: Context,
  name: string,
  items: ItemResult[],
  satisfied: string[],
): ItemResult | undefined {
  const found = items.find((i) => i.code === name) ?? items.find((i) => i.key === name);
  if (found) return found;
  const q = surveyQuestion(ctx.definition, name);
  if (!q && !ctx.counts[name]) return undefined;
  return scoreItem(
    { code: name, question: name },
    ctx.definition.scoring.scale,
    ctx.counts,
    ctx.minN,
    questionTitle(q, name),
    {
      satisfied,
    },
  );
}

/**
 * The headline rate by the `overall` option, with the mean points and top-level answers of
 * the same answers beside it: the overall question's when the rate is that question's,
 * else the criteria pooled (a mean of rates has no mean points of its own).
 */
export function overallRate(
  ctx: Context,
  overall: { kind: OverallKind; item: string | null },
  parts: {
    items: ItemResult[];
    elements: GroupResult[];
    aspects: GroupResult[];
    satisfied: string[];
  },
): OverallResult {
  const { minN } = ctx;
  const all = elementItems(ctx, parts.items);
  const named =
    overall.kind === "item"
      ? namedRate(ctx, overall.item!, parts.items, parts.satisfied)
      : undefined;
  const rate: Rate = (() => {
    switch (overall.kind) {
      case "pooled":
        return combineRates(all, "pooled", minN);
      case "aspects":
        return combineRates(parts.aspects, "mean", minN);
      case "elements":
        return combineRates(parts.elements, "mean", minN);
      case "items":
        return combineRates(all, "mean", minN);
      case "item":
        return named ?? combineRates([], "pooled", minN);
    }
  })();
  const basis = named ? [named] : overall.kind === "item" ? [] : all;
  const m = combineMeans(basis);
  return {
    n: rate.n,
    satisfied: rate.satisfied,
    answers: rate.answers,
    rate: rate.rate,
    low: rate.low,
    high: rate.high,
    sufficient: rate.sufficient,
    basis: rate.basis,
    ...(rate.parts !== undefined ? { parts: rate.parts } : {}),
    mean: m.mean,
    meanLow: m.meanLow,
    meanHigh: m.meanHigh,
    top: basis.reduce((s, p) => s + p.top, 0),
  };
}

/** Pooled mean points over the element items (the "điểm trung bình chung"). */
export function overallMean(ctx: Context, items: ItemResult[]) {
  return combineMeans(elementItems(ctx, items));
}
