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
