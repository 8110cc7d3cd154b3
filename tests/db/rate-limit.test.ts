/** The shared rate-limit store: one count per key across processes, on SQLite and PostgreSQL. */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "#db/create-db";
import { DatabaseRateLimiter, rateLimitStore } from "~/services/rate-limit.server";
import { freshDatabase, testDialect, whenTestEnds } from "../fixtures/database";

/** Two handles on one database, as two app processes would have (one shared handle on in-memory SQLite). */
async function twoProcesses(): Promise<[DbHandle, DbHandle]> {
  const fresh = await freshDatabase();
  whenTestEnds(fresh.drop);
  const a = await createDb(fresh.url);
  const b = testDialect === "postgres" ? await createDb(fresh.url) : a;
  whenTestEnds(async () => {
    await a.close();
    if (b !== a) await b.close();
  });
  return [a, b];
}

const T0 = Date.UTC(2026, 10, 21, 8, 0, 0);

describe("DatabaseRateLimiter", () => {
  it("counts one key across processes: the limit holds in total, not per process", async () => {
    const [a, b] = await twoProcesses();
    const pa = new DatabaseRateLimiter(() => a.db, 5);
    const pb = new DatabaseRateLimiter(() => b.db, 5);
    const seen: boolean[] = [];
    for (let i = 0; i < 8; i++) seen.push(await (i % 2 ? pb : pa).take("10.0.0.1|tok", T0 + i));
    expect(seen).toEqual([true, true, true, true, true, false, false, false]);
    // Another token behind the same address has its own count.
    expect(await pb.take("10.0.0.1|other", T0 + 10)).toBe(true);
    // The next window starts again.
    expect(await pa.take("10.0.0.1|tok", T0 + 60_000)).toBe(true);
  });

  it("loses no increment when many requests arrive at once on both processes", async () => {
    const [a, b] = await twoProcesses();
    const limiters = [a, b].map((h) => new DatabaseRateLimiter(() => h.db, 10));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => limiters[i % 2]!.take("k", T0)),
    );
    expect(results.filter(Boolean)).toHaveLength(10);
    const row = await a.db.selectFrom("rate_limit").select("count").executeTakeFirstOrThrow();
    expect(Number(row.count)).toBe(40);
  });

  it("stores a digest of the key, never the client address, and deletes past windows", async () => {
    const [a] = await twoProcesses();
    const limiter = new DatabaseRateLimiter(() => a.db, 3);
    await limiter.take("203.0.113.7|tok", T0);
    const keys = await a.db.selectFrom("rate_limit").select("key").execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]!.key).not.toContain("203.0.113.7");
    await limiter.take("198.51.100.1|tok", T0 + 120_000);
    const windows = await a.db.selectFrom("rate_limit").select("window_start").execute();
    expect(windows.map((w) => Number(w.window_start))).toEqual([
      Math.floor((T0 + 120_000) / 60_000),
    ]);
  });

  it("lets requests through when the store does not answer (storing them will say 503 itself)", async () => {
    const broken = new DatabaseRateLimiter(() => {
      throw new Error("connection refused");
    }, 1);
    const errors: unknown[] = [];
    const orig = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(await broken.take("k", T0)).toBe(true);
      expect(await broken.take("k", T0)).toBe(true);
    } finally {
      console.error = orig;
    }
    expect(errors).toHaveLength(1);
  });

  it("on SQLite, counts without a disk flush and leaves the connection's durability as it was", async () => {
    const fresh = await freshDatabase({ file: true });
    whenTestEnds(fresh.drop);
    const h = await createDb(fresh.url);
    whenTestEnds(() => h.close());
    const limiter = new DatabaseRateLimiter(() => h.db, 2);
    expect(await limiter.take("k", T0)).toBe(true);
    if (h.dialect === "sqlite") {
      const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(h.db);
      expect(Number(rows[0]!.synchronous)).toBe(2); // FULL, for the responses
    }
    expect(await limiter.take("k", T0)).toBe(true);
    expect(await limiter.take("k", T0)).toBe(false);
  });

  it("a limit of 0 turns it off", async () => {
    const [a] = await twoProcesses();
    const off = new DatabaseRateLimiter(() => a.db, 0);
    for (let i = 0; i < 3; i++) expect(await off.take("k", T0)).toBe(true);
    expect(await a.db.selectFrom("rate_limit").selectAll().execute()).toEqual([]);
  });
});

describe("rateLimitStore", () => {
  it("is shared on PostgreSQL, per process on SQLite, and can be chosen", () => {
    expect(rateLimitStore({ DATABASE_URL: "postgres://u@h/db" })).toBe("database");
    expect(rateLimitStore({ DATABASE_URL: "./data/x.db" })).toBe("memory");
    expect(rateLimitStore({})).toBe("memory");
    expect(rateLimitStore({ DATABASE_URL: "./x.db", RATE_LIMIT_STORE: "database" })).toBe(
      "database",
    );
    expect(() => rateLimitStore({ RATE_LIMIT_STORE: "redis" })).toThrow(/memory.*database/);
  });
});
