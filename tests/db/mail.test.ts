/**
 * Mail through the job runner to a real SMTP server on loopback (tests/fixtures/smtp.ts): a
 * Vietnamese message arrives with its attachment byte for byte; temporary refusals are
 * retried, refused recipients are not; without settings nothing is enqueued and the reason
 * is given.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppContext } from "~/services/context.server";
import { jobsPage } from "~/services/jobs-admin.server";
import { JobRunner } from "~/services/jobs.server";
import { MAIL_NOT_CONFIGURED, mailJob, mailSettings, sendMail } from "~/services/mail.server";
import { translator } from "~/utils/i18n";
import { freshContext } from "../fixtures/app";
import { startSmtp, type TestSmtp } from "../fixtures/smtp";
import { RECURRING_JOBS } from "~/services/job-handlers.server";

let ctx: AppContext;
let now: Date;
let smtp: TestSmtp | undefined;

beforeEach(async () => {
  ctx = (await freshContext()).ctx;
  now = new Date(Date.now() + 1000); // ahead of the real clock: what is enqueued now is due
  vi.stubEnv("MAIL_FROM", "Hài Lòng – Sở Y tế <khaosat@soyte.example.gov.vn>");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await smtp?.close();
  smtp = undefined;
});

const runner = () => new JobRunner(ctx, [mailJob], { clock: () => now, log: () => {} });
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const job = (id: string) =>
  ctx.db.selectFrom("job").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const attemptsOf = (id: string) =>
  ctx.db
    .selectFrom("job_attempt")
    .select(["outcome", "error"])
    .where("job_id", "=", id)
    .orderBy("started_at")
    .execute();

const message = {
  to: ["giam.doc@bvdk.example.gov.vn", "phong.qlcl@bvdk.example.gov.vn"],
  subject: "Báo cáo mức độ hài lòng quý III/2026 — Bệnh viện Đa khoa tỉnh",
  text: "Kính gửi Ban Giám đốc,\n\nSở Y tế gửi kèm báo cáo tỷ lệ hài lòng của người bệnh quý III/2026.\n",
  html: "<p>Kính gửi Ban Giám đốc,</p><p>Sở Y tế gửi kèm <strong>báo cáo</strong> quý III/2026.</p>",
};

describe("sending mail", () => {
  it("delivers a Vietnamese message with its attachment intact, signed in with the URL's account", async () => {
    smtp = await startSmtp({ auth: { user: "khaosat", pass: "mật khẩu:@/?" } });
    vi.stubEnv("SMTP_URL", smtp.url);
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(300_000)]);
    const { id } = await sendMail(ctx.db, {
      ...message,
      attachments: [
        { filename: "báo-cáo-quý-III-2026.pdf", contentType: "application/pdf", content: pdf },
        {
          filename: "so-lieu.csv",
          contentType: "text/csv",
          content: "đơn vị;tỷ lệ\nKhoa Nội;92,5\n",
        },
      ],
    });
    expect(await runner().runDue()).toMatchObject({ done: 1 });
    expect(smtp.accepted).toHaveLength(1);
    const m = smtp.accepted[0]!;
    expect(m.subject).toBe(message.subject);
    expect(m.text).toBe(message.text);
    expect(m.html).toContain("<strong>báo cáo</strong> quý III/2026");
    expect(m.from?.value).toEqual([
      { name: "Hài Lòng – Sở Y tế", address: "khaosat@soyte.example.gov.vn" },
    ]);
    expect(
      (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a!.value.map((v) => v.address)),
    ).toEqual(message.to);
    expect(m.messageId).toBe(`<${id}@soyte.example.gov.vn>`);
    expect(m.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["báo-cáo-quý-III-2026.pdf", "application/pdf"],
      ["so-lieu.csv", "text/csv"],
    ]);
    expect(sha(m.attachments[0]!.content)).toBe(sha(pdf));
    expect(m.attachments[1]!.content.toString("utf8")).toBe("đơn vị;tỷ lệ\nKhoa Nội;92,5\n");

    // Done: the addresses and files are gone from the job; the page still says what it was.
    expect(await job(id)).toMatchObject({ status: "done", payload: null });
    const page = await jobsPage(
      ctx,
      { id: "x", grants: [{ role: "admin", unitPath: "/x/" }] },
      "done",
      translator("vi"),
      now,
    );
    expect(page.jobs[0]!.description).toBe(
      `Gửi thư «${message.subject}» tới 2 người nhận, kèm tệp báo-cáo-quý-III-2026.pdf, so-lieu.csv`,
    );
  });

  it("retries a message the server refused for now, each attempt recorded", async () => {
    smtp = await startSmtp({
      fail: (n) => (n === 1 ? { code: 451, message: "Tạm thời không nhận thư" } : null),
    });
    vi.stubEnv("SMTP_URL", smtp.url);
    const { id } = await sendMail(ctx.db, message);
    expect(await runner().runDue()).toMatchObject({ retrying: 1 });
    const after = await job(id);
    expect(after).toMatchObject({ status: "queued", attempts: 1 });
    expect(after.last_error).toMatch(/^Máy chủ thư từ chối bức thư: 451/);
    // The mail kind's back-off: about a minute after the first failure.
    const wait = Date.parse(after.run_at) - now.getTime();
    expect(wait).toBeGreaterThanOrEqual(48_000);
    expect(wait).toBeLessThanOrEqual(72_000);
    now = new Date(Date.parse(after.run_at));
    expect(await runner().runDue()).toMatchObject({ done: 1 });
    expect(smtp.received).toHaveLength(2);
    expect(smtp.accepted).toHaveLength(1);
    expect((await attemptsOf(id)).map((a) => a.outcome)).toEqual(["error", "ok"]);
  });

  it("retries while the mail server is unreachable", async () => {
    smtp = await startSmtp();
    const port = smtp.port;
    await smtp.close();
    smtp = undefined;
    vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${port}`);
    const { id } = await sendMail(ctx.db, message);
    expect(await runner().runDue()).toMatchObject({ retrying: 1 });
    expect((await job(id)).last_error).toMatch(
      new RegExp(`^Không kết nối được máy chủ thư 127\\.0\\.0\\.1:${port}`),
    );
  });

  it("gives up at once on a recipient the server refuses", async () => {
    smtp = await startSmtp({ refuse: (a) => a.startsWith("khong.ton.tai@") });
    vi.stubEnv("SMTP_URL", smtp.url);
    const { id } = await sendMail(ctx.db, { ...message, to: ["khong.ton.tai@example.gov.vn"] });
    expect(await runner().runDue()).toMatchObject({ dead: 1 });
    const after = await job(id);
    expect(after).toMatchObject({ status: "dead", attempts: 1 });
    expect(after.last_error).toMatch(/^Máy chủ thư từ chối người gửi hoặc người nhận: .*550/);
    expect(smtp.received).toHaveLength(0);
  });
});

describe("mail settings", () => {
  it("says why mail cannot be sent, and enqueues nothing then", async () => {
    vi.stubEnv("SMTP_URL", "");
    expect(mailSettings()).toEqual({ ready: false, problem: "not_configured" });
    await expect(sendMail(ctx.db, message)).rejects.toMatchObject({
      status: 503,
      key: MAIL_NOT_CONFIGURED,
    });
    expect(await ctx.db.selectFrom("job").select("id").execute()).toEqual([]);

    vi.stubEnv("SMTP_URL", "http://mail.example.gov.vn");
    expect(mailSettings()).toMatchObject({ ready: false, problem: "bad_url" });
    vi.stubEnv("SMTP_URL", "smtps://u:bi-mat@mail.example.gov.vn");
    vi.stubEnv("MAIL_FROM", "");
    expect(mailSettings()).toEqual({
      ready: false,
      problem: "no_from",
      server: "mail.example.gov.vn:465",
    });
    vi.stubEnv("MAIL_FROM", "Hài Lòng");
    expect(mailSettings()).toMatchObject({ ready: false, problem: "bad_from" });
    vi.stubEnv("MAIL_FROM", "khaosat@example.gov.vn");
    const ready = mailSettings();
    expect(ready).toMatchObject({ ready: true, server: "mail.example.gov.vn:465" });
    expect(JSON.stringify(ready.ready && ready.server)).not.toContain("bi-mat");
  });

  it("refuses a message that is not valid, before anything is stored", async () => {
    vi.stubEnv("SMTP_URL", "smtp://127.0.0.1:1");
    await expect(sendMail(ctx.db, { ...message, to: ["không phải địa chỉ"] })).rejects.toThrow(
      "Địa chỉ thư không hợp lệ.",
    );
    await expect(
      sendMail(ctx.db, { ...message, subject: "Dòng 1\r\nBcc: x@y.vn" }),
    ).rejects.toThrow("Tiêu đề thư chỉ có một dòng.");
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    await expect(
      sendMail(ctx.db, {
        ...message,
        attachments: [
          { filename: "lon.bin", contentType: "application/octet-stream", content: big },
        ],
      }),
    ).rejects.toThrow("Tệp đính kèm quá lớn");
    expect(await ctx.db.selectFrom("job").select("id").execute()).toEqual([]);
  });
});

describe("npm run jobs -- --once", () => {
  it("sends what is due from a process of its own, says what it did, and exits", async () => {
    const { ctx: own, url } = await freshContext({ file: true });
    smtp = await startSmtp();
    vi.stubEnv("SMTP_URL", smtp.url);
    await sendMail(own.db, message);
    await sendMail(own.db, { ...message, subject: "Thư thứ hai" });
    // Asynchronously: the SMTP server answers from this process's event loop.
    const run = await promisify(execFile)("node_modules/.bin/tsx", ["scripts/jobs.ts", "--once"], {
      env: { ...process.env, DATABASE_URL: url },
      timeout: 60_000,
    });
    // The two mails, and one run of each recurring job (report schedules, alert rules), which
    // `--once` brings forward to now.
    expect(run.stdout).toContain(
      `jobs: ${2 + RECURRING_JOBS.length} done, 0 failed and will be retried, 0 failed for good`,
    );
    expect(smtp.accepted.map((m) => m.subject).sort()).toEqual([message.subject, "Thư thứ hai"]);
  }, 90_000);
});
