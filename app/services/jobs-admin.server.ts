/**
 * /admin/jobs: administrators see the jobs of their subtree (and, at a top-level unit, the
 * jobs of the whole system), run a failed or cancelled one again, or cancel one that waits;
 * each change is audited in the same transaction.
 */
import { insertAudit } from "#db/queries/audit";
import {
  cancelJob,
  countJobs,
  findJob,
  listAttempts,
  listJobs,
  requeueJob,
  type JobScope,
  type JobStateFilter,
} from "#db/queries/jobs";
import { inTransaction } from "#db/transaction";
import { jobActions, jobState, type JobState } from "~/domain/jobs";
import type { AppContext } from "./context.server";
import { jobDefinition } from "./job-handlers.server";
import type { Translate } from "./jobs.server";
import { NOT_FOUND, pathsWith, ServiceError, type Actor } from "./service-error.server";

/** '/id/' is a top-level unit: its administrators also see jobs that concern no unit. */
const isTopLevel = (path: string) => path.split("/").length === 3;

export function jobScope(actor: Actor): JobScope {
  const paths = pathsWith(actor, "jobs.manage");
  return { paths, global: paths.some(isTopLevel) };
}

type JobRow = Awaited<ReturnType<typeof listJobs>>[number];

/** A job as the page shows it: its own words, its state, what may be done. */
function present(row: JobRow, t: Translate, now: Date) {
  const state = jobState(row, now);
  let description = row.name;
  const def = jobDefinition(row.name);
  if (def?.describe && row.summary !== null) {
    try {
      description = def.describe(JSON.parse(row.summary), t);
    } catch {
      // a summary of an older shape: the kind's name is still right
    }
  }
  return {
    id: row.id,
    description,
    unitName: row.unit_name,
    state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    createdAt: row.created_at,
    lastError: row.last_error,
    uniqueKey: row.unique_key,
    name: row.name,
    actions: jobActions(state),
  };
}

export type JobView = ReturnType<typeof present>;

const FILTERS: readonly JobStateFilter[] = [
  "open",
  "due",
  "scheduled",
  "running",
  "failed",
  "dead",
  "done",
  "cancelled",
];

export function parseJobFilter(value: string | null): JobStateFilter {
  return FILTERS.includes(value as JobStateFilter) ? (value as JobStateFilter) : "open";
}

export async function jobsPage(
  ctx: AppContext,
  actor: Actor,
  state: JobStateFilter,
  t: Translate,
  now = new Date(),
) {
  const scope = jobScope(actor);
  const iso = now.toISOString();
  const [{ counts, oldestDue }, rows] = await Promise.all([
    countJobs(ctx.db, scope, iso),
    listJobs(ctx.db, { scope, state, now: iso, limit: 200 }),
  ]);
  return { counts, oldestDue, jobs: rows.map((r) => present(r, t, now)) };
}

async function reachableJob(ctx: AppContext, actor: Actor, id: string) {
  const row = await findJob(ctx.db, id, jobScope(actor));
  if (!row) throw new ServiceError(404, NOT_FOUND);
  return row;
}

export async function jobDetail(
  ctx: AppContext,
  actor: Actor,
  id: string,
  t: Translate,
  now = new Date(),
) {
  const row = await reachableJob(ctx, actor, id);
  const attempts = await listAttempts(ctx.db, id);
  return { job: present(row, t, now), attempts };
}

/**
 * Run again or cancel, as the administrator asked, audited under the job's unit (or the
 * administrator's top-level unit for a job of the whole system).
 */
export async function changeJob(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: "retry" | "cancel",
  now = new Date(),
): Promise<JobState> {
  const row = await reachableJob(ctx, actor, id);
  const before = jobState(row, now);
  const iso = now.toISOString();
  const auditUnit =
    row.unit_id ?? pathsWith(actor, "jobs.manage").find(isTopLevel)?.split("/")[1] ?? null;
  return inTransaction(
    ctx.db,
    async (trx) => {
      const changed =
        action === "retry" ? await requeueJob(trx, id, iso) : await cancelJob(trx, id, iso);
      if (!changed)
        throw new ServiceError(
          409,
          action === "retry" ? "jobs.error.notRetriable" : "jobs.error.notCancellable",
        );
      const after: JobState = action === "retry" ? "due" : "cancelled";
      await insertAudit(trx, {
        userId: actor.id,
        action,
        entity: "job",
        entityId: id,
        unitId: auditUnit,
        before: { job: row.name, state: before, attempts: row.attempts },
        after: { state: after },
      });
      return after;
    },
    { immediate: true },
  );
}
