/**
 * Building a CountTable. Its keys are question names and answer values taken from the
 * questionnaire and the answers, so both levels are dicts (no prototype): a question named
 * `__proto__` or an answer `constructor` is counted like any other (see dict.ts).
 */
import { dict } from "../dict";
import type { CountTable } from "./types";

export const emptyCounts = (): CountTable => dict<Record<string, number>>();

/** The counts of a key nobody answered: read it, never write into it. */
export const NO_COUNTS: Readonly<Record<string, number>> = Object.freeze(dict<number>());

/** Adds `n` to the count of (key, value). */
export function addCount(counts: CountTable, key: string, value: string, n: number) {
  const byValue = (counts[key] ??= dict<number>());
  byValue[value] = (byValue[value] ?? 0) + n;
}

/** Adds every count of `from` into `into`. */
export function addCounts(into: CountTable, from: CountTable) {
  for (const [key, values] of Object.entries(from))
    for (const [value, n] of Object.entries(values)) addCount(into, key, value, n);
}

/**
 * Rollup rows as a count table, and the responses they count (the rows of `responsesKey`).
 * Rows of several tables, units or months may repeat a (question, value): they add up.
 */
export function foldCounts(
  rows: Iterable<{ question: string; value: string; count: number | string }>,
  responsesKey: string,
): { counts: CountTable; responses: number } {
  const counts = emptyCounts();
  let responses = 0;
  for (const r of rows) {
    const n = Number(r.count);
    if (r.question === responsesKey) responses += n;
    else addCount(counts, r.question, r.value, n);
  }
  return { counts, responses };
}
