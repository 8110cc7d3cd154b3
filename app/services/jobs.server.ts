/**
 * Durable background jobs (docs/decisions/015-jobs.md): a kind of job is defined in code
 * (defineJob) and listed in job-handlers.server.ts; `enqueue` writes one, inside the caller's
 * transaction when given one; a JobRunner in each app process (or `npm run jobs`) claims due
 * jobs under a lease, runs them, and retries failures with exponential back-off until the last
 * attempt, then leaves them dead for an administrator (/admin/jobs).
 *
 * At least once: a job whose process dies mid-run runs again once its lease expires, so a
 * handler must be idempotent — check what it already did, or key its effect on the job id.
 */
import type { Kysely } from "kysely";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import {
  claimJobs,
  finishAttempt,
  findWork,
  insertJob,
  pruneJobs,
  recoverExpiredLeases,
  renewLeases,
  type ClaimedJob,
  type Finish,
} from "#db/queries/jobs";
import type { Database } from "#db/schema";
import {
  afterFailure,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  type BackoffPolicy,
} from "~/domain/jobs";
import { DEFAULT_LOCALE, t, type MessageKey, type translator } from "~/utils/i18n";
import type { AppContext } from "./context.server";
import { isServiceError, ServiceError } from "./service-error.server";

export type Translate = ReturnType<typeof translator>;

/** What a handler gets besides its payload. */
export interface JobRun {
  id: string;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the job runs too long, its lease was lost, or the process stops. */
  signal: AbortSignal;
  ctx: AppContext;
}

export interface JobDefinition<P, S = undefined> {
  /** Unique, stable: stored with every job ('mail.send', 'report.send', 'webhook.deliver'). */
  name: string;
  /** Checks the payload when enqueued and again when run (a job may outlive a build). */
  payload: z.ZodType<P, z.ZodTypeDef, unknown>;
  /** What the administrators' page may show of a job: no personal data, no large content. */
  summary?: (payload: P) => S;
  /** One line for that page, in the reader's language. */
  describe?: (summary: S, t: Translate) => string;
  /** Attempts before the job is dead (default 5). */
  maxAttempts?: number;
  backoff?: Partial<BackoffPolicy>;
  /** An attempt running longer fails (default 300 s). */
  timeoutSeconds?: number;
  run: (payload: P, job: JobRun) => Promise<void>;
}

/** Declares a kind of job; add it to JOB_DEFINITIONS (job-handlers.server.ts) to run it. */
export function defineJob<P, S = undefined>(d: JobDefinition<P, S>): JobDefinition<P, S> {
  return d;
}

// A registry holds definitions of every payload type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any, any>;

export interface EnqueueOptions {
  /** Not before this instant (default: now). */
  runAt?: Date;
  /** A key taken already enqueues nothing and returns that job ('report:<schedule>:<period>'). */
  uniqueKey?: string;
  /** The unit the job concerns: its administrators see it. */
  unitId?: string | null;
  maxAttempts?: number;
}

/**
 * Writes a job. Given a transaction (inTransaction's `trx`), the job exists only if that
 * transaction commits: an outbox for free.
 */
export async function enqueue<P, S>(
  db: Kysely<Database>,
  def: JobDefinition<P, S>,
  payload: P,
  opts: EnqueueOptions = {},
): Promise<{ id: string; created: boolean }> {
  const parsed = def.payload.parse(payload);
  const now = new Date();
  return insertJob(db, {
    name: def.name,
    payload: JSON.stringify(parsed),
    summary: def.summary ? JSON.stringify(def.summary(parsed)) : null,
    uniqueKey: opts.uniqueKey ?? null,
    unitId: opts.unitId ?? null,
    maxAttempts: Math.max(1, opts.maxAttempts ?? def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
    runAt: (opts.runAt ?? now).toISOString(),
    now: now.toISOString(),
  });
}

// ---------------------------------------------------------------- the runner

export interface RunnerOptions {
  /** Jobs run at the same time in this process (default 2). */
  concurrency?: number;
  /** How often to look for due jobs, in ms (default 2000). */
  pollMs?: number;
  /** How long a claim holds without renewal, in ms (default 60 000); renewed every third. */
  leaseMs?: number;
  /** Done and cancelled jobs are deleted after this many days (default 30). */
  keepDays?: number;
  /** This process's name in the job table (default host:pid:random). */
  worker?: string;
  clock?: () => Date;
  random?: () => number;
  log?: (line: string) => void;
}

export interface RunSummary {
  done: number;
  /** Failed attempts that will be tried again. */
  retrying: number;
  dead: number;
  /** Jobs of a stopped process taken back after their lease expired. */
  recovered: number;
}

interface Running {
  claim: ClaimedJob;
  controller: AbortController;
  settled: Promise<void>;
}

const SHUTDOWN = "jobs.failure.shutdown" satisfies MessageKey;

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

export class JobRunner {
  readonly worker: string;
  private readonly defs: Map<string, AnyJobDefinition>;
  private readonly names: string[];
  private readonly running = new Map<string, Running>();
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly keepMs: number;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly log: (line: string) => void;
  private summary: RunSummary = { done: 0, retrying: 0, dead: 0, recovered: 0 };
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private heartbeat?: NodeJS.Timeout;
  private lastPrune = 0;

  constructor(
    private readonly ctx: AppContext,
    definitions: readonly AnyJobDefinition[],
    opts: RunnerOptions = {},
  ) {
    this.defs = new Map(definitions.map((d) => [d.name, d]));
    if (this.defs.size !== definitions.length) throw new Error("two job kinds share a name");
    this.names = [...this.defs.keys()];
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
    this.pollMs = opts.pollMs ?? 2000;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.keepMs = (opts.keepDays ?? 30) * 86_400_000;
    this.worker = opts.worker ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    this.clock = opts.clock ?? (() => new Date());
    this.random = opts.random ?? Math.random;
    this.log = opts.log ?? ((line) => console.error(line));
  }

  /** Polls until stop(): what an app process runs. */
  start(): this {
    if (this.loop) return this;
    this.heartbeat = setInterval(() => void this.renew(), Math.max(50, this.leaseMs / 3));
    this.heartbeat.unref();
    this.loop = (async () => {
      while (!this.stopping) {
        try {
          await this.fill();
          await this.prune();
        } catch (e) {
          // The database away (failover, disk trouble): try again at the next poll.
          this.log(`jobs: ${message(e)}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          timer.unref();
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
    return this;
  }

  /**
   * Stops claiming; lets running jobs finish for `graceMs`, then aborts them (they are retried
   * at once by the next runner, this attempt counted).
   */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    const all = () => Promise.all([...this.running.values()].map((r) => r.settled));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        for (const r of this.running.values()) r.controller.abort(new ServiceError(503, SHUTDOWN));
        resolve();
      }, graceMs);
    });
    await Promise.race([all(), late]);
    clearTimeout(timer);
    await all();
    clearInterval(this.heartbeat);
  }

  /**
   * Runs what is due now (and what becomes due while it runs), `concurrency` at a time, until
   * nothing is: `npm run jobs -- --once` and the tests. Retries scheduled later are left.
   */
  async runDue(opts: { limit?: number } = {}): Promise<RunSummary> {
    const limit = opts.limit ?? 10_000;
    const before = { ...this.summary };
    let started = 0;
    const heartbeat = setInterval(() => void this.renew(), Math.max(50, this.leaseMs / 3));
    try {
      for (;;) {
        if (started < limit) started += await this.fill(limit - started);
        if (this.running.size === 0) break;
        await Promise.race([...this.running.values()].map((r) => r.settled));
      }
      await this.prune();
    } finally {
      clearInterval(heartbeat);
    }
    return {
      done: this.summary.done - before.done,
      retrying: this.summary.retrying - before.retrying,
      dead: this.summary.dead - before.dead,
      recovered: this.summary.recovered - before.recovered,
    };
  }

  /** Claims as many due jobs as there are free slots and starts them; returns how many. */
  private async fill(max = Infinity): Promise<number> {
    const free = Math.min(this.concurrency - this.running.size, max);
    if (free <= 0 || this.stopping) return 0;
    const now = this.clock();
    const iso = now.toISOString();
    const work = await findWork(this.ctx.db, this.names, iso);
    if (work.expired)
      this.summary.recovered += await recoverExpiredLeases(
        this.ctx.db,
        iso,
        t(DEFAULT_LOCALE, "jobs.failure.lostLease"),
      );
    else if (!work.due) return 0;
    const claimed = await claimJobs(this.ctx.db, {
      names: this.names,
      worker: this.worker,
      now: iso,
      leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
      limit: free,
    });
    for (const claim of claimed) {
      const controller = new AbortController();
      const entry: Running = { claim, controller, settled: Promise.resolve() };
      entry.settled = this.execute(claim, controller).finally(() => {
        this.running.delete(claim.id);
        this.wake?.(); // a slot is free: look for the next due job now
      });
      this.running.set(claim.id, entry);
    }
    return claimed.length;
  }

  private async execute(claim: ClaimedJob, controller: AbortController): Promise<void> {
    const def = this.defs.get(claim.name)!;
    const timeoutMs = (def.timeoutSeconds ?? 300) * 1000;
    const timer = setTimeout(
      () =>
        controller.abort(new ServiceError(503, "jobs.failure.timeout", { s: timeoutMs / 1000 })),
      timeoutMs,
    );
    let failure: unknown;
    let ok = false;
    try {
      const parsed = def.payload.safeParse(
        claim.payload === null ? null : JSON.parse(claim.payload),
      );
      if (!parsed.success)
        throw new ServiceError(
          422,
          "jobs.failure.payload",
          { detail: parsed.error.issues[0]?.message ?? "" },
          { permanent: true },
        );
      const job: JobRun = {
        id: claim.id,
        attempt: claim.attempts,
        maxAttempts: claim.max_attempts,
        signal: controller.signal,
        ctx: this.ctx,
      };
      // A handler that ignores its signal is not waited for past it.
      await Promise.race([def.run(parsed.data, job), aborted(controller.signal)]);
      ok = true;
    } catch (e) {
      failure = controller.signal.aborted ? controller.signal.reason : e;
    } finally {
      clearTimeout(timer);
    }
    const now = this.clock();
    let result: Finish;
    if (ok) {
      result = { status: "done" };
      this.summary.done++;
    } else {
      const error = message(failure);
      const shutdown = isServiceError(failure, SHUTDOWN);
      // A handler says how it failed with a ServiceError (permanent, retryAfterMs).
      const said = failure instanceof ServiceError ? failure : undefined;
      const next = afterFailure({
        attempts: claim.attempts,
        maxAttempts: claim.max_attempts,
        permanent: said?.permanent ?? false,
        now,
        policy: { ...DEFAULT_BACKOFF, ...def.backoff },
        retryAfterMs: shutdown ? 0 : said?.retryAfterMs,
        random: this.random,
      });
      if (next.status === "dead") {
        result = { status: "dead", error };
        this.summary.dead++;
      } else {
        // Stopped by a shutdown, not by the job: due again at once.
        const runAt = shutdown ? now : next.runAt;
        result = { status: "queued", runAt: runAt.toISOString(), error };
        this.summary.retrying++;
      }
      this.log(
        `job ${def.name} ${claim.id} attempt ${claim.attempts}/${claim.max_attempts} failed` +
          `${next.status === "dead" ? " (dead)" : ""}: ${error}`,
      );
    }
    const held = await finishAttempt(this.ctx.db, {
      jobId: claim.id,
      attemptId: claim.attemptId,
      worker: this.worker,
      now: now.toISOString(),
      result,
    }).catch((e: unknown) => {
      // Unrecorded: the lease expires and the job runs again (at least once).
      this.log(`jobs: could not record ${claim.id}: ${message(e)}`);
      return true;
    });
    if (!held) this.log(`job ${def.name} ${claim.id}: its lease had expired; another run owns it`);
  }

  /** Renews the leases of running jobs; aborts those another process has taken over. */
  private async renew(): Promise<void> {
    const ids = [...this.running.keys()];
    if (ids.length === 0) return;
    const now = this.clock();
    try {
      const held = await renewLeases(
        this.ctx.db,
        this.worker,
        ids,
        now.toISOString(),
        new Date(now.getTime() + this.leaseMs).toISOString(),
      );
      for (const id of ids)
        if (!held.has(id))
          this.running.get(id)?.controller.abort(new ServiceError(503, "jobs.failure.lostLease"));
    } catch (e) {
      this.log(`jobs: could not renew leases: ${message(e)}`);
    }
  }

  private async prune(): Promise<void> {
    const now = this.clock().getTime();
    if (now - this.lastPrune < 3_600_000) return;
    this.lastPrune = now;
    await pruneJobs(this.ctx.db, new Date(now - this.keepMs).toISOString());
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

// ---------------------------------------------------------------- the app process's runner

/** The runner's settings from the environment (README, "Configuration"). */
export function runnerOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Required<Pick<RunnerOptions, "concurrency" | "pollMs" | "leaseMs" | "keepDays">> {
  const read = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}`);
    return n;
  };
  return {
    concurrency: Math.floor(read("JOBS_CONCURRENCY", 2, 1)),
    pollMs: read("JOBS_POLL_SECONDS", 2, 0.05) * 1000,
    leaseMs: read("JOBS_LEASE_SECONDS", 60, 1) * 1000,
    keepDays: read("JOBS_KEEP_DAYS", 30, 1),
  };
}

/** JOBS_RUNNER=0 leaves jobs to other processes or to `npm run jobs` from cron. */
export function runnerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.JOBS_RUNNER !== "0";
}

let processRunner: JobRunner | undefined;

/** Starts this process's runner (once), unless JOBS_RUNNER=0. */
export function startProcessRunner(
  ctx: AppContext,
  definitions: readonly AnyJobDefinition[],
): JobRunner | undefined {
  if (!runnerEnabled()) return undefined;
  processRunner ??= new JobRunner(ctx, definitions, runnerOptionsFromEnv()).start();
  return processRunner;
}

/** Lets this process's running jobs finish (a few seconds at most) before it exits. */
export async function stopProcessRunner(graceMs = 5000): Promise<void> {
  const r = processRunner;
  processRunner = undefined;
  await r?.stop(graceMs);
}

export function processRunnerActive(): boolean {
  return processRunner !== undefined;
}
