/**
 * Report schedules and alerts end to end, on the production server with a real SMTP server on
 * loopback; the jobs run by `npm run jobs -- --once`, as an operator's cron would (the server
 * runs none: JOBS_RUNNER=0). A manager of the demo's Sở Y tế makes a quarterly schedule in
 * Chromium and presses "Gửi thử ngay": the mail arrives with a PDF that opens and names the
 * last full quarter. Then a drop is seeded at a new counter, the manager adds a drop rule, and
 * two evaluations send exactly one alert. Screenshots: screenshots/schedules-*.png.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import { insertUnit } from "#db/queries/units";
import { toPeriod } from "~/domain/period";
import { reportPeriodLabel } from "~/domain/report-period";
import { lastFullPeriod, previousMonth } from "~/domain/schedules";
import { createAppContext, type AppContext } from "~/services/context.server";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { pdfText } from "../fixtures/pdf-text";
import { startSmtp, type TestSmtp } from "../fixtures/smtp";
import { launchBrowser } from "./browser";
import { envWithoutVitest, signInPage, startServer, type RunningServer } from "./server";

let smtp: TestSmtp;
let server: RunningServer;
let browser: Browser;
let page: Page;
let ctx: AppContext;
const MAIL_FROM = "Hài Lòng <khaosat@tinh.example.gov.vn>";

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, MAIL_FROM, JOBS_RUNNER: "0" });
  ctx = await createAppContext(server.databaseUrl);
  mkdirSync("screenshots", { recursive: true });
  browser = await launchBrowser();
  page = await browser.newPage({ locale: "vi-VN", viewport: { width: 1280, height: 900 } });
  await signInPage(page, server, "syt.quanly");
});

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
  await server?.stop();
  await smtp?.close();
});

/** `npm run jobs -- --once` on the server's database (tsx starts in ~10 s on a loaded machine). */
function runJobsOnce(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "scripts/jobs.ts", "--once"], {
      env: {
        ...envWithoutVitest(),
        DATABASE_URL: server.databaseUrl,
        SMTP_URL: smtp.url,
        MAIL_FROM,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (out += String(d)));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`jobs exited ${code}:\n${out}`)),
    );
  });
}

describe("a report schedule", () => {
  it("sends the last full quarter at once, its PDF naming the period, and records the sending", async () => {
    const base = server.baseUrl;
    await page.goto(`${base}/manage/schedules`);
    await page.getByText("Thư được gửi qua máy chủ thư 127.0.0.1").waitFor();
    await page.getByRole("link", { name: "Lập lịch gửi báo cáo mới" }).click();
    await page.waitForURL(`${base}/manage/schedules/new`);
    await page.getByLabel("Đơn vị được báo cáo").selectOption({ label: "Sở Y tế" });
    await page
      .getByLabel("Đợt khảo sát")
      .selectOption({ label: "Khảo sát hài lòng người bệnh ngoại trú (minh hoạ)" });
    await page.getByLabel("Hằng quý").check();
    await page.getByLabel(/Gửi vào ngày thứ mấy/).fill("5");
    await page
      .getByLabel(/Địa chỉ thư của người nhận/)
      .fill("giamdoc@soyte.example.gov.vn\nkhth@soyte.example.gov.vn");
    await page.getByRole("button", { name: "Lưu lịch gửi" }).click();
    await page.waitForURL(/\/manage\/schedules\/[0-9a-f-]{36}$/);
    const quarter = reportPeriodLabel(lastFullPeriod("quarter", new Date()));
    await page.getByText(`Gửi ngay báo cáo ${quarter}`).waitFor();
    await page.getByRole("button", { name: "Gửi thử ngay" }).click();
    await page.getByText(`Đã giao việc gửi báo cáo ${quarter}`).waitFor();
    await page.screenshot({ path: "screenshots/schedules-detail.png", fullPage: true });

    const out = await runJobsOnce();
    expect(out).toMatch(/jobs: [1-9]\d* done/);
    await smtp.acceptedCount(1, 60_000);
    const mail = smtp.accepted[0]!;
    expect(mail.subject).toMatch(
      new RegExp(`^Báo cáo kết quả khảo sát sự hài lòng ${quarter} — Sở Y tế`),
    );
    expect(mail.text).toContain(`${base}/dashboard?unit=`);
    const pdf = mail.attachments.find((a) => a.contentType === "application/pdf")!;
    expect(pdf.filename).toMatch(/^bao-cao-.+-\d{4}-Q[1-4]\.pdf$/);
    expect(pdf.content.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf.content).join("\n");
    expect(text).toContain(quarter);
    expect(text).toContain("Khảo sát hài lòng người bệnh ngoại trú");
    const xlsx = mail.attachments.find((a) => a.filename?.endsWith(".xlsx"))!;
    expect(xlsx.content.subarray(0, 2).toString()).toBe("PK");

    await page.reload();
    const row = page.getByRole("row", { name: new RegExp(quarter) });
    await expect(row.innerText()).resolves.toMatch(/Gửi thử, do .*\s+.*Đã gửi lúc/s);
    await page.screenshot({ path: "screenshots/schedules-history.png", fullPage: true });
  }, 300_000);
});

describe("an alert", () => {
  it("fires exactly once for a seeded drop, however often the rules are evaluated", async () => {
    // A counter of its own under the Department, with a quick-rating campaign: last month 40
    // of 40 satisfied, this month 20 of 40.
    const syt = await ctx.db
      .selectFrom("unit")
      .select("id")
      .where("code", "=", "T01-SYT")
      .executeTakeFirstOrThrow();
    const counter = await insertUnit(ctx.db, {
      code: "T01-SYT-QE2E",
      name: "Quầy tiếp nhận thử nghiệm",
      kind: "counter",
      sector: "administrative",
      parentId: syt.id,
    });
    const version = await ctx.db
      .selectFrom("questionnaire_version")
      .select("id")
      .where("slug", "=", "mot-cua-danh-gia-nhanh")
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    const campaign = await insertCampaign(ctx.db, {
      title: "Đánh giá nhanh tại quầy thử nghiệm",
      questionnaireVersionId: version.id,
      status: "open",
      opensAt: "2020-01-01T00:00:00.000Z",
      closesAt: "2100-01-01T00:00:00.000Z",
      targetPct: 90,
      channels: ["qr"],
      minN: 30,
      scopeUnitIds: [counter.id],
    });
    const link = await insertAccessLink(ctx.db, {
      campaignId: campaign.id,
      unitId: counter.id,
      channel: "qr",
    });
    const now = new Date();
    const last = previousMonth(toPeriod(now));
    const lastMonth = new Date(`${last}-15T03:00:00Z`);
    const noLimit = new RateLimiter(0);
    for (let i = 0; i < 80; i++) {
      const thisMonth = i >= 40;
      const r = await submitResponse(
        ctx,
        {
          id: randomUUID(),
          token: link.token,
          answers: { danh_gia_tong_the: thisMonth && i % 2 ? 0 : 2 },
        },
        {
          limiter: noLimit,
          now: new Date((thisMonth ? now.getTime() - 3_600_000 : lastMonth.getTime()) + i * 1000),
        },
      );
      expect(r.status).toBe(201);
    }

    const base = server.baseUrl;
    await page.goto(`${base}/manage/alerts`);
    await page.getByLabel("Đơn vị được theo dõi").selectOption(counter.id);
    await page.getByLabel("Tỷ lệ hài lòng giảm rõ rệt so với kỳ trước").check();
    await page.getByLabel(/Xét tỷ lệ của/).selectOption("month");
    await page.getByLabel(/Gửi thư ngay/).check();
    await page.getByLabel(/Địa chỉ thư của người nhận/).fill("truongquay@soyte.example.gov.vn");
    await page.getByRole("button", { name: "Thêm quy tắc" }).click();
    await page.getByText("Đã thêm quy tắc cảnh báo.").waitFor();

    const before = smtp.accepted.length;
    await runJobsOnce();
    await runJobsOnce();
    const alerts = () =>
      smtp.accepted.slice(before).filter((m) => m.subject?.startsWith("Cảnh báo"));
    for (let i = 0; i < 100 && alerts().length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(alerts().map((m) => m.subject)).toEqual([
      "Cảnh báo: tỷ lệ hài lòng giảm rõ rệt — Quầy tiếp nhận thử nghiệm",
    ]);
    expect(alerts()[0]!.text).toMatch(/giảm từ 100,0 % .* xuống 50,0 %/);

    await page.goto(`${base}/manage/alerts`);
    const log = page.getByRole("row", { name: /Quầy tiếp nhận thử nghiệm.*giảm từ 100,0 %/ });
    await expect(log.count()).resolves.toBe(1);
    await expect(log.innerText()).resolves.toContain("Đã gửi");
    await page.screenshot({ path: "screenshots/schedules-alerts.png", fullPage: true });
  }, 300_000);
});
