// Frozen: request counters shared by every app process (RATE_LIMIT_STORE=database).
import { PostgresAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Counters are worth nothing after a crash: on PostgreSQL the table is UNLOGGED (no WAL, so
  // an increment costs no disk flush; emptied after a crash, not copied to replicas).
  const unlogged = db.getExecutor().adapter instanceof PostgresAdapter;
  let table = db.schema.createTable("rate_limit");
  if (unlogged) table = table.modifyFront(sql`unlogged`);
  await table
    // sha256 of client address + access token, not the address itself.
    .addColumn("key", "text", (c) => c.notNull())
    // The fixed window: floor(epoch milliseconds / window length).
    .addColumn("window_start", "bigint", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rate_limit_pk", ["key", "window_start"])
    .execute();
  await db.schema
    .createIndex("rate_limit_window_idx")
    .on("rate_limit")
    .column("window_start")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("rate_limit").execute();
}
