/**
 * Jobs that run every few minutes (the schedules' dispatcher, the alert evaluation) on the job
 * runner: each run first enqueues the next at the following slot, and every process that
 * starts (and `npm run jobs -- --once`) makes sure one is waiting, so a lost or dead run never
 * ends the chain. Two runs at once are harmless: what they do is keyed (a report per schedule
 * and period, an alert per rule, unit and day).
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { advancePendingJob, hasPendingJob, pruneFinishedRuns } from "#db/queries/recurring-jobs";
import type { Database } from "#db/schema";
import type { AppContext } from "./context.server";
import { defineJob, enqueue, type JobDefinition, type JobRun } from "./jobs.server";

/** A recurring run carries nothing. */
const emptyPayload = z.object({}).strict() as z.ZodType<
  Record<string, never>,
  z.ZodTypeDef,
  unknown
>;

export interface Recurring {
  def: JobDefinition<Record<string, never>, undefined>;
  everyMs: () => number;
}

/**
 * Declares a recurring job: its definition (register `def` in JOB_DEFINITIONS and the whole in
 * RECURRING_JOBS, job-handlers.server.ts), whose run first chains the next and then does `run`.
 */
export function defineRecurring(d: {
  name: string;
  describe: JobDefinition<Record<string, never>>["describe"];
  maxAttempts: number;
  timeoutSeconds?: number;
  everyMs: () => number;
  run: (ctx: AppContext) => Promise<unknown>;
}): Recurring {
  const recurring: Recurring = {
    def: defineJob<Record<string, never>>({
      name: d.name,
      payload: emptyPayload,
      describe: d.describe,
      maxAttempts: d.maxAttempts,
      ...(d.timeoutSeconds ? { timeoutSeconds: d.timeoutSeconds } : {}),
      run: async (_p, job) => {
        await chainNext(recurring, job);
        await d.run(job.ctx);
      },
    }),
    everyMs: d.everyMs,
  };
  return recurring;
}

/** The first slot boundary after `now` (slots counted from the epoch, so processes agree). */
export function nextSlot(now: Date, everyMs: number): Date {
  return new Date((Math.floor(now.getTime() / everyMs) + 1) * everyMs);
}

/** Finished runs are kept this long on the jobs page. */
const KEEP_RUNS_MS = 24 * 3_600_000;

/**
 * Makes sure a run of each kind is waiting: at its next slot, or now (`dueNow`: the operator's
 * `npm run jobs -- --once` evaluates at once).
 */
export async function ensureRecurring(
  db: Kysely<Database>,
  all: readonly Recurring[],
  opts: { now?: Date; dueNow?: boolean } = {},
): Promise<void> {
  const now = opts.now ?? new Date();
  for (const r of all) {
    if (opts.dueNow) await advancePendingJob(db, r.def.name, now.toISOString());
    if (!(await hasPendingJob(db, r.def.name)))
      await enqueue(db, r.def, {}, { runAt: opts.dueNow ? now : nextSlot(now, r.everyMs()) });
  }
}

/** Called first by each run: enqueue the next one, and drop runs older than a day. */
export async function chainNext(r: Recurring, job: JobRun, now = new Date()): Promise<void> {
  const db = job.ctx.db;
  if (!(await hasPendingJob(db, r.def.name, job.id)))
    await enqueue(db, r.def, {}, { runAt: nextSlot(now, r.everyMs()) });
  await pruneFinishedRuns(db, r.def.name, new Date(now.getTime() - KEEP_RUNS_MS).toISOString());
}

/** Minutes from an environment variable, checked (README, "Configuration"). */
export function minutesFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback * 60_000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1 || n > 1440)
    throw new Error(`${name} must be a number of minutes from 1 to 1440`);
  return n * 60_000;
}
