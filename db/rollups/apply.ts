/**
 * The one place rollups change: ingestion adds (sign 1); flagging, deletion and corrections
 * remove or re-add; a rebuild starts from empty tables and adds. Every table, in the caller's
 * transaction and with the same sign:
 *
 * - rollup:         every entry of the response at its unit, month and channel;
 * - rollup_subtree: every entry again under each proper ancestor of the response's unit, per
 *                   channel and under channel "*" (ALL_CHANNELS);
 * - rollup_span:    every entry again per quarter and per year (spans.ts), all channels
 *                   together, at its unit (own = 1) and at each ancestor (own = 0): a range of
 *                   months is read as a few quarters and years;
 * - rollup_group:   every entry (but the grouping questions' own) again under each
 *                   respondent group the response belongs to (its GROUP_PREFIX entries, see
 *                   app/domain/scoring/groups.ts), at its unit (own = 1) and at each ancestor
 *                   (own = 0);
 * - rollup_hour:    one count per response at its weekday and hour in Vietnam (countedAt).
 *
 * Tables are written in ROLLUP_TABLES order and rows in key order (counts.ts), after the
 * units' locks (move.ts), so concurrent writers on PostgreSQL queue instead of deadlocking.
 */
import type { NewResponse } from "../schema";
import { countedAt } from "../counted-at";
import { addCounts, CHUNK, Counts, type Db } from "./counts";
import { ALL_CHANNELS, ancestorsOf, GROUP_PREFIX, ROLLUP_TABLES, type RollupEntry } from "./keys";
import { lockUnitsForRollups } from "./move";
import { spansOf } from "./spans";

const SEP = "\u0000";
const VN_OFFSET_MS = 7 * 3_600_000;

/** What a response adds to the rollups: where it counts, and its entries. */
export interface RollupItem {
  row: Pick<NewResponse, "campaign_id" | "unit_id" | "period" | "channel" | "submitted_at"> &
    Partial<Pick<NewResponse, "kiosk_id" | "started_at">>;
  /** Its entries [question key, value], RESPONSES_KEY included. */
  rollup: RollupEntry[];
}

/** ISO weekday (1 = Monday … 7 = Sunday) and hour of an instant in Vietnam (UTC+7 all year). */
export function weekdayHour(iso: string): { weekday: number; hour: number } {
  const local = new Date(new Date(iso).getTime() + VN_OFFSET_MS);
  return { weekday: ((local.getUTCDay() + 6) % 7) + 1, hour: local.getUTCHours() };
}

async function unitPaths(db: Db, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom("unit")
      .select(["id", "path"])
      .where("id", "in", ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, r.path);
  }
  return out;
}

/** Adds (sign 1) or removes (sign -1) the items' entries to or from every rollup table. */
export async function applyToRollups(db: Db, items: readonly RollupItem[], sign: 1 | -1) {
  if (items.length === 0) return;
  const unitIds = [...new Set(items.map((i) => i.row.unit_id))];
  // PostgreSQL: a unit move in progress finishes first, or waits for this transaction, so
  // the ancestors read below are the ones the move leaves. Units before any rollup row.
  await lockUnitsForRollups(db, unitIds);
  const paths = await unitPaths(db, unitIds);
  const counts = Object.fromEntries(ROLLUP_TABLES.map((t) => [t, new Counts(t)])) as Record<
    (typeof ROLLUP_TABLES)[number],
    Counts
  >;
  // Fold the responses per campaign × unit × month × channel first; ancestors and groups are
  // then expanded once per distinct answer, not once per response.
  const cells = new Map<
    string,
    { unit: string; entries: Map<string, number>; groups: Map<string, Map<string, number>> }
  >();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + sign);
  for (const { row, rollup } of items) {
    const { campaign_id, unit_id, period, channel } = row;
    const cellKey = [campaign_id, unit_id, period, channel].join(SEP);
    let cell = cells.get(cellKey);
    if (!cell)
      cells.set(cellKey, (cell = { unit: unit_id, entries: new Map(), groups: new Map() }));
    const answers: string[] = [];
    const groups: string[] = [];
    const grouping = new Set<string>();
    for (const [q, v] of rollup) {
      if (!q.startsWith(GROUP_PREFIX)) continue;
      groups.push(`${q.slice(GROUP_PREFIX.length)}${SEP}${v}`);
      grouping.add(q.slice(GROUP_PREFIX.length));
    }
    for (const [q, v] of rollup) {
      const k = `${q}${SEP}${v}`;
      bump(cell.entries, k);
      // Within a group, the grouping questions themselves are left out (a group of women
      // holds no answers to "sex" worth counting, nor to the other grouping questions).
      if (!q.startsWith(GROUP_PREFIX) && !grouping.has(q)) answers.push(k);
    }
    for (const g of groups) {
      let m = cell.groups.get(g);
      if (!m) cell.groups.set(g, (m = new Map()));
      for (const k of answers) bump(m, k);
    }
    const { weekday, hour } = weekdayHour(countedAt(row));
    counts.rollup_hour.add([campaign_id, unit_id, channel, weekday, hour], sign);
  }
  for (const [cellKey, cell] of cells) {
    const [campaign, unit, period, channel] = cellKey.split(SEP) as [
      string,
      string,
      string,
      string,
    ];
    const path = paths.get(cell.unit);
    if (path === undefined) throw new Error(`unit ${cell.unit} missing`);
    const ancestors = ancestorsOf(path);
    for (const [k, n] of cell.entries) counts.rollup.add([campaign, unit, period, channel, k], n);
    for (const a of ancestors) {
      for (const ch of [channel, ALL_CHANNELS]) {
        for (const [k, n] of cell.entries)
          counts.rollup_subtree.add([campaign, a, ch, period, k], n);
      }
    }
    // Channels fold together here: cells of one unit and month share their span rows.
    for (const s of spansOf(period)) {
      for (const [at, own] of [[cell.unit, 1] as const, ...ancestors.map((a) => [a, 0] as const)]) {
        for (const [k, n] of cell.entries) counts.rollup_span.add([campaign, at, s, own, k], n);
      }
    }
    for (const [g, m] of cell.groups) {
      for (const [at, own] of [[cell.unit, 1] as const, ...ancestors.map((a) => [a, 0] as const)]) {
        for (const [k, n] of m)
          counts.rollup_group.add([campaign, g, at, own, period, channel, k], n);
      }
    }
  }
  for (const t of ROLLUP_TABLES) await addCounts(db, t, counts[t].rows());
}
