/**
 * `npm run migrate-data`: copies a SQLite database into another database (PostgreSQL, for a
 * province that outgrows one machine). Both are first migrated to this build's schema; then
 * every table is copied in foreign-key order (parents before children, a unit before its
 * sub-units), in batches, in one transaction on the target, and the row counts are compared
 * before it commits. The target must hold no data (DATA_TABLES); the source is only read.
 */
import SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { createDb, isPostgresUrl, sqliteFile } from "./create-db";

// Tables are only known at run time here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The organisation's own data. A target (or restore target) with rows here holds data; other
 * tables may have rows that migrations put in (reference tables), which a copy replaces.
 */
export const DATA_TABLES = ["unit", "questionnaire_version", "campaign", "response", "app_user"];

/** The DATA_TABLES that exist and hold rows. */
export async function tablesWithData(db: AnyDb): Promise<string[]> {
  const existing = new Set((await db.introspection.getTables()).map((t) => t.name));
  const full: string[] = [];
  for (const t of DATA_TABLES.filter((x) => existing.has(x))) {
    const row = await db
      .selectFrom(t)
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    if (Number(row.n) > 0) full.push(t);
  }
  return full;
}

/** Kept out of the copy: Kysely's own bookkeeping (the target has its own) and this minute's request counters. */
const SKIP = new Set(["kysely_migration", "kysely_migration_lock", "rate_limit"]);

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

export interface CopyResult {
  tables: Array<{ table: string; rows: number }>;
  skipped: string[];
}

interface TableInfo {
  name: string;
  columns: string[];
  orderBy: string;
  /** Tables this one references, itself excluded. */
  parents: string[];
  /** Columns referencing this table's own primary key (unit.parent_id → unit.id). */
  selfRefs: Array<{ from: string; to: string }>;
}

export async function copyDatabase(
  sourceUrl: string,
  targetUrl: string,
  opts: { batchRows?: number; onProgress?: (p: CopyProgress) => void } = {},
): Promise<CopyResult> {
  if (isPostgresUrl(sourceUrl)) throw new Error("the source must be a SQLite database file");
  const sourcePath = sqliteFile(sourceUrl);
  if (sourcePath === ":memory:") throw new Error("an in-memory source has nothing to copy");
  // Both at this build's schema, so the same tables and columns exist on each side.
  await (await createDb(sourceUrl)).close();
  const target = await createDb(targetUrl);
  const source = new SQLite(sourcePath, { readonly: true, fileMustExist: true });
  try {
    const tables = inspect(source);
    const skipped = tables.filter((t) => SKIP.has(t.name)).map((t) => t.name);
    const ordered = dependencyOrder(tables.filter((t) => !SKIP.has(t.name)));
    const full = await tablesWithData(target.db as AnyDb);
    if (full.length > 0) {
      throw new Error(
        `the target already holds data (${full.join(", ")}); copy into an empty database`,
      );
    }
    const result: CopyResult["tables"] = [];
    await target.db.transaction().execute(async (trx) => {
      // Rows that migrations put in (reference tables) come again, as they are, from the source.
      for (const t of [...ordered].reverse()) await (trx as AnyDb).deleteFrom(t.name).execute();
      for (const t of ordered) {
        const rows = await copyTable(source, trx as AnyDb, t, opts);
        const copied = await trx
          .selectFrom(t.name as "unit")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        if (Number(copied.n) !== rows) {
          throw new Error(`${t.name}: ${rows} rows read but ${String(copied.n)} in the target`);
        }
        result.push({ table: t.name, rows });
      }
      if (target.dialect === "postgres") await resetSequences(trx);
    });
    return { tables: result, skipped };
  } finally {
    source.close();
    await target.close();
  }
}

const quoted = (c: string) => `"${c.replaceAll('"', '""')}"`;

function inspect(source: SQLite.Database): TableInfo[] {
  const names = source
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => r.name);
  return names.map((name) => {
    const info = source
      .prepare<[string], { name: string; pk: number }>(
        "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid",
      )
      .all(name);
    const columns = info.map((c) => c.name);
    // Read in primary key order (WITHOUT ROWID tables have no rowid), else in rowid order.
    const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const fks = source
      .prepare<[string], { table: string; from: string; to: string | null }>(
        'SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)',
      )
      .all(name);
    return {
      name,
      columns,
      orderBy: key.length > 0 ? key.map((c) => quoted(c.name)).join(", ") : "rowid",
      parents: [...new Set(fks.filter((f) => f.table !== name).map((f) => f.table))],
      selfRefs: fks
        .filter((f) => f.table === name)
        .map((f) => ({ from: f.from, to: f.to ?? "id" })),
    };
  });
}

/** Parents before children (Kahn's algorithm, ties by name so the order is stable). */
export function dependencyOrder<T extends { name: string; parents: string[] }>(tables: T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: T[] = [];
  while (out.length < tables.length) {
    const ready = tables
      .filter((t) => !done.has(t.name))
      .filter((t) => t.parents.every((p) => done.has(p) || !byName.has(p)));
    if (ready.length === 0) {
      const left = tables.filter((t) => !done.has(t.name)).map((t) => t.name);
      throw new Error(`foreign keys form a cycle between ${left.join(", ")}`);
    }
    for (const t of ready.sort((a, b) => a.name.localeCompare(b.name))) {
      done.add(t.name);
      out.push(t);
    }
  }
  return out;
}

type Row = Record<string, unknown>;

async function copyTable(
  source: SQLite.Database,
  trx: AnyDb,
  t: TableInfo,
  opts: { batchRows?: number; onProgress?: (p: CopyProgress) => void },
): Promise<number> {
  const total = source
    .prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${quoted(t.name)}`)
    .get()!.n;
  // Both databases bound the parameters of one statement (SQLite 32,766, PostgreSQL 65,535).
  const batch = Math.max(
    1,
    Math.min(opts.batchRows ?? 1000, Math.floor(30_000 / t.columns.length)),
  );
  const select = `SELECT ${t.columns.map(quoted).join(", ")} FROM ${quoted(t.name)}`;
  // Streamed in rowid order; a table that references itself (the unit tree, small) is read
  // whole and put parents first.
  const rows: Iterable<Row> =
    t.selfRefs.length > 0
      ? parentsFirst(source.prepare<[], Row>(`${select} ORDER BY ${t.orderBy}`).all(), t.selfRefs)
      : source.prepare<[], Row>(`${select} ORDER BY ${t.orderBy}`).iterate();
  let copied = 0;
  let pending: Row[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await trx.insertInto(t.name).values(pending).execute();
    copied += pending.length;
    pending = [];
    opts.onProgress?.({ table: t.name, copied, total });
  };
  for (const row of rows) {
    pending.push(row);
    if (pending.length >= batch) await flush();
  }
  await flush();
  return copied;
}

function parentsFirst(rows: Row[], refs: Array<{ from: string; to: string }>): Row[] {
  const ordered: Row[] = [];
  const placed = new Set<string>();
  const key = (row: Row, col: string) => String(row[col]);
  let left = rows;
  while (left.length > 0) {
    const next: Row[] = [];
    for (const row of left) {
      const ready = refs.every(
        ({ from, to }) => row[from] == null || placed.has(`${to}:${String(row[from])}`),
      );
      if (ready) {
        ordered.push(row);
        for (const { to } of refs) placed.add(`${to}:${key(row, to)}`);
      } else next.push(row);
    }
    if (next.length === left.length) throw new Error("rows reference each other in a cycle");
    left = next;
  }
  return ordered;
}

/** Serial and identity columns continue after the copied ids (none today; future tables may have them). */
async function resetSequences(trx: AnyDb) {
  const { rows } = await sql<{ table_name: string; column_name: string; seq: string }>`
    SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
    FROM information_schema.columns
    WHERE table_schema = current_schema()
      AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`.execute(trx);
  for (const r of rows) {
    await sql`SELECT setval(${r.seq}, coalesce((SELECT max(${sql.ref(r.column_name)}) FROM ${sql.table(r.table_name)}), 0) + 1, false)`.execute(
      trx,
    );
  }
}
