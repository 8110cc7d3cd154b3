/**
 * Pruning the outbox (SQLite, or PostgreSQL with TEST_DATABASE_URL): events older than the
 * retention go with their delivery log once delivered (or never addressed to a webhook);
 * an event still waiting for a delivery never goes, nor one dead-lettered within the window.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordEvent } from "#db/queries/outbox";
import { inTransaction } from "#db/transaction";
import { JOB_DEFINITIONS, RECURRING_JOBS } from "~/services/job-handlers.server";
import { outboxRetentionDays, pruneOutbox } from "~/services/outbox-prune.server";
import { ensureRecurring } from "~/services/recurring.server";
import { loadActor } from "~/services/service-error.server";
import { createWebhookAsAdmin } from "~/services/webhooks.server";
import { makeTestApp } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
const DAY = 86_400_000;
const now = new Date("2026-12-07T03:00:00.000Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

beforeEach(async () => {
  app = await makeTestApp();
  vi.stubEnv("WEBHOOK_ALLOW_PRIVATE", "1");
});
afterEach(() => vi.unstubAllEnvs());

async function event(
  createdDaysAgo: number,
  delivery?: { status: string; updatedDaysAgo: number },
) {
  const id = await inTransaction(app.ctx.db, (trx) =>
    recordEvent(
      trx,
      { type: "response.accepted", data: { unitId: app.units.counter.id } },
      daysAgo(createdDaysAgo),
    ),
  );
  if (delivery) {
    const admin = await loadActor(app.ctx, app.people.admin.id);
    const hook = await createWebhookAsAdmin(app.ctx, admin, app.units.province.id, {
      url: "http://127.0.0.1:9/h",
      secret: "khoa-ky-thu-nghiem-0123456789",
      events: ["dossier.rated"],
      includeAnswers: false,
    });
    const at = daysAgo(delivery.updatedDaysAgo).toISOString();
    await app.ctx.db
      .insertInto("webhook_delivery")
      .values({
        id: `d-${id}`,
        webhook_id: hook.id,
        event_id: id,
        job_id: null,
        status: delivery.status,
        attempts: 1,
        response_status: null,
        last_error: null,
        replay: 0,
        created_at: daysAgo(createdDaysAgo).toISOString(),
        updated_at: at,
        delivered_at: delivery.status === "delivered" ? at : null,
      })
      .execute();
  }
  return id;
}

const ids = async (table: "event" | "webhook_delivery") =>
  (
    await app.ctx.db
      .selectFrom(table)
      .select(table === "event" ? "id" : "event_id as id")
      .execute()
  )
    .map((r) => r.id)
    .sort();

describe("pruning the outbox", () => {
  it("deletes old delivered events, keeps pending ones and those dead within the window", async () => {
    const oldUnsent = await event(120);
    const oldDelivered = await event(120, { status: "delivered", updatedDaysAgo: 119 });
    const oldPending = await event(200, { status: "pending", updatedDaysAgo: 1 });
    const deadRecently = await event(120, { status: "dead", updatedDaysAgo: 30 });
    const deadLongAgo = await event(300, { status: "dead", updatedDaysAgo: 200 });
    const recent = await event(10, { status: "delivered", updatedDaysAgo: 10 });

    expect(await pruneOutbox(app.ctx, now, 90)).toBe(3);
    const kept = [oldPending, deadRecently, recent].sort();
    expect(await ids("event")).toEqual(kept);
    expect(await ids("webhook_delivery")).toEqual(kept);
    for (const gone of [oldUnsent, oldDelivered, deadLongAgo])
      expect(await ids("event")).not.toContain(gone);
    // Nothing more to do the second time.
    expect(await pruneOutbox(app.ctx, now, 90)).toBe(0);
  });

  it("reads OUTBOX_RETENTION_DAYS, 90 by default, and refuses a wrong value", async () => {
    expect(outboxRetentionDays()).toBe(90);
    vi.stubEnv("OUTBOX_RETENTION_DAYS", "7");
    expect(outboxRetentionDays()).toBe(7);
    await event(8, { status: "delivered", updatedDaysAgo: 8 });
    const kept = await event(6, { status: "delivered", updatedDaysAgo: 6 });
    expect(await pruneOutbox(app.ctx, now)).toBe(1);
    expect(await ids("event")).toEqual([kept]);
    vi.stubEnv("OUTBOX_RETENTION_DAYS", "0");
    expect(() => outboxRetentionDays()).toThrow(/OUTBOX_RETENTION_DAYS/);
    vi.stubEnv("OUTBOX_RETENTION_DAYS", "ba mươi");
    expect(() => outboxRetentionDays()).toThrow(/OUTBOX_RETENTION_DAYS/);
  });

  it("runs as a recurring job that every process keeps waiting", async () => {
    expect(JOB_DEFINITIONS.map((d) => d.name)).toContain("outbox.prune");
    await ensureRecurring(app.ctx.db, RECURRING_JOBS, { now });
    const waiting = await app.ctx.db
      .selectFrom("job")
      .select(["name", "run_at"])
      .where("name", "=", "outbox.prune")
      .where("status", "=", "queued")
      .execute();
    expect(waiting).toHaveLength(1);
    expect(Date.parse(waiting[0]!.run_at)).toBeGreaterThan(now.getTime());
  });
});
