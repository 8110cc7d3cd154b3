/**
 * Alerts (issue 17, item 3): rules over a manager's subtree — a rate whose 95 % interval lies
 * below its target, a significant drop against the previous period (the compare page's
 * test), a burst of "Không hài lòng" at one counter within an hour, words of a list in a
 * comment. A recurring job evaluates every rule; an alert is recorded at most once per rule,
 * unit and Vietnam day (a unique key), and told by mail at once ("each") or in one mail the
 * next morning ("digest"). See docs/decisions/018.
 */
import { z } from "zod";
import {
  deleteAlertRule,
  findAlertRule,
  insertAlertOnce,
  insertAlertRule,
  listActiveAlertRules,
  listAlertsOfDay,
  listAlertsUnder,
  listAlertRulesUnder,
  listCampaignScopes,
  listResponsesReceived,
  listUnitsWithSector,
  setAlertMailJob,
  setAlertRulePaused,
  setCheckedUntil,
  type AlertRuleRow,
} from "#db/queries/alerts";
import { insertAudit } from "#db/queries/audit";
import { listTargets } from "#db/queries/targets";
import { uuidv7 } from "#db/ids";
import { recordEvent } from "#db/queries/outbox";
import { inTransaction } from "#db/transaction";
import { findUnit } from "#db/queries/units";
import { isInside } from "~/domain/access";
import {
  ALERT_DELIVERIES,
  ALERT_KINDS,
  ALERT_WINDOWS,
  alertEvent,
  alertSettingsSchema,
  alertWindows,
  belowTarget,
  BURST_THRESHOLD_DEFAULT,
  describeAlert,
  excerpt,
  findBursts,
  matchWords,
  parseWordList,
  significantDrop,
  WORD_MAX_CHARS,
  WORDS_MAX,
  type AlertDetail,
  type AlertSettings,
  type RatingEvent,
} from "~/domain/alerts";
import { rateResponse } from "~/domain/dashboard";
import { toPeriod } from "~/domain/period";
import { vietnamDay } from "~/domain/schedules";
import {
  isMetric,
  periodEnd,
  resolveTarget,
  targetSector,
  toTargetRow,
  type TargetRow,
} from "~/domain/targets";
import { formatDate, translator } from "~/utils/i18n";
import "~/utils/i18n-staff";
import { loadVersion, type AppContext } from "./context.server";
import { summariseExport } from "./export.server";
import { mailSettings, sendMail } from "./mail.server";
import { REDACTED } from "./moderation.server";
import { defineRecurring, minutesFromEnv } from "./recurring.server";
import { checkedRecipients, linkBase, resolveFor } from "./report-schedules.server";
import {
  assertReach,
  invalidInput,
  loadActor,
  pathsWith,
  ServiceError,
  type Actor,
} from "./service-error.server";

const PERMISSION = "campaigns.manage" as const;
/** Bursts and words: responses read per evaluation and rule, at most (pages of 1000). */
const SCAN_PAGES = 20;
const SCAN_PAGE = 1000;
/** A rule that was not evaluated for long (the runner stopped) looks back at most a week. */
const LOOKBACK_MAX_MS = 7 * 86_400_000;

export { alertEvent };

// ---------------------------------------------------------------- the form

export const alertRuleFormSchema = z.object({
  unitId: z.string().min(1, "schedules.error.unit").max(64),
  kind: z.enum(ALERT_KINDS, { message: "alerts.error.kind" }),
  window: z.enum(ALERT_WINDOWS).default("month"),
  threshold: z.coerce
    .number({ message: "alerts.error.threshold" })
    .int("alerts.error.threshold")
    .min(2, "alerts.error.threshold")
    .max(1000, "alerts.error.threshold")
    .default(BURST_THRESHOLD_DEFAULT),
  words: z.string().max(20_000).default(""),
  delivery: z.enum(ALERT_DELIVERIES, { message: "alerts.error.delivery" }),
  recipients: z.string().max(10_000),
});
/** The form as sent (checked by the schema). */
export type AlertRuleForm = { [K in keyof z.input<typeof alertRuleFormSchema>]?: unknown };

function settingsOf(f: z.infer<typeof alertRuleFormSchema>): AlertSettings {
  switch (f.kind) {
    case "below_target":
    case "drop":
      return { kind: f.kind, window: f.window };
    case "burst":
      return { kind: "burst", threshold: f.threshold };
    case "words": {
      const words = parseWordList(f.words);
      if (words.length === 0) throw new ServiceError(400, "alerts.error.wordsNone");
      if (words.length > WORDS_MAX || words.some((w) => w.length > WORD_MAX_CHARS))
        throw new ServiceError(400, "alerts.error.wordsMany", {
          max: WORDS_MAX,
          chars: WORD_MAX_CHARS,
        });
      return { kind: "words", words };
    }
  }
}

export async function createAlertRule(
  ctx: AppContext,
  who: string | Actor,
  input: AlertRuleForm,
  baseUrl: string,
): Promise<string> {
  const actor = await loadActor(ctx, who);
  const parsed = alertRuleFormSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const f = parsed.data;
  const unit = await findUnit(ctx.db, f.unitId);
  assertReach(actor, PERMISSION, unit?.path);
  const settings = alertSettingsSchema.parse(settingsOf(f));
  const recipients = checkedRecipients(f.recipients);
  const now = new Date().toISOString();
  return inTransaction(ctx.db, async (trx) => {
    const id = await insertAlertRule(trx, {
      unitId: unit!.id,
      kind: f.kind,
      settings: JSON.stringify(settings),
      delivery: f.delivery,
      recipients,
      baseUrl,
      createdBy: actor.id,
      now,
    });
    await insertAudit(trx, {
      userId: actor.id,
      action: "create",
      entity: "alert_rule",
      entityId: id,
      after: { settings, delivery: f.delivery, recipients },
      unitId: unit!.id,
    });
    return id;
  });
}

export async function changeAlertRule(
  ctx: AppContext,
  who: string | Actor,
  id: string,
  change: "pause" | "resume" | "delete",
) {
  const actor = await loadActor(ctx, who);
  const rule = await findAlertRule(ctx.db, id);
  assertReach(actor, PERMISSION, rule?.unit_path);
  await inTransaction(ctx.db, async (trx) => {
    if (change === "delete") await deleteAlertRule(trx, id);
    else await setAlertRulePaused(trx, id, change === "pause" ? new Date().toISOString() : null);
    await insertAudit(trx, {
      userId: actor.id,
      action: change,
      entity: "alert_rule",
      entityId: id,
      before: { kind: rule!.kind, settings: JSON.parse(rule!.settings) as unknown },
      unitId: rule!.unit_id,
    });
  });
}

// ---------------------------------------------------------------- the page

export async function alertsPage(ctx: AppContext, who: string | Actor) {
  const actor = await loadActor(ctx, who);
  const paths = pathsWith(actor, PERMISSION);
  const t = translator("vi");
  const [rules, alerts] = await Promise.all([
    listAlertRulesUnder(ctx.db, paths),
    listAlertsUnder(ctx.db, paths),
  ]);
  return {
    rules: rules.map((r) => ({
      id: r.id,
      unitName: r.unit_name,
      settings: alertSettingsSchema.parse(JSON.parse(r.settings)),
      delivery: r.delivery as (typeof ALERT_DELIVERIES)[number],
      recipients: JSON.parse(r.recipients) as string[],
      paused: r.paused_at !== null,
      createdAt: r.created_at,
    })),
    alerts: alerts.map((a) => ({
      id: a.id,
      ruleId: a.rule_id,
      day: a.day,
      unitName: a.unit_name,
      text: describeAlert(JSON.parse(a.detail) as AlertDetail, t),
      delivery: a.delivery,
      mail: a.mail_job_id ? (a.mail_status ?? "done") : null,
    })),
  };
}

// ---------------------------------------------------------------- evaluation

interface Candidate {
  unitId: string;
  unitName: string;
  day: string;
  detail: AlertDetail;
}

async function targetRows(ctx: AppContext): Promise<TargetRow[]> {
  return (await listTargets(ctx.db)).map(toTargetRow);
}

/** Campaigns whose scope meets the subtree at `path`. */
async function campaignsMeeting(ctx: AppContext, path: string) {
  const seen = new Map<string, string>();
  for (const c of await listCampaignScopes(ctx.db))
    if (isInside(c.scope_path, path) || isInside(path, c.scope_path)) seen.set(c.id, c.title);
  return [...seen].map(([id, title]) => ({ id, title }));
}

/** Rate rules: each unit of the subtree with responses, per campaign, this period so far. */
async function rateCandidates(
  ctx: AppContext,
  rule: AlertRuleRow,
  settings: Extract<AlertSettings, { kind: "below_target" | "drop" }>,
  now: Date,
): Promise<Candidate[]> {
  const w = alertWindows(settings.window, toPeriod(now));
  const unit = { unit_id: rule.unit_id, unit_path: rule.unit_path };
  const sectors = new Map(
    (await listUnitsWithSector(ctx.db, rule.unit_path)).map((u) => [u.id, u.sector]),
  );
  const targets = settings.kind === "below_target" ? await targetRows(ctx) : [];
  const day = vietnamDay(now);
  const out: Candidate[] = [];
  for (const c of await campaignsMeeting(ctx, rule.unit_path)) {
    const r = await resolveFor(ctx, unit, c.id, w.current);
    const current = await summariseExport(ctx, r);
    const previous =
      settings.kind === "drop"
        ? new Map(
            (await summariseExport(ctx, await resolveFor(ctx, unit, c.id, w.previous))).units.map(
              (u) => [u.unit.id, u],
            ),
          )
        : null;
    for (const u of current.units) {
      const sector = sectors.get(u.unit.id);
      if (sector === undefined) continue; // above the rule's unit
      const f = u.result.overall;
      if (settings.kind === "below_target") {
        const target = resolveTarget(targets, {
          sector: targetSector(r.version.definition.meta.sector, sector),
          unitPath: u.unit.path,
          date: periodEnd(w.current.to),
          campaignPct: r.campaign.target_pct === null ? null : Number(r.campaign.target_pct),
          campaignMetric: isMetric(r.campaign.target_metric) ? r.campaign.target_metric : "rate",
        });
        const x = belowTarget(f, target, u.result.maxPoints);
        if (!x || !target) continue;
        out.push({
          unitId: u.unit.id,
          unitName: u.unit.name,
          day,
          detail: {
            kind: "below_target",
            campaign: c.title,
            from: w.current.from,
            to: w.current.to,
            rate: x.rate!,
            low: x.low!,
            high: x.high!,
            target: target.value,
            metric: target.metric,
            n: u.responses,
          },
        });
      } else {
        const before = previous?.get(u.unit.id);
        if (!before) continue;
        const d = significantDrop(f, before.result.overall);
        if (!d) continue;
        out.push({
          unitId: u.unit.id,
          unitName: u.unit.name,
          day,
          detail: {
            kind: "drop",
            campaign: c.title,
            from: w.current.from,
            to: w.current.to,
            rate: f.rate!,
            previousFrom: w.previous.from,
            previousTo: w.previous.to,
            previousRate: before.result.overall.rate!,
            diff: d.diff,
            diffLow: d.low,
            diffHigh: d.high,
            n: u.responses,
            previousN: before.responses,
          },
        });
      }
    }
  }
  return out;
}

/** Bursts and words: the responses received since the rule last looked. */
async function responseCandidates(
  ctx: AppContext,
  rule: AlertRuleRow,
  settings: Extract<AlertSettings, { kind: "burst" | "words" }>,
  now: Date,
): Promise<{ candidates: Candidate[]; readUntil: string }> {
  const checked = Date.parse(rule.checked_until ?? rule.created_at);
  // A burst may straddle the last look: read its last hour again (alerts are keyed per day).
  const overlap = settings.kind === "burst" ? 3_600_000 : 0;
  const afterMs = Math.max(checked - overlap, now.getTime() - LOOKBACK_MAX_MS);
  const events: RatingEvent[] = [];
  const names = new Map<string, string>();
  const out: Candidate[] = [];
  const seenUnitDay = new Set<string>();
  let afterId: string | null = null;
  // Where the next evaluation starts: now, unless the pages ran out before the end.
  let readUntil = now.toISOString();
  for (let page = 0; page < SCAN_PAGES; page++) {
    const rows = await listResponsesReceived(ctx.db, {
      unitPath: rule.unit_path,
      afterMs,
      untilMs: now.getTime(),
      afterId,
      limit: SCAN_PAGE,
    });
    for (const r of rows) {
      afterId = r.id;
      readUntil = r.submitted_at;
      const version = await loadVersion(ctx, r.questionnaire_version_id);
      if (!version) continue;
      const answers = JSON.parse(r.answers) as Record<string, unknown>;
      names.set(r.unit_id, r.unit_name);
      if (settings.kind === "burst") {
        if (rateResponse(version.definition, answers).rating === "dissatisfied")
          events.push({ unitId: r.unit_id, at: r.submitted_at });
        continue;
      }
      const day = vietnamDay(new Date(r.submitted_at));
      if (seenUnitDay.has(`${r.unit_id}/${day}`)) continue;
      const texts = version.compiled.questions
        .filter((q) => q.kind === "text" || q.kind === "comment")
        .map((q) => answers[q.name])
        .filter((v): v is string => typeof v === "string" && v.trim() !== "" && v !== REDACTED);
      for (const text of texts) {
        const found = matchWords(text, settings.words);
        if (found.length === 0) continue;
        seenUnitDay.add(`${r.unit_id}/${day}`);
        out.push({
          unitId: r.unit_id,
          unitName: r.unit_name,
          day,
          detail: {
            kind: "words",
            words: found,
            excerpt: excerpt(text),
            at: r.submitted_at,
            responseId: r.id,
          },
        });
        break;
      }
    }
    if (rows.length < SCAN_PAGE) {
      readUntil = now.toISOString();
      break;
    }
  }
  if (settings.kind === "burst")
    for (const b of findBursts(events, settings.threshold))
      out.push({
        unitId: b.unitId,
        unitName: names.get(b.unitId) ?? "",
        day: vietnamDay(new Date(b.to)),
        detail: {
          kind: "burst",
          count: b.count,
          threshold: settings.threshold,
          from: b.from,
          to: b.to,
        },
      });
  return { candidates: out, readUntil };
}

function alertMail(rule: AlertRuleRow, c: Candidate) {
  const t = translator("vi");
  const base = linkBase(rule.base_url);
  return {
    to: JSON.parse(rule.recipients) as string[],
    subject: t(`alerts.mail.subject.${c.detail.kind}`, { unit: c.unitName }),
    text: [
      t("schedules.mail.greeting"),
      "",
      t("alerts.mail.intro", { unit: c.unitName, day: formatDate(`${c.day}T12:00:00+07:00`) }),
      "",
      describeAlert(c.detail, t),
      "",
      t("alerts.mail.dashboard", { url: `${base}/dashboard?unit=${c.unitId}` }),
      t("alerts.mail.footer", { url: `${base}/manage/alerts` }),
    ].join("\n"),
  };
}

/** Records a candidate unless its rule, unit and day has one; mails it when the rule says each. */
async function raise(ctx: AppContext, rule: AlertRuleRow, c: Candidate, now: Date) {
  const id = uuidv7();
  return inTransaction(ctx.db, async (trx) => {
    const created = await insertAlertOnce(trx, {
      id,
      ruleId: rule.id,
      unitId: c.unitId,
      day: c.day,
      kind: c.detail.kind,
      detail: JSON.stringify(c.detail),
      now: now.toISOString(),
    });
    if (!created) return false;
    // The webhook event exists exactly when the alert does (same transaction).
    await recordEvent(
      trx,
      alertEvent({ id, ruleId: rule.id, unitId: c.unitId, day: c.day, detail: c.detail }),
    );
    if (rule.delivery === "each" && mailSettings().ready) {
      const mail = await sendMail(trx, alertMail(rule, c), {
        uniqueKey: `alert-mail:${id}`,
        unitId: c.unitId,
      });
      await setAlertMailJob(trx, id, mail.id);
    }
    return true;
  });
}

/** The digests of the last two days not sent yet (keyed per rule and day: sent once). */
async function sendDigests(ctx: AppContext, rule: AlertRuleRow, now: Date) {
  if (rule.delivery !== "digest" || !mailSettings().ready) return 0;
  const t = translator("vi");
  const base = linkBase(rule.base_url);
  let n = 0;
  for (const back of [1, 2]) {
    const day = vietnamDay(new Date(now.getTime() - back * 86_400_000));
    if (day < vietnamDay(new Date(rule.created_at))) continue;
    const alerts = await listAlertsOfDay(ctx.db, rule.id, day);
    if (alerts.length === 0) continue;
    const shownDay = formatDate(`${day}T12:00:00+07:00`);
    const job = await sendMail(
      ctx.db,
      {
        to: JSON.parse(rule.recipients) as string[],
        subject: t("alerts.mail.digestSubject", {
          day: shownDay,
          unit: rule.unit_name,
          n: alerts.length,
        }),
        text: [
          t("schedules.mail.greeting"),
          "",
          t("alerts.mail.digestIntro", { day: shownDay, unit: rule.unit_name, n: alerts.length }),
          "",
          ...alerts.map(
            (a) => `- ${a.unit_name}: ${describeAlert(JSON.parse(a.detail) as AlertDetail, t)}`,
          ),
          "",
          t("alerts.mail.footer", { url: `${base}/manage/alerts` }),
        ].join("\n"),
      },
      { uniqueKey: `alert-digest:${rule.id}:${day}`, unitId: rule.unit_id },
    );
    if (job.created) n++;
  }
  return n;
}

export interface EvaluationSummary {
  rules: number;
  raised: number;
  digests: number;
}

/** Evaluates every active rule once: what the recurring job (and the tests) run. */
export async function evaluateAlerts(
  ctx: AppContext,
  now = new Date(),
): Promise<EvaluationSummary> {
  const summary: EvaluationSummary = { rules: 0, raised: 0, digests: 0 };
  const failed: string[] = [];
  for (const rule of await listActiveAlertRules(ctx.db)) {
    summary.rules++;
    // One rule that fails (a campaign removed meanwhile) does not keep the others from running.
    try {
      const settings = alertSettingsSchema.parse(JSON.parse(rule.settings));
      if (settings.kind === "below_target" || settings.kind === "drop") {
        for (const c of await rateCandidates(ctx, rule, settings, now))
          if (await raise(ctx, rule, c, now)) summary.raised++;
      } else {
        const found = await responseCandidates(ctx, rule, settings, now);
        for (const c of found.candidates) if (await raise(ctx, rule, c, now)) summary.raised++;
        await setCheckedUntil(ctx.db, rule.id, found.readUntil);
      }
      summary.digests += await sendDigests(ctx, rule, now);
    } catch (e) {
      failed.push(`${rule.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (failed.length > 0) throw new Error(`alert rules failed: ${failed.join("; ").slice(0, 900)}`);
  return summary;
}

/** ALERTS_CHECK_MINUTES (10): how often the rules are evaluated. */
export const alertEvaluation = defineRecurring({
  name: "alerts.evaluate",
  describe: (_s, t) => t("alerts.job.describe"),
  maxAttempts: 3,
  timeoutSeconds: 600,
  everyMs: () => minutesFromEnv("ALERTS_CHECK_MINUTES", 10),
  run: evaluateAlerts,
});
