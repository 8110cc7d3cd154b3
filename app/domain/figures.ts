/**
 * A figure as pages, reports and exports show it: the rate with what it is computed from
 * (satisfied / valid answers, respondents, or the mean of k parts' rates), the forms behind
 * it, and beside it the share at the top level ("Rất hài lòng") and the mean score, from
 * which the satisfaction index (mean / maximum) follows. One shape for every surface, so a
 * count is never shown beside a rate it does not belong to.
 */
import type { Rate, RateBasis, ScoreFigures } from "./scoring";
import { satisfactionIndex, type Metric, type RateLike } from "./targets";
import { formatNumber, translator, type Locale, type MessageKey } from "~/utils/i18n";

type T = ReturnType<typeof translator>;

/** What a mean of rates averages: "TB 5 yếu tố". */
export type PartsKind = "items" | "elements" | "aspects";

/** A target as a line of text: "tỷ lệ hài lòng tối thiểu 90 %". */
export interface TargetLine {
  pct: number;
  metric: Metric;
  comparator: "gt" | "gte";
}

export interface FigureView {
  /** Forms behind the figure (the minimum-n rule applies to it). */
  n: number;
  rate: number | null;
  low: number | null;
  high: number | null;
  sufficient: boolean;
  basis: RateBasis;
  /** The rate's numerator and denominator when basis is "answers" or "respondents". */
  satisfied: number;
  answers: number;
  /** Basis "mean": how many parts' rates were averaged. */
  parts: number | null;
  /** Share of valid answers at the top level; null without answers or without top counts. */
  top: number | null;
  mean: number | null;
  meanLow: number | null;
  meanHigh: number | null;
}

export function figureView(r: Rate & Partial<ScoreFigures>): FigureView {
  return {
    n: r.n,
    rate: r.rate,
    low: r.low,
    high: r.high,
    sufficient: r.sufficient,
    basis: r.basis,
    satisfied: r.satisfied,
    answers: r.answers,
    parts: r.parts ?? null,
    top: r.top !== undefined && r.answers > 0 ? r.top / r.answers : null,
    mean: r.mean ?? null,
    meanLow: r.meanLow ?? null,
    meanHigh: r.meanHigh ?? null,
  };
}

/** Which figure columns a table shows, and the scale they are read on. */
export interface FigureColumns {
  /** Show the satisfaction index (health forms, or a target set on it). */
  index: boolean;
  maxPoints: number | null;
  minPoints: number | null;
  /** "Rất hài lòng": the top level's text. */
  topLabel: string;
}

/** The satisfaction index of a figure (mean / maximum points), with its interval. */
export function indexOf(f: FigureView, maxPoints: number | null): RateLike {
  return satisfactionIndex(f, maxPoints);
}

export type RankKey = "rate" | "top" | "mean";
export const RANK_KEYS: readonly RankKey[] = ["rate", "top", "mean"];

/** The value a ranking sorts by (null: not ranked on it). */
export function rankValue(f: FigureView, key: RankKey): number | null {
  if (!f.sufficient) return null;
  return key === "rate" ? f.rate : key === "top" ? f.top : f.mean;
}

/** The 95 % interval of the value a ranking sorts by (the top share has none of its own). */
export function rankRange(
  f: FigureView,
  key: RankKey,
): { low: number | null; high: number | null } {
  if (key === "rate") return { low: f.low, high: f.high };
  if (key === "mean") return { low: f.meanLow, high: f.meanHigh };
  return { low: null, high: null };
}

/**
 * Which neighbours in a ranking (sorted best first by rate) cannot be told apart: their
 * 95 % intervals overlap. `all` when every ranked pair overlaps (no difference is outside
 * the margin of error), else the indices i whose interval overlaps row i − 1's.
 */
export function overlappingNeighbours(
  rows: ReadonlyArray<{ low: number | null; high: number | null }>,
): {
  all: boolean;
  withPrevious: Set<number>;
} {
  const withPrevious = new Set<number>();
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    if (a.low === null || a.high === null || b.low === null || b.high === null) continue;
    if (a.low <= b.high && b.low <= a.high) withPrevious.add(i);
  }
  const bounded = rows.filter((r) => r.low !== null && r.high !== null);
  const maxLow = Math.max(...bounded.map((r) => r.low!));
  const minHigh = Math.min(...bounded.map((r) => r.high!));
  return { all: bounded.length >= 2 && maxLow <= minHigh, withPrevious };
}

/** Rates this high stop telling units apart: show the top share and the mean beside them. */
export const SATURATED_RATE = 0.95;

/** "1.157 / 1.650", "TB 5 yếu tố", "12 / 40 người": what the rate is computed from. */
export function basisText(f: FigureView, t: T, locale: Locale, parts?: PartsKind, long = false) {
  if (f.basis === "mean")
    return t(long ? "figure.basis.meanLong" : "figure.basis.mean", {
      parts: formatNumber(f.parts ?? 0, locale),
      what: t(`figure.parts.${parts ?? "items"}` as MessageKey),
    });
  const key = f.basis === "respondents" ? "figure.basis.respondents" : "figure.basis.answers";
  return t((long ? `${key}Long` : key) as MessageKey, {
    satisfied: formatNumber(f.satisfied, locale),
    answers: formatNumber(f.answers, locale),
  });
}

export function meanText(f: FigureView, cols: FigureColumns, t: T, locale: Locale) {
  if (f.mean === null) return "—";
  const mean = formatNumber(f.mean, locale, 2);
  return cols.maxPoints === null
    ? mean
    : t("figure.meanValue", { mean, max: formatNumber(cols.maxPoints, locale) });
}
