/**
 * Mail: one sender for every feature (scheduled reports, alerts, rating links, replies to
 * citizens). `sendMail` checks a message and enqueues it as a 'mail.send' job, inside the
 * caller's transaction when given one; the job runner hands it to the SMTP server of
 * SMTP_URL (nodemailer), each attempt recorded, retried with back-off, dead after the last.
 * Without SMTP_URL and MAIL_FROM, `mailSettings()` says so and `sendMail` refuses, so a page
 * can say "chưa cấu hình gửi thư" and offer the files for download instead.
 */
import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import addressparser from "nodemailer/lib/addressparser";
import { z } from "zod";
import type { Database } from "#db/schema";
import type { MailStatus } from "~/domain/mail-status";
import { defineJob, enqueue, type EnqueueOptions, type JobRun } from "./jobs.server";
import { ServiceError } from "./service-error.server";
import type { MessageKey } from "~/utils/i18n";

export type MailProblem = "not_configured" | "bad_url" | "no_from" | "bad_from";

export type MailSettings =
  | {
      ready: true;
      url: string;
      /** As written: "Hài Lòng <khaosat@example.gov.vn>". */
      from: string;
      fromAddress: string;
      /** host:port, for pages and logs (the URL may hold a password). */
      server: string;
    }
  | { ready: false; problem: MailProblem; server?: string };

/** SMTP_URL and MAIL_FROM, checked. Read at each call: no restart needed in tests. */
export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return { ready: false, problem: "not_configured" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ready: false, problem: "bad_url" };
  }
  if (!["smtp:", "smtps:"].includes(url.protocol) || !url.hostname)
    return { ready: false, problem: "bad_url" };
  const server = `${url.hostname}:${url.port || (url.protocol === "smtps:" ? 465 : 587)}`;
  const from = env.MAIL_FROM?.trim();
  if (!from) return { ready: false, problem: "no_from", server };
  const parsed = addressparser(from, { flatten: true });
  const fromAddress = parsed.length === 1 ? parsed[0]!.address : "";
  if (!z.string().email().safeParse(fromAddress).success)
    return { ready: false, problem: "bad_from", server };
  return { ready: true, url: raw, from, fromAddress, server };
}

/** The settings as a page shows them (never the URL, which may hold a password). */
export function mailStatus(): MailStatus {
  const m = mailSettings();
  return m.ready
    ? { ready: true, server: m.server, from: m.fromAddress }
    : { ready: false, problem: m.problem };
}

export const MAIL_NOT_CONFIGURED = "mail.failure.notConfigured" satisfies MessageKey;

/** The server has no mail settings (503: they may be set and the server restarted). */
const notConfigured = (problem: MailProblem) =>
  new ServiceError(503, MAIL_NOT_CONFIGURED, {
    setting: problem === "not_configured" ? "SMTP_URL" : problem,
  });

/** Decoded bytes of all attachments of one message: SMTP servers commonly refuse over 10–25 MB. */
export const MAIL_ATTACHMENTS_MAX_BYTES = 10 * 1024 * 1024;

const address = z.string().trim().max(254).email("Địa chỉ thư không hợp lệ.");
const oneLine = /^[^\r\n]*$/;

const AttachmentSchema = z.object({
  filename: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\\u0000-\u001f]+$/, "Tên tệp đính kèm không hợp lệ."),
  contentType: z
    .string()
    .max(100)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, "Kiểu tệp đính kèm không hợp lệ."),
  contentBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
});

const base64Bytes = (b64: string) =>
  Math.floor((b64.length * 3) / 4) - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0);

/** A message as stored in its job. */
export const MailPayloadSchema = z
  .object({
    to: z.array(address).min(1).max(50),
    cc: z.array(address).max(50),
    replyTo: address.optional(),
    subject: z.string().trim().min(1).max(300).regex(oneLine, "Tiêu đề thư chỉ có một dòng."),
    text: z.string().max(200_000),
    html: z.string().max(1_000_000).optional(),
    attachments: z.array(AttachmentSchema).max(20),
  })
  .refine(
    (m) =>
      m.attachments.reduce((n, a) => n + base64Bytes(a.contentBase64), 0) <=
      MAIL_ATTACHMENTS_MAX_BYTES,
    { message: "Tệp đính kèm quá lớn (tối đa 10 MB cho một thư)." },
  );
export type MailPayload = z.infer<typeof MailPayloadSchema>;

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array | string;
}

/**
 * What a caller sends: plain text always (mail readers without HTML), HTML if wanted — escape
 * whatever the HTML interpolates (a unit's name, a citizen's comment) as a page would.
 */
export interface MailMessage {
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface MailSummary {
  subject: string;
  recipients: number;
  attachments: string[];
}

/** Messages from SMTP errors, in Vietnamese, with the server's own words kept at the end. */
function mailError(e: unknown, server: string): ServiceError {
  const err = e as { code?: string; responseCode?: number; response?: string; message?: string };
  const detail = (err.response ?? err.message ?? String(e)).slice(0, 500);
  const permanent =
    (err.code === "EENVELOPE" || err.code === "EMESSAGE") &&
    typeof err.responseCode === "number" &&
    err.responseCode >= 500;
  const key = ((): MessageKey => {
    switch (err.code) {
      case "ECONNECTION":
      case "ESOCKET":
      case "ETIMEDOUT":
      case "EDNS":
        return "mail.failure.connection";
      case "ETLS":
        return "mail.failure.tls";
      case "EAUTH":
      case "ENOAUTH":
        return "mail.failure.auth";
      case "EENVELOPE":
        return "mail.failure.envelope";
      case "EMESSAGE":
        return "mail.failure.message";
      default:
        return "mail.failure.other";
    }
  })();
  return new ServiceError(permanent ? 422 : 503, key, { server, detail }, { permanent });
}

/** Hands one message to SMTP_URL's server now (the mail job's attempt; dossier links use it too). */
export async function deliverMail(m: MailPayload, job: JobRun): Promise<void> {
  const settings = mailSettings();
  // Configured when enqueued, not now (a restart without it): wait for it to come back.
  if (!settings.ready) throw notConfigured(settings.problem);
  const transport = nodemailer.createTransport({
    url: settings.url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  try {
    const domain = settings.fromAddress.split("@")[1];
    await transport.sendMail({
      from: settings.from,
      to: m.to,
      cc: m.cc,
      replyTo: m.replyTo,
      subject: m.subject,
      text: m.text,
      html: m.html,
      attachments: m.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.contentBase64, "base64"),
      })),
      // The same id at every attempt: a message sent twice (the process died between the
      // server's answer and the job's record) is recognisable as one.
      messageId: `<${job.id}@${domain}>`,
      signal: job.signal,
    });
  } catch (e) {
    if (job.signal.aborted) throw job.signal.reason;
    throw mailError(e, settings.server);
  } finally {
    transport.close();
  }
}

export const mailJob = defineJob<MailPayload, MailSummary>({
  name: "mail.send",
  payload: MailPayloadSchema,
  summary: (m) => ({
    subject: m.subject,
    recipients: m.to.length + m.cc.length,
    attachments: m.attachments.map((a) => a.filename),
  }),
  describe: (s, t) =>
    s.attachments.length > 0
      ? t("jobs.mail.describeFiles", {
          subject: s.subject,
          n: s.recipients,
          files: s.attachments.join(", "),
        })
      : t("jobs.mail.describe", { subject: s.subject, n: s.recipients }),
  // 1, 2, 4 … 60 minutes: about two hours of retries before the job is dead.
  maxAttempts: 8,
  backoff: { baseSeconds: 60, maxSeconds: 3600 },
  timeoutSeconds: 180,
  run: deliverMail,
});

/**
 * Enqueues a message (in `db`, a transaction or not). Throws MAIL_NOT_CONFIGURED when the server
 * has no mail settings, and a ZodError (with Vietnamese messages) for a message that is not
 * valid. Returns the job's id.
 */
export async function sendMail(
  db: Kysely<Database>,
  message: MailMessage,
  opts: EnqueueOptions = {},
): Promise<{ id: string; created: boolean }> {
  const settings = mailSettings();
  if (!settings.ready) throw notConfigured(settings.problem);
  return enqueue(
    db,
    mailJob,
    {
      to: message.to,
      cc: message.cc ?? [],
      replyTo: message.replyTo,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        contentBase64: Buffer.from(a.content).toString("base64"),
      })),
    },
    opts,
  );
}
