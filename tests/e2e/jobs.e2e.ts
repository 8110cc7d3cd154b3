/**
 * A background job survives a crash: the production server starts sending a mail job to a
 * real SMTP server on loopback, which reads the message and holds its answer; the server is
 * killed (SIGKILL) mid-send and started again on the same database. Once the dead process's
 * lease expires the job runs again, the message is delivered exactly once (the same
 * Message-ID both times), and nothing runs it again afterwards. Then the administrator reads
 * the job and its two attempts on /admin/jobs in Chromium (screenshots/jobs-*.png).
 */
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAppContext, type AppContext } from "~/services/context.server";
import { sendMail } from "~/services/mail.server";
import { startSmtp, type TestSmtp } from "../fixtures/smtp";
import { launchBrowser } from "./browser";
import { signInPage, startServer, type RunningServer } from "./server";

let smtp: TestSmtp;
let server: RunningServer | undefined;
let firstOutput = "";
let ctx: AppContext | undefined;

const SUBJECT = "Báo cáo tháng 11/2026 — Sở Y tế";

beforeAll(async () => {
  // The first message is read but never answered: the sender waits, mid-send, until killed.
  smtp = await startSmtp({ hold: (n) => n === 1 });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await ctx?.close();
  await server?.stop();
  await smtp?.close();
});

function env(databaseUrl?: string): Record<string, string> {
  return {
    SMTP_URL: smtp.url,
    MAIL_FROM: "Hài Lòng <khaosat@soyte.example.gov.vn>",
    JOBS_POLL_SECONDS: "0.2",
    JOBS_LEASE_SECONDS: "2",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

const jobRow = (id: string) =>
  ctx!.db.selectFrom("job").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("a mail job and a SIGKILL", () => {
  let jobId: string;

  it("is delivered exactly once after the server is killed mid-send and restarted", async () => {
    server = await startServer(env());
    firstOutput = server.output();
    ctx = await createAppContext(server.databaseUrl);
    vi.stubEnv("SMTP_URL", smtp.url);
    vi.stubEnv("MAIL_FROM", "khaosat@soyte.example.gov.vn");
    jobId = (
      await sendMail(ctx.db, {
        to: ["giam.doc@bvdk.example.gov.vn"],
        subject: SUBJECT,
        text: "Kính gửi Ban Giám đốc, báo cáo tháng 11/2026 đính kèm.",
        attachments: [
          { filename: "bao-cao.csv", contentType: "text/csv", content: "đơn vị;tỷ lệ\n" },
        ],
      })
    ).id;

    // The server's runner picked it up and is mid-send: the SMTP server holds its answer.
    await smtp.receivedCount(1);
    expect(await jobRow(jobId)).toMatchObject({ status: "running", attempts: 1 });
    expect(smtp.accepted).toHaveLength(0);
    await server.kill("SIGKILL");

    server = await startServer(env(server.databaseUrl));
    await smtp.acceptedCount(1, 30_000);
    // The server records the attempt just after the mail server's answer.
    for (let i = 0; i < 100 && (await jobRow(jobId)).status === "running"; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await jobRow(jobId)).toMatchObject({ status: "done", attempts: 2 });
    const attempts = await ctx.db
      .selectFrom("job_attempt")
      .select(["attempt", "outcome"])
      .where("job_id", "=", jobId)
      .orderBy("attempt")
      .execute();
    expect(attempts).toEqual([
      { attempt: 1, outcome: "lost" },
      { attempt: 2, outcome: "ok" },
    ]);
    expect(smtp.accepted[0]!.subject).toBe(SUBJECT);
    expect(smtp.accepted[0]!.attachments[0]!.content.toString("utf8")).toBe("đơn vị;tỷ lệ\n");
    // Both sends carried one Message-ID: a mail system can tell the repeat for what it is.
    const messageId = `<${jobId}@soyte.example.gov.vn>`;
    expect(smtp.accepted[0]!.messageId).toBe(messageId);
    expect(smtp.received[0]!.toString("utf8")).toContain(`Message-ID: ${messageId}`);

    // Several polls and a whole lease later, nothing has run it again.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(smtp.received).toHaveLength(2);
    expect(smtp.accepted).toHaveLength(1);
    expect((await jobRow(jobId)).attempts).toBe(2);
  });

  it("shows the job and both attempts to the administrator, in words", async () => {
    mkdirSync("screenshots", { recursive: true });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({
        locale: "vi-VN",
        viewport: { width: 1280, height: 900 },
      });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await signInPage(page, { ...server!, output: () => firstOutput }, "quantri");
      await page.goto(`${server!.baseUrl}/admin`);
      await page.getByRole("link", { name: "Việc chạy nền" }).click();
      await page.waitForURL(`${server!.baseUrl}/admin/jobs`);
      await page.getByText("Gửi thư: qua máy chủ thư 127.0.0.1").waitFor();
      await page.getByRole("link", { name: "Đã xong (1)" }).click();
      await page.waitForURL(/state=done/);
      const row = page.getByRole("row", { name: new RegExp(SUBJECT) });
      await expect(row.innerText()).resolves.toMatch(/Đã xong[\s\S]*2 trên tối đa 8/);
      await page.screenshot({ path: "screenshots/jobs-list.png", fullPage: true });
      await row.getByRole("link").click();
      await page.waitForURL(/\/admin\/jobs\/[0-9a-f-]{36}$/);
      // The URL changes before the job's page has rendered: wait for its heading, not read it.
      await page
        .getByRole("heading", {
          level: 1,
          name: `Gửi thư «${SUBJECT}» tới 1 người nhận, kèm tệp bao-cao.csv`,
          exact: true,
        })
        .waitFor();
      await page.getByRole("cell", { name: "Tiến trình dừng giữa chừng" }).waitFor();
      await page.getByRole("cell", { name: "Thành công" }).waitFor();
      await page.screenshot({ path: "screenshots/jobs-detail.png", fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
