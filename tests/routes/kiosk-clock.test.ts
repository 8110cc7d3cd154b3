/**
 * Kiosk ratings under clock skew and across a campaign's end, on the ingestion API: where the
 * server places a tap (the tablet's correction, the offset it measures itself, what it can
 * prove), the campaign's window judged at the tap with a grace period for delivery, the month
 * a late rating counts in; and refused ratings reported by the heartbeat, then accepted (once)
 * or discarded by a manager, with audit entries.
 */
import { describe, expect, it } from "vitest";
import { countedAt } from "#db/counted-at";
import { parseDayHours } from "~/domain/opening-hours";
import { toPeriod } from "~/domain/period";
import type { HeartbeatAnswer, HeartbeatReport } from "~/domain/kiosk-heartbeat";
import { action as heartbeatAction } from "~/routes/kiosk.heartbeat";
import * as manageKiosks from "~/routes/manage.kiosks";
import { submitResponse } from "~/services/ingest.server";
import { listRejections } from "~/services/kiosk-rejections.server";
import { setOpeningHours } from "~/services/opening-hours.server";
import { findCampaignResults } from "~/services/results.server";
import { asUser } from "../fixtures/app";
import { makeCollectionApp } from "../fixtures/collection";

type App = Awaited<ReturnType<typeof makeCollectionApp>>;

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const kioskRows = (app: App) =>
  app.ctx.db
    .selectFrom("response")
    .selectAll()
    .where("kiosk_id", "is not", null)
    .orderBy("started_at")
    .execute();

/** A quick rating as the tablet queues it: the tap on its clock, and corrected when it can. */
function tap(
  app: App,
  token: string,
  value: number,
  t: { real: number; skew: number; corrected?: boolean },
) {
  return {
    ...app.rating(value, new Date(t.real), token),
    startedAt: t.corrected === false ? undefined : iso(t.real),
    deviceStartedAt: iso(t.real + t.skew),
  };
}

async function heartbeat(device: string, report: HeartbeatReport) {
  const res = (await heartbeatAction({
    request: new Request("http://localhost/kiosk/heartbeat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: `hl_kiosk=${device}` },
      body: JSON.stringify(report),
    }),
    params: {},
    context: {},
  })) as Response;
  return { res, body: (await res.json()) as HeartbeatAnswer };
}

describe("a queue drained with the tablet's clock off", () => {
  for (const [name, skew] of [
    ["10 minutes fast", 10 * MIN],
    ["10 minutes slow", -10 * MIN],
  ] as const) {
    it(`stores all six ratings of a tablet ${name}, each at its tap`, async () => {
      const app = await makeCollectionApp();
      const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
      // Six taps 6 s apart, queued offline for 20 minutes, sent one after another.
      const start = Date.now() - 20 * MIN;
      const reals = [0, 1, 2, 3, 4, 5].map((i) => start + i * 6000);
      for (const real of reals) {
        const body = {
          ...tap(app, kiosk.access_token, 2 - (real % 2), { real, skew }),
          deviceSentAt: iso(Date.now() + skew),
        };
        const r = await app.post(body, { device });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
      const rows = await kioskRows(app);
      expect(rows.map((r) => r.started_at)).toEqual(reals.map(iso));
      expect(rows.map((r) => r.device_started_at)).toEqual(reals.map((t) => iso(t + skew)));
      // The offset measured on delivery, within the request's latency.
      for (const r of rows) expect(Math.abs(Number(r.device_skew_ms) + skew)).toBeLessThan(2000);
    });
  }

  it("stores them too when the tablet could not correct them (placed by the offset on delivery)", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
    const skew = 10 * MIN;
    const start = Date.now() - 30 * MIN;
    for (let i = 0; i < 6; i++) {
      const body = {
        ...tap(app, kiosk.access_token, 1, { real: start + i * 6000, skew, corrected: false }),
        deviceSentAt: iso(Date.now() + skew),
      };
      expect((await app.post(body, { device })).status).toBe(201);
    }
    const rows = await kioskRows(app);
    expect(rows).toHaveLength(6);
    rows.forEach((r, i) =>
      expect(Math.abs(Date.parse(r.started_at!) - (start + i * 6000))).toBeLessThan(2000),
    );
  });

  it("refuses future device times rather than stacking them on 'now'", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      // The offset on delivery says the taps are in the future too: nothing places them.
      const real = now + 10 * MIN - i * 6000;
      const r = await app.post(
        { ...tap(app, kiosk.access_token, 2, { real, skew: 0 }), deviceSentAt: iso(now) },
        { device },
      );
      expect(r.status).toBe(403);
      expect(r.body.error).toBe("tap_time_unproven");
    }
    expect(await kioskRows(app)).toHaveLength(0);
  });

  it("takes an older page's ratings sent as tapped, its fast clock's time placed at receipt", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
    const r = await app.post(app.rating(2, new Date(Date.now() + 10 * MIN), kiosk.access_token), {
      device,
    });
    expect(r.status).toBe(201);
    const [row] = await kioskRows(app);
    expect(Math.abs(Date.parse(row!.started_at!) - Date.now())).toBeLessThan(5000);
  });

  it("judges opening hours on the placed tap: a fast clock's taps at 11:25 are inside hours that end at 11:30", async () => {
    const app = await makeCollectionApp();
    await setOpeningHours(app.ctx, app.units.centre.id, parseDayHours(1, "07:30-11:30"), null);
    const { kiosk, device } = await app.pairedKiosk();
    const real = Date.parse("2026-11-23T11:25:00+07:00"); // a Monday
    const now = new Date(Date.parse("2026-11-23T12:00:00+07:00"));
    const skew = 10 * MIN; // the device read 11:35, after closing
    const send = (corrected: boolean) =>
      submitResponse(
        app.ctx,
        {
          ...tap(app, kiosk.access_token, 2, { real, skew, corrected }),
          deviceSentAt: iso(now.getTime() + skew),
        },
        { deviceToken: device, now },
      );
    expect((await send(true)).status).toBe(201);
    expect((await send(false)).status).toBe(429); // the same tap again: within the interval
  });
});

describe("what the server proves against a client playing with tap times", () => {
  it("refuses taps older than the last heartbeat that said the queue was empty", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
    await heartbeat(device, { queued: 0, deviceTime: iso(Date.now()) });
    const now = Date.now();
    // Backdated half an hour, device times made to agree: nothing to place it by.
    const old = await app.post(
      {
        ...tap(app, kiosk.access_token, 2, { real: now - 30 * MIN, skew: 0 }),
        deviceSentAt: iso(now),
      },
      { device },
    );
    expect(old.status).toBe(403);
    expect(old.body.error).toBe("tap_time_unproven");
    // A tap from a moment ago is what an honest queue holds.
    const recent = await app.post(
      { ...tap(app, kiosk.access_token, 2, { real: now - MIN, skew: 0 }), deviceSentAt: iso(now) },
      { device },
    );
    expect(recent.status).toBe(201);
    // Claims cannot squeeze a second rating into the interval, whichever time they name.
    const squeezed = await app.post(
      {
        ...tap(app, kiosk.access_token, 1, { real: now - MIN + 2000, skew: 0 }),
        deviceSentAt: iso(now),
      },
      { device },
    );
    expect(squeezed.status).toBe(429);
    expect((await kioskRows(app)).length).toBe(1);
  });

  it("tolerates a second of jitter in the interval, not more", async () => {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
    const t0 = Date.now() - 10 * MIN;
    const at = (ms: number) => ({
      ...tap(app, kiosk.access_token, 2 - (ms % 2), { real: t0 + ms, skew: 0 }),
      deviceSentAt: iso(Date.now()),
    });
    expect((await app.post(at(0), { device })).status).toBe(201);
    expect((await app.post(at(4500), { device })).status).toBe(201);
    expect((await app.post(at(7500), { device })).status).toBe(429);
  });
});

describe("a campaign that ends while ratings wait", () => {
  // The campaign ends at 01/12/2026 00:00 in Vietnam.
  const CLOSES = "2026-11-30T17:00:00.000Z";
  const tapped = Date.parse("2026-11-30T16:55:00+07:00");

  async function endingApp() {
    const app = await makeCollectionApp();
    await app.ctx.db
      .updateTable("campaign")
      .set({ closes_at: CLOSES })
      .where("id", "=", app.counterCampaign.id)
      .execute();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
    const send = (real: number, now: Date) =>
      submitResponse(
        app.ctx,
        {
          ...tap(app, kiosk.access_token, 2, { real, skew: 0 }),
          deviceSentAt: now.toISOString(),
        },
        { deviceToken: device, now },
      );
    return { app, send };
  }

  it("stores a rating tapped on the last evening and delivered the next morning, in November", async () => {
    const { app, send } = await endingApp();
    const morning = new Date("2026-12-01T07:30:00+07:00");
    expect((await send(tapped, morning)).status).toBe(201);
    const [row] = await kioskRows(app);
    expect(row!.period).toBe("2026-11");
    expect(row!.submitted_at).toBe(morning.toISOString());
    expect(countedAt(row!)).toBe(iso(tapped));
    const month = (m: string) =>
      findCampaignResults(app.ctx, app.counterCampaign.id, { periodFrom: m, periodTo: m });
    expect((await month("2026-11"))!.result.responses).toBe(1);
    expect((await month("2026-12"))!.result.responses).toBe(0);
    // The weekday × hour pattern counts it at Monday 16:00, when it was tapped.
    const hours = await app.ctx.db.selectFrom("rollup_hour").selectAll().execute();
    expect(hours.map((h) => [h.weekday, h.hour, Number(h.count)])).toEqual([[1, 16, 1]]);
  });

  it("refuses it after the grace period, a tap after the end, and anything once a manager closed it", async () => {
    const { app, send } = await endingApp();
    const late = new Date(Date.parse(CLOSES) + 72 * 3_600_000);
    const r = await send(tapped, late);
    expect(r.status).toBe(410);
    expect((r.body as { error: string }).error).toBe("campaign_closed");
    const afterEnd = await send(Date.parse(CLOSES) + MIN, new Date(Date.parse(CLOSES) + 2 * MIN));
    expect((afterEnd.body as { error: string }).error).toBe("campaign_closed");
    await app.ctx.db
      .updateTable("campaign")
      .set({ status: "closed" })
      .where("id", "=", app.counterCampaign.id)
      .execute();
    const closed = await send(tapped, new Date(Date.parse(CLOSES) + MIN));
    expect((closed.body as { error: string }).error).toBe("campaign_closed");
    expect(await kioskRows(app)).toHaveLength(0);
  });
});

describe("refused ratings: reported by the heartbeat, accepted or discarded by a manager", () => {
  async function withRefusals() {
    const app = await makeCollectionApp();
    const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
    const now = Date.now();
    const skew = 10 * MIN;
    const outside = tap(app, kiosk.access_token, 2, { real: now - 5 * MIN, skew });
    const invalid = tap(app, kiosk.access_token, 7, { real: now - 4 * MIN, skew });
    const report: HeartbeatReport = {
      queued: 0,
      deviceTime: iso(Date.now() + skew),
      rejected: {
        count: 2,
        held: [],
        items: [
          {
            id: outside.id,
            status: 403,
            error: "outside_opening_hours",
            at: iso(now + skew),
            item: outside,
          },
          { id: invalid.id, status: 422, error: "", at: iso(now + skew), item: invalid },
        ],
      },
    };
    return { app, kiosk, device, outside, invalid, report };
  }

  it("records the device's clock, queue and refusals, and answers which it holds", async () => {
    const { app, kiosk, device, outside, invalid, report } = await withRefusals();
    const { res, body } = await heartbeat(device, report);
    expect(res.status).toBe(200);
    expect(Math.abs(Date.parse(res.headers.get("X-Server-Time")!) - Date.now())).toBeLessThan(5000);
    expect(body.rejected.known.sort()).toEqual([outside.id, invalid.id].sort());
    expect(body.rejected.resolved).toEqual([]);
    const k = await app.ctx.db
      .selectFrom("kiosk")
      .selectAll()
      .where("id", "=", kiosk.id)
      .executeTakeFirstOrThrow();
    expect(Math.abs(Number(k.clock_skew_ms) + 10 * MIN)).toBeLessThan(2000);
    expect(k.queue_empty_at).not.toBeNull();
    expect(Number(k.rejected)).toBe(2);
    // Reported again (the answer was lost): still one record each.
    await heartbeat(device, report);
    const rows = await app.ctx.db.selectFrom("kiosk_rejection").selectAll().execute();
    expect(rows).toHaveLength(2);
    const recorded = rows.find((r) => r.client_id === outside.id)!;
    // Placed on the server's clock from the tablet's correction.
    expect(recorded.tapped_at).toBe(outside.startedAt);
    expect(rows.find((r) => r.client_id === invalid.id)!.error).toBe("invalid_answers");
    // A manager sees them, answers in words.
    const listed = await listRejections(app.ctx, [app.units.province.path], "vi");
    expect(listed.map((r) => [r.reason, r.acceptable])).toEqual([
      ["outside_opening_hours", true],
      ["invalid_answers", false],
    ]);
    expect(listed[0]!.answers).toMatch(/Rất hài lòng/);
  });

  it("a manager accepts one (stored once, in its tap's month, audited) and discards the other", async () => {
    const { app, kiosk, device, outside, invalid, report } = await withRefusals();
    await heartbeat(device, report);
    const act = async (intent: string, clientId: string) => {
      const request = await asUser(app.ctx, app.people.manager.id, "/manage/kiosks", {
        method: "POST",
        body: new URLSearchParams({ intent, kioskId: kiosk.id, clientId }),
      });
      const r = (await manageKiosks.action({ request, params: {}, context: {} })) as {
        data: { ok: boolean; message: string };
        init: { status?: number } | null;
      };
      return { status: r.init?.status ?? 200, ...r.data };
    };
    const accepted = await act("accept-rejected", outside.id);
    expect(accepted).toMatchObject({ status: 200, ok: true });
    expect(accepted.message).toMatch(/Đã nhận phiếu/);
    const again = await act("accept-rejected", outside.id);
    expect(again).toMatchObject({ status: 409, ok: false });
    const rows = await kioskRows(app);
    expect(rows.map((r) => [r.client_id, r.started_at, r.period, r.flag_reason])).toEqual([
      [outside.id, outside.startedAt, toPeriod(new Date(outside.startedAt!)), null],
    ]);
    // The answers that never fit cannot be accepted; discarded instead.
    expect((await act("accept-rejected", invalid.id)).ok).toBe(false);
    expect((await act("discard-rejected", invalid.id)).ok).toBe(true);
    expect(await kioskRows(app)).toHaveLength(1);
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity", "=", "kiosk")
      .where("action", "in", ["accept_rejected", "discard_rejected"])
      .orderBy("at")
      .execute();
    expect(audit.map((a) => [a.action, a.user_id, JSON.parse(a.after!).rating])).toEqual([
      ["accept_rejected", app.people.manager.id, outside.id],
      ["discard_rejected", app.people.manager.id, invalid.id],
    ]);
    expect(await listRejections(app.ctx, [app.units.province.path], "vi")).toEqual([]);
    // The tablet hears both resolved and can forget them.
    const { body } = await heartbeat(device, {
      queued: 0,
      rejected: { count: 2, held: [outside.id, invalid.id], items: [] },
    });
    expect(body.rejected.resolved.sort()).toEqual([outside.id, invalid.id].sort());
    expect(body.rejected.known).toEqual([]);
  });

  it("still answers a bare heartbeat of an older tablet page, and refuses an oversized one", async () => {
    const { app, device } = await withRefusals();
    const bare = await heartbeat(device, { queued: 3 });
    expect(bare.res.status).toBe(200);
    expect(bare.body.rejected).toEqual({ known: [], resolved: [] });
    const huge = (await heartbeatAction({
      request: new Request("http://localhost/kiosk/heartbeat", {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: `hl_kiosk=${device}` },
        body: JSON.stringify({ queued: 0, pad: "x".repeat(600 * 1024) }),
      }),
      params: {},
      context: {},
    })) as Response;
    expect(huge.status).toBe(413);
    expect(await app.ctx.db.selectFrom("kiosk_rejection").selectAll().execute()).toEqual([]);
    // A refused rating larger than the API takes is recorded, to be discarded, not accepted.
    const big = {
      ...app.rating(1, new Date(), "x".repeat(20)),
      answers: { gop_y: "y".repeat(70_000) },
    };
    await heartbeat(device, {
      queued: 0,
      rejected: {
        count: 1,
        held: [],
        items: [{ id: big.id, status: 413, error: "payload_too_large", item: big }],
      },
    });
    const [row] = await app.ctx.db.selectFrom("kiosk_rejection").selectAll().execute();
    expect(row!.body.length).toBeLessThan(200);
    expect((await listRejections(app.ctx, [app.units.province.path], "vi"))[0]!.acceptable).toBe(
      false,
    );
  });
});
