/** Which of this build's migrations the database has applied: for /readyz and the data tools. */
import { DEFAULT_MIGRATION_TABLE, sql, type Kysely } from "kysely";
import { migrationProvider } from "./migrations/index";

export interface MigrationStatus {
  applied: string[];
  /** Known to this build, not applied: the database is behind (not ready). */
  pending: string[];
  /** Applied, unknown to this build: the database is ahead (an older build during a rolling deploy). */
  unknown: string[];
}

/** Throws when the database does not answer; a database never migrated has everything pending. */
export async function migrationStatus<DB>(db: Kysely<DB>): Promise<MigrationStatus> {
  const known = Object.keys(await migrationProvider.getMigrations()).sort();
  await sql`select 1`.execute(db);
  let applied: string[] = [];
  try {
    const { rows } = await sql<{
      name: string;
    }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
    applied = rows.map((r) => r.name).sort();
  } catch {
    applied = []; // no migration table yet
  }
  const done = new Set(applied);
  return {
    applied,
    pending: known.filter((m) => !done.has(m)),
    unknown: applied.filter((m) => !known.includes(m)),
  };
}
