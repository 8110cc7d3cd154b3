/**
 * Follow-up cases ("closing the loop"): a dissatisfied response with a comment or a contact,
 * or an alert, taken up by a unit, handled by one person by a due date, and closed with an
 * outcome. The pure parts: due dates in working days, what may be done in which state, the
 * citizen's contact as the questionnaire marks it, and the per-unit summary. Pure.
 */
import { personalDataOf } from "./anonymity";
import { VN_OFFSET_MS } from "./period";

export const CASE_STATUSES = ["open", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** How a case ended: put right, explained to the citizen, not in the unit's power, no answer. */
export const CASE_OUTCOMES = ["resolved", "explained", "not_actionable", "unreachable"] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CASE_ACTIONS = ["assign", "note", "reply", "close"] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** How a reply reached the citizen: sent by email here, or given another way and recorded. */
export const REPLY_CHANNELS = ["email", "phone", "in_person", "post"] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

/** The list's filters: open (overdue included), overdue only, closed. */
export const CASE_FILTERS = ["open", "overdue", "closed"] as const;
export type CaseFilter = (typeof CASE_FILTERS)[number];

/** Without a rule of its own or of a unit above it, a unit answers within 5 working days. */
export const DEFAULT_WORKING_DAYS = 5;
export const MAX_WORKING_DAYS = 60;

/** Replies and letters: plain text a person writes, long enough for a letter. */
export const CASE_TEXT_MAX = 5000;

// ----------------------------------------------------------------------- working days
// Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975): a fixed offset is exact.

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day (yyyy-mm-dd) of an instant in Vietnam. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Monday to Friday, and not one of the listed days off. */
export function isWorkingDay(day: string, holidays: ReadonlySet<string>): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(day);
}

export interface CaseRule {
  workingDays: number;
  /** Days off besides weekends (public holidays, compensatory days), yyyy-mm-dd. */
  holidays: readonly string[];
}

/**
 * When a case opened at `openedAt` is due: the end (24:00 in Vietnam) of the rule's n-th
 * working day after the day it was opened, which is not counted (as a dossier received today
 * counts from the next working day).
 */
export function dueAt(openedAt: Date, rule: CaseRule): Date {
  const off = new Set(rule.holidays);
  let day = vietnamDay(openedAt);
  for (let left = Math.max(1, Math.floor(rule.workingDays)); left > 0;) {
    day = nextDay(day);
    if (isWorkingDay(day, off)) left--;
  }
  return new Date(Date.parse(`${nextDay(day)}T00:00:00Z`) - VN_OFFSET_MS - 1);
}

/**
 * Days off as an official types them: one per line or separated by commas or spaces,
 * dd/mm/yyyy (or yyyy-mm-dd). Returns them sorted without repeats, and what could not be read.
 */
export function parseHolidays(text: string): { days: string[]; bad: string[] } {
  const days = new Set<string>();
  const bad: string[] = [];
  for (const raw of text.split(/[\s,;]+/).filter(Boolean)) {
    const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
    const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, "0")}-${dmy[1]!.padStart(2, "0")}` : raw;
    const ms = ISO_DAY.test(iso) ? Date.parse(`${iso}T00:00:00Z`) : NaN;
    // Date.parse rolls 31/02 over to 03/03 (or refuses month 13): the day must read back.
    const valid = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === iso;
    if (valid) days.add(iso);
    else bad.push(raw);
  }
  return { days: [...days].sort(), bad };
}

// ----------------------------------------------------------------------- states

export interface CaseState {
  status: CaseStatus;
  dueAt: string;
  closedAt: string | null;
}

export function isOverdue(c: CaseState, now: Date): boolean {
  return c.status === "open" && now.getTime() > Date.parse(c.dueAt);
}

export function closedInTime(c: CaseState): boolean {
  return c.status === "closed" && c.closedAt !== null && c.closedAt <= c.dueAt;
}

/**
 * What a person may do to a case: the unit's managers everything while it is open, the
 * person it is assigned to everything but handing it to someone else; nothing once closed
 * (a closed case is the record of what was done).
 */
export function allowedActions(
  status: CaseStatus,
  who: { manager: boolean; assignee: boolean },
): CaseAction[] {
  if (status !== "open") return [];
  if (who.manager) return [...CASE_ACTIONS];
  if (who.assignee) return ["note", "reply", "close"];
  return [];
}

// ----------------------------------------------------------------------- the citizen's contact

export interface Contact {
  name?: string;
  email?: string;
  phone?: string;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const PHONE = /^\+?[\d\s.()-]{8,20}$/;

/**
 * The contact a respondent left, read from the questions the questionnaire marks as personal
 * data (name, phone, email). An anonymous campaign holds none: its answers were dropped at
 * ingestion, and nothing is read here either.
 */
export function contactOf(
  survey: Record<string, unknown>,
  answers: Record<string, unknown>,
  anonymous: boolean,
): Contact {
  const out: Contact = {};
  if (anonymous) return out;
  const visit = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const el of elements as unknown[]) {
      if (!el || typeof el !== "object" || Array.isArray(el)) continue;
      const e = el as Record<string, unknown>;
      const kind = personalDataOf(e);
      const value =
        kind && typeof e.name === "string" && Object.hasOwn(answers, e.name)
          ? answers[e.name]
          : undefined;
      if (typeof value === "string" && value.trim() !== "") {
        const v = value.trim();
        if (kind === "email" && !out.email && EMAIL.test(v)) out.email = v;
        else if (kind === "phone" && !out.phone && PHONE.test(v)) out.phone = v;
        else if (kind === "name" && !out.name) out.name = v.slice(0, 200);
      }
      visit(e.elements);
    }
  };
  visit(survey.pages); // pages have no answer of their own: their elements are visited
  return out;
}

export const hasContact = (c: Contact) => Boolean(c.email || c.phone);

// ----------------------------------------------------------------------- letters

/** The template with each placeholder replaced by its value (placeholders are plain words). */
export function fillLetter(template: string, values: ReadonlyArray<[string, string]>): string {
  let out = template;
  for (const [placeholder, value] of values)
    if (value.trim() !== "") out = out.split(placeholder).join(value);
  return out;
}

// ----------------------------------------------------------------------- the summary

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface SummaryCase extends CaseState {
  unitId: string;
  openedAt: string;
}

export interface CaseSummaryRow {
  unitId: string;
  /** Cases opened in the period. */
  opened: number;
  /** Of those, closed so far; and closed by their due date. */
  closed: number;
  closedInTime: number;
  /** Still open, and of those past their due date. */
  open: number;
  overdue: number;
  /** Median time from opening to closing of the closed ones, in ms (null: none closed). */
  medianMs: number | null;
}

/** Per unit (in the order first met) and for all of them, of the cases opened in the period. */
export function summarizeCases(
  cases: readonly SummaryCase[],
  now: Date,
): { rows: CaseSummaryRow[]; total: CaseSummaryRow } {
  const groups = new Map<string, SummaryCase[]>();
  for (const c of cases) {
    const list = groups.get(c.unitId) ?? [];
    list.push(c);
    groups.set(c.unitId, list);
  }
  const row = (unitId: string, list: readonly SummaryCase[]): CaseSummaryRow => {
    const closed = list.filter((c) => c.status === "closed" && c.closedAt !== null);
    return {
      unitId,
      opened: list.length,
      closed: closed.length,
      closedInTime: closed.filter(closedInTime).length,
      open: list.length - closed.length,
      overdue: list.filter((c) => isOverdue(c, now)).length,
      medianMs: median(closed.map((c) => Date.parse(c.closedAt!) - Date.parse(c.openedAt))),
    };
  };
  return {
    rows: [...groups].map(([unitId, list]) => row(unitId, list)),
    total: row("", cases),
  };
}
