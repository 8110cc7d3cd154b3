/**
 * A unit moved in the tree takes its rollups with it: the rows keyed by ancestors
 * (rollup_subtree, rollup_span own = 0, rollup_group own = 0) shift from the old ancestors to
 * the new ones, in the move's transaction, computed from the rollup rows themselves. No raw
 * response is read, so a move stays exact after retention deleted raw responses.
 *
 * For a unit U moving from proper ancestors A_old to A_new, each X in A_old \ A_new loses and
 * each X in A_new \ A_old gains what U's whole subtree contributes to an ancestor:
 *
 * - rollup_subtree: U's own `rollup` rows (per channel, and summed under channel "*") plus
 *                   U's rollup_subtree rows (per channel, "*" included);
 * - rollup_span:    U's rows with own = 1 and own = 0 together, into own = 0 rows at X;
 * - rollup_group:   likewise, U's own = 1 and own = 0 rows into own = 0 rows at X.
 *
 * `rollup` and rollup_hour are keyed by the unit that took the response and do not change;
 * ancestors inside the moved subtree keep theirs. Rows brought down to zero stay (readers sum
 * counts, or skip zero rows).
 *
 * Concurrency on PostgreSQL (SQLite runs one writer at a time: moves and ingestion are
 * BEGIN IMMEDIATE or single-statement): a move and a rollup change (ingestion, flag,
 * restore, correction, deletion) of a unit inside the moved subtree must not overlap, or the
 * change would be added under the old ancestors after the move read U's rows. So:
 *
 * 1. applyToRollups takes FOR SHARE locks on the units it writes for, in id order, before
 *    any rollup row (lockUnitsForRollups); the move takes FOR NO KEY UPDATE locks on the
 *    moved subtree and the new parent, in the same id order, before rewriting the paths
 *    (lockUnitsForMove). Whichever comes second waits for the other to commit, then (READ
 *    COMMITTED: each statement sees what committed before it) reads the new paths or the
 *    new counts. Ingestion's foreign-key locks (FOR KEY SHARE, taken when a response row is
 *    inserted) do not conflict with FOR NO KEY UPDATE, so they cannot close a cycle.
 * 2. The move then upserts rollup_subtree, rollup_span and rollup_group, in that table order
 *    and, within each table, in the same key order as applyToRollups (the key's
 *    columns in primary-key order, joined and compared as strings): losses and gains go in
 *    one sorted list per table, so a move and ingestion under a shared ancestor lock rows in
 *    one order and queue instead of deadlocking.
 */
import { PostgresAdapter, sql } from "kysely";
import { addCounts, CHUNK, compare, Counts, type Db } from "./counts";
import { ALL_CHANNELS, ancestorsOf } from "./keys";

const SEP = "\u0000";
const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * PostgreSQL: FOR SHARE on the units whose rollups a transaction is about to change, in id
 * order (bytewise, "C", the order of JavaScript's comparison for these ASCII ids, so chunks
 * follow one order too). A move of any of them waits until this transaction commits, and this
 * one waits for a move in progress. Nothing to do on SQLite.
 */
export async function lockUnitsForRollups(db: Db, unitIds: readonly string[]): Promise<void> {
  if (unitIds.length === 0 || !isPostgres(db)) return;
  const ids = [...new Set(unitIds)].sort(compare);
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db
      .selectFrom("unit")
      .select("id")
      .where("id", "in", ids.slice(i, i + CHUNK))
      .orderBy(sql`id collate "C"`)
      .forShare()
      .execute();
  }
}

/**
 * PostgreSQL: FOR NO KEY UPDATE on the subtree being moved and on its new parent, in id
 * order (see lockUnitsForRollups), then a check that neither moved meanwhile (another move of
 * one of their ancestors committed between the caller's read and this lock). SQLite: the
 * caller's BEGIN IMMEDIATE already excludes every other writer.
 */
export async function lockUnitsForMove(
  db: Db,
  unit: { id: string; path: string },
  newParent: { id: string; path: string },
): Promise<void> {
  if (!isPostgres(db)) return;
  const rows = await db
    .selectFrom("unit")
    .select(["id", "path"])
    .where((eb) => eb.or([eb("path", "like", `${unit.path}%`), eb("id", "=", newParent.id)]))
    .orderBy(sql`id collate "C"`)
    .forNoKeyUpdate()
    .execute();
  const pathOf = new Map(rows.map((r) => [r.id, r.path]));
  if (pathOf.get(unit.id) !== unit.path || pathOf.get(newParent.id) !== newParent.path)
    throw new Error(
      "Cây đơn vị vừa thay đổi trong lúc chuyển; xin thử lại. " +
        "(The unit tree changed during the move; try again.)",
    );
}

/** Counts per key (parts joined with SEP), folded: what U's subtree holds, without the unit. */
class Folded {
  readonly map = new Map<string, number>();
  add(parts: Array<string | number>, n: number) {
    if (n === 0) return;
    const k = parts.join(SEP);
    this.map.set(k, (this.map.get(k) ?? 0) + n);
  }
  /** Each folded key at each target unit, with the target's sign; `place` puts the unit in. */
  shiftTo(
    table: "rollup_subtree" | "rollup_span" | "rollup_group",
    targets: ReadonlyArray<readonly [string, 1 | -1]>,
    place: (rest: string[], unit: string) => Array<string | number>,
  ): Counts {
    const out = new Counts(table);
    for (const [k, n] of this.map) {
      if (n === 0) continue;
      const rest = k.split(SEP);
      for (const [unit, sign] of targets) out.add(place(rest, unit), n * sign);
    }
    return out;
  }
}

/**
 * Shift the rollups of the subtree of `unitId` from the ancestors of `oldPath` to those of
 * `newPath` (its paths before and after the move), in the caller's transaction. Returns the
 * number of rows upserted.
 */
export async function moveSubtreeRollups(
  db: Db,
  unitId: string,
  oldPath: string,
  newPath: string,
): Promise<number> {
  const before = ancestorsOf(oldPath);
  const after = ancestorsOf(newPath);
  const targets: Array<readonly [string, 1 | -1]> = [
    ...before.filter((a) => !after.includes(a)).map((a) => [a, -1] as const),
    ...after.filter((a) => !before.includes(a)).map((a) => [a, 1] as const),
  ];
  if (targets.length === 0) return 0;
  // Every key starts with campaign_id: naming the campaigns lets rollup, rollup_subtree and
  // rollup_span be read by their primary key's prefix (campaign_id, unit_id).
  const campaigns = (await db.selectFrom("campaign").select("id").execute()).map((c) => c.id);
  if (campaigns.length === 0) return 0;

  // rollup_subtree: campaign, channel, period, question, value.
  const subtree = new Folded();
  const own = await db
    .selectFrom("rollup")
    .select(["campaign_id", "channel", "period", "question", "value", "count"])
    .where("campaign_id", "in", campaigns)
    .where("unit_id", "=", unitId)
    .where("count", "<>", 0)
    .execute();
  for (const r of own) {
    const n = Number(r.count);
    subtree.add([r.campaign_id, r.channel, r.period, r.question, r.value], n);
    subtree.add([r.campaign_id, ALL_CHANNELS, r.period, r.question, r.value], n);
  }
  const below = await db
    .selectFrom("rollup_subtree")
    .select(["campaign_id", "channel", "period", "question", "value", "count"])
    .where("campaign_id", "in", campaigns)
    .where("unit_id", "=", unitId)
    .where("count", "<>", 0)
    .execute();
  for (const r of below)
    subtree.add([r.campaign_id, r.channel, r.period, r.question, r.value], Number(r.count));

  // rollup_span: campaign, span, question, value (own = 1 and own = 0 together).
  const span = new Folded();
  const spans = await db
    .selectFrom("rollup_span")
    .select(["campaign_id", "span", "question", "value", "count"])
    .where("campaign_id", "in", campaigns)
    .where("unit_id", "=", unitId)
    .where("count", "<>", 0)
    .execute();
  for (const r of spans) span.add([r.campaign_id, r.span, r.question, r.value], Number(r.count));

  // rollup_group: campaign, grp, grp_value, period, channel, question, value. Its key has
  // the unit after the group, so this reads the campaigns' group rows (a move is rare).
  const group = new Folded();
  const groups = await db
    .selectFrom("rollup_group")
    .select(["campaign_id", "grp", "grp_value", "period", "channel", "question", "value", "count"])
    .where("campaign_id", "in", campaigns)
    .where("unit_id", "=", unitId)
    .where("count", "<>", 0)
    .execute();
  for (const r of groups)
    group.add(
      [r.campaign_id, r.grp, r.grp_value, r.period, r.channel, r.question, r.value],
      Number(r.count),
    );

  // Tables in applyToRollups' order: subtree, span, group.
  const rows = [
    subtree.shiftTo("rollup_subtree", targets, ([c, ...rest], unit) => [c!, unit, ...rest]),
    span.shiftTo("rollup_span", targets, ([c, s, ...rest], unit) => [c!, unit, s!, 0, ...rest]),
    group.shiftTo("rollup_group", targets, ([c, g, gv, ...rest], unit) => [
      c!,
      g!,
      gv!,
      unit,
      0,
      ...rest,
    ]),
  ].map((counts) => ({ table: counts.table, rows: counts.rows() }));
  for (const { table, rows: r } of rows) await addCounts(db, table, r);
  return rows.reduce((n, r) => n + r.rows.length, 0);
}
