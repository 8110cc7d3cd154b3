/**
 * The dashboards' rollups, maintained by applyToRollups (responses.ts) in the same
 * transaction and with the same sign as `rollup`:
 *
 * - rollup_subtree: every entry again under each proper ancestor of the response's unit, per
 *                   channel and under channel "*" (ALL_CHANNELS);
 * - rollup_span:    every entry again per quarter and per year (rollup-spans.ts), all channels
 *                   together, at its unit (own = 1) and at each ancestor (own = 0): a range of
 *                   months is read as a few quarters and years;
 * - rollup_group:   every entry (but the grouping questions' own) again under each
 *                   respondent group the response belongs to
 *                   (its `$group.<question>` entries, see app/domain/scoring/groups.ts), at
 *                   its unit (own = 1) and at each ancestor (own = 0);
 * - rollup_hour:    one count per response at its weekday and hour in Vietnam (countedAt).
 *
 * Upserts add (count = count + excluded.count) and run in key order, tables always in this
 * order, so concurrent writers on PostgreSQL queue instead of deadlocking (as for `rollup`).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../schema";
import { countedAt } from "../counted-at";
import type { ResponseToStore } from "./responses";
import { spansOf } from "./rollup-spans";

const CHUNK = 400;
const GROUP_PREFIX = "$group.";
const VN_OFFSET_MS = 7 * 3_600_000;

type Db = Transaction<Database> | Kysely<Database>;

/** Proper ancestors of a unit from its materialised path '/a/b/c/' → [a, b]. */
export function ancestorsOf(path: string): string[] {
  const ids = path.split("/").filter((s) => s !== "");
  return ids.slice(0, -1);
}

/** ISO weekday (1 = Monday … 7 = Sunday) and hour of an instant in Vietnam (UTC+7 all year). */
export function weekdayHour(iso: string): { weekday: number; hour: number } {
  const local = new Date(new Date(iso).getTime() + VN_OFFSET_MS);
  return { weekday: ((local.getUTCDay() + 6) % 7) + 1, hour: local.getUTCHours() };
}

const SEP = "\u0000";

/** Counts per key string; the key's parts are joined with SEP and split again for the rows. */
class Deltas {
  readonly map = new Map<string, number>();
  add(k: string, n: number) {
    this.map.set(k, (this.map.get(k) ?? 0) + n);
  }
  /** Rows (the key's parts under `columns`) with their count, in key order, zeros left out. */
  rows(columns: readonly string[], numeric: ReadonlySet<string> = new Set()) {
    return [...this.map.entries()]
      .filter(([, n]) => n !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, n]) => {
        const parts = k.split(SEP);
        const row: Record<string, string | number> = { count: n };
        columns.forEach((c, i) => (row[c] = numeric.has(c) ? Number(parts[i]) : parts[i]!));
        return row;
      });
  }
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

/** Key columns in primary-key order, the order the upserts sort their rows in (rollup-moves.ts too). */
export const SUBTREE_KEY = ["campaign_id", "unit_id", "channel", "period", "question", "value"];
/** rollup_subtree's channel for all channels together. */
export const ALL_CHANNELS = "*";
export const GROUP_KEY = [
  "campaign_id",
  "grp",
  "grp_value",
  "unit_id",
  "own",
  "period",
  "channel",
  "question",
  "value",
];
const HOUR_KEY = ["campaign_id", "unit_id", "channel", "weekday", "hour"];
export const SPAN_KEY = ["campaign_id", "unit_id", "span", "own", "question", "value"];

export async function applyToDashboardRollups(db: Db, items: ResponseToStore[], sign: 1 | -1) {
  if (items.length === 0) return;
  const paths = await unitPaths(db, [...new Set(items.map((i) => i.row.unit_id))]);
  // Fold the responses per campaign × unit × month × channel first; ancestors and groups are
  // then expanded once per distinct answer, not once per response.
  const cells = new Map<
    string,
    { unit: string; entries: Map<string, number>; groups: Map<string, Map<string, number>> }
  >();
  const hour = new Deltas();
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
    const { weekday, hour: h } = weekdayHour(countedAt(row));
    hour.add([campaign_id, unit_id, channel, weekday, h].join(SEP), sign);
  }
  const subtree = new Deltas();
  const group = new Deltas();
  const span = new Deltas();
  for (const [cellKey, cell] of cells) {
    const [campaign, , period, channel] = cellKey.split(SEP) as [string, string, string, string];
    const path = paths.get(cell.unit);
    if (path === undefined) throw new Error(`unit ${cell.unit} missing`);
    const ancestors = ancestorsOf(path);
    for (const a of ancestors) {
      for (const ch of [channel, ALL_CHANNELS]) {
        const prefix = [campaign, a, ch, period].join(SEP);
        for (const [k, n] of cell.entries) subtree.add(`${prefix}${SEP}${k}`, n);
      }
    }
    // Channels fold together here: cells of one unit and month share their span rows.
    for (const s of spansOf(period)) {
      for (const [unit, own] of [
        [cell.unit, 1] as const,
        ...ancestors.map((a) => [a, 0] as const),
      ]) {
        const prefix = [campaign, unit, s, own].join(SEP);
        for (const [k, n] of cell.entries) span.add(`${prefix}${SEP}${k}`, n);
      }
    }
    for (const [g, m] of cell.groups) {
      const at = (unit: string, own: number) => {
        const prefix = [campaign, g, unit, own, period, channel].join(SEP);
        for (const [k, n] of m) group.add(`${prefix}${SEP}${k}`, n);
      };
      at(cell.unit, 1);
      for (const a of ancestors) at(a, 0);
    }
  }
  await upsert(db, "rollup_subtree", subtree.rows(SUBTREE_KEY), SUBTREE_KEY);
  await upsert(db, "rollup_span", span.rows(SPAN_KEY, new Set(["own"])), SPAN_KEY);
  await upsert(db, "rollup_group", group.rows(GROUP_KEY, new Set(["own"])), GROUP_KEY);
  await upsert(db, "rollup_hour", hour.rows(HOUR_KEY, new Set(["weekday", "hour"])), HOUR_KEY);
}

type CountTable = "rollup_subtree" | "rollup_span" | "rollup_group" | "rollup_hour";

async function upsert<T extends CountTable>(
  db: Db,
  table: T,
  rows: Array<Record<string, string | number>>,
  key: string[],
) {
  const raw = db as unknown as Kysely<Record<string, Record<string, string | number>>>;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await raw
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .columns(key)
          .doUpdateSet({ count: sql`${sql.table(table)}.count + excluded.count` } as never),
      )
      .execute();
  }
}
