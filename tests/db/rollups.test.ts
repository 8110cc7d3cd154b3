import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { loadVersion } from "~/services/context.server";
import { submitResponse } from "~/services/ingest.server";
import { findCampaignResults } from "~/services/results.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { makeTestApp } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
const noLimit = new RateLimiter(0);

beforeEach(async () => {
  app = await makeTestApp();
});

async function send(answers: Record<string, unknown>, token = app.link.token) {
  return submitResponse(app.ctx, { id: randomUUID(), token, answers }, { limiter: noLimit });
}

describe("rollups", () => {
  it("equal a recomputation from the raw responses after random concurrent inserts and retries", async () => {
    const version = (await loadVersion(app.ctx, app.version.id))!;
    const rand = seededRandom(42);
    const subs = Array.from({ length: 300 }, (_, i) => ({
      id: randomUUID(),
      token: i % 3 === 0 ? app.counterLink.token : app.link.token,
      answers: syntheticAnswers(version.compiled, rand, { satisfaction: rand() }),
    }));
    // Every submission sent twice, concurrently, in shuffled order.
    const all = [...subs, ...subs].sort(() => rand() - 0.5);
    const results = await Promise.all(
      all.map((s) => submitResponse(app.ctx, s, { limiter: noLimit })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(300);

    const raw = await app.ctx.db
      .selectFrom("response")
      .select(["unit_id", "answers", "period", "channel"])
      .execute();
    expect(raw).toHaveLength(300);
    const expected = new Map<string, number>();
    for (const r of raw) {
      const v = version.compiled.validate(JSON.parse(r.answers));
      if (!v.ok) throw new Error("stored answers no longer validate");
      for (const [q, val] of [["$responses", ""] as [string, string], ...v.rollup]) {
        const k = [r.unit_id, r.period, r.channel, q, val].join("|");
        expected.set(k, (expected.get(k) ?? 0) + 1);
      }
    }
    const rollup = await app.ctx.db.selectFrom("rollup").selectAll().execute();
    const actual = new Map(
      rollup.map((r) => [
        [r.unit_id, r.period, r.channel, r.question, r.value].join("|"),
        Number(r.count),
      ]),
    );
    expect(actual).toEqual(expected);
  });
});

describe("campaign results", () => {
  it("computes rates from the rollups as worked out by hand", async () => {
    // q1: 5, 4, 3 → 2 satisfied of 3. q2: 5, 0 (not used), 2 → 1 of 2 valid.
    await send({ q1: 5, q2: 5 });
    await send({ q1: 4, q2: 0 });
    await send({ q1: 3, q2: 2 }, app.counterLink.token);
    const found = (await findCampaignResults(app.ctx, app.campaign.id))!;
    const { result } = found;
    expect(result.responses).toBe(3);
    const q1 = result.items.find((i) => i.code === "Q1")!;
    expect([q1.n, q1.satisfied]).toEqual([3, 2]);
    expect(q1.rate).toBeCloseTo(2 / 3, 10);
    const q2 = result.items.find((i) => i.code === "Q2")!;
    expect([q2.n, q2.satisfied, q2.notApplicable]).toEqual([2, 1, 1]);
    // minN is 3 for this campaign: q1 has enough answers, q2 does not.
    expect(q1.sufficient).toBe(true);
    expect(q2.sufficient).toBe(false);
    // E2 (matrix row M1) has no answers at all.
    const e2 = result.elements.find((e) => e.code === "E2")!;
    expect(e2.n).toBe(0);
    expect(e2.rate).toBeNull();
    // Overall pooled: (2 + 1) satisfied of (3 + 2) valid answers, from 3 forms (the largest item n).
    expect(result.overall.n).toBe(3);
    expect(result.overall.answers).toBe(5);
    expect(result.overall.rate).toBeCloseTo(0.6, 10);
    // Interval: the parts' Wilson bounds weighted by their answers, wider than a Wilson on 5
    // clustered answers. Q1 (2/3): [0.2077, 0.9385]; Q2 (1/2): [0.0945, 0.9055];
    // low = (3·0.2077 + 2·0.0945)/5 = 0.1624, high = (3·0.9385 + 2·0.9055)/5 = 0.9253.
    expect(result.overall.low).toBeCloseTo(0.1624, 3);
    expect(result.overall.high).toBeCloseTo(0.9253, 3);
  });

  it("filters to a unit's subtree", async () => {
    await send({ q1: 5, q2: 5 });
    await send({ q1: 1, q2: 1, reasons: ["thai_do"] }, app.counterLink.token);
    const counterOnly = (await findCampaignResults(app.ctx, app.campaign.id, {
      unitPath: app.units.counter.path,
    }))!;
    expect(counterOnly.result.responses).toBe(1);
    expect(counterOnly.result.items.find((i) => i.code === "Q1")!.satisfied).toBe(0);
    const centre = (await findCampaignResults(app.ctx, app.campaign.id, {
      unitPath: app.units.centre.path,
    }))!;
    expect(centre.result.responses).toBe(2);
  });
});

describe("rebuildRollups", () => {
  it("recomputes every rollup from the raw responses, leaving flagged ones out", async () => {
    const { rebuildRollups } = await import("~/services/rollup-maintenance.server");
    await send({ q1: 5, q2: 5 });
    await send({ q1: 4, q2: 0 });
    await send({ q1: 1, q2: 1, reasons: ["thai_do"] });
    const snapshot = async () =>
      (
        await app.ctx.db
          .selectFrom("rollup")
          .selectAll()
          .orderBy(["unit_id", "question", "value"])
          .execute()
      ).map((r) => [r.unit_id, r.period, r.channel, r.question, r.value, Number(r.count)]);
    const before = await snapshot();
    // Damage the table, then rebuild: the same rows come back.
    await app.ctx.db.updateTable("rollup").set({ count: 999 }).execute();
    await app.ctx.db.deleteFrom("rollup").where("question", "=", "q1").execute();
    expect(await rebuildRollups(app.ctx)).toEqual({ responses: 3 });
    expect(await snapshot()).toEqual(before);
    // A flagged response is left out of the rebuilt rollups.
    await app.ctx.db
      .updateTable("response")
      .set({ flag_reason: "burst" })
      .where("answers", "like", '%"q1":1%')
      .execute();
    expect(await rebuildRollups(app.ctx)).toEqual({ responses: 2 });
    const results = (await findCampaignResults(app.ctx, app.campaign.id))!.result;
    expect(results.responses).toBe(2);
    expect(results.items.find((i) => i.code === "Q1")!.satisfied).toBe(2);
  });
});
