/**
 * Pure helpers of the dashboards: periods and their buckets, rankings, the weakest criteria,
 * comment search. Rates themselves always come from the scoring module (computeResults).
 */
import type { QuestionnaireDefinition } from "./questionnaire";
import { ratedAnswers } from "./scoring/derive";
import { elementItemCodes } from "./scoring/structure";
import type { ItemResult, Rate } from "./scoring";
import { questionTitle } from "./surveyjs";
import type { LocalizedText } from "./questionnaire";

export const GRANULARITIES = ["month", "quarter", "year"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(s: unknown): s is string {
  return typeof s === "string" && PERIOD.test(s);
}

/** 'YYYY-MM' → months since year 0 (2026-01 → 2026·12). */
export function monthIndex(period: string): number {
  const [y, m] = period.split("-").map(Number) as [number, number];
  return y * 12 + (m - 1);
}

export function fromMonthIndex(i: number): string {
  const y = Math.floor(i / 12);
  return `${y}-${String((i % 12) + 1).padStart(2, "0")}`;
}

export function addMonths(period: string, n: number): string {
  return fromMonthIndex(monthIndex(period) + n);
}

/** The range of the same length just before [from, to]. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const len = monthIndex(to) - monthIndex(from) + 1;
  return { from: addMonths(from, -len), to: addMonths(from, -1) };
}

/** The bucket a month falls in: '2026-03' (month), '2026-Q1' (quarter), '2026' (year). */
export function bucketOf(period: string, g: Granularity): string {
  if (g === "month") return period;
  const [y, m] = period.split("-").map(Number) as [number, number];
  return g === "year" ? String(y) : `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** First and last month of a bucket. */
export function bucketMonths(bucket: string, g: Granularity): { first: string; last: string } {
  if (g === "month") return { first: bucket, last: bucket };
  const y = Number(bucket.slice(0, 4));
  if (g === "year") return { first: `${y}-01`, last: `${y}-12` };
  const q = Number(bucket.slice(-1));
  return { first: fromMonthIndex(y * 12 + (q - 1) * 3), last: fromMonthIndex(y * 12 + q * 3 - 1) };
}

/** The buckets covering [from, to], in order. */
export function bucketsBetween(from: string, to: string, g: Granularity): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) {
    const b = bucketOf(fromMonthIndex(i), g);
    if (out[out.length - 1] !== b) out.push(b);
  }
  return out;
}

/** The middle of a bucket in months since year 0 (for fitting a line through buckets). */
export function bucketMiddle(bucket: string, g: Granularity): number {
  const { first, last } = bucketMonths(bucket, g);
  return (monthIndex(first) + monthIndex(last) + 1) / 2;
}

export interface Ranked<T> {
  row: T;
  /** 1 = highest rate; null below the minimum n (never ranked). */
  rank: number | null;
}

/**
 * Ranks rows by rate (or by another figure of theirs: `valueOf`, e.g. the share "Rất hài
 * lòng" or the mean score), highest first. Only sufficient rates are ranked; rows below the
 * minimum n follow, unranked, ordered by n. Equal values share a rank (1, 2, 2, 4).
 */
export function rankByRate<T>(
  rows: readonly T[],
  rateOf: (row: T) => Pick<Rate, "rate" | "sufficient" | "n">,
  valueOf: (row: T) => number | null = (row) => rateOf(row).rate,
): Array<Ranked<T>> {
  const ok = rows.filter((r) => rateOf(r).sufficient && valueOf(r) !== null);
  const rest = rows.filter((r) => !ok.includes(r));
  ok.sort((a, b) => valueOf(b)! - valueOf(a)!);
  const ranked: Array<Ranked<T>> = [];
  ok.forEach((row, i) => {
    const prev = ranked[i - 1];
    const rank = prev && valueOf(prev.row) === valueOf(row) ? prev.rank : i + 1;
    ranked.push({ row, rank });
  });
  rest.sort((a, b) => rateOf(b).n - rateOf(a).n);
  return [...ranked, ...rest.map((row) => ({ row, rank: null }))];
}

/** The k element items with the lowest rates, among those with enough answers. */
export function weakestItems(
  definition: QuestionnaireDefinition,
  items: readonly ItemResult[],
  k = 3,
): ItemResult[] {
  const codes = elementItemCodes(definition);
  return items
    .filter((i) => codes.has(i.code) && i.sufficient && i.rate !== null)
    .sort((a, b) => a.rate! - b.rate! || a.code.localeCompare(b.code))
    .slice(0, k);
}

/** Lower case without Vietnamese diacritics: "Rất Hài Lòng, đúng hẹn" → "rat hai long, dung hen". */
export function foldText(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "d")
    .toLowerCase();
}

/** Does `text` contain every word of `query`, ignoring case and diacritics? */
export function matchesKeywords(text: string, query: string): boolean {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = foldText(text);
  return words.every((w) => hay.includes(w));
}

/** The free-text (comment) questions of a form, with their titles. */
export function commentQuestions(
  definition: QuestionnaireDefinition,
): Array<{ name: string; title: LocalizedText }> {
  const out: Array<{ name: string; title: LocalizedText }> = [];
  const walk = (els: unknown[]) => {
    for (const raw of els) {
      if (!raw || typeof raw !== "object") continue;
      const el = raw as Record<string, unknown>;
      if (el.type === "comment" && typeof el.name === "string")
        out.push({ name: el.name, title: questionTitle(el, el.name) });
      if (Array.isArray(el.elements)) walk(el.elements);
    }
  };
  for (const page of definition.survey.pages)
    if (Array.isArray(page.elements)) walk(page.elements as unknown[]);
  return out;
}

export type ResponseRating = "satisfied" | "dissatisfied" | "none";

/**
 * How one response rated the criteria: "dissatisfied" when any valid answer is below the
 * satisfied levels, "satisfied" when all valid answers are satisfied, "none" without any.
 */
export function rateResponse(
  definition: QuestionnaireDefinition,
  answers: Record<string, unknown>,
): { rating: ResponseRating; satisfied: number; valid: number } {
  const rated = ratedAnswers(definition, answers);
  const satisfied = rated.filter((r) => r.satisfied).length;
  const rating =
    rated.length === 0 ? "none" : satisfied === rated.length ? "satisfied" : "dissatisfied";
  return { rating, satisfied, valid: rated.length };
}

/** "question=value" (a respondent-group filter) → its parts, or null. */
export function parseGroup(
  s: string | null | undefined,
): { question: string; value: string } | null {
  if (!s) return null;
  const i = s.indexOf("=");
  if (i <= 0 || i === s.length - 1) return null;
  return { question: s.slice(0, i), value: s.slice(i + 1) };
}
