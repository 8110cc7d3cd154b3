/**
 * Report schedules, the parts without a database or a clock: which period a schedule reports
 * on, when that report is due, and the recipients a manager typed. Periods are cut in
 * Asia/Ho_Chi_Minh (UTC+7 all year, period.ts); a report goes out at 07:00 Vietnam time on the
 * chosen day after its period ended.
 */
import { z } from "zod";
import { toPeriod, VN_OFFSET_MS } from "./period";
import { reportPeriod, type ReportPeriod, type ReportPeriodKind } from "./report-period";

export const SCHEDULE_PERIODS = ["month", "quarter", "half", "year"] as const;
export type SchedulePeriod = (typeof SCHEDULE_PERIODS)[number];

export const REPORT_FORMATS = ["pdf", "xlsx"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The hour (Vietnam time) a due report goes out: the start of an office day. */
export const SEND_HOUR_VN = 7;
/** Days after the period's end: 1 (the next day) to 28 (inside any following month). */
export const SEND_DAY_MIN = 1;
export const SEND_DAY_MAX = 28;
/** Recipients of one schedule or alert rule. */
export const RECIPIENTS_MAX = 20;

const mm = (m: number) => `M${String(m).padStart(2, "0")}` as ReportPeriodKind;

/** The period of `kind` that holds the month 'YYYY-MM'. */
export function periodHolding(kind: SchedulePeriod, month: string): ReportPeriod {
  const [y, m] = month.split("-").map(Number) as [number, number];
  switch (kind) {
    case "month":
      return reportPeriod(y, mm(m));
    case "quarter":
      return reportPeriod(y, `Q${Math.ceil(m / 3)}` as ReportPeriodKind);
    case "half":
      return reportPeriod(y, m <= 6 ? "H1" : "H2");
    case "year":
      return reportPeriod(y, "Y");
  }
}

/** The kind of schedule a report period belongs to. */
export function scheduleKindOf(p: ReportPeriod): SchedulePeriod {
  if (p.kind.startsWith("M")) return "month";
  if (p.kind.startsWith("Q")) return "quarter";
  if (p.kind.startsWith("H")) return "half";
  return "year";
}

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** The period of the same kind just before `p`. */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  return periodHolding(scheduleKindOf(p), previousMonth(p.from));
}

/** The period of the same kind just after `p`. */
export function nextPeriod(p: ReportPeriod): ReportPeriod {
  const [y, m] = p.to.split("-").map(Number) as [number, number];
  const month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return periodHolding(scheduleKindOf(p), month);
}

/** The last period of `kind` that has ended at `now` (Vietnam time). */
export function lastFullPeriod(kind: SchedulePeriod, now: Date): ReportPeriod {
  return previousPeriod(periodHolding(kind, toPeriod(now)));
}

/** '2026-Q1', '2026-M03', '2026-H2', '2026-Y': one period, as stored and in job keys. */
export function periodKey(p: ReportPeriod): string {
  return `${p.year}-${p.kind}`;
}

/** A key back to its period, or null when it is not one. */
export function parsePeriodKey(key: string): ReportPeriod | null {
  const m = /^(\d{4})-(Q[1-4]|H[12]|Y|M(?:0[1-9]|1[0-2]))$/.exec(key);
  if (!m) return null;
  return reportPeriod(Number(m[1]), m[2] as ReportPeriodKind);
}

/** The instant a period's report is due: 07:00 Vietnam time, `sendDay` days after its last day. */
export function dueAt(p: ReportPeriod, sendDay: number): Date {
  const [y, m] = p.to.split("-").map(Number) as [number, number];
  // Day 0 of the next month is the period's last day; Date.UTC rolls the days over.
  return new Date(Date.UTC(y, m, sendDay, SEND_HOUR_VN) - VN_OFFSET_MS);
}

export interface ScheduleTiming {
  kind: SchedulePeriod;
  sendDay: number;
  /** When the schedule was made: a period already due before that is not sent by itself. */
  createdAt: Date;
}

/**
 * The period a schedule sends at `now`: the last full period, once its due time has come,
 * unless that time passed before the schedule existed ("Gửi thử ngay" sends it then).
 */
export function duePeriod(s: ScheduleTiming, now: Date): ReportPeriod | null {
  const last = lastFullPeriod(s.kind, now);
  const at = dueAt(last, s.sendDay);
  return at <= now && at >= s.createdAt ? last : null;
}

/** The next sending after `now`: which period, and when. */
export function nextSending(s: ScheduleTiming, now: Date): { period: ReportPeriod; at: Date } {
  let p = lastFullPeriod(s.kind, now);
  for (;;) {
    const at = dueAt(p, s.sendDay);
    if (at > now && at >= s.createdAt) return { period: p, at };
    p = nextPeriod(p);
  }
}

/** The calendar day 'YYYY-MM-DD' of an instant in Vietnam. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

const email = z.string().email();

export type RecipientsParse =
  | { ok: true; addresses: string[] }
  | { ok: false; problem: "none" | "tooMany" | "invalid"; invalid: string[] };

/**
 * Addresses as a person types them: one a line, or separated by commas or semicolons;
 * "Tên <dia.chi@…>" keeps the address. Duplicates (in any case) are dropped.
 */
export function parseRecipients(text: string): RecipientsParse {
  const parts = text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => /<([^<>]+)>\s*$/.exec(s)?.[1]?.trim() ?? s);
  const invalid = parts.filter((a) => a.length > 254 || !email.safeParse(a).success);
  if (invalid.length > 0) return { ok: false, problem: "invalid", invalid };
  const seen = new Set<string>();
  const addresses = parts.filter((a) => {
    const k = a.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (addresses.length === 0) return { ok: false, problem: "none", invalid: [] };
  if (addresses.length > RECIPIENTS_MAX) return { ok: false, problem: "tooMany", invalid: [] };
  return { ok: true, addresses };
}
