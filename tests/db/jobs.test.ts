/**
 * The job runner on the database under test (SQLite, or PostgreSQL with TEST_DATABASE_URL):
 * runs, retries with back-off, dead after the last attempt, unique keys, enqueue inside a
 * rolled-back transaction, leases that expire after a process died and leases that are
 * renewed while a job runs, shutdown, and the administrators' retry and cancel (audited).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { claimJobs } from "#db/queries/jobs";
import { inTransaction } from "#db/transaction";
import type { AppContext } from "~/services/context.server";
import { changeJob, jobDetail, jobsPage } from "~/services/jobs-admin.server";
import {
  defineJob,
  enqueue,
  JobRunner,
  type AnyJobDefinition,
  type RunnerOptions,
} from "~/services/jobs.server";
import { ServiceError } from "~/services/service-error.server";
import { translator } from "~/utils/i18n";
import { freshContext, makeTestApp } from "../fixtures/app";

let ctx: AppContext;
let now: Date;
/** What the handlers did, in order: "<kind>:<n>". */
let calls: string[];
/** How many times each `flaky` payload still fails. */
let failuresLeft: Map<number, number>;

beforeEach(async () => {
  ctx = (await freshContext()).ctx;
  // The runners' clock, moved by the tests; a second ahead of the real one, so a job
  // enqueued now (at the real time) is due for them.
  now = new Date(Date.now() + 1000);
  calls = [];
  failuresLeft = new Map();
});

const Payload = z.object({ n: z.number().int() });
const noJitter = { jitter: 0 };

const echo = defineJob({
  name: "test.echo",
  payload: Payload,
  summary: (p) => ({ n: p.n }),
  run: async (p) => void calls.push(`echo:${p.n}`),
});

const flaky = defineJob({
  name: "test.flaky",
  payload: Payload,
  maxAttempts: 3,
  backoff: { baseSeconds: 10, maxSeconds: 1000, ...noJitter },
  run: async (p) => {
    calls.push(`flaky:${p.n}`);
    const left = failuresLeft.get(p.n) ?? 0;
    if (left > 0) {
      failuresLeft.set(p.n, left - 1);
      throw new Error(`lỗi còn ${left}`);
    }
  },
});

const refused = defineJob({
  name: "test.refused",
  payload: Payload,
  run: async () => {
    throw new ServiceError(
      422,
      "mail.failure.envelope",
      { detail: "550 no such user" },
      { permanent: true },
    );
  },
});

/** Waits until aborted, as a handler mid-send does when its process stops. */
const patient = defineJob({
  name: "test.patient",
  payload: Payload,
  run: (_p, job) =>
    new Promise<void>((_, reject) =>
      job.signal.addEventListener("abort", () => reject(job.signal.reason)),
    ),
});

const ALL: AnyJobDefinition[] = [echo, flaky, refused, patient];

function runner(opts: RunnerOptions = {}, defs = ALL) {
  return new JobRunner(ctx, defs, { clock: () => now, log: () => {}, ...opts });
}

const later = (ms: number) => (now = new Date(now.getTime() + ms));

const row = (id: string) =>
  ctx.db.selectFrom("job").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

const attempts = (id: string) =>
  ctx.db
    .selectFrom("job_attempt")
    .select(["attempt", "outcome", "error"])
    .where("job_id", "=", id)
    .orderBy("attempt")
    .execute();

const jobCount = async () =>
  Number(
    (
      await ctx.db
        .selectFrom("job")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("running jobs", () => {
  it("runs a due job once, records the attempt and drops the payload", async () => {
    const { id } = await enqueue(ctx.db, echo, { n: 1 });
    expect(await runner().runDue()).toEqual({ done: 1, retrying: 0, dead: 0, recovered: 0 });
    expect(calls).toEqual(["echo:1"]);
    const r = await row(id);
    expect(r).toMatchObject({ status: "done", attempts: 1, payload: null, last_error: null });
    expect(JSON.parse(r.summary!)).toEqual({ n: 1 });
    expect(await attempts(id)).toEqual([{ attempt: 1, outcome: "ok", error: null }]);
    expect(await runner().runDue()).toMatchObject({ done: 0 });
    expect(calls).toEqual(["echo:1"]);
  });

  it("waits for run-at times and runs due jobs oldest first", async () => {
    await enqueue(ctx.db, echo, { n: 3 }, { runAt: new Date(now.getTime() + 60_000) });
    await enqueue(ctx.db, echo, { n: 2 }, { runAt: new Date(now.getTime() - 1000) });
    await enqueue(ctx.db, echo, { n: 1 }, { runAt: new Date(now.getTime() - 2000) });
    await runner({ concurrency: 1 }).runDue();
    expect(calls).toEqual(["echo:1", "echo:2"]);
    later(60_000);
    await runner().runDue();
    expect(calls).toEqual(["echo:1", "echo:2", "echo:3"]);
  });

  it("retries a failed attempt after an exponential back-off, then succeeds", async () => {
    failuresLeft.set(7, 2);
    const { id } = await enqueue(ctx.db, flaky, { n: 7 });
    expect(await runner().runDue()).toMatchObject({ retrying: 1 });
    let r = await row(id);
    expect(r).toMatchObject({ status: "queued", attempts: 1, last_error: "lỗi còn 2" });
    expect(Date.parse(r.run_at) - now.getTime()).toBe(10_000);

    later(9_999);
    expect(await runner().runDue()).toMatchObject({ done: 0, retrying: 0 });
    later(1);
    expect(await runner().runDue()).toMatchObject({ retrying: 1 });
    r = await row(id);
    expect(Date.parse(r.run_at) - now.getTime()).toBe(20_000);

    later(20_000);
    expect(await runner().runDue()).toMatchObject({ done: 1 });
    expect(await row(id)).toMatchObject({ status: "done", attempts: 3, last_error: null });
    expect(await attempts(id)).toEqual([
      { attempt: 1, outcome: "error", error: "lỗi còn 2" },
      { attempt: 2, outcome: "error", error: "lỗi còn 1" },
      { attempt: 3, outcome: "ok", error: null },
    ]);
  });

  it("leaves a job dead after its last attempt", async () => {
    failuresLeft.set(8, 99);
    const { id } = await enqueue(ctx.db, flaky, { n: 8 });
    for (let i = 0; i < 3; i++) {
      await runner().runDue();
      later(1_000_000);
    }
    const r = await row(id);
    expect(r).toMatchObject({ status: "dead", attempts: 3, max_attempts: 3 });
    expect(r.finished_at).not.toBeNull();
    expect(r.payload).not.toBeNull(); // kept, so an administrator can run it again
    expect(await runner().runDue()).toMatchObject({ done: 0, dead: 0 });
    expect(calls).toEqual(["flaky:8", "flaky:8", "flaky:8"]);
  });

  it("leaves a job dead at once after a permanent failure, or a payload it cannot read", async () => {
    const a = await enqueue(ctx.db, refused, { n: 1 });
    const b = await enqueue(ctx.db, echo, { n: 2 });
    await ctx.db
      .updateTable("job")
      .set({ payload: '{"n":"hai"}' })
      .where("id", "=", b.id)
      .execute();
    expect(await runner().runDue()).toMatchObject({ dead: 2 });
    expect(await row(a.id)).toMatchObject({
      status: "dead",
      attempts: 1,
      last_error: "Máy chủ thư từ chối người gửi hoặc người nhận: 550 no such user",
    });
    expect((await row(b.id)).last_error).toMatch(/^Dữ liệu của việc không đọc được/);
    expect(calls).toEqual([]);
  });

  it("claims only the kinds this build has (an older process leaves newer kinds)", async () => {
    const { id } = await enqueue(ctx.db, echo, { n: 1 });
    expect(await runner({}, [flaky]).runDue()).toMatchObject({ done: 0 });
    expect((await row(id)).status).toBe("queued");
  });

  it("fails an attempt that runs past its time limit", async () => {
    const slow = defineJob({
      name: "test.slow",
      payload: Payload,
      timeoutSeconds: 0.2,
      run: () => new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref()), // ignores its signal
    });
    const { id } = await enqueue(ctx.db, slow, { n: 1 });
    const started = Date.now();
    expect(await runner({}, [slow]).runDue()).toMatchObject({ retrying: 1 });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect((await row(id)).last_error).toMatch(/^Quá thời gian cho phép/);
  });
});

describe("enqueueing", () => {
  it("enqueues a unique key once, whatever its state", async () => {
    const first = await enqueue(ctx.db, echo, { n: 1 }, { uniqueKey: "report:s1:2026-Q3" });
    const again = await enqueue(ctx.db, echo, { n: 2 }, { uniqueKey: "report:s1:2026-Q3" });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const other = await enqueue(ctx.db, echo, { n: 3 }, { uniqueKey: "report:s1:2026-Q4" });
    expect(other.created).toBe(true);
    await runner().runDue();
    const afterDone = await enqueue(ctx.db, echo, { n: 4 }, { uniqueKey: "report:s1:2026-Q3" });
    expect(afterDone).toEqual({ id: first.id, created: false });
    expect(calls.sort()).toEqual(["echo:1", "echo:3"]);
  });

  it("creates nothing when the caller's transaction rolls back, and the job when it commits", async () => {
    await expect(
      inTransaction(ctx.db, async (trx) => {
        await enqueue(trx, echo, { n: 1 });
        await enqueue(trx, echo, { n: 2 }, { uniqueKey: "k" });
        throw new Error("the caller's write failed");
      }),
    ).rejects.toThrow("the caller's write failed");
    expect(await jobCount()).toBe(0);
    await inTransaction(ctx.db, (trx) => enqueue(trx, echo, { n: 3 }, { uniqueKey: "k" }));
    expect(await jobCount()).toBe(1);
    await runner().runDue();
    expect(calls).toEqual(["echo:3"]);
  });

  it("refuses a payload that does not fit its kind", async () => {
    await expect(enqueue(ctx.db, echo, { n: 1.5 })).rejects.toThrow();
    expect(await jobCount()).toBe(0);
  });
});

describe("leases", () => {
  const LEASE = 60_000;

  it("takes back the job of a process that died mid-run once its lease expires", async () => {
    const { id } = await enqueue(ctx.db, echo, { n: 1 });
    // A process claims it, then dies (nothing more is written for it).
    const iso = now.toISOString();
    const [claim] = await claimJobs(ctx.db, {
      names: ["test.echo"],
      worker: "host:1234:dead",
      now: iso,
      leaseUntil: new Date(now.getTime() + LEASE).toISOString(),
      limit: 5,
    });
    expect(claim?.id).toBe(id);

    later(LEASE - 1);
    expect(await runner({ leaseMs: LEASE }).runDue()).toMatchObject({ done: 0, recovered: 0 });
    later(2);
    expect(await runner({ leaseMs: LEASE }).runDue()).toMatchObject({ done: 1, recovered: 1 });
    expect(calls).toEqual(["echo:1"]);
    expect(await row(id)).toMatchObject({ status: "done", attempts: 2 });
    const history = await attempts(id);
    expect(history.map((a) => a.outcome)).toEqual(["lost", "ok"]);
    expect(history[0]!.error).toMatch(/dừng giữa chừng/);
  });

  it("leaves the job dead when the lost attempt was its last", async () => {
    const { id } = await enqueue(ctx.db, echo, { n: 1 }, { maxAttempts: 1 });
    await claimJobs(ctx.db, {
      names: ["test.echo"],
      worker: "host:1:dead",
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + LEASE).toISOString(),
      limit: 1,
    });
    later(LEASE + 1);
    expect(await runner().runDue()).toMatchObject({ done: 0, recovered: 1 });
    expect(await row(id)).toMatchObject({ status: "dead", attempts: 1 });
    expect(calls).toEqual([]);
  });

  it("renews the lease of a job that runs longer than the lease", async () => {
    // Real time here: the lease is 300 ms, the job takes 1.2 s, and another runner keeps
    // looking for due work meanwhile.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const long = defineJob({
      name: "test.long",
      payload: Payload,
      run: async (p) => {
        calls.push(`long:${p.n}`);
        await gate;
      },
    });
    await enqueue(ctx.db, long, { n: 1 });
    const opts = { leaseMs: 300, clock: () => new Date(), log: () => {} };
    const first = new JobRunner(ctx, [long], opts).runDue();
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 10));
    const other = new JobRunner(ctx, [long], opts);
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 200));
      expect(await other.runDue()).toMatchObject({ done: 0, recovered: 0 });
    }
    release();
    expect(await first).toMatchObject({ done: 1 });
    expect(calls).toEqual(["long:1"]);
  });

  it("hands a running job back, due at once, when its process stops", async () => {
    const { id } = await enqueue(ctx.db, patient, { n: 1 });
    const r = runner({ pollMs: 20, clock: () => new Date() }).start();
    for (let i = 0; i < 200 && (await row(id)).status !== "running"; i++)
      await new Promise((res) => setTimeout(res, 20));
    await r.stop(50);
    const after = await row(id);
    expect(after).toMatchObject({ status: "queued", attempts: 1, locked_by: null });
    expect(after.last_error).toMatch(/Máy chủ dừng/);
    expect(Date.parse(after.run_at)).toBeLessThanOrEqual(Date.now());
  });
});

describe("pruning", () => {
  it("deletes done jobs after the keeping period, except those holding a unique key", async () => {
    const plain = await enqueue(ctx.db, echo, { n: 1 });
    const keyed = await enqueue(ctx.db, echo, { n: 2 }, { uniqueKey: "report:s:2026-01" });
    await runner().runDue();
    later(31 * 86_400_000);
    await runner({ keepDays: 30 }).runDue();
    expect(await ctx.db.selectFrom("job").select("id").execute()).toEqual([{ id: keyed.id }]);
    expect(await attempts(plain.id)).toEqual([]);
  });
});

describe("the administrators' page", () => {
  const t = translator("vi");

  /** The fixture's province and hospital; its administrator, and one of the hospital only. */
  async function admin() {
    const app = await makeTestApp();
    ctx = app.ctx;
    now = new Date(Date.now() + 1000); // making the app took a while
    const { province, hospital } = app.units;
    const id = app.people.admin.id;
    return {
      hospital,
      actor: { id, grants: [{ role: "admin" as const, unitPath: province.path }] },
      hospitalAdmin: { id, grants: [{ role: "admin" as const, unitPath: hospital.path }] },
    };
  }

  it("lists jobs by state in words, and runs a dead job again with fresh attempts (audited)", async () => {
    const a = await admin();
    failuresLeft.set(1, 99);
    const { id } = await enqueue(
      ctx.db,
      flaky,
      { n: 1 },
      { unitId: a.hospital.id, maxAttempts: 1 },
    );
    await enqueue(ctx.db, echo, { n: 2 }, { runAt: new Date(now.getTime() + 3_600_000) });
    await runner().runDue();

    const page = await jobsPage(ctx, a.actor, "open", t, now);
    expect(page.counts).toMatchObject({ dead: 1, scheduled: 1, due: 0, done: 0 });
    expect(page.jobs.map((j) => j.state).sort()).toEqual(["dead", "scheduled"]);
    const dead = page.jobs.find((j) => j.id === id)!;
    expect(dead).toMatchObject({ unitName: "Bệnh viện", actions: ["retry", "cancel"] });
    // A kind the build does not list (job-handlers.server.ts) is shown by its name.
    expect((await jobsPage(ctx, a.actor, "scheduled", t, now)).jobs[0]!.description).toBe(
      "test.echo",
    );

    expect(await changeJob(ctx, a.actor, id, "retry", now)).toBe("due");
    expect(await row(id)).toMatchObject({ status: "queued", attempts: 0 });
    const audit = await ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity", "=", "job")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "retry",
      entity_id: id,
      unit_id: a.hospital.id,
      user_id: a.actor.id,
    });
    expect(JSON.parse(audit.before!)).toMatchObject({ state: "dead" });
    failuresLeft.set(1, 0);
    later(1000);
    expect(await runner().runDue()).toMatchObject({ done: 1 });
    const detail = await jobDetail(ctx, a.actor, id, t, now);
    expect(detail.attempts.map((x) => x.outcome)).toEqual(["ok", "error"]);
  });

  it("cancels a waiting job, refuses to cancel a running one, and hides jobs outside the subtree", async () => {
    const a = await admin();
    const waiting = await enqueue(ctx.db, echo, { n: 1 }, { unitId: a.hospital.id });
    const system = await enqueue(ctx.db, patient, { n: 2 });
    await claimJobs(ctx.db, {
      names: ["test.patient"],
      worker: "w",
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + 60_000).toISOString(),
      limit: 1,
    });
    await expect(changeJob(ctx, a.actor, system.id, "cancel", now)).rejects.toMatchObject({
      status: 409,
    });
    expect(await changeJob(ctx, a.actor, waiting.id, "cancel", now)).toBe("cancelled");
    expect(await runner().runDue()).toMatchObject({ done: 0 });
    // The hospital's administrator sees its jobs, not the system's.
    const seen = await jobsPage(ctx, a.hospitalAdmin, "cancelled", t, now);
    expect(seen.jobs.map((j) => j.id)).toEqual([waiting.id]);
    expect((await jobsPage(ctx, a.hospitalAdmin, "running", t, now)).jobs).toEqual([]);
    await expect(jobDetail(ctx, a.hospitalAdmin, system.id, t, now)).rejects.toMatchObject({
      status: 404,
    });
    await expect(changeJob(ctx, a.hospitalAdmin, system.id, "retry", now)).rejects.toMatchObject({
      status: 404,
    });
  });
});
