/** Building extra figures (Indicator) from counts: shares, distributions, means, ranks. */
import type { LocalizedText } from "../questionnaire";
import { toRate, type MeanEstimate } from "./rates";
import { joinText, questionTitle, surveyQuestion, type Choice } from "../surveyjs";
import type { Context } from "./structure";
import type { CountTable, Indicator, Rate } from "./types";
import { NO_COUNTS } from "./counts";

interface Base {
  code: string;
  group: string;
  title: LocalizedText;
  key?: string;
  level?: string;
}

/** A rate (item, group or respondent share) as an indicator. */
export function rateIndicator(base: Base, rate: Rate): Indicator {
  return {
    ...base,
    value: rate.rate,
    unit: "proportion",
    n: rate.n,
    low: rate.low,
    high: rate.high,
    sufficient: rate.sufficient,
  };
}

/** `count` of `n` as a proportion with its Wilson interval. */
export function shareIndicator(base: Base, count: number, n: number, minN: number): Indicator {
  return rateIndicator(base, toRate(Math.min(count, n), n, minN));
}

/**
 * A mean as an indicator: points (with `max`), or, with `per` set, the mean divided by
 * `per` as a proportion (mean/5 → "chỉ số hài lòng", G1 % / 100).
 */
export function meanIndicator(
  base: Base,
  est: MeanEstimate,
  minN: number,
  scale: { max?: number; per?: number } = {},
): Indicator {
  const per = scale.per ?? 1;
  const div = (x: number | null) => (x === null ? null : x / per);
  return {
    ...base,
    value: div(est.mean),
    unit: scale.per === undefined ? "points" : "proportion",
    ...(scale.max !== undefined && scale.per === undefined ? { max: scale.max } : {}),
    n: est.n,
    low: div(est.low),
    high: div(est.high),
    sufficient: est.n > 0 && est.n >= minN,
  };
}

/**
 * The share of each answer value of one count key. The denominator is `n` when given
 * (respondents, for a multi-select), else the answers to the listed values that are not
 * in `exclude` (non-response codes); excluded values get no share.
 */
export function distribution(
  args: Base & { values: Choice[]; exclude?: Set<string>; n?: number },
  counts: CountTable,
  minN: number,
): Indicator[] {
  const { values, exclude = new Set<string>(), n, ...base } = args;
  const key = base.key ?? base.code;
  const byValue = counts[key] ?? NO_COUNTS;
  const shown = values.filter((v) => !exclude.has(v.value));
  const denom = n ?? shown.reduce((s, v) => s + (byValue[v.value] ?? 0), 0);
  return shown.map((v) =>
    shareIndicator(
      {
        ...base,
        code: `${base.code}=${v.value}`,
        title: joinText([base.title, v.text]),
        key,
        level: v.value,
      },
      byValue[v.value] ?? 0,
      denom,
      minN,
    ),
  );
}

/** Answers to `levels` among the valid answers (values not in `exclude`) of one count key. */
export function levelShare(
  base: Base,
  counts: CountTable,
  values: Choice[],
  levels: string[],
  exclude: Set<string>,
  minN: number,
): Indicator {
  const key = base.key ?? base.code;
  const byValue = counts[key] ?? NO_COUNTS;
  const wanted = new Set(levels);
  let n = 0;
  let hit = 0;
  for (const v of values) {
    if (exclude.has(v.value)) continue;
    const c = byValue[v.value] ?? 0;
    n += c;
    if (wanted.has(v.value)) hit += c;
  }
  return shareIndicator({ ...base, key, level: levels.join(",") }, hit, n, minN);
}

/**
 * Competition ranking (1, 2, 2, 4) by value, highest first, among sufficient
 * indicators only; insufficient ones get no rank.
 */
export function rank(list: Indicator[]): void {
  const ranked = list.filter((i) => i.sufficient && i.value !== null);
  for (const i of ranked) {
    i.rank = 1 + ranked.filter((o) => o.value! > i.value! + 1e-12).length;
  }
}

/** Rollup key of "respondents who answered" a multi-select (see derive.ts). */
export const ANSWERED_KEY = "$answered";

/**
 * % per choice of a multi-select; the denominator is the respondents who answered it
 * (`$answered`), or every response when that rollup is missing.
 */
export function multiChoice(
  ctx: Context,
  name: string,
  code: string,
  group: string,
  values: Choice[],
): Indicator[] {
  const n = ctx.counts[ANSWERED_KEY]?.[name] ?? ctx.responses;
  const title = questionTitle(surveyQuestion(ctx.definition, name), name);
  return distribution({ code, group, key: name, title, values, n }, ctx.counts, ctx.minN);
}
