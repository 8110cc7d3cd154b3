import { sql, SqliteAdapter, type Kysely } from "kysely";
import type { Database } from "./schema";

/**
 * Runs `fn` in one transaction on one connection and, when it fails, throws the error
 * that broke it. Kysely's transaction() rolls back on error and throws the ROLLBACK's
 * own error when there is one: SQLite rolls back by itself on SQLITE_FULL or SQLITE_IOERR
 * at COMMIT, so the caller saw "cannot rollback - no transaction is active" instead of
 * the disk problem (tests/reliability/disk-trouble.test.ts).
 *
 * `immediate` takes SQLite's write lock at BEGIN, for transactions that read before they
 * write: a deferred one can fail with SQLITE_BUSY when another process wrote in between,
 * while BEGIN IMMEDIATE waits its turn (busy_timeout). Other databases begin as usual.
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>) => Promise<T>,
  opts: { immediate?: boolean } = {},
): Promise<T> {
  return db.connection().execute(async (conn) => {
    const immediate = opts.immediate && db.getExecutor().adapter instanceof SqliteAdapter;
    await sql.raw(immediate ? "begin immediate" : "begin").execute(conn);
    let result: T;
    try {
      result = await fn(conn);
      await sql.raw("commit").execute(conn);
    } catch (e) {
      try {
        await sql.raw("rollback").execute(conn);
      } catch {
        // Already rolled back by the database itself: the cause is `e`.
      }
      throw e;
    }
    return result;
  });
}

/**
 * After personal data was deleted or overwritten: on SQLite (secure_delete on, db/create-db.ts,
 * so the freed bytes in the file are zeroed) the write-ahead log still holds the pages as they
 * were until a checkpoint copies them back; TRUNCATE checkpoints and empties it, so neither the
 * database file nor its -wal file (nor a copy of them) keeps the text. PostgreSQL keeps old row
 * versions until VACUUM and its WAL until recycled: see docs/decisions/009.
 */
export async function flushErased(db: Kysely<Database>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  // A reader held the log open: the next checkpoint (SQLite runs them as the log grows) ends it.
  if (Number(rows[0]?.busy ?? 0) !== 0)
    console.error("checkpoint after erasing personal data was blocked by a reader; retried later");
}
