/**
 * Closing the loop in the production build, in Chromium, with a real SMTP server on loopback:
 * a citizen's complaint (a "Không hài lòng" with a comment and an email address, sent through
 * the API) is taken up from the comments page by the Department of Health's manager, answered
 * by email (the message arrives), and closed; the audit log holds each step.
 * Screenshots: screenshots/cases-*.png.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import { findUnitByCode } from "#db/queries/unit-tree";
import { loadCatalog } from "~/services/catalog.server";
import { createAppContext, type AppContext } from "~/services/context.server";
import { startSmtp, type TestSmtp } from "../fixtures/smtp";
import { launchBrowser } from "./browser";
import { signInPage, startServer, type RunningServer } from "./server";

const EMAIL = "tran.thi.b@example.vn";
const COMMENT = "Chờ hai tiếng ở Khoa Khám bệnh mà không ai hướng dẫn.";
const REPLY = "Bệnh viện xin lỗi Bà và đã bố trí thêm người hướng dẫn tại Khoa Khám bệnh.";

let smtp: TestSmtp;
let server: RunningServer;
let ctx: AppContext;
let campaignId: string;
let unitId: string;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({
    SMTP_URL: smtp.url,
    MAIL_FROM: "Bệnh viện Đa khoa tỉnh <khaosat@bvdk.example.gov.vn>",
    JOBS_POLL_SECONDS: "0.2",
  });
  ctx = await createAppContext(server.databaseUrl);
  // A campaign that is not anonymous, whose form asks (optionally) how to reach the citizen.
  const versions = await loadCatalog(ctx.db, resolve(__dirname, "../fixtures/case-surveys"));
  const version = versions.find((v) => v.slug === "contact-form")!.version;
  const hospital = (await findUnitByCode(ctx.db, "T01-BVDK"))!;
  unitId = hospital.id;
  campaignId = (
    await insertCampaign(ctx.db, {
      title: "Góp ý của người bệnh",
      questionnaireVersionId: version.id,
      status: "open",
      opensAt: "2020-01-01T00:00:00.000Z",
      closesAt: "2100-01-01T00:00:00.000Z",
      targetPct: 90,
      channels: ["link"],
      minN: 1,
      scopeUnitIds: [hospital.id],
      anonymous: false,
    })
  ).id;
  const link = await insertAccessLink(ctx.db, { campaignId, unitId, channel: "link" });
  const res = await fetch(`${server.baseUrl}/api/v1/responses`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      id: randomUUID(),
      token: link.token,
      answers: { q1: 1, comment: COMMENT, fullname: "Trần Thị B", email: EMAIL },
      startedAt: new Date().toISOString(),
      locale: "vi",
    }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await ctx?.close();
  await server?.stop();
  await smtp?.close();
});

describe("a follow-up case in the browser", () => {
  it("is taken up from the comments page, answered by email, closed, and audited", async () => {
    mkdirSync("screenshots", { recursive: true });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({
        locale: "vi-VN",
        viewport: { width: 1280, height: 900 },
      });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await signInPage(page, server, "syt.quanly");
      await page.goto(`${server.baseUrl}/dashboard/comments?campaign=${campaignId}&unit=${unitId}`);
      const row = page.getByRole("row", { name: new RegExp(COMMENT) });
      await row.getByRole("link", { name: "Tiếp nhận xử lý" }).click();
      await page.waitForURL(/\/manage\/cases\/new\?response=/);
      await page.getByText("Người dân để lại địa chỉ thư điện tử").waitFor();
      // The address itself is not shown before the case exists.
      expect(await page.content()).not.toContain(EMAIL);
      await page.screenshot({ path: "screenshots/cases-new.png", fullPage: true });
      await page
        .getByLabel("Giao cho")
        .selectOption({ label: "Cán bộ quản lý Sở Y tế (minh hoạ) (syt.quanly)" });
      await page.getByRole("button", { name: "Tiếp nhận", exact: true }).click();
      await page.waitForURL(/\/manage\/cases\/[0-9a-f-]{36}\?done=opened$/);
      const caseId = new URL(page.url()).pathname.split("/").pop()!;
      await page.getByText("Đã tiếp nhận phản ánh.").waitFor();
      await page.getByText(EMAIL).waitFor();

      await page.getByLabel("Nội dung trả lời").fill(REPLY);
      expect(await page.getByLabel("thư điện tử").isChecked()).toBe(true);
      await page.getByRole("button", { name: "Gửi / ghi nhận trả lời" }).click();
      await page.getByText("Đã giao thư cho máy chủ gửi").waitFor();
      await smtp.acceptedCount(1, 30_000);
      const mail = smtp.accepted[0]!;
      expect((Array.isArray(mail.to) ? mail.to : [mail.to])[0]!.value[0]!.address).toBe(EMAIL);
      expect(mail.text).toContain(REPLY);
      // The server records the delivery just after the mail server's answer.
      for (let i = 0; i < 50; i++) {
        await page.reload();
        if (await page.getByText("Thư đã được máy chủ thư nhận.").count()) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await page.getByText("Thư đã được máy chủ thư nhận.").waitFor();
      await page.screenshot({ path: "screenshots/cases-replied.png", fullPage: true });

      await page.locator('select[name="outcome"]').selectOption({ label: "Đã khắc phục" });
      await page.getByRole("button", { name: "Kết thúc", exact: true }).click();
      await page.getByText("Đã kết thúc phản ánh.").waitFor();
      await page.getByText("Phản ánh đã kết thúc: không thay đổi được nữa.").waitFor();
      await page.screenshot({ path: "screenshots/cases-closed.png", fullPage: true });

      await page.goto(`${server.baseUrl}/manage/cases/summary`);
      const summary = page.getByRole("row", { name: /Bệnh viện Đa khoa tỉnh/ });
      // Taken up 1, closed 1, in time 1 (100 %), open 0, overdue 0, closed within the hour.
      await expect(summary.innerText()).resolves.toMatch(
        /^Bệnh viện Đa khoa tỉnh\s+1\s+1\s+1 \(100,0 % số đã tiếp nhận\)\s+0\s+0\s+0,\d giờ$/,
      );
      await page.screenshot({ path: "screenshots/cases-summary.png", fullPage: true });
      expect(errors).toEqual([]);

      const audit = await ctx.db
        .selectFrom("audit_log")
        .select(["action", "after"])
        .where("entity_id", "=", caseId)
        .orderBy("id")
        .execute();
      expect(audit.map((a) => a.action)).toEqual(["case.open", "case.reply", "case.close"]);
      expect(JSON.stringify(audit)).not.toContain(EMAIL);
    } finally {
      await browser.close();
    }
  });
});
