/**
 * Follow-up cases ("phản ánh" taken up for handling): opened from a dissatisfied response
 * that holds a comment or a contact (the comments page), or from an alert (openCase, called
 * by the alert rules as the system); assigned to a person of the unit, due by the unit's
 * rule, noted, replied to (by email through the mail job when the citizen left an address;
 * a call or a letter handed over is recorded), closed with an outcome. Every step is on the
 * case's timeline and in the audit log, in the same transaction.
 *
 * Who: the unit's managers (cases.manage over it) and the person the case is assigned to.
 * The citizen's contact is shown to them only, on the case's page; it is never copied into
 * the case, the timeline, the audit log, a job's summary or a log line (Luật 91/2025/QH15).
 */
import { insertAudit } from "#db/queries/audit";
import {
  casesOfResponses,
  countCases,
  findCase,
  findCaseBySource,
  findResponseForCase,
  findRuleFor,
  insertCase,
  insertCaseEvent,
  listAssignable,
  listCaseEvents,
  listCases,
  listCasesOpenedBetween,
  lockOpenCase,
  responseUnitPaths,
  saveRule,
  updateOpenCase,
  type CaseRow,
} from "#db/queries/cases";
import { findUnit } from "#db/queries/units";
import { findUser } from "#db/queries/users";
import { inTransaction } from "#db/transaction";
import { can, isInside } from "~/domain/access";
import {
  allowedActions,
  CASE_TEXT_MAX,
  contactOf,
  DEFAULT_WORKING_DAYS,
  dueAt,
  fillLetter,
  hasContact,
  isOverdue,
  MAX_WORKING_DAYS,
  parseHolidays,
  summarizeCases,
  vietnamDay,
  type CaseAction,
  type CaseFilter,
  type CaseOutcome,
  type CaseRule,
  type ReplyChannel,
  type Contact,
} from "~/domain/cases";
import { commentQuestions, rateResponse } from "~/domain/dashboard";
import { localize } from "~/domain/questionnaire";
import { formatDate, t as translate, type Locale, type Translate } from "~/utils/i18n";
import { loadVersion, type AppContext } from "./context.server";
import { MAIL_NOT_CONFIGURED, mailSettings, sendMail } from "./mail.server";
import {
  isServiceError,
  NOT_FOUND,
  pathsWith,
  ServiceError,
  type Actor,
} from "./service-error.server";

// ----------------------------------------------------------------------- opening

export interface OpenCaseInput {
  source: "response" | "alert";
  /** source "response": the response (response.id) the case follows up. */
  responseId?: string;
  /** source "alert": the alert's id (one case per alert). */
  alertId?: string;
  /** The unit that handles it (for a response: the unit it was given at). */
  unitId: string;
  /** source "alert": what the alert said, in words (shown as the case's subject). */
  title?: string;
  assigneeId?: string | null;
  /** Who opens it; null: the system (an alert rule). */
  openedBy: string | null;
  now?: Date;
}

/** The rule at a unit: its own or the nearest above it, else 5 working days. */
export async function ruleAt(ctx: AppContext, unitPath: string) {
  const row = await findRuleFor(ctx.db, unitPath);
  const rule: CaseRule = row
    ? { workingDays: row.working_days, holidays: JSON.parse(row.holidays) as string[] }
    : { workingDays: DEFAULT_WORKING_DAYS, holidays: [] };
  return {
    rule,
    letterTemplate: row?.letter_template ?? null,
    from: row ? { unitId: row.unit_id, unitName: row.unit_name, updatedAt: row.updated_at } : null,
  };
}

/** A response's comments and contact, and whether it can become a case. */
async function readResponse(ctx: AppContext, responseId: string, locale: Locale = "vi") {
  const r = await findResponseForCase(ctx.db, responseId);
  if (!r) return undefined;
  const version = await loadVersion(ctx, r.questionnaire_version_id);
  const answers = JSON.parse(r.answers) as Record<string, unknown>;
  const comments = version
    ? commentQuestions(version.definition).flatMap((q) => {
        const text = answers[q.name];
        return typeof text === "string" && text.trim() !== ""
          ? [{ title: localize(q.title, locale), text }]
          : [];
      })
    : [];
  const rating = version
    ? rateResponse(version.definition, answers)
    : { rating: "none" as const, satisfied: 0, valid: 0 };
  const contact: Contact = version
    ? contactOf(version.definition.survey, answers, r.anonymous === 1)
    : {};
  return {
    row: r,
    comments,
    rating,
    contact,
    eligible: rating.rating === "dissatisfied" && (comments.length > 0 || hasContact(contact)),
  };
}

/**
 * Opens a case, or finds the one its response or alert already has (`created: false`): the
 * service function alert rules call (openedBy null). The due date follows the unit's rule.
 * A response must be a "Không hài lòng" with a comment or a contact (409 otherwise). Checks
 * no permission: callers facing people use openCaseFromResponse.
 */
export async function openCase(
  ctx: AppContext,
  input: OpenCaseInput,
): Promise<{ id: string; created: boolean }> {
  const key = input.source === "response" ? input.responseId : input.alertId;
  if (!key) throw new ServiceError(400, "form.badRequest");
  const source =
    input.source === "response" ? { responseId: key } : { alertId: key, responseId: null };
  const existing = await findCaseBySource(ctx.db, source);
  if (existing) return { id: existing, created: false };
  if (input.source === "response") {
    const r = await readResponse(ctx, key);
    if (!r) throw new ServiceError(404, NOT_FOUND);
    if (r.row.unit_id !== input.unitId) throw new ServiceError(400, "form.badRequest");
    if (!r.eligible) throw new ServiceError(409, "cases.error.notEligible");
  }
  const unit = await findUnit(ctx.db, input.unitId);
  if (!unit) throw new ServiceError(404, NOT_FOUND);
  const now = input.now ?? new Date();
  const { rule } = await ruleAt(ctx, unit.path);
  const due = dueAt(now, rule);
  const at = now.toISOString();
  return inTransaction(
    ctx.db,
    async (trx) => {
      const id = await insertCase(trx, {
        unitId: unit.id,
        source: input.source,
        responseId: input.source === "response" ? key : null,
        alertId: input.source === "alert" ? key : null,
        title: input.title?.slice(0, 500) ?? null,
        assigneeId: input.assigneeId ?? null,
        openedBy: input.openedBy,
        openedAt: at,
        dueAt: due.toISOString(),
      });
      if (!id) {
        // Opened by someone else a moment ago.
        const other = await findCaseBySource(trx, source);
        return { id: other!, created: false };
      }
      const data = {
        due: vietnamDay(due),
        workingDays: rule.workingDays,
        ...(input.assigneeId ? { assignee: input.assigneeId } : {}),
      };
      await insertCaseEvent(trx, { caseId: id, at, userId: input.openedBy, kind: "opened", data });
      if (input.assigneeId)
        await insertCaseEvent(trx, {
          caseId: id,
          at,
          userId: input.openedBy,
          kind: "assigned",
          data: { assignee: input.assigneeId },
        });
      await insertAudit(trx, {
        userId: input.openedBy,
        action: "case.open",
        entity: "case",
        entityId: id,
        unitId: unit.id,
        after: data,
      });
      return { id, created: true };
    },
    { immediate: true },
  );
}

// ----------------------------------------------------------------------- who may do what

const managerOf = (actor: Actor, unitPath: string) => can(actor.grants, "cases.manage", unitPath);

/**
 * The reader's part in a case: a manager of its unit, its assignee (while they still hold a
 * role over the unit), or nobody (404: its existence is not told).
 */
function roleIn(actor: Actor, c: CaseRow) {
  const manager = managerOf(actor, c.unit_path);
  // The assignee while they still hold a role at, above or below the case's unit.
  const assignee =
    c.assignee_id === actor.id &&
    actor.grants.some(
      (g) => isInside(c.unit_path, g.unitPath) || isInside(g.unitPath, c.unit_path),
    );
  if (!manager && !assignee) throw new ServiceError(404, NOT_FOUND);
  return { manager, assignee, actions: allowedActions(c.status, { manager, assignee }) };
}

async function reachableCase(ctx: AppContext, actor: Actor, id: string) {
  const c = await findCase(ctx.db, id);
  if (!c) throw new ServiceError(404, NOT_FOUND);
  return { c, ...roleIn(actor, c) };
}

function assertAllowed(actions: readonly CaseAction[], action: CaseAction, status: string) {
  if (!actions.includes(action))
    throw status === "open"
      ? new ServiceError(404, NOT_FOUND)
      : new ServiceError(409, "cases.error.closed");
}

async function assertAssignable(ctx: AppContext, unitPath: string, userId: string) {
  const people = await listAssignable(ctx.db, unitPath);
  if (!people.some((p) => p.id === userId)) throw new ServiceError(400, "cases.error.assignee");
}

// ----------------------------------------------------------------------- pages

const LIST_LIMIT = 200;

export async function casesPage(ctx: AppContext, actor: Actor, filter: CaseFilter, now: Date) {
  const paths = pathsWith(actor, "cases.manage");
  const q = { paths, userId: actor.id, now: now.toISOString() };
  const [rows, counts] = await Promise.all([
    listCases(ctx.db, { ...q, filter, limit: LIST_LIMIT }),
    countCases(ctx.db, q),
  ]);
  return {
    counts,
    canOpen: paths.length > 0,
    cases: rows.map((c) => ({
      id: c.id,
      unitName: c.unit_name,
      source: c.source,
      title: c.title,
      openedAt: c.opened_at,
      dueAt: c.due_at,
      closedAt: c.closed_at,
      outcome: c.outcome as CaseOutcome | null,
      assigneeName: c.assignee_name,
      mine: c.assignee_id === actor.id,
      overdue: isOverdue({ status: c.status, dueAt: c.due_at, closedAt: c.closed_at }, now),
    })),
  };
}

/** The response a manager is about to take up (GET /manage/cases/new?response=…). */
export async function newCasePage(
  ctx: AppContext,
  actor: Actor,
  responseId: string,
  locale: Locale,
  now = new Date(),
) {
  const existing = await findCaseBySource(ctx.db, { responseId });
  if (existing) return { existing, draft: null };
  const r = await readResponse(ctx, responseId, locale);
  if (!r || !managerOf(actor, r.row.unit_path)) throw new ServiceError(404, NOT_FOUND);
  const { rule, from } = await ruleAt(ctx, r.row.unit_path);
  return {
    existing: null,
    draft: {
      responseId,
      unitId: r.row.unit_id,
      unitName: r.row.unit_name,
      campaignTitle: r.row.campaign_title,
      submittedAt: r.row.submitted_at,
      comments: r.comments,
      rating: r.rating,
      eligible: r.eligible,
      contactKinds: { email: Boolean(r.contact.email), phone: Boolean(r.contact.phone) },
      anonymous: r.row.anonymous === 1,
      workingDays: rule.workingDays,
      ruleFrom: from?.unitName ?? null,
      dueAt: dueAt(now, rule).toISOString(),
      people: await listAssignable(ctx.db, r.row.unit_path),
    },
  };
}

/** Opens a case from the comments page, as a manager of the response's unit. */
export async function openCaseFromResponse(
  ctx: AppContext,
  actor: Actor,
  input: { responseId: string; assigneeId: string | null },
  now = new Date(),
) {
  const r = await findResponseForCase(ctx.db, input.responseId);
  if (!r || !managerOf(actor, r.unit_path)) throw new ServiceError(404, NOT_FOUND);
  if (input.assigneeId) await assertAssignable(ctx, r.unit_path, input.assigneeId);
  return openCase(ctx, {
    source: "response",
    responseId: r.id,
    unitId: r.unit_id,
    assigneeId: input.assigneeId,
    openedBy: actor.id,
    now,
  });
}

/** A case, its source, its timeline, and what the reader may do with it. */
export async function caseDetail(
  ctx: AppContext,
  actor: Actor,
  id: string,
  t: Translate,
  locale: Locale,
  now = new Date(),
) {
  const { c, manager, assignee, actions } = await reachableCase(ctx, actor, id);
  const r = c.response_id ? await readResponse(ctx, c.response_id, locale) : undefined;
  const events = await listCaseEvents(ctx.db, id);
  const assignees = new Map<string, string>();
  for (const e of events) {
    const who =
      e.kind === "assigned" && e.data
        ? (JSON.parse(e.data) as { assignee?: string }).assignee
        : undefined;
    if (who && !assignees.has(who)) assignees.set(who, (await findUser(ctx.db, who))?.name ?? "");
  }
  const { letterTemplate } = await ruleAt(ctx, c.unit_path);
  const mail = mailSettings();
  const letter = fillLetter(letterTemplate ?? t("cases.letter.template"), [
    [t("cases.letter.field.unit"), c.unit_name],
    [t("cases.letter.field.date"), formatDate(now)],
    [t("cases.letter.field.name"), r?.contact.name ?? ""],
  ]);
  return {
    case: {
      id: c.id,
      unitName: c.unit_name,
      source: c.source,
      title: c.title,
      status: c.status,
      openedAt: c.opened_at,
      dueAt: c.due_at,
      closedAt: c.closed_at,
      outcome: c.outcome as CaseOutcome | null,
      assigneeId: c.assignee_id,
      assigneeName: c.assignee_name,
      overdue: isOverdue({ status: c.status, dueAt: c.due_at, closedAt: c.closed_at }, now),
    },
    you: { manager, assignee },
    actions,
    response: r
      ? {
          submittedAt: r.row.submitted_at,
          campaignTitle: r.row.campaign_title,
          comments: r.comments,
          rating: r.rating,
        }
      : null,
    /** Readers of this page are the unit's managers and the assignee: the only ones to see it. */
    contact: r?.contact ?? {},
    responseGone: c.response_id !== null && !r,
    mailReady: mail.ready,
    people: manager && c.status === "open" ? await listAssignable(ctx.db, c.unit_path) : [],
    replyDraft: t("cases.reply.template", { unit: c.unit_name }),
    letterDraft: letter,
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      kind: e.kind,
      body: e.body,
      data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : {},
      assigneeName:
        e.kind === "assigned" && e.data
          ? (assignees.get(String((JSON.parse(e.data) as { assignee?: string }).assignee)) ?? null)
          : null,
      userName: e.user_name,
      delivery: e.job_id
        ? {
            status: e.job_status ?? "gone",
            attempts: e.job_attempts ?? 0,
            error: e.job_error,
          }
        : null,
    })),
  };
}

// ----------------------------------------------------------------------- steps

/**
 * One step on an open case: its check, then (reads done before it: one SQLite connection)
 * its change, its timeline entry and audit line in one transaction. `read` gathers what the
 * write needs, outside the transaction.
 */
async function step<R = undefined>(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: CaseAction,
  write: (c: CaseRow, trx: AppContext["db"], at: string, read: R) => Promise<void>,
  now: Date,
  read?: (c: CaseRow) => Promise<R>,
) {
  const { c, actions } = await reachableCase(ctx, actor, id);
  assertAllowed(actions, action, c.status);
  const got = (read ? await read(c) : undefined) as R;
  await inTransaction(
    ctx.db,
    async (trx) => {
      // Closed by someone else meanwhile: nothing more is written.
      if (!(await lockOpenCase(trx, id))) throw new ServiceError(409, "cases.error.closed");
      await write(c, trx, now.toISOString(), got);
    },
    { immediate: true },
  );
}

export async function assignCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
  assigneeId: string,
  now = new Date(),
) {
  await step(
    ctx,
    actor,
    id,
    "assign",
    async (c, trx, at) => {
      if (!(await updateOpenCase(trx, id, { assignee_id: assigneeId })))
        throw new ServiceError(409, "cases.error.closed");
      await insertCaseEvent(trx, {
        caseId: id,
        at,
        userId: actor.id,
        kind: "assigned",
        data: { assignee: assigneeId },
      });
      await insertAudit(trx, {
        userId: actor.id,
        action: "case.assign",
        entity: "case",
        entityId: id,
        unitId: c.unit_id,
        before: { assignee: c.assignee_id },
        after: { assignee: assigneeId },
      });
    },
    now,
    (c) => assertAssignable(ctx, c.unit_path, assigneeId),
  );
}

function text(value: string, empty: "cases.error.noteEmpty" | "cases.error.replyEmpty") {
  const s = value.replace(/\r\n/g, "\n").trim();
  if (s === "") throw new ServiceError(400, empty);
  if (s.length > CASE_TEXT_MAX) throw new ServiceError(400, "cases.error.tooLong");
  return s;
}

/** A note on the timeline. Its text is the staff's own; the audit line records that one was added. */
export async function addCaseNote(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: string,
  now = new Date(),
) {
  const note = text(body, "cases.error.noteEmpty");
  await step(
    ctx,
    actor,
    id,
    "note",
    async (c, trx, at) => {
      const eventId = await insertCaseEvent(trx, {
        caseId: id,
        at,
        userId: actor.id,
        kind: "note",
        body: note,
      });
      await insertAudit(trx, {
        userId: actor.id,
        action: "case.note",
        entity: "case",
        entityId: id,
        unitId: c.unit_id,
        after: { event: eventId },
      });
    },
    now,
  );
}

/**
 * The answer to the citizen. By email (a mail job, retried with back-off, in the same
 * transaction as the timeline entry) to the address they left; or recorded as given by
 * telephone, in person or by post (no SMS sender exists: a text message is sent by hand and
 * recorded as by telephone). `letter`: the apology letter for a late dossier.
 */
export async function replyToCitizen(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { channel: ReplyChannel; body: string; letter: boolean },
  now = new Date(),
) {
  const body = text(input.body, "cases.error.replyEmpty");
  await step<string | undefined>(
    ctx,
    actor,
    id,
    "reply",
    async (c, trx, at, to) => {
      let jobId: string | null = null;
      const t = (key: "cases.mail.subject" | "cases.mail.subjectLetter" | "cases.mail.footer") =>
        translate("vi", key, { unit: c.unit_name });
      if (input.channel === "email") {
        if (!to) throw new ServiceError(409, "cases.error.noEmail");
        try {
          jobId = (
            await sendMail(
              trx,
              {
                to: [to],
                // The subject is on the jobs page: the unit's name, never the citizen's.
                subject: t(input.letter ? "cases.mail.subjectLetter" : "cases.mail.subject"),
                text: `${body}\n\n--\n${t("cases.mail.footer")}\n`,
              },
              { unitId: c.unit_id },
            )
          ).id;
        } catch (e) {
          if (isServiceError(e, MAIL_NOT_CONFIGURED))
            throw new ServiceError(409, "cases.error.noMail");
          throw e;
        }
      }
      const data = { channel: input.channel, letter: input.letter };
      const eventId = await insertCaseEvent(trx, {
        caseId: id,
        at,
        userId: actor.id,
        kind: "reply",
        body,
        data,
        jobId,
      });
      await insertAudit(trx, {
        userId: actor.id,
        action: "case.reply",
        entity: "case",
        entityId: id,
        unitId: c.unit_id,
        after: { ...data, event: eventId, ...(jobId ? { job: jobId } : {}) },
      });
    },
    now,
    async (c) =>
      input.channel === "email" && c.response_id
        ? (await readResponse(ctx, c.response_id))?.contact.email
        : undefined,
  );
}

export async function closeCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { outcome: CaseOutcome; body: string },
  now = new Date(),
) {
  const body = input.body.replace(/\r\n/g, "\n").trim();
  if (body.length > CASE_TEXT_MAX) throw new ServiceError(400, "cases.error.tooLong");
  await step(
    ctx,
    actor,
    id,
    "close",
    async (c, trx, at) => {
      if (
        !(await updateOpenCase(trx, id, {
          status: "closed",
          closed_at: at,
          outcome: input.outcome,
        }))
      )
        throw new ServiceError(409, "cases.error.closed");
      const inTime = at <= c.due_at;
      await insertCaseEvent(trx, {
        caseId: id,
        at,
        userId: actor.id,
        kind: "closed",
        body: body || null,
        data: { outcome: input.outcome, inTime },
      });
      await insertAudit(trx, {
        userId: actor.id,
        action: "case.close",
        entity: "case",
        entityId: id,
        unitId: c.unit_id,
        before: { status: "open" },
        after: { status: "closed", outcome: input.outcome, inTime },
      });
    },
    now,
  );
}

// ----------------------------------------------------------------------- the comments page

/**
 * For the comments page: per response shown, the case it has, or whether the reader may open
 * one (a manager of its unit, for a "Không hài lòng").
 */
export async function caseLinks(
  ctx: AppContext,
  actor: Actor,
  rows: ReadonlyArray<{ id: string; rating: string }>,
): Promise<Record<string, { caseId: string | null; canOpen: boolean }>> {
  const paths = await responseUnitPaths(
    ctx.db,
    rows.map((r) => r.id),
  );
  const managed = rows.filter((r) => {
    const p = paths.get(r.id);
    return p !== undefined && managerOf(actor, p);
  });
  const existing = await casesOfResponses(
    ctx.db,
    managed.map((r) => r.id),
  );
  const out: Record<string, { caseId: string | null; canOpen: boolean }> = {};
  for (const r of managed)
    out[r.id] = { caseId: existing.get(r.id) ?? null, canOpen: r.rating === "dissatisfied" };
  return out;
}

// ----------------------------------------------------------------------- rules

/** The units where the actor may set the rule, with the rule in force at each. */
export async function rulesPage(ctx: AppContext, actor: Actor, t: Translate) {
  const paths = pathsWith(actor, "cases.manage");
  const units = [];
  for (const p of paths) {
    const id = p.split("/").filter(Boolean).pop()!;
    const unit = await findUnit(ctx.db, id);
    if (!unit) continue;
    const { rule, letterTemplate, from } = await ruleAt(ctx, p);
    units.push({
      unitId: unit.id,
      unitName: unit.name,
      workingDays: rule.workingDays,
      holidays: rule.holidays,
      letterTemplate: letterTemplate ?? t("cases.letter.template"),
      own: from?.unitId === unit.id,
      from: from && from.unitId !== unit.id ? from.unitName : null,
    });
  }
  return { units, defaultDays: DEFAULT_WORKING_DAYS, maxDays: MAX_WORKING_DAYS };
}

export async function saveCaseRule(
  ctx: AppContext,
  actor: Actor,
  input: { unitId: string; workingDays: number; holidays: string; letterTemplate: string },
  t: Translate,
  now = new Date(),
) {
  const unit = await findUnit(ctx.db, input.unitId);
  if (!unit || !managerOf(actor, unit.path)) throw new ServiceError(404, NOT_FOUND);
  const days = Math.floor(input.workingDays);
  if (!Number.isFinite(days) || days < 1 || days > MAX_WORKING_DAYS)
    throw new ServiceError(400, "cases.error.days", { max: MAX_WORKING_DAYS });
  const holidays = parseHolidays(input.holidays);
  if (holidays.bad.length > 0)
    throw new ServiceError(400, "cases.error.holidays", {
      bad: holidays.bad.slice(0, 5).join(", "),
    });
  if (holidays.days.length > 400) throw new ServiceError(400, "cases.error.tooLong");
  const template = input.letterTemplate.replace(/\r\n/g, "\n").trim();
  if (template.length > CASE_TEXT_MAX) throw new ServiceError(400, "cases.error.tooLong");
  const before = await ruleAt(ctx, unit.path);
  // The built-in text is kept as null: a later wording of it reaches the unit too.
  const letterTemplate =
    template === "" || template === t("cases.letter.template") ? null : template;
  await inTransaction(ctx.db, async (trx) => {
    await saveRule(trx, {
      unitId: unit.id,
      workingDays: days,
      holidays: holidays.days,
      letterTemplate,
      at: now.toISOString(),
      by: actor.id,
    });
    await insertAudit(trx, {
      userId: actor.id,
      action: "case.rule",
      entity: "case_rule",
      entityId: unit.id,
      unitId: unit.id,
      before: { workingDays: before.rule.workingDays, holidays: before.rule.holidays },
      after: { workingDays: days, holidays: holidays.days, ownLetter: letterTemplate !== null },
    });
  });
}

// ----------------------------------------------------------------------- the summary

/** Cases opened in [from, to] (days in Vietnam) under the actor's units, per unit. */
export async function casesSummary(
  ctx: AppContext,
  actor: Actor,
  range: { from: string; to: string },
  now = new Date(),
) {
  const paths = pathsWith(actor, "cases.manage");
  if (paths.length === 0) throw new ServiceError(404, NOT_FOUND);
  const start = new Date(`${range.from}T00:00:00+07:00`).toISOString();
  const end = new Date(Date.parse(`${range.to}T00:00:00+07:00`) + 86_400_000).toISOString();
  const rows = await listCasesOpenedBetween(ctx.db, { paths, from: start, to: end });
  const names = new Map(rows.map((r) => [r.unit_id, r.unit_name]));
  const summary = summarizeCases(
    rows.map((r) => ({
      unitId: r.unit_id,
      status: r.status,
      openedAt: r.opened_at,
      dueAt: r.due_at,
      closedAt: r.closed_at,
    })),
    now,
  );
  return {
    rows: summary.rows.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? "" })),
    total: summary.total,
  };
}
