/**
 * Load: 50 connections submitting for 60 s (LOAD_SECONDS) while a reader requests the
 * results page continuously. No submission or page fails, every 201 is in the database,
 * and the server's memory stays bounded. p99 and memory are printed (npm run bench
 * reports them as load.* figures).
 */
import { describe, expect, it } from "vitest";
import { runLoadScenario } from "./harness";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);

describe(`50 connections for ${SECONDS} s with a reader on the results page`, () => {
  it(
    "answers every request without error and stores every acknowledged response",
    async () => {
      const r = await runLoadScenario({ seconds: SECONDS, connections: 50 });
      console.log("load:", JSON.stringify(r));
      expect(r.statuses).toEqual({ "201": r.accepted });
      expect(r.errors).toBe(0);
      expect(r.accepted).toBeGreaterThan(0);
      // Every 201 is stored; at the end autocannon stops waiting for the requests still in
      // flight (at most one per connection), which the server may store all the same.
      expect(r.stored).toBeGreaterThanOrEqual(r.accepted);
      expect(r.stored).toBeLessThanOrEqual(r.accepted + r.connections);
      // The reader really ran alongside, and got its page every time.
      expect(r.reads).toBeGreaterThanOrEqual(5);
      expect(r.readErrors).toBe(0);
      // No runaway growth: a generous bound, not a performance target.
      expect(r.rssEndMb).toBeLessThan(1024);
    },
    (SECONDS + 120) * 1000,
  );
});
