/**
 * Several writers on one database, each with its own connections, as several app processes
 * would be: rollups stay exact (upserts add atomically, no lost update, no deadlock) and
 * every client id is stored once whichever process receives it.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addCounts } from "#db/rollups/counts";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { createAppContext, loadVersion, type AppContext } from "~/services/context.server";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { ResponseWriter } from "~/services/writer.server";
import { checkRollups } from "~/services/rollup-check.server";
import { makeTestApp } from "../fixtures/app";
import { freshDatabase, testDialect, whenTestEnds } from "../fixtures/database";

const noLimit = new RateLimiter(0);
const WRITERS = 4;

/**
 * WRITERS app contexts on the app's database. PostgreSQL: each with its own pool, as separate
 * processes would have. SQLite: one process can only use its one connection (a second handle in
 * the same thread would wait on the first synchronously), so the writers share it and each has its
 * own group-commit queue; separate processes on one SQLite file are covered by tests/e2e/cluster.
 */
async function writers(app: { ctx: AppContext }, url: string): Promise<AppContext[]> {
  if (testDialect === "sqlite") {
    return Array.from({ length: WRITERS }, () => ({
      ...app.ctx,
      writer: new ResponseWriter(app.ctx.db),
      versions: new Map(),
    }));
  }
  const ctxs = await Promise.all(Array.from({ length: WRITERS }, () => createAppContext(url)));
  whenTestEnds(async () => {
    for (const c of ctxs) await c.close();
  });
  return ctxs;
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("several writers at once", () => {
  it("rollup upserts add atomically: concurrent transactions over the same keys in different orders lose nothing", async () => {
    const fresh = await freshDatabase();
    whenTestEnds(fresh.drop); // runs last: hooks run in reverse order
    const app = await makeTestApp({ url: fresh.url });
    const ctxs = await writers(app, fresh.url);
    const rand = seededRandom(3);
    const keys = Array.from({ length: 60 }, (_, i) => ({
      campaign_id: app.campaign.id,
      unit_id: i % 2 ? app.units.centre.id : app.units.counter.id,
      period: "2026-11",
      channel: "link",
      question: `q${i % 30}`,
      value: String(i),
      count: 1,
    }));
    const ROUNDS = 5;
    // Every writer runs ROUNDS transactions, each adding 1 to all keys in its own random order.
    const outcomes = await Promise.allSettled(
      ctxs.flatMap((ctx) =>
        Array.from({ length: ROUNDS }, () =>
          ctx.db.transaction().execute((trx) => addCounts(trx, "rollup", shuffle(keys, rand))),
        ),
      ),
    );
    const failed = outcomes.filter((o) => o.status === "rejected");
    expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    const rows = await app.ctx.db.selectFrom("rollup").select(["value", "count"]).execute();
    expect(rows).toHaveLength(keys.length);
    for (const r of rows) expect(Number(r.count)).toBe(WRITERS * ROUNDS);
  });

  it("submissions spread over writers, with retries landing on other writers: stored once, rollups equal a recomputation", async () => {
    const fresh = await freshDatabase();
    whenTestEnds(fresh.drop); // runs last: hooks run in reverse order
    const app = await makeTestApp({ url: fresh.url });
    const ctxs = await writers(app, fresh.url);
    const version = (await loadVersion(app.ctx, app.version.id))!;
    const rand = seededRandom(11);
    const subs = Array.from({ length: 400 }, (_, i) => ({
      id: randomUUID(),
      token: i % 3 === 0 ? app.counterLink.token : app.link.token,
      answers: syntheticAnswers(version.compiled, rand, { satisfaction: rand() }),
    }));
    // Each submission goes to two different writers (a client retrying after a timeout
    // that the load balancer sends elsewhere), all at once, in random order.
    const sends = shuffle(
      subs.flatMap((s, i) => [
        { s, ctx: ctxs[i % WRITERS]! },
        { s, ctx: ctxs[(i + 1) % WRITERS]! },
      ]),
      rand,
    );
    const results = await Promise.all(
      sends.map(({ s, ctx }) => submitResponse(ctx, s, { limiter: noLimit })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(subs.length);
    expect(statuses.filter((s) => s === 200)).toHaveLength(subs.length);

    const stored = await app.ctx.db.selectFrom("response").select("client_id").execute();
    expect(stored.map((r) => r.client_id).sort()).toEqual(subs.map((s) => s.id).sort());
    const check = await checkRollups(app.ctx);
    expect(check.responses).toBe(subs.length);
    expect(check.mismatches).toEqual([]);
  });

  it("the rollup check notices a lost update", async () => {
    const app = await makeTestApp();
    await submitResponse(
      app.ctx,
      { id: randomUUID(), token: app.link.token, answers: { q1: 5, q2: 4 } },
      { limiter: noLimit },
    );
    expect((await checkRollups(app.ctx)).mismatchCount).toBe(0);
    await app.ctx.db.updateTable("rollup").set({ count: 0 }).where("question", "=", "q1").execute();
    const check = await checkRollups(app.ctx);
    expect(check.mismatchCount).toBe(1);
    expect(check.mismatches[0]).toMatchObject({ stored: 0, expected: 1 });
  });
});
