/**
 * Collection channels on the ingestion API: kiosks (pairing, device token, revocation,
 * opening hours, minimum interval, bursts), single-use invitation codes, the honeypot,
 * address hashes and moderation (flag, restore, redact) through applyToRollups.
 */
import { describe, expect, it } from "vitest";
import { insertAccessLink } from "#db/queries/campaigns";
import { parseDayHours } from "~/domain/opening-hours";
import { resetAbuseCounters } from "~/services/collection.server";
import {
  findKioskScreen,
  pairDevice,
  registerKiosk,
  renewPairingCode,
  revokeKiosk,
} from "~/services/kiosks.server";
import { setOpeningHours } from "~/services/opening-hours.server";
import { createInvitationBatch } from "~/services/links.server";
import {
  flagResponses,
  REDACTED,
  redactAnswer,
  restoreResponses,
} from "~/services/moderation.server";
import { makeCollectionApp } from "../fixtures/collection";

type App = Awaited<ReturnType<typeof makeCollectionApp>>;

async function rollupTotal(app: App, question = "$responses") {
  const r = await app.ctx.db
    .selectFrom("rollup")
    .select((eb) => eb.fn.sum<number>("count").as("n"))
    .where("question", "=", question)
    .where("campaign_id", "=", app.counterCampaign.id)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

const responses = (app: App) =>
  app.ctx.db
    .selectFrom("response")
    .selectAll()
    .where("campaign_id", "=", app.counterCampaign.id)
    .execute();

describe("kiosk pairing and device token", () => {
  it("pairs once with the code; the code is then spent", async () => {
    const app = await makeCollectionApp();
    const { kiosk, code } = await registerKiosk(
      app.ctx,
      { campaignId: app.counterCampaign.id, unitId: app.units.counter.id, label: "Quầy 1" },
      app.people.manager.id,
    );
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const first = await pairDevice(app.ctx, `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
    expect(first.ok).toBe(true);
    expect(await pairDevice(app.ctx, code)).toEqual({ ok: false, reason: "invalid" });
    const stored = await app.ctx.db
      .selectFrom("kiosk")
      .selectAll()
      .where("id", "=", kiosk.id)
      .executeTakeFirstOrThrow();
    // Only digests are kept.
    expect(stored.device_token_hash).not.toContain(first.ok ? first.deviceToken : "");
    expect(stored.pairing_code_hash).toBeNull();
  });

  it("refuses an expired code, and a new code replaces the old device", async () => {
    const app = await makeCollectionApp();
    const { kiosk, code } = await registerKiosk(
      app.ctx,
      { campaignId: app.counterCampaign.id, unitId: app.units.counter.id, label: "Quầy 1" },
      null,
    );
    expect(await pairDevice(app.ctx, code, new Date(Date.now() + 25 * 3600_000))).toEqual({
      ok: false,
      reason: "expired",
    });
    const old = await pairDevice(app.ctx, code);
    const fresh = await pairDevice(app.ctx, await renewPairingCode(app.ctx, kiosk, null));
    expect(old.ok && fresh.ok).toBe(true);
    const screenOld = await findKioskScreen(app.ctx, old.ok ? old.deviceToken : null, "vi");
    const screenNew = await findKioskScreen(app.ctx, fresh.ok ? fresh.deviceToken : null, "vi");
    expect(screenOld.kind).toBe("unpaired");
    expect(screenNew.kind).toBe("ready");
    if (screenNew.kind === "ready") expect(screenNew.mode).toBe("quick");
  });

  it("refuses a registration for a unit outside the campaign's scope", async () => {
    const app = await makeCollectionApp();
    await expect(
      registerKiosk(
        app.ctx,
        { campaignId: app.counterCampaign.id, unitId: app.units.other.id, label: "x" },
        null,
      ),
    ).rejects.toThrow(/phạm vi/);
  });
});

describe("kiosk submissions", () => {
  it("stores a rating from the paired device, with the kiosk and the tap time", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk();
    const at = new Date(Date.now() - 60_000);
    const r = await app.post(app.rating(2, at, kiosk.access_token), { device });
    expect(r.status).toBe(201);
    const [row] = await responses(app);
    expect(row!.kiosk_id).toBe(kiosk.id);
    expect(row!.channel).toBe("kiosk");
    expect(row!.started_at).toBe(at.toISOString());
    expect(row!.source_hash).toBeNull();
  });

  it("refuses the kiosk's token without its device (403), and everything after revocation (410)", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk();
    const s = app.rating(1, new Date(), kiosk.access_token);
    expect((await app.post(s)).status).toBe(403);
    expect((await app.post(s, { device: "x".repeat(43) })).body.error).toBe(
      "kiosk_device_required",
    );
    await revokeKiosk(app.ctx, kiosk, app.people.manager.id);
    const r = await app.post(s, { device });
    expect(r.status).toBe(410);
    expect(r.body.error).toBe("kiosk_revoked");
    expect(String(r.body.message)).toMatch(/thu hồi/);
    expect(await responses(app)).toHaveLength(0);
  });

  it("answers 200 to a retry of a stored rating, even after revocation (the queue may drain late)", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk();
    const s = app.rating(2, new Date(), kiosk.access_token);
    expect((await app.post(s, { device })).status).toBe(201);
    await revokeKiosk(app.ctx, kiosk, null);
    expect((await app.post(s, { device })).status).toBe(200);
    expect(await responses(app)).toHaveLength(1);
  });

  it("refuses ratings tapped outside opening hours and stores nothing", async () => {
    const app = await makeCollectionApp();
    // The counter inherits its centre's hours.
    await setOpeningHours(app.ctx, app.units.centre.id, parseDayHours(1, "07:30-11:30"), null);
    const { kiosk, device } = await app.pairedKiosk();
    const monday = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+07:00`);
    const now = new Date("2026-11-23T12:00:00+07:00");
    const { submitResponse } = await import("~/services/ingest.server");
    const send = (at: Date) =>
      submitResponse(app.ctx, app.rating(2, at, kiosk.access_token), { deviceToken: device, now });
    const closed = await send(monday("11:45"));
    expect(closed.status).toBe(403);
    expect((closed.body as { error: string }).error).toBe("outside_opening_hours");
    // Tapped at 11:00, sent from the queue at 12:00: judged by the tap.
    expect((await send(monday("11:00"))).status).toBe(201);
    expect(await responses(app)).toHaveLength(1);
  });

  it("refuses a second rating within the kiosk's minimum interval (by tap time)", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
    const t0 = new Date(Date.now() - 600_000);
    expect((await app.post(app.rating(2, t0, kiosk.access_token), { device })).status).toBe(201);
    const soon = await app.post(app.rating(2, new Date(t0.getTime() + 3000), kiosk.access_token), {
      device,
    });
    expect(soon.status).toBe(429);
    expect(soon.body.error).toBe("kiosk_too_soon");
    // A queue drained in one go: taps 6 s apart all pass although they arrive together.
    for (let i = 1; i <= 3; i++)
      expect(
        (
          await app.post(app.rating(1, new Date(t0.getTime() + i * 6000), kiosk.access_token), {
            device,
          })
        ).status,
      ).toBe(201);
    expect(await responses(app)).toHaveLength(4);
  });

  it("flags a burst of identical ratings from one device and leaves it out of the rollups", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
    const t0 = Date.now() - 600_000;
    await app.post(app.rating(0, new Date(t0 - 400_000), kiosk.access_token), { device });
    for (let i = 0; i < 8; i++)
      expect(
        (await app.post(app.rating(2, new Date(t0 + i * 6000), kiosk.access_token), { device }))
          .status,
      ).toBe(201);
    const rows = await responses(app);
    expect(rows.filter((r) => r.flag_reason === "burst")).toHaveLength(8);
    expect(rows.filter((r) => r.flag_reason === null)).toHaveLength(1);
    expect(await rollupTotal(app)).toBe(1);
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "flag")
      .execute();
    expect(audit).toHaveLength(8);
    expect(audit[0]!.user_id).toBeNull();
  });
});

describe("single-use invitation codes", () => {
  it("takes one response per code, then answers 410 invitation_used and stores nothing", async () => {
    const app = await makeCollectionApp();
    const batch = await createInvitationBatch(
      app.ctx,
      { campaignId: app.counterCampaign.id, unitId: app.units.centre.id, count: 3 },
      app.people.manager.id,
    );
    const codes = await app.ctx.db
      .selectFrom("invitation")
      .select("token")
      .where("batch_id", "=", batch.id)
      .execute();
    expect(codes).toHaveLength(3);
    expect(codes[0]!.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const first = app.rating(2, new Date(), codes[0]!.token);
    expect((await app.post(first, { clientKey: "10.0.0.1" })).status).toBe(201);
    // The same submission again (a retry): 200, not refused.
    expect((await app.post(first, { clientKey: "10.0.0.1" })).status).toBe(200);
    const second = await app.post(app.rating(0, new Date(), codes[0]!.token), {
      clientKey: "10.0.0.2",
    });
    expect(second.status).toBe(410);
    expect(second.body.error).toBe("invitation_used");
    expect(String(second.body.message)).toMatch(/đã được sử dụng/);
    expect(await responses(app)).toHaveLength(1);
    // The page for the used code says so.
    const { findForm } = await import("~/services/forms.server");
    expect(await findForm(app.ctx, codes[0]!.token)).toMatchObject({
      kind: "gone",
      reason: "invitation_used",
    });
    expect((await findForm(app.ctx, codes[1]!.token)).kind).toBe("ok");
  });

  it("gives the code back when the answers are refused (422)", async () => {
    const app = await makeCollectionApp();
    const batch = await createInvitationBatch(
      app.ctx,
      { campaignId: app.counterCampaign.id, unitId: app.units.centre.id, count: 1 },
      null,
    );
    const { token } = await app.ctx.db
      .selectFrom("invitation")
      .select("token")
      .where("batch_id", "=", batch.id)
      .executeTakeFirstOrThrow();
    expect((await app.post(app.rating(7, new Date(), token))).status).toBe(422);
    expect((await app.post(app.rating(2, new Date(), token))).status).toBe(201);
  });
  it("claims the code in the response's own write: of two clients at once, one is stored", async () => {
    const app = await makeCollectionApp();
    const batch = await createInvitationBatch(
      app.ctx,
      { campaignId: app.counterCampaign.id, unitId: app.units.centre.id, count: 1 },
      null,
    );
    const { token } = await app.ctx.db
      .selectFrom("invitation")
      .select("token")
      .where("batch_id", "=", batch.id)
      .executeTakeFirstOrThrow();
    // Both pass admission (the code is unused when each is read) and meet in the writer.
    const [a, b] = [app.rating(2, new Date(), token), app.rating(0, new Date(), token)];
    const results = await Promise.all([
      app.post(a, { clientKey: "10.0.0.1" }),
      app.post(b, { clientKey: "10.0.0.2" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 410]);
    expect(results.find((r) => r.status === 410)!.body.error).toBe("invitation_used");
    const stored = await responses(app);
    expect(stored).toHaveLength(1);
    const code = await app.ctx.db
      .selectFrom("invitation")
      .select("used_by")
      .where("token", "=", token)
      .executeTakeFirstOrThrow();
    expect(code.used_by).toBe(stored[0]!.client_id);
    expect(await rollupTotal(app)).toBe(1);
  });
});

describe("public links: honeypot, addresses, flags", () => {
  it("stores a filled honeypot flagged, never the raw address", async () => {
    resetAbuseCounters();
    const app = await makeCollectionApp();
    const link = await insertAccessLink(app.ctx.db, {
      campaignId: app.counterCampaign.id,
      unitId: app.units.centre.id,
      channel: "link",
    });
    const bot = { ...app.rating(2, new Date(), link.token), website: "http://spam.example" };
    expect((await app.post(bot, { clientKey: "203.0.113.7" })).status).toBe(201);
    const [row] = await responses(app);
    expect(row!.flag_reason).toBe("honeypot");
    expect(row!.source_hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const everything = JSON.stringify(
      await app.ctx.db.selectFrom("response").selectAll().execute(),
    );
    expect(everything).not.toContain("203.0.113.7");
    expect(await rollupTotal(app)).toBe(0);
    // Flagged before the write: never counted, so no rollup row was added and taken back.
    const rollupRows = await app.ctx.db
      .selectFrom("rollup")
      .select("question")
      .where("campaign_id", "=", app.counterCampaign.id)
      .execute();
    expect(rollupRows).toEqual([]);
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "flag")
      .execute();
    expect(audit.map((a) => [a.entity_id, a.user_id, a.after])).toEqual([
      [row!.id, null, JSON.stringify({ reason: "honeypot" })],
    ]);
  });

  it("flags many responses from one address, not a few", async () => {
    resetAbuseCounters();
    const app = await makeCollectionApp();
    const link = await insertAccessLink(app.ctx.db, {
      campaignId: app.counterCampaign.id,
      unitId: app.units.centre.id,
      channel: "link",
    });
    for (let i = 0; i < 5; i++)
      await app.post(app.rating(2, new Date(), link.token), { clientKey: "198.51.100.1" });
    expect((await responses(app)).every((r) => r.flag_reason === null)).toBe(true);
    // The rule: more than 30 in an hour from one address to one campaign.
    for (let i = 0; i < 35; i++)
      await app.post(app.rating(2, new Date(), link.token), { clientKey: "198.51.100.2" });
    const rows = await responses(app);
    expect(rows.filter((r) => r.flag_reason === "many_from_address")).toHaveLength(35);
    expect(await rollupTotal(app)).toBe(5);
  });

  it("flags a QR answer far outside the unit's opening hours", async () => {
    resetAbuseCounters();
    const app = await makeCollectionApp();
    await setOpeningHours(app.ctx, app.units.counter.id, parseDayHours(1, "07:30-11:30"), null);
    const link = await insertAccessLink(app.ctx.db, {
      campaignId: app.counterCampaign.id,
      unitId: app.units.counter.id,
      channel: "qr",
    });
    const { submitResponse } = await import("~/services/ingest.server");
    const at = (iso: string) =>
      submitResponse(app.ctx, app.rating(1, new Date(iso), link.token), { now: new Date(iso) });
    await at("2026-11-23T11:50:00+07:00"); // just after closing: ordinary
    await at("2026-11-23T22:00:00+07:00");
    const rows = await responses(app);
    expect(rows.map((r) => r.flag_reason).sort()).toEqual([null, "outside_hours"].sort());
  });
});

describe("moderation", () => {
  it("restores flagged responses into the rollups, with an audit entry", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 0 });
    for (let i = 0; i < 3; i++)
      await app.post(app.rating(2, new Date(Date.now() - i * 1000), kiosk.access_token), {
        device,
      });
    const ids = (await responses(app)).map((r) => r.id);
    expect(await flagResponses(app.ctx, ids, "manual", { userId: app.people.manager.id })).toBe(3);
    expect(await flagResponses(app.ctx, ids, "manual", { userId: app.people.manager.id })).toBe(0);
    expect(await rollupTotal(app)).toBe(0);
    expect(await rollupTotal(app, "danh_gia_tong_the")).toBe(0);
    expect(
      await restoreResponses(app.ctx, ids.slice(0, 2), { userId: app.people.manager.id }),
    ).toBe(2);
    expect(await rollupTotal(app)).toBe(2);
    expect(await rollupTotal(app, "danh_gia_tong_the")).toBe(2);
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "restore")
      .execute();
    expect(audit.map((a) => a.user_id)).toEqual([app.people.manager.id, app.people.manager.id]);
  });

  it("redacts a comment and keeps an audit entry without the text", async () => {
    const app = await makeCollectionApp();
    const link = await insertAccessLink(app.ctx.db, {
      campaignId: app.counterCampaign.id,
      unitId: app.units.centre.id,
      channel: "link",
    });
    const secret = "Tôi là Nguyễn Văn A, số điện thoại 0912345678";
    await app.post(app.rating(1, new Date(), link.token, { gop_y: secret }), {
      clientKey: "10.1.1.1",
    });
    const [row] = await responses(app);
    const before = await rollupTotal(app);
    expect(await redactAnswer(app.ctx, row!.id, "gop_y", { userId: app.people.manager.id })).toBe(
      true,
    );
    const after = await app.ctx.db
      .selectFrom("response")
      .select("answers")
      .where("id", "=", row!.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(after.answers).gop_y).toBe(REDACTED);
    expect(JSON.parse(after.answers).danh_gia_tong_the).toBe(1);
    expect(await rollupTotal(app)).toBe(before);
    const audit = JSON.stringify(await app.ctx.db.selectFrom("audit_log").selectAll().execute());
    expect(audit).toContain("redact");
    expect(audit).not.toContain("0912345678");
  });
});
