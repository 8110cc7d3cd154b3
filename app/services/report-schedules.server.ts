/**
 * Report schedules (issue 17, item 2): a manager's subtree (and one campaign, or every campaign
 * with responses there), a period kind, recipients and formats. The dispatcher, a recurring job,
 * enqueues a 'report.send' job when a period's report is due, keyed on schedule and period so
 * it is sent once; "Gửi thử ngay" enqueues one for the last full period at once. The job builds
 * the files (the PDF report, the XLSX export), writes the Vietnamese mail and hands it to the
 * mail job in one transaction with the sending's record. See docs/decisions/018.
 */
import { z } from "zod";
import { insertAudit } from "#db/queries/audit";
import { listCampaignScope } from "#db/queries/campaigns";
import {
  deleteSchedule,
  findSchedule,
  findSending,
  finishSending,
  insertSchedule,
  insertSending,
  listActiveSchedules,
  listCampaignsWithResponses,
  listSchedulesUnder,
  listSendings,
  setSchedulePaused,
  type ScheduleRow,
} from "#db/queries/schedules";
import { uuidv7 } from "#db/ids";
import { inTransaction } from "#db/transaction";
import { findUnit } from "#db/queries/units";
import { isInside } from "~/domain/access";
import { reportPeriodLabel, type ReportPeriod } from "~/domain/report-period";
import {
  duePeriod,
  lastFullPeriod,
  nextSending,
  parsePeriodKey,
  parseRecipients,
  periodKey,
  REPORT_FORMATS,
  SCHEDULE_PERIODS,
  SEND_DAY_MAX,
  SEND_DAY_MIN,
  type ReportFormat,
  type SchedulePeriod,
} from "~/domain/schedules";
import { formatPercent, translator, type MessageKey, type Translate } from "~/utils/i18n";
import "~/utils/i18n-staff";
import type { AppContext } from "./context.server";
import { resolveExport, type ResolvedExport } from "./export.server";
import { xlsxStream } from "./export-xlsx.server";
import { defineJob, enqueue, type JobRun } from "./jobs.server";
import {
  mailSettings,
  MAIL_ATTACHMENTS_MAX_BYTES,
  sendMail,
  type MailAttachment,
} from "./mail.server";
import { defineRecurring, minutesFromEnv } from "./recurring.server";
import { PDF_UNAVAILABLE, renderReportPdf } from "./report-pdf.server";
import type { ReportData } from "~/domain/report-view";
import { buildReport } from "./report.server";
import {
  assertReach,
  invalidInput,
  isServiceError,
  loadActor,
  pathsWith,
  ServiceError,
  type Actor,
} from "./service-error.server";

const PERMISSION = "campaigns.manage" as const;
/** Campaigns in one sending of an "every campaign" schedule. */
export const CAMPAIGNS_PER_SENDING = 10;

// ---------------------------------------------------------------- the form

export const scheduleFormSchema = z.object({
  unitId: z.string().min(1, "schedules.error.unit").max(64),
  campaignId: z.string().max(64).default(""),
  periodKind: z.enum(SCHEDULE_PERIODS, { message: "schedules.error.period" }),
  sendDay: z.coerce
    .number({ message: "schedules.error.sendDay" })
    .int("schedules.error.sendDay")
    .min(SEND_DAY_MIN, "schedules.error.sendDay")
    .max(SEND_DAY_MAX, "schedules.error.sendDay"),
  recipients: z.string().max(10_000),
  formats: z.array(z.enum(REPORT_FORMATS)).min(1, "schedules.error.formats"),
});
/** The form as sent (checked by the schema). */
export type ScheduleForm = { [K in keyof z.input<typeof scheduleFormSchema>]?: unknown };

/** Addresses checked: a ServiceError that names the ones that are not addresses. */
export function checkedRecipients(text: string): string[] {
  const r = parseRecipients(text);
  if (r.ok) return r.addresses;
  if (r.problem === "invalid")
    throw new ServiceError(400, "schedules.error.recipientsInvalid", {
      list: r.invalid.slice(0, 5).join(", "),
    });
  throw new ServiceError(
    400,
    r.problem === "none" ? "schedules.error.recipientsNone" : "schedules.error.recipientsMany",
  );
}

/** Does the campaign's scope meet the subtree at `path` (a root inside it, or above it)? */
async function campaignMeets(ctx: AppContext, campaignId: string, path: string) {
  const scope = await listCampaignScope(ctx.db, campaignId);
  return scope.some((r) => isInside(r.path, path) || isInside(path, r.path));
}

export async function createSchedule(
  ctx: AppContext,
  who: string | Actor,
  input: ScheduleForm,
  baseUrl: string,
): Promise<string> {
  const actor = await loadActor(ctx, who);
  const parsed = scheduleFormSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const f = parsed.data;
  const unit = await findUnit(ctx.db, f.unitId);
  assertReach(actor, PERMISSION, unit?.path);
  if (f.campaignId && !(await campaignMeets(ctx, f.campaignId, unit!.path)))
    throw new ServiceError(400, "schedules.error.campaign");
  const recipients = checkedRecipients(f.recipients);
  const now = new Date().toISOString();
  return inTransaction(ctx.db, async (trx) => {
    const id = await insertSchedule(trx, {
      unitId: unit!.id,
      campaignId: f.campaignId || null,
      periodKind: f.periodKind,
      sendDay: f.sendDay,
      recipients,
      formats: [...new Set(f.formats)],
      baseUrl,
      createdBy: actor.id,
      now,
    });
    await insertAudit(trx, {
      userId: actor.id,
      action: "create",
      entity: "report_schedule",
      entityId: id,
      after: {
        campaignId: f.campaignId || null,
        periodKind: f.periodKind,
        sendDay: f.sendDay,
        recipients,
        formats: f.formats,
      },
      unitId: unit!.id,
    });
    return id;
  });
}

// ---------------------------------------------------------------- reading

export interface ScheduleView {
  id: string;
  unitId: string;
  unitName: string;
  campaignId: string | null;
  campaignTitle: string | null;
  periodKind: SchedulePeriod;
  sendDay: number;
  recipients: string[];
  formats: ReportFormat[];
  paused: boolean;
  createdBy: string;
  createdAt: string;
  /** The next report by itself: its period in words and when it goes out; null when paused. */
  next: { period: string; at: string } | null;
  /** "Gửi thử ngay" sends this period. */
  lastFull: { key: string; label: string };
}

function toView(s: ScheduleRow, now: Date): ScheduleView {
  const kind = s.period_kind as SchedulePeriod;
  const timing = { kind, sendDay: s.send_day, createdAt: new Date(s.created_at) };
  const next = nextSending(timing, now);
  const last = lastFullPeriod(kind, now);
  return {
    id: s.id,
    unitId: s.unit_id,
    unitName: s.unit_name,
    campaignId: s.campaign_id,
    campaignTitle: s.campaign_title ?? null,
    periodKind: kind,
    sendDay: s.send_day,
    recipients: JSON.parse(s.recipients) as string[],
    formats: JSON.parse(s.formats) as ReportFormat[],
    paused: s.paused_at !== null,
    createdBy: s.created_by_name,
    createdAt: s.created_at,
    next: s.paused_at
      ? null
      : { period: reportPeriodLabel(next.period), at: next.at.toISOString() },
    lastFull: { key: periodKey(last), label: reportPeriodLabel(last) },
  };
}

export async function listSchedules(ctx: AppContext, who: string | Actor, now = new Date()) {
  const actor = await loadActor(ctx, who);
  const rows = await listSchedulesUnder(ctx.db, pathsWith(actor, PERMISSION));
  return rows.map((r) => toView(r, now));
}

/** 404 unless the schedule is inside the actor's subtrees. */
async function reachSchedule(ctx: AppContext, actor: Actor, id: string) {
  const s = await findSchedule(ctx.db, id);
  assertReach(actor, PERMISSION, s?.unit_path);
  return s!;
}

export type SendingState = "preparing" | "sending" | "sent" | "failed";

export interface SendingView {
  id: string;
  period: string;
  trigger: "schedule" | "now";
  requestedBy: string | null;
  createdAt: string;
  state: SendingState;
  /** When the mail server took it. */
  sentAt: string | null;
  error: string | null;
  recipients: string[];
  files: string[];
}

/** What a sending's record and its two jobs say, as one state. */
export function sendingState(r: {
  status: string;
  error: string | null;
  job_status: string | null;
  job_error: string | null;
  mail_status: string | null;
  mail_error: string | null;
}): { state: SendingState; error: string | null } {
  if (r.status === "failed") return { state: "failed", error: r.error };
  if (r.status === "preparing") {
    if (r.job_status === "dead" || r.job_status === "cancelled")
      return { state: "failed", error: r.job_error };
    return { state: "preparing", error: r.job_error };
  }
  if (r.mail_status === "done") return { state: "sent", error: null };
  if (r.mail_status === "dead" || r.mail_status === "cancelled")
    return { state: "failed", error: r.mail_error };
  return { state: "sending", error: r.mail_error };
}

export async function scheduleDetail(
  ctx: AppContext,
  who: string | Actor,
  id: string,
  now = new Date(),
) {
  const actor = await loadActor(ctx, who);
  const s = await reachSchedule(ctx, actor, id);
  const sendings: SendingView[] = (await listSendings(ctx.db, s.id)).map((r) => {
    const { state, error } = sendingState(r);
    const period = parsePeriodKey(r.period);
    return {
      id: r.id,
      period: period ? reportPeriodLabel(period) : r.period,
      trigger: r.trigger === "now" ? "now" : "schedule",
      requestedBy: r.requested_by_name ?? null,
      createdAt: r.created_at,
      state,
      sentAt: state === "sent" ? (r.mail_finished_at ?? null) : null,
      error,
      recipients: JSON.parse(r.recipients) as string[],
      files: r.files ? (JSON.parse(r.files) as string[]) : [],
    };
  });
  const last = lastFullPeriod(s.period_kind as SchedulePeriod, now);
  const campaigns = await reportCampaigns(ctx, s, last);
  return { schedule: toView(s, now), sendings, downloads: campaigns };
}

// ---------------------------------------------------------------- changing

export async function sendNow(ctx: AppContext, who: string | Actor, id: string, now = new Date()) {
  const actor = await loadActor(ctx, who);
  const s = await reachSchedule(ctx, actor, id);
  const settings = mailSettings();
  if (!settings.ready) throw new ServiceError(409, "schedules.error.noMail");
  const period = lastFullPeriod(s.period_kind as SchedulePeriod, now);
  await inTransaction(ctx.db, async (trx) => {
    await enqueueSending(trx, s, period, "now", actor.id);
    await insertAudit(trx, {
      userId: actor.id,
      action: "send_now",
      entity: "report_schedule",
      entityId: s.id,
      after: { period: periodKey(period) },
      unitId: s.unit_id,
    });
  });
  return reportPeriodLabel(period);
}

export async function changeSchedule(
  ctx: AppContext,
  who: string | Actor,
  id: string,
  change: "pause" | "resume" | "delete",
) {
  const actor = await loadActor(ctx, who);
  const s = await reachSchedule(ctx, actor, id);
  await inTransaction(ctx.db, async (trx) => {
    if (change === "delete") await deleteSchedule(trx, s.id);
    else await setSchedulePaused(trx, s.id, change === "pause" ? new Date().toISOString() : null);
    await insertAudit(trx, {
      userId: actor.id,
      action: change,
      entity: "report_schedule",
      entityId: s.id,
      before: { periodKind: s.period_kind, recipients: JSON.parse(s.recipients) as unknown },
      unitId: s.unit_id,
    });
  });
}

// ---------------------------------------------------------------- the files

/** The campaigns one sending reports on: the schedule's, or those with responses in the subtree. */
export async function reportCampaigns(
  ctx: AppContext,
  s: Pick<ScheduleRow, "campaign_id" | "campaign_title" | "unit_path">,
  period: ReportPeriod,
): Promise<Array<{ id: string; title: string }>> {
  if (s.campaign_id) return [{ id: s.campaign_id, title: s.campaign_title ?? "" }];
  const found = await listCampaignsWithResponses(ctx.db, s.unit_path, period.from, period.to);
  return found.slice(0, CAMPAIGNS_PER_SENDING);
}

/**
 * The campaign's results for the schedule's subtree and period, read as an analyst of that
 * subtree would: nothing above the unit the manager chose is ever in the files.
 */
export async function resolveFor(
  ctx: AppContext,
  s: Pick<ScheduleRow, "unit_id" | "unit_path">,
  campaignId: string,
  period: Pick<ReportPeriod, "from" | "to">,
): Promise<ResolvedExport> {
  const scope = await listCampaignScope(ctx.db, campaignId);
  const inside = scope.some((r) => isInside(s.unit_path, r.path));
  const r = await resolveExport(ctx, [{ role: "analyst", unitPath: s.unit_path }], {
    campaignId,
    unitId: inside ? s.unit_id : undefined,
    periodFrom: period.from,
    periodTo: period.to,
    includeFlagged: false,
  });
  if (!r.ok) throw new ServiceError(404, "schedules.error.campaign");
  return r.value;
}

const asciiName = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "don-vi";

export function reportFilename(
  unitCode: string,
  period: ReportPeriod,
  format: ReportFormat,
  campaignNo: number | null,
) {
  const n = campaignNo === null ? "" : `-dot-${campaignNo}`;
  return `bao-cao-${asciiName(unitCode)}-${periodKey(period)}${n}.${format}`;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A file past the room left in the mail: a note in the mail instead of the attachment. */
const TOO_LARGE = "schedules.error.fileTooLarge" satisfies MessageKey;

/** The whole stream, or TOO_LARGE past `max` bytes (the rest is not read). */
async function readAll(stream: ReadableStream<Uint8Array>, max: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new ServiceError(413, TOO_LARGE);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** One file of a report: the PDF (Chromium; PDF_UNAVAILABLE without it) or the XLSX. */
export async function renderReportFile(
  ctx: AppContext,
  r: ResolvedExport,
  report: ReportData,
  format: ReportFormat,
  opts: { who: string; max?: number },
): Promise<Buffer> {
  if (format === "pdf") return renderReportPdf(report, "vi");
  return readAll(
    xlsxStream(ctx, r, { who: opts.who, locale: "vi" }),
    opts.max ?? MAIL_ATTACHMENTS_MAX_BYTES,
  );
}

/** A download of the schedule's page (when mail is not configured): one campaign, one format. */
export async function downloadReportFile(
  ctx: AppContext,
  who: string | Actor,
  id: string,
  q: { period: string; campaignId: string; format: string },
  whoName: string,
): Promise<{ filename: string; contentType: string; body: Buffer }> {
  const actor = await loadActor(ctx, who);
  const s = await reachSchedule(ctx, actor, id);
  const period = parsePeriodKey(q.period);
  const format = REPORT_FORMATS.find((f) => f === q.format);
  if (!period || !format) throw new ServiceError(404, "error.notYours");
  const campaigns = await reportCampaigns(ctx, s, period);
  const at = campaigns.findIndex((c) => c.id === q.campaignId);
  if (at < 0) throw new ServiceError(404, "error.notYours");
  const r = await resolveFor(ctx, s, q.campaignId, period);
  const report = await buildReport(ctx, r, period, { locale: "vi", who: whoName });
  const body = await renderReportFile(ctx, r, report, format, { who: whoName, max: 2 ** 31 });
  await insertAudit(ctx.db, {
    userId: actor.id,
    action: "export",
    entity: "campaign",
    entityId: q.campaignId,
    after: { format, period: q.period, schedule: s.id },
    unitId: s.unit_id,
  });
  return {
    filename: reportFilename(s.unit_code, period, format, campaigns.length > 1 ? at + 1 : null),
    contentType: CONTENT_TYPES[format],
    body,
  };
}

// ---------------------------------------------------------------- the mail

/** PUBLIC_URL when set, else the address the schedule was made from. */
export function linkBase(stored: string): string {
  return process.env.PUBLIC_URL?.replace(/\/+$/, "") || stored.replace(/\/+$/, "");
}

function figureLine(t: Translate, title: string, d: ReportData): string {
  const f = d.overall;
  if (f.n === 0) return t("schedules.mail.noResponses", { campaign: title });
  if (!f.sufficient || f.rate === null || f.low === null || f.high === null)
    return t("schedules.mail.tooFew", { campaign: title, n: f.n, minN: d.method.minN });
  return t("schedules.mail.figure", {
    campaign: title,
    n: f.n,
    rate: formatPercent(f.rate),
    low: formatPercent(f.low),
    high: formatPercent(f.high),
  });
}

export function dashboardLink(
  base: string,
  unitId: string,
  campaignId: string | null,
  period: ReportPeriod,
) {
  const q = new URLSearchParams({ unit: unitId });
  if (campaignId) q.set("campaign", campaignId);
  q.set("from", period.from);
  q.set("to", period.to);
  return `${base}/dashboard?${q.toString()}`;
}

// ---------------------------------------------------------------- the jobs

const reportPayload = z.object({
  sendingId: z.string().min(1).max(64),
  period: z.string().max(20),
  unitName: z.string().max(300),
});
type ReportPayload = z.infer<typeof reportPayload>;

export const reportJob = defineJob<ReportPayload, { period: string; unitName: string }>({
  name: "report.send",
  payload: reportPayload,
  summary: (p) => ({ period: p.period, unitName: p.unitName }),
  describe: (s, t) => {
    const p = parsePeriodKey(s.period);
    return t("schedules.job.describe", {
      period: p ? reportPeriodLabel(p) : s.period,
      unit: s.unitName,
    });
  },
  // A missing Chromium or a database away: 2, 4, 8 minutes, then the sending is failed.
  maxAttempts: 4,
  backoff: { baseSeconds: 120, maxSeconds: 1800 },
  timeoutSeconds: 900,
  run: runSending,
});

/** Writes a sending and its job (in the caller's transaction); a due one only once per period. */
async function enqueueSending(
  db: AppContext["db"],
  s: ScheduleRow,
  period: ReportPeriod,
  trigger: "schedule" | "now",
  requestedBy: string | null,
): Promise<boolean> {
  const id = uuidv7();
  const key = periodKey(period);
  const job = await enqueue(
    db,
    reportJob,
    { sendingId: id, period: key, unitName: s.unit_name },
    {
      uniqueKey: trigger === "schedule" ? `report:${s.id}:${key}` : undefined,
      unitId: s.unit_id,
    },
  );
  if (!job.created) return false;
  await insertSending(db, {
    id,
    scheduleId: s.id,
    period: key,
    trigger,
    requestedBy,
    jobId: job.id,
    recipients: JSON.parse(s.recipients) as string[],
    now: new Date().toISOString(),
  });
  return true;
}

async function runSending(p: ReportPayload, job: JobRun): Promise<void> {
  const { ctx } = job;
  const sending = await findSending(ctx.db, p.sendingId);
  // Its schedule was deleted, or an earlier attempt finished it: nothing left to do.
  if (!sending || sending.status !== "preparing") return;
  const s = await findSchedule(ctx.db, sending.schedule_id);
  const period = parsePeriodKey(sending.period);
  if (!s || !period) return;
  const t = translator("vi");
  const fail = (error: string, files: string[] = []) =>
    finishSending(ctx.db, sending.id, {
      status: "failed",
      error,
      files,
      now: new Date().toISOString(),
    });
  const mail = mailSettings();
  if (!mail.ready) return void (await fail(t(`jobs.mail.${mail.problem}`)));

  const formats = JSON.parse(s.formats) as ReportFormat[];
  const campaigns = await reportCampaigns(ctx, s, period);
  const who = t("schedules.mail.generatedBy");
  const attachments: MailAttachment[] = [];
  const lines: string[] = [];
  const notes: string[] = [];
  let room = MAIL_ATTACHMENTS_MAX_BYTES;
  for (const [i, c] of campaigns.entries()) {
    const r = await resolveFor(ctx, s, c.id, period);
    const report = await buildReport(ctx, r, period, { locale: "vi", who });
    lines.push(figureLine(t, r.campaign.title, report));
    for (const format of formats) {
      const filename = reportFilename(
        s.unit_code,
        period,
        format,
        campaigns.length > 1 ? i + 1 : null,
      );
      try {
        const content = await renderReportFile(ctx, r, report, format, { who, max: room });
        if (content.byteLength > room) throw new ServiceError(413, TOO_LARGE);
        room -= content.byteLength;
        attachments.push({ filename, contentType: CONTENT_TYPES[format], content });
      } catch (e) {
        if (isServiceError(e, TOO_LARGE))
          notes.push(t("schedules.mail.tooLarge", { file: filename }));
        else if (isServiceError(e, PDF_UNAVAILABLE)) {
          // Chromium may come back (a package being installed): retry (503), then say so.
          if (job.attempt < job.maxAttempts) throw e;
          notes.push(t("schedules.mail.noPdf", { file: filename }));
        } else throw e;
      }
    }
  }
  const base = linkBase(s.base_url);
  const label = reportPeriodLabel(period);
  const text = [
    t("schedules.mail.greeting"),
    "",
    t("schedules.mail.intro", { period: label, unit: s.unit_name }),
    "",
    ...(lines.length > 0 ? lines : [t("schedules.mail.noCampaigns")]),
    "",
    attachments.length > 0
      ? t("schedules.mail.files", { files: attachments.map((a) => a.filename).join(", ") })
      : t("schedules.mail.noFiles"),
    ...notes,
    "",
    t("schedules.mail.dashboard", {
      url: dashboardLink(base, s.unit_id, s.campaign_id, period),
    }),
    "",
    t("schedules.mail.footer", {
      who: s.created_by_name,
      url: `${base}/manage/schedules/${s.id}`,
    }),
  ].join("\n");
  const files = attachments.map((a) => a.filename);
  await inTransaction(ctx.db, async (trx) => {
    const mailJob = await sendMail(
      trx,
      {
        to: JSON.parse(sending.recipients) as string[],
        subject: t("schedules.mail.subject", { period: label, unit: s.unit_name }),
        text,
        attachments,
      },
      { uniqueKey: `report-mail:${sending.id}`, unitId: s.unit_id },
    );
    await finishSending(trx, sending.id, {
      status: "mailed",
      mailJobId: mailJob.id,
      files,
      now: new Date().toISOString(),
    });
  });
}

/** Enqueues the due report of every active schedule (each period once, ever). */
export async function dispatchDueReports(ctx: AppContext, now = new Date()): Promise<number> {
  let n = 0;
  for (const s of await listActiveSchedules(ctx.db)) {
    const period = duePeriod(
      {
        kind: s.period_kind as SchedulePeriod,
        sendDay: s.send_day,
        createdAt: new Date(s.created_at),
      },
      now,
    );
    if (!period) continue;
    const created = await inTransaction(ctx.db, (trx) =>
      enqueueSending(trx, s, period, "schedule", null),
    );
    if (created) n++;
  }
  return n;
}

/** Reports go out at 07:00: looking every 15 minutes sends them by 07:15. */
export const scheduleDispatch = defineRecurring({
  name: "report.dispatch",
  describe: (_s, t) => t("schedules.job.dispatch"),
  maxAttempts: 3,
  everyMs: () => minutesFromEnv("REPORTS_CHECK_MINUTES", 15),
  run: dispatchDueReports,
});
