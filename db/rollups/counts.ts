/**
 * Counts folded per key and the one upsert that adds them to a rollup table, shared by
 * apply.ts (ingestion, flags, corrections, rebuilds) and move.ts (unit moves).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../schema";
import { ROLLUP_KEYS, type RollupTable } from "./keys";

export type Db = Transaction<Database> | Kysely<Database>;

/** Rows per statement: well under SQLite's 32,766 bound parameters. */
export const CHUNK = 400;
const SEP = "\u0000";
export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Row = Record<string, string | number>;

/** Counts per key of one table (the key's columns in ROLLUP_KEYS order), folded. */
export class Counts {
  private readonly map = new Map<string, number>();
  constructor(readonly table: RollupTable) {}
  add(parts: ReadonlyArray<string | number>, n: number) {
    const k = parts.join(SEP);
    this.map.set(k, (this.map.get(k) ?? 0) + n);
  }
  /** Every key with a count, zeros left out, as rows of the table. */
  rows(): Row[] {
    const columns = ROLLUP_KEYS[this.table];
    const out: Row[] = [];
    for (const [k, n] of this.map) {
      if (n === 0) continue;
      const parts = k.split(SEP);
      const row: Row = { count: n };
      columns.forEach((c, i) => (row[c] = NUMERIC.has(c) ? Number(parts[i]) : parts[i]!));
      out.push(row);
    }
    return out;
  }
}

const NUMERIC = new Set(["own", "weekday", "hour"]);

/**
 * Upsert that adds (count = count + excluded.count): atomic per row on SQLite and PostgreSQL,
 * so concurrent writers lose nothing. Rows go in key order (ROLLUP_KEYS), the same in every
 * transaction, and tables in ROLLUP_TABLES order, so writers in several processes queue
 * behind each other on PostgreSQL instead of deadlocking (tests/db/concurrency).
 */
export async function addCounts(db: Db, table: RollupTable, rows: readonly Row[]) {
  if (rows.length === 0) return;
  const columns = ROLLUP_KEYS[table];
  const ordered = rows
    .map((row) => ({ row, k: columns.map((c) => row[c]).join(SEP) }))
    .sort((a, b) => compare(a.k, b.k))
    .map((x) => x.row);
  const raw = db as unknown as Kysely<Record<string, Row>>;
  for (let i = 0; i < ordered.length; i += CHUNK) {
    await raw
      .insertInto(table)
      .values(ordered.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .columns([...columns])
          .doUpdateSet({ count: sql`${sql.table(table)}.count + excluded.count` } as never),
      )
      .execute();
  }
}
