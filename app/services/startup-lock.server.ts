/**
 * Several app processes (or machines) may start at the same moment on one PostgreSQL database.
 * Storing the catalog and creating the demo read, then write: two at once would both try to
 * store version N+1. A session advisory lock makes them take turns; the second finds the work
 * done. (Migrations have their own lock in Kysely's Migrator.) On SQLite `npm run start:cluster`
 * starts the first worker alone before the others.
 */
import { advisoryLock, advisoryUnlock } from "#db/queries/startup-lock";
import type { AppContext } from "./context.server";

/** "HaiLong" in ASCII: an arbitrary, fixed key that nothing else in the database uses. */
const STARTUP_LOCK = 0x4861694c6f6e67;

export async function withStartupLock<T>(ctx: AppContext, run: () => Promise<T>): Promise<T> {
  if (ctx.dialect !== "postgres") return run();
  // The lock belongs to one connection, held while `run` uses the rest of the pool.
  return ctx.db.connection().execute(async (conn) => {
    await advisoryLock(conn, STARTUP_LOCK);
    try {
      return await run();
    } finally {
      await advisoryUnlock(conn, STARTUP_LOCK);
    }
  });
}
