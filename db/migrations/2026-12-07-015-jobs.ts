// Frozen: durable background jobs (reports, mail, webhook deliveries) and every attempt at one.
// See docs/decisions/015-jobs.md.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("job")
    .addColumn("id", "text", (c) => c.primaryKey())
    // The handler's registered name, e.g. 'mail.send'.
    .addColumn("name", "text", (c) => c.notNull())
    // JSON for the handler; null once the job is done (it may hold addresses and files).
    .addColumn("payload", "text")
    // JSON the job's kind describes itself with on the administrators' page (no personal data).
    .addColumn("summary", "text")
    // Enqueueing a taken key creates nothing ('report:<schedule>:<period>'); NULLs never clash.
    .addColumn("unique_key", "text", (c) => c.unique())
    // Administrators of this unit's subtree see the job; null: those of a top-level unit.
    .addColumn("unit_id", "text", (c) => c.references("unit.id"))
    // queued | running | done | dead | cancelled
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("run_at", "text", (c) => c.notNull())
    // The process holding a running job, and until when its claim (lease) holds.
    .addColumn("locked_by", "text")
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  // Due jobs (status = 'queued' AND run_at <= now) and expired leases (status = 'running').
  await db.schema.createIndex("job_due_idx").on("job").columns(["status", "run_at"]).execute();
  await db.schema.createIndex("job_unit_idx").on("job").column("unit_id").execute();

  await db.schema
    .createTable("job_attempt")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("job_id", "text", (c) => c.notNull().references("job.id").onDelete("cascade"))
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("worker", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    // null while it runs; ok | error | lost (the process stopped and its lease expired)
    .addColumn("outcome", "text")
    .addColumn("error", "text")
    .execute();
  await db.schema
    .createIndex("job_attempt_job_idx")
    .on("job_attempt")
    .columns(["job_id", "attempt"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("job_attempt").execute();
  await db.schema.dropTable("job").execute();
}
