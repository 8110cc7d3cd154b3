/**
 * The outbox and webhook deliveries on the database under test (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): events commit with what they describe and only then; each webhook of
 * the event's subtree that takes its type gets one delivery; deliveries reach a receiver on
 * loopback signed, retry, go dead, are refused for private targets, are claimed by one runner
 * at a time; replay of one event and of a time range.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordEvent } from "#db/queries/outbox";
import { inTransaction } from "#db/transaction";
import { submitResponse } from "~/services/ingest.server";
import { JobRunner } from "~/services/jobs.server";
import { flagResponses, restoreResponses } from "~/services/moderation.server";
import { loadActor } from "~/services/service-error.server";
import {
  createWebhookAsAdmin,
  deleteWebhookAsAdmin,
  replay,
  webhookDeliverJob,
  webhookDetail,
  webhooksPage,
} from "~/services/webhooks.server";
import { makeTestApp } from "../fixtures/app";
import { startReceiver, type Receiver } from "../fixtures/webhook-receiver";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let receiver: Receiver;
const SECRET = "khoa-ky-thu-nghiem-0123456789";

beforeEach(async () => {
  app = await makeTestApp();
  receiver = await startReceiver(SECRET);
  vi.stubEnv("WEBHOOK_ALLOW_PRIVATE", "1");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await receiver.close();
});

const answers = () => ({ q1: 5, q2: 4, channel_used: 1, comment: "Tốt", age: 40, again: true });

async function submit(token = app.link.token) {
  const r = await submitResponse(
    app.ctx,
    { id: randomUUID(), token, answers: answers(), startedAt: new Date().toISOString() },
    {},
  );
  expect(r.status).toBe(201);
  return app.ctx.db
    .selectFrom("response")
    .select(["id", "unit_id"])
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
}

async function webhook(
  opts: { unitId?: string; events?: string[]; includeAnswers?: boolean; url?: string } = {},
) {
  const admin = await loadActor(app.ctx, app.people.admin.id);
  return createWebhookAsAdmin(app.ctx, admin, opts.unitId ?? app.units.province.id, {
    url: opts.url ?? receiver.url,
    secret: SECRET,
    events: (opts.events ?? ["response.accepted"]) as ["response.accepted"],
    includeAnswers: opts.includeAnswers ?? false,
  });
}

const runner = (worker = "w1") =>
  new JobRunner(app.ctx, [webhookDeliverJob], { worker, log: () => {}, random: () => 0.5 });

const count = async (table: "event" | "webhook_delivery" | "job") =>
  Number(
    (
      await app.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("the outbox", () => {
  it("writes an event only when the caller's transaction commits", async () => {
    const data = { unitId: app.units.centre.id, dossierCode: "000.00.00.H01-261207-0001" };
    await webhook({ events: ["dossier.rated"] });
    await expect(
      inTransaction(app.ctx.db, async (trx) => {
        await recordEvent(trx, { type: "dossier.rated", data });
        throw new Error("the rating's write failed");
      }),
    ).rejects.toThrow("the rating's write failed");
    expect(await count("event")).toBe(0);
    expect(await count("webhook_delivery")).toBe(0);
    expect(await count("job")).toBe(0);

    const id = await inTransaction(app.ctx.db, (trx) =>
      recordEvent(trx, { type: "dossier.rated", data }),
    );
    expect(await count("event")).toBe(1);
    expect(await count("webhook_delivery")).toBe(1);
    expect(await count("job")).toBe(1);
    await runner().runDue();
    expect(receiver.received.map((r) => r.body)).toEqual([
      { id, type: "dossier.rated", createdAt: expect.any(String), data },
    ]);
  });

  it("records response.accepted with the response, and flagged/restored with moderation", async () => {
    await webhook({ events: ["response.accepted", "response.flagged", "response.restored"] });
    const r = await submit();
    await flagResponses(app.ctx, [r.id], "burst", { userId: null });
    await restoreResponses(app.ctx, [r.id], { userId: app.people.admin.id });
    const events = await app.ctx.db
      .selectFrom("event")
      .select(["type", "data", "unit_id"])
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      "response.accepted",
      "response.flagged",
      "response.restored",
    ]);
    expect(events.every((e) => e.unit_id === app.units.centre.id)).toBe(true);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ responseId: r.id, reason: "burst" });
    // Stored events never hold the answers.
    expect(events.some((e) => e.data.includes("Tốt"))).toBe(false);
    const summary = await runner().runDue();
    expect(summary.done).toBe(3);
    // Two at a time: order is not promised (docs/webhooks.md), each arrives.
    expect(receiver.received.map((x) => x.type).sort()).toEqual([
      "response.accepted",
      "response.flagged",
      "response.restored",
    ]);
    expect(receiver.received.every((x) => x.signatureValid)).toBe(true);
    for (const x of receiver.received) expect(x.headers["x-hailong-event-id"]).toBe(x.id);
  });

  it("sends to the webhooks of the event's subtree and types only, answers only when allowed", async () => {
    const province = await webhook({ includeAnswers: true });
    await webhook({ unitId: app.units.counter.id }); // the centre's responses are not its
    await webhook({ events: ["response.flagged"] }); // another type
    await submit(); // at the centre
    expect(await count("webhook_delivery")).toBe(1);
    await runner().runDue();
    expect(receiver.received).toHaveLength(1);
    const data = receiver.received[0]!.body.data as Record<string, unknown>;
    expect(data.answers).toEqual(answers());
    const detail = await webhookDetail(
      app.ctx,
      await loadActor(app.ctx, app.people.admin.id),
      province.id,
    );
    expect(detail.deliveries).toMatchObject([{ status: "delivered", attempts: 1 }]);

    // A webhook not allowed the answers gets the same event without them.
    await webhook({ unitId: app.units.centre.id });
    await submit();
    await runner().runDue();
    const bodies = receiver.received.slice(1).map((r) => r.body.data as Record<string, unknown>);
    expect(bodies).toHaveLength(2);
    expect(bodies.filter((b) => "answers" in b)).toHaveLength(1);
  });

  it("costs one event row and no delivery when no webhook is registered", async () => {
    await submit();
    expect(await count("event")).toBe(1);
    expect(await count("job")).toBe(0);
  });
});

describe("deliveries", () => {
  it("retry with back-off while the receiver fails, then arrive once", async () => {
    const w = await webhook();
    receiver.setDown(true);
    await submit();
    await submit();
    const r = new JobRunner(app.ctx, [webhookDeliverJob], {
      concurrency: 1,
      log: () => {},
      random: () => 0.5,
    });
    let summary = await r.runDue();
    expect(summary).toMatchObject({ done: 0, retrying: 2 });
    // The second delivery was not tried: the receiver had just failed the first.
    expect(receiver.refused).toBe(1);
    const job = await app.ctx.db
      .selectFrom("job")
      .selectAll()
      .orderBy("id")
      .executeTakeFirstOrThrow();
    // The first wait is a minute (±20 %; random() = 0.5 draws it exactly).
    expect(Date.parse(job.run_at) - Date.parse(job.updated_at)).toBe(60_000);
    expect(job.max_attempts).toBe(25);
    expect(
      await app.ctx.db
        .selectFrom("webhook_delivery")
        .selectAll()
        .orderBy("id")
        .execute()
        .then((rows) => rows.map((d) => [d.status, d.attempts, d.response_status])),
    ).toEqual(
      expect.arrayContaining([
        ["pending", 1, 503],
        ["pending", 0, null],
      ]),
    );

    receiver.setDown(false);
    // A minute later (the pause after a failure is the first wait) the receiver is tried again.
    await app.ctx.db
      .updateTable("webhook")
      .set({ failing_until: new Date(Date.now() - 1).toISOString() })
      .where("id", "=", w.id)
      .execute();
    const later = new JobRunner(app.ctx, [webhookDeliverJob], {
      log: () => {},
      clock: () => new Date(Date.now() + 61_000),
    });
    summary = await later.runDue();
    expect(summary.done).toBe(2);
    expect(receiver.ids().size).toBe(2);
    expect(receiver.refused).toBe(1);
    const hook = await app.ctx.db.selectFrom("webhook").selectAll().executeTakeFirstOrThrow();
    expect(hook.failing_until).toBeNull();
  });

  it("are dead after the last attempt, and are kept for replay", async () => {
    const w = await webhook();
    receiver.setDown(true);
    await submit();
    await app.ctx.db.updateTable("job").set({ max_attempts: 1 }).execute();
    await runner().runDue();
    const admin = await loadActor(app.ctx, app.people.admin.id);
    let detail = await webhookDetail(app.ctx, admin, w.id);
    expect(detail.deliveries).toMatchObject([{ status: "dead", attempts: 1 }]);

    receiver.setDown(false);
    expect(await replay(app.ctx, admin, w.id, { eventId: detail.deliveries[0]!.eventId })).toBe(1);
    await runner().runDue();
    detail = await webhookDetail(app.ctx, admin, w.id);
    expect(detail.deliveries.map((d) => [d.status, d.replay])).toEqual([
      ["delivered", true],
      ["dead", false],
    ]);
    expect([...receiver.ids()]).toEqual([detail.deliveries[0]!.eventId]);
  });

  it("replay a time range: every event the webhook takes in it, with their own ids", async () => {
    await submit();
    await submit();
    const w = await webhook(); // registered after both: nothing was sent
    expect(await count("webhook_delivery")).toBe(0);
    const admin = await loadActor(app.ctx, app.people.admin.id);
    const n = await replay(app.ctx, admin, w.id, {
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 1000),
    });
    expect(n).toBe(2);
    await runner().runDue();
    const ids = (await app.ctx.db.selectFrom("event").select("id").execute()).map((e) => e.id);
    expect(receiver.ids()).toEqual(new Set(ids));
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .select(["action", "entity"])
      .where("entity", "=", "webhook")
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["create", "replay"]);
  });

  it("refuse a private target without WEBHOOK_ALLOW_PRIVATE, checked at delivery", async () => {
    await webhook();
    vi.stubEnv("WEBHOOK_ALLOW_PRIVATE", "");
    await submit();
    const summary = await runner().runDue();
    expect(summary).toMatchObject({ done: 0, dead: 1 });
    expect(receiver.received).toHaveLength(0);
    expect(receiver.refused).toBe(0);
    const d = await app.ctx.db.selectFrom("webhook_delivery").selectAll().executeTakeFirstOrThrow();
    expect(d.status).toBe("dead");
    expect(d.last_error).toContain("127.0.0.1");
  });

  it("are claimed by one runner at a time", async () => {
    await webhook();
    for (let i = 0; i < 12; i++) await submit();
    const runners = [runner("a"), runner("b"), runner("c")];
    const summaries = await Promise.all(runners.map((r) => r.runDue()));
    expect(summaries.reduce((n, s) => n + s.done, 0)).toBe(12);
    expect(receiver.received).toHaveLength(12);
    expect(receiver.ids().size).toBe(12);
  });

  it("stop when the webhook is deleted, and the page lists only live webhooks", async () => {
    const w = await webhook();
    await submit();
    const admin = await loadActor(app.ctx, app.people.admin.id);
    await deleteWebhookAsAdmin(app.ctx, admin, w.id);
    await runner().runDue();
    expect(receiver.received).toHaveLength(0);
    expect((await webhooksPage(app.ctx, admin)).webhooks).toEqual([]);
    const outsider = await loadActor(app.ctx, app.people.outsider.id);
    await expect(webhookDetail(app.ctx, outsider, w.id)).rejects.toMatchObject({ status: 404 });
  });
});
