/**
 * One way to open the database: `postgres://…` gives PostgreSQL over a pg Pool,
 * anything else is a SQLite file path (or ':memory:'). Migrations run on open.
 */
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from "kysely";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import pg from "pg";
import { isPostgresUrl, parseDatabaseUrl } from "./database-url";
import { migrationProvider } from "./migrations/index";
import type { Database } from "./schema";

export type Dialect = "sqlite" | "postgres";

export interface DbHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  close: () => Promise<void>;
}

export const DEFAULT_DATABASE_URL = "./data/hai-long.db";

export { isPostgresUrl };

/** The SQLite file DATABASE_URL names (a path, file: URL or ':memory:'); refuses anything else. */
export function sqliteFile(url: string): string {
  const target = parseDatabaseUrl(url);
  if (target.dialect !== "sqlite") throw new Error(`${url} is not a SQLite database`);
  return target.file;
}

export function openDb(url: string = DEFAULT_DATABASE_URL): DbHandle {
  const target = parseDatabaseUrl(url);
  if (target.dialect === "postgres") {
    // Connections per process: processes × this must stay under the server's max_connections.
    const max = Number(process.env.DATABASE_POOL_MAX ?? 10);
    const pool = new pg.Pool({ connectionString: url, max });
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool opens a new one on the next query.
    pool.on("error", (e) => console.error("PostgreSQL idle connection lost:", e.message));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  const file = target.file;
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Deleted or overwritten content (a redacted comment, a deleted response) is zeroed in the
  // file rather than left in free space, where a copy or backup of the file would keep it.
  sqlite.pragma("secure_delete = ON");
  // FULL: a response acknowledged with 201 survives a power cut, not only a crash.
  sqlite.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL"}`);
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: reusingStatements(sqlite) }),
  });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; compiling the SQL is a good part of a small query's cost
 * (a dashboard page runs a dozen) and of a group commit's multi-row upserts. Keeps the last
 * `size` statements of at most `longest` characters by their SQL text (a 400-row upsert holds
 * ≈ 0.13 MB, so ≈ 25 MB at most) and reuses one unless it is mid-iteration (a stream reading
 * it). SQLite recompiles a kept statement by itself when the schema changes.
 */
function reusingStatements(sqlite: SQLite.Database, size = 200, longest = 10_000): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const found = kept.get(text);
      if (found && !found.busy) {
        kept.delete(text); // most recently used last
        kept.set(text, found);
        return found;
      }
      const stmt = sqlite.prepare(text);
      if (!found && text.length <= longest) {
        kept.set(text, stmt);
        if (kept.size > size) kept.delete(kept.keys().next().value!);
      }
      return stmt;
    },
  };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : "";
    throw new Error(`Database migration failed${name}: ${String(error)}`);
  }
}

/** Open and migrate: what the server, the CLI scripts and the tests all use. */
export async function createDb(url?: string): Promise<DbHandle> {
  const handle = openDb(url);
  await migrateToLatest(handle.db);
  return handle;
}
