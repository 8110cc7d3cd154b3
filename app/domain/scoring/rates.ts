/**
 * Numeric building blocks shared by every scoring method: one formula each.
 *
 * - toRate: a proportion with its Wilson interval (an item, or respondents).
 * - combine: a weighted mean of estimates and of their interval bounds.
 * - combineRates: a group rate, pooled (weights = valid answers) or the plain mean of
 *   its parts' rates (SIPAS), with the group's n and sufficiency.
 * - meanEstimate: the mean of values given as value → count, with a normal interval.
 * - scoreItem: one scored item from the counts.
 */
import { itemKey, type Scale, type ScoredItem } from "../questionnaire";
import { wilsonInterval, Z95 } from "../statistics";
import type { Aggregation, CountTable, GroupResult, ItemResult, Rate, RateBasis } from "./types";
import { NO_COUNTS } from "./counts";

export const DEFAULT_MIN_N = 30;

/** A proportion of `n` (answers or respondents) with its Wilson interval. */
export function toRate(satisfied: number, n: number, minN: number): Rate {
  const ci = wilsonInterval(satisfied, n);
  return {
    n,
    satisfied,
    answers: n,
    rate: n > 0 ? satisfied / n : null,
    low: ci?.low ?? null,
    high: ci?.high ?? null,
    sufficient: n > 0 && n >= minN,
    basis: "answers",
  };
}

export interface Estimate {
  value: number;
  low: number | null;
  high: number | null;
}

/**
 * Σ wᵢ·xᵢ for the value and for each bound. For a weighted mean (or sum) of estimates
 * computed on the same respondents, SD(Σ wᵢ x̂ᵢ) ≤ Σ wᵢ SD(x̂ᵢ) whatever their
 * correlation (triangle inequality), so combining the bounds gives an interval at least
 * as wide as needed. Counts alone cannot reveal the correlation between items, so this
 * conservative interval is the honest one; treating pooled answers as independent
 * (a Wilson interval on all answers) would be too narrow, since one respondent answers
 * many items. Bounds are null when any part lacks one.
 */
export function combine(parts: Array<Estimate & { weight: number }>): Estimate | null {
  if (parts.length === 0) return null;
  let value = 0;
  let low: number | null = 0;
  let high: number | null = 0;
  for (const p of parts) {
    value += p.weight * p.value;
    low = low === null || p.low === null ? null : low + p.weight * p.low;
    high = high === null || p.high === null ? null : high + p.weight * p.high;
  }
  return { value, low, high };
}

/**
 * A group rate from its parts' rates.
 * - "pooled": all satisfied answers over all valid answers (parts weighted by answers).
 * - "mean": the unweighted mean of the parts' rates (SIPAS element/aspect/index).
 * Parts without answers are left out (as the reference's mean_ignore_none). n = the
 * largest n of the parts with answers (forms that answered at least one part).
 */
export function combineRates(parts: Rate[], how: "pooled" | "mean", minN: number): Rate {
  let satisfied = 0;
  let answers = 0;
  for (const p of parts) {
    satisfied += p.satisfied;
    answers += p.answers;
  }
  const live = parts.filter((p) => p.rate !== null && p.answers > 0);
  const liveAnswers = live.reduce((s, p) => s + p.answers, 0);
  const liveSatisfied = live.reduce((s, p) => s + p.satisfied, 0);
  // Weights summed, divided once at the end (no drift: 30 of 30 everywhere keeps 100 %).
  const sum = combine(
    live.map((p) => ({
      value: p.rate!,
      low: p.low,
      high: p.high,
      weight: how === "pooled" ? p.answers : 1,
    })),
  );
  const total = how === "pooled" ? liveAnswers : live.length;
  const est = sum && {
    value: sum.value / total,
    low: sum.low === null ? null : sum.low / total,
    high: sum.high === null ? null : sum.high / total,
  };
  const n = live.reduce((m, p) => Math.max(m, p.n), 0);
  // Pooling respondent shares keeps counting respondents; a mean counts its parts.
  const basis: RateBasis =
    how === "mean"
      ? "mean"
      : live.length > 0 && live.every((p) => p.basis === "respondents")
        ? "respondents"
        : "answers";
  return {
    n,
    satisfied,
    answers,
    // Pooled: exactly all satisfied answers over all valid answers (no rounding drift).
    rate: est === null ? null : how === "pooled" ? liveSatisfied / liveAnswers : clamp01(est.value),
    low: est?.low ?? null,
    high: est?.high ?? null,
    sufficient: n > 0 && n >= minN,
    basis,
    ...(how === "mean" ? { parts: live.length } : {}),
  };
}

/** Mean points of a group, pooled over its parts' valid answers, with the combined interval. */
export function combineMeans(
  parts: Array<{
    mean: number | null;
    meanLow: number | null;
    meanHigh: number | null;
    answers: number;
  }>,
): { mean: number | null; meanLow: number | null; meanHigh: number | null } {
  const live = parts.filter((p) => p.mean !== null && p.answers > 0);
  const total = live.reduce((s, p) => s + p.answers, 0);
  // Weighted by answers, divided once at the end: the pooled mean of points is exact
  // (30 forms all at 4 give 4, not 3.9999999999999973).
  const est = combine(
    live.map((p) => ({ value: p.mean!, low: p.meanLow, high: p.meanHigh, weight: p.answers })),
  );
  const per = (x: number | null | undefined) => (x === null || x === undefined ? null : x / total);
  return { mean: per(est?.value), meanLow: per(est?.low), meanHigh: per(est?.high) };
}

export interface MeanEstimate {
  n: number;
  mean: number | null;
  low: number | null;
  high: number | null;
}

/**
 * Mean of values given as [value, count] pairs, with a normal-approximation 95 %
 * interval (mean ± z·s/√n, s the sample SD). Needs n ≥ 2 for an interval.
 */
export function meanEstimate(pairs: Array<[value: number, count: number]>): MeanEstimate {
  let n = 0;
  let sum = 0;
  for (const [v, c] of pairs) {
    n += c;
    sum += v * c;
  }
  if (n === 0) return { n: 0, mean: null, low: null, high: null };
  const mean = sum / n;
  if (n < 2) return { n, mean, low: null, high: null };
  let ss = 0;
  for (const [v, c] of pairs) ss += c * (v - mean) * (v - mean);
  const half = Z95 * Math.sqrt(ss / (n - 1) / n);
  return { n, mean, low: mean - half, high: mean + half };
}

/** The points of an answer level: scale.points, else the numeric level itself. */
export function levelPoints(scale: Scale, level: string): number | null {
  if (scale.points && Object.hasOwn(scale.points, level)) return scale.points[level] ?? null;
  const n = Number(level);
  return level.trim() !== "" && Number.isFinite(n) ? n : null;
}

/** Highest points among the valid (applicable) levels: the "5" of "mean/5 × 100". */
export function maxPoints(scale: Scale): number | null {
  const na = new Set(scale.notApplicable.map(String));
  let max: number | null = null;
  for (const l of scale.levels.map(String)) {
    if (na.has(l)) continue;
    const p = levelPoints(scale, l);
    if (p !== null && (max === null || p > max)) max = p;
  }
  return max;
}

/** The valid levels worth the most points ("Rất hài lòng"): their answers are the top share. */
export function topLevels(scale: Scale): Set<string> {
  const max = maxPoints(scale);
  const na = new Set(scale.notApplicable.map(String));
  return new Set(
    scale.levels
      .map(String)
      .filter((l) => !na.has(l) && max !== null && levelPoints(scale, l) === max),
  );
}

export interface ItemScoring {
  /** Levels counted as satisfied; default the scale's. */
  satisfied?: string[];
  /** Read the answers from this count key instead of the item's own (filtered rollups). */
  key?: string;
}

/** One item: satisfied levels among valid answers (not-applicable levels left out). */
export function scoreItem(
  item: ScoredItem,
  scale: Scale,
  counts: CountTable,
  minN: number,
  title: ItemResult["title"],
  how: ItemScoring = {},
): ItemResult {
  const key = how.key ?? itemKey(item);
  const byValue = counts[key] ?? NO_COUNTS;
  const na = new Set(scale.notApplicable.map(String));
  const sat = new Set((how.satisfied ?? scale.satisfied).map(String));
  const topLevel = topLevels(scale);
  let n = 0;
  let satisfied = 0;
  let top = 0;
  let notApplicable = 0;
  const points: Array<[number, number]> = [];
  const levels = scale.levels.map((l) => {
    const value = String(l);
    const count = byValue[value] ?? 0;
    if (na.has(value)) notApplicable += count;
    else {
      n += count;
      if (sat.has(value)) satisfied += count;
      if (topLevel.has(value)) top += count;
      const pts = levelPoints(scale, value);
      if (pts !== null && count > 0) points.push([pts, count]);
    }
    return { value, count };
  });
  const m = meanEstimate(points);
  const r = toRate(satisfied, n, minN);
  // Fields copied one by one: in V8 a spread followed by more fields (`{ ...r, code }`)
  // takes microseconds per object, and a ranking scores thousands of items per page.
  return {
    n: r.n,
    satisfied: r.satisfied,
    answers: r.answers,
    rate: r.rate,
    low: r.low,
    high: r.high,
    sufficient: r.sufficient,
    basis: r.basis,
    code: item.code,
    key,
    title,
    levels,
    notApplicable,
    mean: m.mean,
    meanLow: m.low,
    meanHigh: m.high,
    top,
  };
}

/** An element or aspect from its parts. */
export function groupResult(
  code: string,
  title: GroupResult["title"],
  children: string[],
  parts: Array<ItemResult | GroupResult>,
  how: "pooled" | "mean",
  minN: number,
): GroupResult {
  const r = combineRates(parts, how, minN);
  const m = combineMeans(parts);
  // Field by field, as in scoreItem.
  return {
    n: r.n,
    satisfied: r.satisfied,
    answers: r.answers,
    rate: r.rate,
    low: r.low,
    high: r.high,
    sufficient: r.sufficient,
    basis: r.basis,
    ...(r.parts !== undefined ? { parts: r.parts } : {}),
    mean: m.mean,
    meanLow: m.meanLow,
    meanHigh: m.meanHigh,
    top: parts.reduce((s, p) => s + p.top, 0),
    code,
    title,
    children,
    aggregation: how as Aggregation,
  };
}

/** Respondent-level values rolled up as "sum/count" keys (see derive.ts): [value, respondents]. */
export function ratioValues(byValue: Record<string, number> | undefined): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [k, c] of Object.entries(byValue ?? {})) {
    const [a, b] = k.split("/");
    const v = b === undefined ? Number(a) : Number(a) / Number(b);
    if (Number.isFinite(v) && c > 0) out.push([v, c]);
  }
  return out;
}

/** Numeric count keys as [value, count] (a numeric question's `$value.` rollup). */
export function numericValues(
  byValue: Record<string, number> | undefined,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [k, c] of Object.entries(byValue ?? {})) {
    const v = Number(k);
    if (k.trim() !== "" && Number.isFinite(v) && c > 0) out.push([v, c]);
  }
  return out;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
