import { sql, type Kysely } from "kysely";
import type { Database } from "../schema";

/** Takes PostgreSQL's session advisory lock `key` on this connection, waiting for it. */
export async function advisoryLock(conn: Kysely<Database>, key: number) {
  await sql`select pg_advisory_lock(${sql.lit(key)})`.execute(conn);
}

/** Releases the session advisory lock `key` held by this connection. */
export async function advisoryUnlock(conn: Kysely<Database>, key: number) {
  await sql`select pg_advisory_unlock(${sql.lit(key)})`.execute(conn);
}
