/**
 * The rollups' vocabulary, defined once: the count keys a response adds (question keys),
 * the tables and their key columns. Pure and free of imports, so app/domain (which computes
 * a response's entries) and db/ (which stores and reads them) share it; docs/decisions/017.
 */

/** One count key of a response: [question key, value]. */
export type RollupEntry = [question: string, value: string];

/** Every counted response adds [RESPONSES_KEY, ""]: the count of responses. */
export const RESPONSES_KEY = "$responses";
/** Keys computed at ingestion (not answers) start with this (app/domain/scoring/derive.ts). */
export const DERIVED_PREFIX = "$";
/** A respondent group the response belongs to: `$group.<question>` = its answer. */
export const GROUP_PREFIX = "$group.";
export const groupKey = (question: string) => `${GROUP_PREFIX}${question}`;

/** rollup_subtree's channel for all channels together. */
export const ALL_CHANNELS = "*";

/**
 * Key columns per table, in primary-key order: the order upserts sort their rows in, the
 * same in every transaction (ingestion, flags, moves), so concurrent writers on PostgreSQL
 * queue instead of deadlocking.
 */
export const ROLLUP_KEYS = {
  rollup: ["campaign_id", "unit_id", "period", "channel", "question", "value"],
  rollup_subtree: ["campaign_id", "unit_id", "channel", "period", "question", "value"],
  rollup_span: ["campaign_id", "unit_id", "span", "own", "question", "value"],
  rollup_group: [
    "campaign_id",
    "grp",
    "grp_value",
    "unit_id",
    "own",
    "period",
    "channel",
    "question",
    "value",
  ],
  rollup_hour: ["campaign_id", "unit_id", "channel", "weekday", "hour"],
} as const;

export type RollupTable = keyof typeof ROLLUP_KEYS;

/** Every rollup table, in the order a transaction writes them; a rebuild empties them all. */
export const ROLLUP_TABLES = Object.keys(ROLLUP_KEYS) as RollupTable[];

/** Proper ancestors of a unit from its materialised path '/a/b/c/' → [a, b]. */
export function ancestorsOf(path: string): string[] {
  const ids = path.split("/").filter((s) => s !== "");
  return ids.slice(0, -1);
}
