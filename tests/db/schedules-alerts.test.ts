/**
 * Report schedules and alerts on the dialect under test, through the job runner to a real SMTP
 * server on loopback: a due report is sent once per period, "Gửi thử ngay" sends the last full
 * period, every sending is recorded; a seeded drop raises one alert and one mail however often
 * the rules are evaluated; a burst at a counter and a watched word are found; a digest goes once.
 * (The PDF attachment is read in tests/e2e/schedules.e2e.ts, where Chromium prints it.)
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { alertsPage, createAlertRule, evaluateAlerts } from "~/services/alerts.server";
import { submitResponse } from "~/services/ingest.server";
import { JOB_DEFINITIONS, RECURRING_JOBS } from "~/services/job-handlers.server";
import { JobRunner } from "~/services/jobs.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { ensureRecurring } from "~/services/recurring.server";
import {
  changeSchedule,
  createSchedule,
  dispatchDueReports,
  scheduleDetail,
  sendNow,
} from "~/services/report-schedules.server";
import { ServiceError } from "~/services/service-error.server";
import { makeTestApp } from "../fixtures/app";
import { startSmtp, type TestSmtp } from "../fixtures/smtp";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let smtp: TestSmtp | undefined;
const noLimit = new RateLimiter(0);
const BASE = "http://hailong.example.gov.vn";

beforeEach(async () => {
  app = await makeTestApp();
  vi.stubEnv("MAIL_FROM", "Hài Lòng <khaosat@tinh.example.gov.vn>");
  vi.stubEnv("PUBLIC_URL", "");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await smtp?.close();
  smtp = undefined;
});

async function withSmtp() {
  smtp = await startSmtp();
  vi.stubEnv("SMTP_URL", smtp.url);
  return smtp;
}

/** Runs every due job (reports, then the mail they enqueue) with the clock a little ahead. */
const runJobs = () =>
  new JobRunner(app.ctx, JOB_DEFINITIONS, {
    clock: () => new Date(Date.now() + 1000),
    log: () => {},
  }).runDue();

async function answer(
  token: string,
  q1: number,
  at: Date,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const r = await submitResponse(
    app.ctx,
    {
      id: randomUUID(),
      token,
      answers: { q1, q2: q1, ...(q1 <= 2 ? { reasons: ["cho_lau"] } : {}), ...extra },
    },
    { limiter: noLimit, now: at },
  );
  expect(r.status).toBe(201);
}

describe("report schedules", () => {
  async function monthly() {
    return createSchedule(
      app.ctx,
      app.people.manager.id,
      {
        unitId: app.units.centre.id,
        campaignId: app.campaign.id,
        periodKind: "month",
        sendDay: 3,
        recipients: "giamdoc@tt.example.gov.vn\nVăn phòng <vp@tt.example.gov.vn>",
        formats: ["xlsx"],
      },
      BASE,
    );
  }

  it("sends a due period once, and 'Gửi thử ngay' the last full period, each sending recorded", async () => {
    const mail = await withSmtp();
    const id = await monthly();
    const made = new Date();
    for (let i = 0; i < 4; i++) await answer(app.link.token, i === 0 ? 2 : 5, made);

    // The month the schedule was made in is due on the 3rd of the next, at 07:00 in Vietnam.
    const detail = await scheduleDetail(app.ctx, app.people.manager.id, id, made);
    const due = new Date(detail.schedule.next!.at);
    expect(await dispatchDueReports(app.ctx, new Date(due.getTime() - 1000))).toBe(0);
    expect(await dispatchDueReports(app.ctx, due)).toBe(1);
    expect(await dispatchDueReports(app.ctx, new Date(due.getTime() + 3_600_000))).toBe(0);
    await runJobs();
    await runJobs(); // the mail job the report job enqueued
    await mail.acceptedCount(1);
    const sent = mail.accepted[0]!;
    expect(sent.subject).toBe(
      `Báo cáo kết quả khảo sát sự hài lòng ${detail.schedule.next!.period} — Trung tâm`,
    );
    expect(sent.to && !Array.isArray(sent.to) ? sent.to.value.map((a) => a.address) : []).toEqual([
      "giamdoc@tt.example.gov.vn",
      "vp@tt.example.gov.vn",
    ]);
    expect(sent.text).toContain("Đợt khảo sát «Đợt thử»: 4 phiếu; tỷ lệ hài lòng chung");
    expect(sent.text).toContain(`${BASE}/dashboard?unit=${app.units.centre.id}`);
    expect(sent.text).toContain(`${BASE}/manage/schedules/${id}`);
    expect(sent.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [
        expect.stringMatching(/^bao-cao-P-C-\d{4}-M\d\d\.xlsx$/),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      ],
    ]);
    expect(sent.attachments[0]!.content.subarray(0, 2).toString()).toBe("PK");

    const label = await sendNow(app.ctx, app.people.manager.id, id);
    await runJobs();
    await runJobs();
    await mail.acceptedCount(2);
    expect(mail.accepted[1]!.subject).toContain(label);

    const after = await scheduleDetail(app.ctx, app.people.manager.id, id);
    expect(after.sendings.map((s) => [s.trigger, s.state])).toEqual([
      ["now", "sent"],
      ["schedule", "sent"],
    ]);
    expect(after.sendings[0]!.requestedBy).toBe("manager");
    expect(after.sendings[1]!.files).toEqual([sent.attachments[0]!.filename]);
  });

  it("keeps schedules inside the manager's subtree and checks what is typed", async () => {
    const id = await monthly();
    await expect(scheduleDetail(app.ctx, app.people.outsider.id, id)).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      createSchedule(
        app.ctx,
        app.people.manager.id,
        {
          unitId: app.units.province.id, // above the manager's centre
          periodKind: "quarter",
          sendDay: 5,
          recipients: "a@b.vn",
          formats: ["pdf"],
        },
        BASE,
      ),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      createSchedule(
        app.ctx,
        app.people.manager.id,
        {
          unitId: app.units.centre.id,
          periodKind: "quarter",
          sendDay: 5,
          recipients: "a@b.vn, không phải địa chỉ",
          formats: ["pdf"],
        },
        BASE,
      ),
    ).rejects.toMatchObject({ status: 400, key: "schedules.error.recipientsInvalid" });
    await changeSchedule(app.ctx, app.people.manager.id, id, "pause");
    const paused = await scheduleDetail(app.ctx, app.people.manager.id, id);
    expect(paused.schedule.paused).toBe(true);
    expect(paused.schedule.next).toBeNull();
  });

  it("without mail settings refuses 'Gửi thử ngay' and records why a due sending was not sent", async () => {
    vi.stubEnv("SMTP_URL", "");
    const id = await monthly();
    await expect(sendNow(app.ctx, app.people.manager.id, id)).rejects.toBeInstanceOf(ServiceError);
    const detail = await scheduleDetail(app.ctx, app.people.manager.id, id);
    await dispatchDueReports(app.ctx, new Date(detail.schedule.next!.at));
    await runJobs();
    const after = await scheduleDetail(app.ctx, app.people.manager.id, id);
    expect(after.sendings).toHaveLength(1);
    expect(after.sendings[0]).toMatchObject({ state: "failed" });
    expect(after.sendings[0]!.error).toContain("SMTP_URL");
  });
});

describe("alerts", () => {
  const rule = (input: Partial<Parameters<typeof createAlertRule>[2]>) =>
    createAlertRule(
      app.ctx,
      app.people.manager.id,
      {
        unitId: app.units.centre.id,
        kind: "drop",
        delivery: "each",
        recipients: "truongphong@tt.example.gov.vn",
        ...input,
      },
      BASE,
    );

  it("raises one alert and one mail for a seeded drop, however often the rules are evaluated", async () => {
    const mail = await withSmtp();
    await rule({ kind: "drop", window: "month" });
    // November: 40 of 40 satisfied; December: 20 of 40. Evaluated on 7 and 8 December.
    for (let i = 0; i < 40; i++)
      await answer(app.link.token, 5, new Date(Date.UTC(2026, 10, 10, 3, i)));
    for (let i = 0; i < 40; i++)
      await answer(app.link.token, i % 2 ? 5 : 1, new Date(Date.UTC(2026, 11, 2, 3, i)));
    const first = await evaluateAlerts(app.ctx, new Date("2026-12-07T03:00:00Z"));
    expect(first).toMatchObject({ rules: 1, raised: 1 });
    const again = await evaluateAlerts(app.ctx, new Date("2026-12-07T09:00:00Z"));
    expect(again.raised).toBe(0);
    await runJobs();
    await mail.acceptedCount(1);
    // Later the same day (23:59 in Vietnam) nothing more is told.
    await evaluateAlerts(app.ctx, new Date("2026-12-07T16:59:00Z"));
    await runJobs();
    await new Promise((r) => setTimeout(r, 300));
    expect(mail.accepted).toHaveLength(1);
    const m = mail.accepted[0]!;
    expect(m.subject).toBe("Cảnh báo: tỷ lệ hài lòng giảm rõ rệt — Trung tâm");
    expect(m.text).toContain("tỷ lệ hài lòng giảm từ 100,0 % (tháng 11/2026, 40 phiếu)");
    expect(m.text).toContain("xuống 50,0 % (tháng 12/2026, 40 phiếu)");
    // Exactly one webhook event, written with the alert.
    const events = await app.ctx.db
      .selectFrom("event")
      .select(["type", "unit_id", "data"])
      .where("type", "=", "alert.raised")
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.unit_id).toBe(app.units.centre.id);
    expect(JSON.parse(events[0]!.data)).toMatchObject({ day: "2026-12-07", kind: "drop" });
    const page = await alertsPage(app.ctx, app.people.manager.id);
    expect(page.alerts).toHaveLength(1);
    expect(page.alerts[0]).toMatchObject({ unitName: "Trung tâm", mail: "done" });
    // Outside the subtree nothing is seen.
    expect((await alertsPage(app.ctx, app.people.outsider.id)).alerts).toEqual([]);
  });

  it("raises nothing for a rate within chance of the last month's", async () => {
    await rule({ kind: "drop", window: "month" });
    for (let i = 0; i < 10; i++)
      await answer(app.link.token, i < 9 ? 5 : 1, new Date(Date.UTC(2026, 10, 10, 3, i)));
    for (let i = 0; i < 10; i++)
      await answer(app.link.token, i < 7 ? 5 : 1, new Date(Date.UTC(2026, 11, 2, 3, i)));
    expect(await evaluateAlerts(app.ctx, new Date("2026-12-07T03:00:00Z"))).toMatchObject({
      raised: 0,
    });
  });

  it("finds a burst of 'Không hài lòng' at one counter, and a watched word written without diacritics, digested once", async () => {
    const mail = await withSmtp();
    await rule({ unitId: app.units.centre.id, kind: "burst", threshold: 5 });
    await rule({ kind: "words", words: "tham nhũng\nhối lộ", delivery: "digest" });
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await answer(app.counterLink.token, 1, new Date(t0 + i * 1000));
    await answer(app.link.token, 1, new Date(t0 + 6000)); // another unit: not part of the burst
    await answer(app.link.token, 4, new Date(t0 + 7000), {
      comment: "Can bo co dau hieu THAM NHUNG",
    });
    const now = new Date(t0 + 60_000);
    expect(await evaluateAlerts(app.ctx, now)).toMatchObject({ rules: 2, raised: 2 });
    expect(await evaluateAlerts(app.ctx, new Date(t0 + 120_000))).toMatchObject({ raised: 0 });
    const page = await alertsPage(app.ctx, app.people.manager.id);
    const texts = page.alerts.map((a) => `${a.unitName}: ${a.text}`).sort();
    expect(texts[0]).toMatch(/^Quầy 1: 5 lượt «Không hài lòng» trong vòng một giờ/);
    expect(texts[1]).toMatch(
      /^Trung tâm: Ý kiến gửi lúc .* có từ «tham nhũng»: «Can bo co dau hieu THAM NHUNG»$/,
    );
    await runJobs();
    await mail.acceptedCount(1); // the burst, at once; the word waits for the digest
    const tomorrow = new Date(now.getTime() + 86_400_000);
    expect((await evaluateAlerts(app.ctx, tomorrow)).digests).toBe(1);
    expect((await evaluateAlerts(app.ctx, new Date(tomorrow.getTime() + 60_000))).digests).toBe(0);
    await runJobs();
    await mail.acceptedCount(2);
    const digest = mail.accepted.find((m) => m.subject?.startsWith("Tổng hợp"))!;
    expect(digest.subject).toMatch(/^Tổng hợp 1 cảnh báo ngày \d\d\/\d\d\/\d{4} — Trung tâm$/);
    expect(digest.text).toContain("THAM NHUNG");
  });
});

describe("the recurring runs", () => {
  it("keeps one run of each kind waiting, and `--once` brings it forward", async () => {
    const pending = () =>
      app.ctx.db
        .selectFrom("job")
        .select(["name", "run_at"])
        .where("status", "=", "queued")
        .orderBy("name")
        .execute();
    await ensureRecurring(app.ctx.db, RECURRING_JOBS);
    await ensureRecurring(app.ctx.db, RECURRING_JOBS);
    const waiting = await pending();
    const kinds = ["alerts.evaluate", "outbox.prune", "report.dispatch"];
    expect(waiting.map((j) => j.name)).toEqual(kinds);
    expect(waiting.every((j) => j.run_at > new Date().toISOString())).toBe(true);
    await ensureRecurring(app.ctx.db, RECURRING_JOBS, { dueNow: true });
    const due = await pending();
    expect(due).toHaveLength(kinds.length);
    expect(due.every((j) => j.run_at <= new Date().toISOString())).toBe(true);
    // Each run enqueues the next at its slot.
    const r = await runJobs();
    expect(r.done).toBe(kinds.length);
    const next = await pending();
    expect(next.map((j) => j.name)).toEqual(kinds);
    expect(next.every((j) => j.run_at > new Date().toISOString())).toBe(true);
  });
});
