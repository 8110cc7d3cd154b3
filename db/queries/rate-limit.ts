import { SqliteAdapter, sql, type Kysely } from "kysely";
import type { Database } from "../schema";

/**
 * Counts one request of `key` (already a digest) in `window`, without a disk flush
 * (withoutFsync); returns the window's count with it.
 */
export function countRequest(db: Kysely<Database>, key: string, window: number) {
  return withoutFsync(db, (conn) =>
    conn
      .insertInto("rate_limit")
      .values({ key, window_start: window, count: 1 })
      .onConflict((oc) =>
        oc
          .columns(["key", "window_start"])
          .doUpdateSet({ count: sql<number>`rate_limit.count + 1` }),
      )
      .returning("count")
      .executeTakeFirstOrThrow(),
  );
}

/** Forgets the windows before `window`. */
export async function deleteWindowsBefore(db: Kysely<Database>, window: number) {
  await db.deleteFrom("rate_limit").where("window_start", "<", window).execute();
}

/**
 * A counter is not worth a disk flush. On SQLite (synchronous=FULL by default) the statement runs
 * with synchronous=NORMAL on the connection, held alone meanwhile so nothing else commits under
 * that setting: in WAL mode the commit is not flushed but the database stays consistent, and the
 * next response commit flushes it anyway. On PostgreSQL the table is UNLOGGED instead.
 */
async function withoutFsync<T>(
  db: Kysely<Database>,
  run: (conn: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return run(db);
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(conn);
    const before = Number(rows[0]?.synchronous ?? 2);
    if (before <= 1) return run(conn); // already NORMAL or OFF
    await sql`pragma synchronous = normal`.execute(conn);
    try {
      return await run(conn);
    } finally {
      await sql.raw(`pragma synchronous = ${before}`).execute(conn);
    }
  });
}
