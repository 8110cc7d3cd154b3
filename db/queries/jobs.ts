/**
 * The job table's SQL (docs/decisions/015-jobs.md). Claims run in one transaction: on
 * PostgreSQL `FOR UPDATE SKIP LOCKED` lets processes claim side by side without taking the
 * same row; on SQLite `BEGIN IMMEDIATE` makes them take turns. Times are ISO strings (UTC),
 * compared as text.
 */
import {
  PostgresAdapter,
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
} from "kysely";
import { uuidv7 } from "../ids";
import type { Database, JobStatus, JobTable, UnitTable } from "../schema";
import { inTransaction } from "../transaction";

export interface NewJob {
  name: string;
  payload: string;
  summary: string | null;
  uniqueKey: string | null;
  unitId: string | null;
  maxAttempts: number;
  runAt: string;
  now: string;
}

/**
 * Inserts a job, or nothing when its unique key is taken (then the existing job's id).
 * Runs on whatever it is given, a caller's transaction included.
 */
export async function insertJob(
  db: Kysely<Database>,
  j: NewJob,
): Promise<{ id: string; created: boolean }> {
  const id = uuidv7();
  const inserted = await db
    .insertInto("job")
    .values({
      id,
      name: j.name,
      payload: j.payload,
      summary: j.summary,
      unique_key: j.uniqueKey,
      unit_id: j.unitId,
      status: "queued",
      attempts: 0,
      max_attempts: j.maxAttempts,
      run_at: j.runAt,
      created_at: j.now,
      updated_at: j.now,
    })
    .onConflict((oc) => oc.column("unique_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db
    .selectFrom("job")
    .select("id")
    .where("unique_key", "=", j.uniqueKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/**
 * Is anything due, and has a lease expired? Reads only, so an idle poll never takes SQLite's
 * write lock away from the ingestion's group commit.
 */
export async function findWork(db: Kysely<Database>, names: readonly string[], now: string) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom("job")
            .select("id")
            .where("status", "=", "queued")
            .where("run_at", "<=", now)
            .where("name", "in", names.length > 0 ? (names as string[]) : [""]),
        )
        .as("due"),
      eb
        .exists(
          eb
            .selectFrom("job")
            .select("id")
            .where("status", "=", "running")
            .where("locked_until", "<", now),
        )
        .as("expired"),
    ])
    .executeTakeFirstOrThrow();
  return { due: Boolean(row.due), expired: Boolean(row.expired) };
}

export interface ClaimedJob {
  id: string;
  name: string;
  payload: string | null;
  attempts: number;
  max_attempts: number;
  run_at: string;
  attemptId: string;
}

/**
 * Claims up to `limit` due jobs whose handlers this process has, oldest first: each becomes
 * 'running' under `worker`'s lease until `leaseUntil`, its attempt counted and recorded.
 */
export async function claimJobs(
  db: Kysely<Database>,
  c: { names: readonly string[]; worker: string; now: string; leaseUntil: string; limit: number },
): Promise<ClaimedJob[]> {
  if (c.names.length === 0 || c.limit < 1) return [];
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return inTransaction(
    db,
    async (trx) => {
      let due = trx
        .selectFrom("job")
        .select("id")
        .where("status", "=", "queued")
        .where("run_at", "<=", c.now)
        .where("name", "in", c.names as string[])
        .orderBy("run_at")
        .orderBy("id")
        .limit(c.limit);
      // Rows another process is claiming are skipped, not waited for; the rest are locked
      // until commit, so no two processes return the same job.
      if (postgres) due = due.forUpdate().skipLocked();
      const rows = await trx
        .updateTable("job")
        .set((eb) => ({
          status: "running",
          attempts: eb("attempts", "+", 1),
          locked_by: c.worker,
          locked_until: c.leaseUntil,
          updated_at: c.now,
        }))
        .where("id", "in", due)
        .where("status", "=", "queued")
        .returning(["id", "name", "payload", "attempts", "max_attempts", "run_at"])
        .execute();
      if (rows.length === 0) return [];
      const claimed = rows.map((r) => ({ ...r, attemptId: uuidv7() }));
      await trx
        .insertInto("job_attempt")
        .values(
          claimed.map((r) => ({
            id: r.attemptId,
            job_id: r.id,
            attempt: r.attempts,
            worker: c.worker,
            started_at: c.now,
          })),
        )
        .execute();
      // Started oldest first (RETURNING keeps no order).
      return claimed.sort((a, b) => a.run_at.localeCompare(b.run_at) || a.id.localeCompare(b.id));
    },
    { immediate: true },
  );
}

/**
 * Jobs whose process stopped (SIGKILL, a lost machine) keep status 'running' until their
 * lease expires; then they are due again at once, or dead when that was their last attempt.
 * Returns the number recovered.
 */
export async function recoverExpiredLeases(
  db: Kysely<Database>,
  now: string,
  error: string,
): Promise<number> {
  return inTransaction(
    db,
    async (trx) => {
      const rows = await trx
        .updateTable("job")
        .set((eb) => ({
          status: eb
            .case()
            .when("attempts", ">=", eb.ref("max_attempts"))
            .then(sql.lit<JobStatus>("dead"))
            .else(sql.lit<JobStatus>("queued"))
            .end(),
          finished_at: eb
            .case()
            .when("attempts", ">=", eb.ref("max_attempts"))
            .then(now)
            .else(null)
            .end(),
          run_at: now,
          locked_by: null,
          locked_until: null,
          last_error: error,
          updated_at: now,
        }))
        .where("status", "=", "running")
        .where("locked_until", "<", now)
        .returning("id")
        .execute();
      if (rows.length === 0) return 0;
      await trx
        .updateTable("job_attempt")
        .set({ finished_at: now, outcome: "lost", error })
        .where(
          "job_id",
          "in",
          rows.map((r) => r.id),
        )
        .where("finished_at", "is", null)
        .execute();
      return rows.length;
    },
    { immediate: true },
  );
}

/** Extends the lease of the jobs `worker` still holds; returns their ids (a missing one was lost). */
export async function renewLeases(
  db: Kysely<Database>,
  worker: string,
  ids: readonly string[],
  now: string,
  leaseUntil: string,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .updateTable("job")
    .set({ locked_until: leaseUntil, updated_at: now })
    .where("id", "in", ids as string[])
    .where("locked_by", "=", worker)
    .where("status", "=", "running")
    .returning("id")
    .execute();
  return new Set(rows.map((r) => r.id));
}

export type Finish =
  | { status: "done" }
  | { status: "queued"; runAt: string; error: string }
  | { status: "dead"; error: string };

/**
 * Records how an attempt ended. The job changes only while `worker` still holds it: after a
 * lost lease it belongs to whoever claimed it since. Returns whether it did.
 */
export async function finishAttempt(
  db: Kysely<Database>,
  f: { jobId: string; attemptId: string; worker: string; now: string; result: Finish },
): Promise<boolean> {
  const r = f.result;
  return inTransaction(
    db,
    async (trx) => {
      const updated = await trx
        .updateTable("job")
        .set({
          status: r.status,
          locked_by: null,
          locked_until: null,
          updated_at: f.now,
          ...(r.status === "done"
            ? { finished_at: f.now, last_error: null, payload: null }
            : r.status === "dead"
              ? { finished_at: f.now, last_error: r.error }
              : { run_at: r.runAt, last_error: r.error }),
        })
        .where("id", "=", f.jobId)
        .where("locked_by", "=", f.worker)
        .where("status", "=", "running")
        .executeTakeFirst();
      await trx
        .updateTable("job_attempt")
        .set({
          finished_at: f.now,
          outcome: r.status === "done" ? "ok" : "error",
          error: r.status === "done" ? null : r.error,
        })
        .where("id", "=", f.attemptId)
        .execute();
      return Number(updated.numUpdatedRows) > 0;
    },
    { immediate: true },
  );
}

/**
 * Deletes done and cancelled jobs finished before `before`, at most `limit` at a time, with
 * their attempts. Jobs with a unique key stay, so their key stays taken.
 */
export async function pruneJobs(db: Kysely<Database>, before: string, limit = 500) {
  const r = await db
    .deleteFrom("job")
    .where(
      "id",
      "in",
      db
        .selectFrom("job")
        .select("id")
        .where("status", "in", ["done", "cancelled"])
        .where("unique_key", "is", null)
        .where("finished_at", "<", before)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---------------------------------------------------------------- the administrators' page

/** Which jobs a reader sees: those of units inside `paths`, and unit-less ones if `global`. */
export interface JobScope {
  paths: readonly string[];
  global: boolean;
}

/** A filter of the page, in the words of app/domain/jobs.ts. */
export type JobStateFilter =
  "due" | "scheduled" | "running" | "failed" | "dead" | "done" | "cancelled" | "open";

/** job as j LEFT JOIN unit as un, as Kysely types it. */
type JobsEb = ExpressionBuilder<
  Database & { j: JobTable; un: { [K in keyof UnitTable]: UnitTable[K] | null } },
  "j" | "un"
>;

function scoped(scope: JobScope) {
  return (eb: JobsEb) =>
    eb.or([
      ...scope.paths.map((p) => eb("un.path", "like", `${p}%`)),
      ...(scope.global ? [eb("j.unit_id", "is", null)] : []),
    ]);
}

function jobsQuery(db: Kysely<Database>) {
  return db.selectFrom("job as j").leftJoin("unit as un", "un.id", "j.unit_id");
}

/** The SQL condition of a state, as jobState() reads a row. */
function stateCondition(eb: JobsEb, state: JobStateFilter, now: string): Expression<SqlBool> {
  switch (state) {
    case "due":
      return eb.and([
        eb("j.status", "=", "queued"),
        eb("j.attempts", "=", 0),
        eb("j.run_at", "<=", now),
      ]);
    case "scheduled":
      return eb.and([
        eb("j.status", "=", "queued"),
        eb("j.attempts", "=", 0),
        eb("j.run_at", ">", now),
      ]);
    case "failed":
      return eb.and([eb("j.status", "=", "queued"), eb("j.attempts", ">", 0)]);
    case "open":
      return eb("j.status", "in", ["queued", "running", "dead"]);
    default:
      return eb("j.status", "=", state);
  }
}

export const JOB_LIST_COLUMNS = [
  "j.id",
  "j.name",
  "j.summary",
  "j.status",
  "j.attempts",
  "j.max_attempts",
  "j.run_at",
  "j.last_error",
  "j.created_at",
  "j.updated_at",
  "j.finished_at",
  "j.unique_key",
  "j.unit_id",
  "un.name as unit_name",
  "un.path as unit_path",
] as const;

/** A page of jobs in a state, without their payloads (which may be large). */
export function listJobs(
  db: Kysely<Database>,
  f: { scope: JobScope; state: JobStateFilter; now: string; limit: number },
) {
  const finished = ["done", "cancelled"].includes(f.state);
  return jobsQuery(db)
    .select(JOB_LIST_COLUMNS)
    .where(scoped(f.scope))
    .where((eb) => stateCondition(eb, f.state, f.now))
    .orderBy(finished ? "j.updated_at" : "j.run_at", finished ? "desc" : "asc")
    .orderBy("j.id")
    .limit(f.limit)
    .execute();
}

/** How many jobs are in each state, and since when the oldest due one waits. */
export async function countJobs(db: Kysely<Database>, scope: JobScope, now: string) {
  const states = ["due", "scheduled", "running", "failed", "dead", "done", "cancelled"] as const;
  const row = await jobsQuery(db)
    .where(scoped(scope))
    .select((eb) => [
      ...states.map((s) =>
        eb.fn
          .sum<number | string>(
            eb
              .case()
              .when(stateCondition(eb, s, now))
              .then(sql.lit(1))
              .else(sql.lit(0))
              .end(),
          )
          .as(s),
      ),
      eb.fn
        .min<string | null>(
          eb
            .case()
            .when(stateCondition(eb, "due", now))
            .then(eb.ref("j.run_at"))
            .else(null)
            .end(),
        )
        .as("oldest_due"),
    ])
    .executeTakeFirstOrThrow();
  const counts = Object.fromEntries(states.map((s) => [s, Number(row[s] ?? 0)])) as Record<
    (typeof states)[number],
    number
  >;
  return { counts, oldestDue: row.oldest_due };
}

export function findJob(db: Kysely<Database>, id: string, scope: JobScope) {
  return jobsQuery(db)
    .select(JOB_LIST_COLUMNS)
    .select(["j.locked_by", "j.locked_until"])
    .where("j.id", "=", id)
    .where(scoped(scope))
    .executeTakeFirst();
}

export function listAttempts(db: Kysely<Database>, jobId: string) {
  return (
    db
      .selectFrom("job_attempt")
      .selectAll()
      .where("job_id", "=", jobId)
      // Newest first; numbers start again at 1 after an administrator's "run again".
      .orderBy("started_at", "desc")
      .orderBy("id", "desc")
      .execute()
  );
}

/**
 * An administrator's "run again": a failed, dead or cancelled job is due now with a fresh
 * set of attempts. Nothing happens to a job that is running or done, or has no payload.
 */
export async function requeueJob(db: Kysely<Database>, id: string, now: string) {
  const r = await db
    .updateTable("job")
    .set({
      status: "queued",
      attempts: 0,
      run_at: now,
      finished_at: null,
      locked_by: null,
      locked_until: null,
      updated_at: now,
    })
    .where("id", "=", id)
    .where("status", "in", ["queued", "dead", "cancelled"])
    .where("payload", "is not", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** An administrator's "cancel": a job that waits (or is dead) never runs. */
export async function cancelJob(db: Kysely<Database>, id: string, now: string) {
  const r = await db
    .updateTable("job")
    .set({ status: "cancelled", finished_at: now, updated_at: now })
    .where("id", "=", id)
    .where("status", "in", ["queued", "dead"])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
