/**
 * Opening hours of a unit, in Vietnam time (UTC+7 all year, so a fixed offset is exact).
 * No periods at all means "always open". Pure: used by the server (refusals, flags) and by
 * the kiosk in the browser (closed screen), with the same answer on both sides.
 */
import { UserFacingError } from "~/utils/i18n";

export interface OpeningPeriod {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 'HH:MM'. */
  opens: string;
  closes: string;
}

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Weekday (1–7) and minute of the day of an instant, in Vietnam. */
export function vietnamClock(at: Date): { weekday: number; minute: number } {
  const local = new Date(at.getTime() + VN_OFFSET_MS);
  const day = local.getUTCDay();
  return { weekday: day === 0 ? 7 : day, minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

export function isOpenAt(hours: readonly OpeningPeriod[], at: Date): boolean {
  if (hours.length === 0) return true;
  const { weekday, minute } = vietnamClock(at);
  return hours.some(
    (p) => p.weekday === weekday && minute >= minutes(p.opens) && minute < minutes(p.closes),
  );
}

/**
 * Minutes from `at` to the nearest open period of the same day (0 when open). A rating a
 * little after closing is ordinary (a citizen scans the poster on the way out); hours later is not.
 */
export function minutesOutside(hours: readonly OpeningPeriod[], at: Date): number {
  if (isOpenAt(hours, at)) return 0;
  const { weekday, minute } = vietnamClock(at);
  let best = Infinity;
  for (const p of hours) {
    if (p.weekday !== weekday) continue;
    const o = minutes(p.opens);
    const c = minutes(p.closes);
    best = Math.min(best, minute < o ? o - minute : minute - c);
  }
  return best;
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * Opening hours written wrongly; the message is a key to translate. A UserFacingError, the base
 * ServiceError shares, because the domain imports no service.
 */
export class HoursFormatError extends UserFacingError {}

/** "07:30-11:30, 13:30-17:00" → periods of one weekday; throws HoursFormatError when malformed. */
export function parseDayHours(weekday: number, text: string): OpeningPeriod[] {
  const out: OpeningPeriod[] = [];
  for (const part of text.split(/[,;]/)) {
    const s = part.trim();
    if (s === "") continue;
    const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(s);
    const norm = (t: string) => t.padStart(5, "0");
    if (!m || !HHMM.test(norm(m[1]!)) || !HHMM.test(norm(m[2]!))) {
      throw new HoursFormatError("hours.error.format", { text: s });
    }
    const opens = norm(m[1]!);
    const closes = norm(m[2]!);
    if (minutes(closes) <= minutes(opens))
      throw new HoursFormatError("hours.error.order", { text: s });
    out.push({ weekday, opens, closes });
  }
  return out.sort((a, b) => minutes(a.opens) - minutes(b.opens));
}

/** The periods of one weekday as the form shows them: "07:30-11:30, 13:30-17:00". */
export function formatDayHours(hours: readonly OpeningPeriod[], weekday: number): string {
  return hours
    .filter((p) => p.weekday === weekday)
    .sort((a, b) => minutes(a.opens) - minutes(b.opens))
    .map((p) => `${p.opens}-${p.closes}`)
    .join(", ");
}

/** Unit ids on a path, root first: '/a/b/c/' → [a, b, c]. */
export const unitLineage = (path: string) => path.split("/").filter(Boolean);

/**
 * The hours that apply to the unit at `unitPath`, from the rows of its lineage: its own, else
 * its nearest ancestor's, else none (always open).
 */
export function hoursThatApply(
  rows: ReadonlyArray<OpeningPeriod & { unit_id: string }>,
  unitPath: string,
): OpeningPeriod[] {
  for (const id of unitLineage(unitPath).reverse()) {
    const own = rows.filter((r) => r.unit_id === id);
    if (own.length > 0)
      return own.map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));
  }
  return [];
}
