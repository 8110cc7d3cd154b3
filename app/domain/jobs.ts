/**
 * Background jobs, the parts that need neither the database nor a clock: how long to wait
 * before the next attempt, what happens after a failure, and the state a person reads.
 */

/** Exponential back-off: `baseSeconds` × 2^(attempt − 1), at most `maxSeconds`, ± `jitter`. */
export interface BackoffPolicy {
  baseSeconds: number;
  maxSeconds: number;
  /** 0.2: each delay drawn within ±20 %, so jobs that failed together do not retry together. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 30, maxSeconds: 3600, jitter: 0.2 };
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Milliseconds to wait after failed attempt number `attempt` (1 = the first). */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 40);
  const plain = Math.min(policy.baseSeconds * 2 ** exponent, policy.maxSeconds);
  const spread = 1 + policy.jitter * (2 * random() - 1);
  return Math.round(Math.min(plain * spread, policy.maxSeconds) * 1000);
}

export type FailureOutcome =
  | { status: "queued"; runAt: Date }
  | { status: "dead"; runAt: Date; reason: "attempts" | "permanent" };

/**
 * After attempt `attempts` of `maxAttempts` failed: retry after the back-off (or after the
 * delay the handler asked for), or give up — at the last attempt, or at once when the
 * failure is permanent (a refused recipient, a payload this build cannot read).
 */
export function afterFailure(opts: {
  attempts: number;
  maxAttempts: number;
  permanent: boolean;
  now: Date;
  policy: BackoffPolicy;
  retryAfterMs?: number;
  random?: () => number;
}): FailureOutcome {
  if (opts.permanent) return { status: "dead", runAt: opts.now, reason: "permanent" };
  if (opts.attempts >= opts.maxAttempts)
    return { status: "dead", runAt: opts.now, reason: "attempts" };
  const wait = Math.max(
    opts.retryAfterMs ?? 0,
    backoffDelayMs(opts.attempts, opts.policy, opts.random),
  );
  return { status: "queued", runAt: new Date(opts.now.getTime() + wait) };
}

/** What the administrators' page calls a job. */
export const JOB_STATES = [
  "due", // waiting for a free runner
  "scheduled", // waiting for its time (never tried yet)
  "running",
  "failed", // an attempt failed; the next one is scheduled
  "dead", // no attempt left, or a failure that retrying cannot fix
  "done",
  "cancelled",
] as const;
export type JobState = (typeof JOB_STATES)[number];

export function jobState(
  job: { status: string; attempts: number; run_at: string },
  now: Date,
): JobState {
  switch (job.status) {
    case "queued":
      if (job.attempts > 0) return "failed";
      return job.run_at <= now.toISOString() ? "due" : "scheduled";
    case "running":
    case "dead":
    case "done":
    case "cancelled":
      return job.status;
    default:
      throw new Error(`unknown job status ${job.status}`);
  }
}

/** What an administrator may do to a job in a state. */
export function jobActions(state: JobState): Array<"retry" | "cancel"> {
  switch (state) {
    case "due":
    case "scheduled":
      return ["cancel"];
    case "failed":
    case "dead":
      return ["retry", "cancel"];
    case "cancelled":
      return ["retry"];
    default:
      return [];
  }
}
