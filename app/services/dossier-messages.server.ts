/**
 * Sending a dossier's rating link to the citizen: by email (SMTP_URL, the mail sender's
 * transport) and by Zalo ZNS or SMS through the agency's HTTP gateway (ZALO_GATEWAY_*, else
 * SMS_GATEWAY_*; contract in docs/decisions/020-dossiers.md). Each message is a row of
 * dossier_message and a 'dossier.link.send' job: every attempt is logged (job_attempt, and the
 * message's attempts and last error), failures are retried with back-off, at most
 * DOSSIER_MESSAGES_MAX messages per dossier (default 3), never in the quiet hours
 * (DOSSIER_QUIET_HOURS, default 21:00-07:00 Vietnam time). The job reads the contact when it
 * runs: once the link is used or expired the contact is erased and nothing is sent.
 */
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import {
  countDossierMessages,
  eraseExpiredContacts,
  findMessageToSend,
  insertDossierMessage,
  recordMessageAttempt,
  setMessageJob,
} from "#db/queries/dossiers";
import type { Database, Dossier } from "#db/schema";
import {
  DEFAULT_BODIES,
  fillTemplate,
  gatewayOutcome,
  localPhone,
  nextSendTime,
  parseQuietHours,
  readGateway,
  type GatewayConfig,
} from "~/domain/dossier-messages";
import { formatDate, t } from "~/utils/i18n";
import { defineJob, enqueue, type JobRun } from "./jobs.server";
import { ServiceError } from "./service-error.server";
import { deliverMail, mailSettings } from "./mail.server";

export type MessageChannel = "email" | "sms" | "zalo";

export interface QueuedMessage {
  channel: MessageChannel;
  /** queued: will be sent (at sendAt); limit_reached / not_configured: not sent. */
  status: "queued" | "limit_reached" | "not_configured";
  sendAt?: string;
}

function envInt(name: string, d: number): number {
  const v = Number(process.env[name] ?? d);
  return Number.isInteger(v) && v >= 0 ? v : d;
}

/** The gateway for a phone: Zalo ZNS when configured, else SMS; a misconfigured one is reported. */
export function phoneGateway(
  env: NodeJS.ProcessEnv = process.env,
): { channel: "sms" | "zalo"; config: GatewayConfig } | { problem: string } | null {
  for (const channel of ["zalo", "sms"] as const) {
    const prefix = channel === "zalo" ? "ZALO_GATEWAY" : "SMS_GATEWAY";
    const r = readGateway(
      env[`${prefix}_URL`],
      env[`${prefix}_HEADERS`],
      env[`${prefix}_BODY`],
      DEFAULT_BODIES[channel],
    );
    if (r.ok === true) return { channel, config: r.config };
    if (r.ok === false) return { problem: `${prefix}: ${r.problem}` };
  }
  return null;
}

/**
 * Queues the link's messages to the dossier's contact, in the caller's transaction (a message
 * exists only if the dossier's write commits). Returns what was decided per channel.
 */
export async function queueLinkMessages(
  trx: Kysely<Database> | Transaction<Database>,
  dossier: Dossier,
  now: Date,
  baseUrl: string,
): Promise<QueuedMessage[]> {
  const wanted: MessageChannel[] = [];
  const out: QueuedMessage[] = [];
  if (dossier.contact_email) {
    if (mailSettings().ready) wanted.push("email");
    else out.push({ channel: "email", status: "not_configured" });
  }
  if (dossier.contact_phone) {
    const g = phoneGateway();
    if (g && "channel" in g) wanted.push(g.channel);
    else out.push({ channel: "sms", status: "not_configured" });
  }
  if (wanted.length === 0) return out;
  const limit = envInt("DOSSIER_MESSAGES_MAX", 3);
  let sent = await countDossierMessages(trx, dossier.id);
  const sendAt = nextSendTime(now, parseQuietHours(process.env.DOSSIER_QUIET_HOURS));
  for (const channel of wanted) {
    if (sent >= limit) {
      out.push({ channel, status: "limit_reached" });
      continue;
    }
    sent += 1;
    const id = await insertDossierMessage(trx, {
      dossierId: dossier.id,
      channel,
      status: "queued",
      now: now.toISOString(),
    });
    const job = await enqueue(
      trx as Kysely<Database>,
      dossierLinkJob,
      { messageId: id, baseUrl },
      { runAt: sendAt, unitId: dossier.unit_id, uniqueKey: `dossier-message:${id}` },
    );
    await setMessageJob(trx, id, job.id);
    out.push({ channel, status: "queued", sendAt: sendAt.toISOString() });
  }
  return out;
}

const PayloadSchema = z.object({ messageId: z.string().min(1).max(64), baseUrl: z.string().url() });
type Payload = z.infer<typeof PayloadSchema>;

/** What the citizen reads (Vietnamese: the link is for the citizen, whatever the staff's language). */
function linkText(m: { code: string; unit_name: string; expires: string; url: string }) {
  return t("vi", "dossiers.message.text", {
    code: m.code,
    unit: m.unit_name,
    expires: m.expires,
    url: m.url,
  });
}

async function sendLink(p: Payload, job: JobRun): Promise<void> {
  const now = new Date();
  await eraseExpiredContacts(job.ctx.db, now.toISOString());
  const m = await findMessageToSend(job.ctx.db, p.messageId);
  if (!m || m.status === "sent" || m.status === "skipped") return;
  const to = m.channel === "email" ? m.contact_email : m.contact_phone;
  // Rated, expired or erased: nothing to send any more, and no contact to send it to.
  if (m.rated_at || m.link_expires_at <= now.toISOString() || !to) {
    await recordMessageAttempt(job.ctx.db, m.id, {
      status: "skipped",
      error: null,
      now: now.toISOString(),
    });
    return;
  }
  const quietEnd = nextSendTime(now, parseQuietHours(process.env.DOSSIER_QUIET_HOURS));
  if (quietEnd > now)
    throw new ServiceError(
      503,
      "dossiers.message.quiet",
      {},
      { retryAfterMs: quietEnd.getTime() - now.getTime() },
    );
  const url = `${p.baseUrl.replace(/\/+$/, "")}/s/${m.link_token}`;
  const expires = formatDate(m.link_expires_at);
  const text = linkText({ code: m.code, unit_name: m.unit_name, expires, url });
  try {
    if (m.channel === "email") {
      await deliverMail(
        {
          to: [to],
          cc: [],
          subject: t("vi", "dossiers.message.subject", { code: m.code }),
          text,
          attachments: [],
        },
        job,
      );
    } else {
      await postToGateway(
        m.channel,
        {
          phone: to,
          phoneLocal: localPhone(to),
          code: m.code,
          url,
          expires,
          unit: m.unit_name,
          message: text,
          messageId: m.id,
        },
        job.signal,
      );
    }
  } catch (e) {
    const last = job.attempt >= job.maxAttempts || (e instanceof ServiceError && e.permanent);
    await recordMessageAttempt(job.ctx.db, m.id, {
      status: last ? "failed" : "queued",
      error: (e as Error).message.slice(0, 500),
      now: new Date().toISOString(),
    });
    throw e;
  }
  await recordMessageAttempt(job.ctx.db, m.id, {
    status: "sent",
    error: null,
    now: new Date().toISOString(),
  });
}

/** A gateway that is set up wrong, or none for this channel: no later attempt would go through. */
const PERMANENT = { permanent: true };

async function postToGateway(
  channel: string,
  values: Parameters<typeof fillTemplate>[1],
  signal: AbortSignal,
) {
  const g = phoneGateway();
  if (!g) throw new ServiceError(503, "dossiers.message.noGateway");
  if ("problem" in g)
    throw new ServiceError(
      503,
      "dossiers.message.gatewaySetting",
      { problem: g.problem },
      PERMANENT,
    );
  if (g.channel !== channel)
    throw new ServiceError(503, "dossiers.message.noGateway", {}, PERMANENT);
  let res: Response;
  try {
    res = await fetch(g.config.url, {
      method: "POST",
      headers: g.config.headers,
      body: fillTemplate(g.config.body, values),
      redirect: "manual",
      signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]),
    });
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    throw new ServiceError(503, "dossiers.message.gatewayUnreachable", {
      error: (e as Error).message,
    });
  }
  const answer = (await res.text().catch(() => "")).slice(0, 300);
  const outcome = gatewayOutcome(res.status);
  if (outcome === "sent") return;
  const retryAfter = Number(res.headers.get("Retry-After"));
  throw new ServiceError(
    503,
    "dossiers.message.gatewayRefused",
    { status: res.status, answer },
    {
      permanent: outcome === "refused",
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    },
  );
}

export const dossierLinkJob = defineJob<Payload, Record<string, never>>({
  name: "dossier.link.send",
  payload: PayloadSchema,
  // The page shows no contact, no code: the dossier's message log has the details.
  summary: () => ({}),
  describe: (_s, tr) => tr("dossiers.message.describe"),
  // 1, 2, 4 … 60 minutes: about a day of retries.
  maxAttempts: 10,
  backoff: { baseSeconds: 60, maxSeconds: 3600 },
  timeoutSeconds: 120,
  run: sendLink,
});
