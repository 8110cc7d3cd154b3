import { describe, expect, it } from "vitest";
import { afterFailure, backoffDelayMs, jobActions, jobState } from "~/domain/jobs";

const policy = { baseSeconds: 30, maxSeconds: 600, jitter: 0.2 };
const middle = () => 0.5;

describe("backoffDelayMs", () => {
  it("doubles from the base after each failed attempt, up to the maximum", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(n, policy, middle))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000,
    ]);
  });

  it("spreads each delay within ±jitter, never past the maximum", () => {
    expect(backoffDelayMs(2, policy, () => 0)).toBe(48_000);
    expect(backoffDelayMs(2, policy, () => 1)).toBe(72_000);
    expect(backoffDelayMs(9, policy, () => 1)).toBe(600_000);
    expect(backoffDelayMs(1000, policy, middle)).toBe(600_000);
  });
});

describe("afterFailure", () => {
  const now = new Date("2026-12-07T01:00:00.000Z");
  const base = { maxAttempts: 3, permanent: false, now, policy, random: middle };

  it("schedules the next attempt after the back-off while attempts remain", () => {
    expect(afterFailure({ ...base, attempts: 2 })).toEqual({
      status: "queued",
      runAt: new Date("2026-12-07T01:01:00.000Z"),
    });
  });

  it("waits at least as long as the handler asked", () => {
    const r = afterFailure({ ...base, attempts: 1, retryAfterMs: 3_600_000 });
    expect(r).toEqual({ status: "queued", runAt: new Date("2026-12-07T02:00:00.000Z") });
  });

  it("gives up after the last attempt, or at once for a permanent failure", () => {
    expect(afterFailure({ ...base, attempts: 3 })).toMatchObject({
      status: "dead",
      reason: "attempts",
    });
    expect(afterFailure({ ...base, attempts: 1, permanent: true })).toMatchObject({
      status: "dead",
      reason: "permanent",
    });
  });
});

describe("jobState", () => {
  const now = new Date("2026-12-07T01:00:00.000Z");
  const at = (iso: string, status = "queued", attempts = 0) => ({ status, attempts, run_at: iso });

  it("names a waiting job due, scheduled or failed", () => {
    expect(jobState(at("2026-12-07T00:59:59.000Z"), now)).toBe("due");
    expect(jobState(at("2026-12-07T01:00:00.000Z"), now)).toBe("due");
    expect(jobState(at("2026-12-07T01:00:01.000Z"), now)).toBe("scheduled");
    expect(jobState(at("2026-12-07T02:00:00.000Z", "queued", 2), now)).toBe("failed");
    expect(jobState(at("2026-12-07T00:00:00.000Z", "dead", 5), now)).toBe("dead");
  });

  it("offers retry for failed, dead and cancelled jobs, cancel for those not running or done", () => {
    expect(jobActions("failed")).toEqual(["retry", "cancel"]);
    expect(jobActions("dead")).toEqual(["retry", "cancel"]);
    expect(jobActions("cancelled")).toEqual(["retry"]);
    expect(jobActions("due")).toEqual(["cancel"]);
    expect(jobActions("running")).toEqual([]);
    expect(jobActions("done")).toEqual([]);
  });
});
