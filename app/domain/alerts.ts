/**
 * Alert rules, the parts without a database or a clock: when a rate is below its target (on its
 * 95 % interval, never on the point estimate alone), when it dropped significantly against the
 * previous period (the compare page's test, dashboard-stats.ts), a burst of "Không hài lòng" at
 * one counter, and the words of a list found in a comment (with or without diacritics).
 */
import { z } from "zod";
import { newcombeDifference, type Difference } from "./dashboard-stats";
import { foldText } from "./dashboard";
import { previousMonth } from "./schedules";
import {
  satisfactionIndex,
  targetStatus,
  type AppliedTarget,
  type Figures,
  type RateLike,
} from "./targets";
import { formatDateTime, formatPercent, type Translate } from "~/utils/i18n";

export const ALERT_KINDS = ["below_target", "drop", "burst", "words"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** "each": one mail per rule, unit and day, at once; "digest": one mail a day per rule. */
export const ALERT_DELIVERIES = ["each", "digest"] as const;
export type AlertDelivery = (typeof ALERT_DELIVERIES)[number];

/** The windows a rate is judged over: this month (or quarter) so far, against the one before. */
export const ALERT_WINDOWS = ["month", "quarter"] as const;
export type AlertWindow = (typeof ALERT_WINDOWS)[number];

export const BURST_WINDOW_MS = 60 * 60 * 1000;
export const BURST_THRESHOLD_DEFAULT = 5;
export const WORDS_MAX = 100;
export const WORD_MAX_CHARS = 60;

/** What a rule is set to, by kind (stored as JSON on the rule). */
export const alertSettingsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("below_target"), window: z.enum(ALERT_WINDOWS) }),
  z.object({ kind: z.literal("drop"), window: z.enum(ALERT_WINDOWS) }),
  z.object({ kind: z.literal("burst"), threshold: z.number().int().min(2).max(1000) }),
  z.object({
    kind: z.literal("words"),
    words: z.array(z.string().min(1).max(WORD_MAX_CHARS)).min(1).max(WORDS_MAX),
  }),
]);
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

/** The months of the window holding `month`, and of the window before it. */
export function alertWindows(
  window: AlertWindow,
  month: string,
): { current: { from: string; to: string }; previous: { from: string; to: string } } {
  if (window === "month") {
    const prev = previousMonth(month);
    return { current: { from: month, to: month }, previous: { from: prev, to: prev } };
  }
  const [y, m] = month.split("-").map(Number) as [number, number];
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  const from = `${y}-${String(first).padStart(2, "0")}`;
  const to = `${y}-${String(first + 2).padStart(2, "0")}`;
  const prevTo = previousMonth(from);
  const prevFrom = previousMonth(previousMonth(prevTo));
  return { current: { from, to }, previous: { from: prevFrom, to: prevTo } };
}

/**
 * Below target: the whole 95 % interval of the figure the target is set on (the rate, or the
 * index for the MoH's health targets) lies below the target (targetStatus "not_reached").
 * Returns that figure, or null: a rate without enough answers, or whose interval straddles
 * the target, raises nothing, whatever its point estimate.
 */
export function belowTarget(
  f: Figures,
  target: AppliedTarget | null,
  maxPoints: number | null,
): RateLike | null {
  if (!target) return null;
  const x = target.metric === "index" ? satisfactionIndex(f, maxPoints) : f;
  return targetStatus(x, target) === "not_reached" ? x : null;
}

/**
 * A significant drop: both periods have enough answers and the 95 % interval of the
 * difference (Newcombe, as on the compare page) lies wholly below 0. Returns the difference.
 */
export function significantDrop(current: RateLike, previous: RateLike): Difference | null {
  if (!current.sufficient || !previous.sufficient) return null;
  const d = newcombeDifference(current, previous);
  return d && d.significant && d.diff < 0 ? d : null;
}

export interface RatingEvent {
  unitId: string;
  /** ISO instant. */
  at: string;
}

export interface Burst {
  unitId: string;
  count: number;
  from: string;
  to: string;
}

/**
 * Per unit, the first window of `windowMs` holding at least `threshold` events, with every
 * event of that window counted (events in any order).
 */
export function findBursts(
  events: readonly RatingEvent[],
  threshold: number,
  windowMs = BURST_WINDOW_MS,
): Burst[] {
  const byUnit = new Map<string, number[]>();
  for (const e of events) {
    let list = byUnit.get(e.unitId);
    if (!list) byUnit.set(e.unitId, (list = []));
    list.push(Date.parse(e.at));
  }
  const out: Burst[] = [];
  for (const [unitId, times] of byUnit) {
    times.sort((a, b) => a - b);
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! >= windowMs) start++;
      if (end - start + 1 < threshold) continue;
      // Extend to every event still inside the window that starts at `start`.
      let last = end;
      while (last + 1 < times.length && times[last + 1]! - times[start]! < windowMs) last++;
      out.push({
        unitId,
        count: last - start + 1,
        from: new Date(times[start]!).toISOString(),
        to: new Date(times[last]!).toISOString(),
      });
      break;
    }
  }
  return out.sort((a, b) => (a.unitId < b.unitId ? -1 : 1));
}

/**
 * The words of a list as a person types them: one a line, or separated by commas or
 * semicolons; blanks dropped, spaces collapsed, repeats (the same without diacritics) dropped.
 */
export function parseWordList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\n,;]+/)) {
    const w = raw.normalize("NFC").trim().replace(/\s+/g, " ");
    if (!w) continue;
    const k = foldText(w);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(w);
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The words of `words` that `text` contains as whole words, compared without case and without
 * diacritics ("tham nhũng" is found in "THAM NHUNG" and in "tham nhũng", not in "thamnhung").
 */
export function matchWords(text: string, words: readonly string[]): string[] {
  const hay = foldText(text.normalize("NFC")).replace(/\s+/g, " ");
  return words.filter((w) => {
    const needle = foldText(w.normalize("NFC")).replace(/\s+/g, " ").trim();
    if (!needle) return false;
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(needle)}($|[^\\p{L}\\p{N}])`, "u").test(
      hay,
    );
  });
}

/** A comment shown in an alert: at most `max` characters, on one line. */
export function excerpt(text: string, max = 200): string {
  const one = text.replace(/\s+/g, " ").trim();
  return [...one].length > max ? `${[...one].slice(0, max).join("")}…` : one;
}

/** What an alert records (JSON on its row): every figure named, for the mail and the log. */
export type AlertDetail =
  | {
      kind: "below_target";
      campaign: string;
      from: string;
      to: string;
      rate: number;
      low: number;
      high: number;
      target: number;
      metric: "rate" | "index";
      n: number;
    }
  | {
      kind: "drop";
      campaign: string;
      from: string;
      to: string;
      rate: number;
      previousFrom: string;
      previousTo: string;
      previousRate: number;
      diff: number;
      diffLow: number;
      diffHigh: number;
      n: number;
      previousN: number;
    }
  | { kind: "burst"; count: number; threshold: number; from: string; to: string }
  | { kind: "words"; words: string[]; excerpt: string; at: string; responseId: string };

/**
 * The event an alert makes for other systems (issue 16's outbox): a stable id (the alert's),
 * its rule, unit, day and detail; no citizen's contact, the excerpt of the comment only.
 */
export function alertEvent(a: {
  id: string;
  ruleId: string;
  unitId: string;
  day: string;
  detail: AlertDetail;
}) {
  return {
    type: "alert.raised" as const,
    data: { alertId: a.id, ruleId: a.ruleId, unitId: a.unitId, day: a.day, ...a.detail },
  };
}

/** 'YYYY-MM' → "3/2026"; a range of months → "1/2026–3/2026". */
export function monthsLabel(from: string, to: string): string {
  const one = (m: string) => `${Number(m.slice(5, 7))}/${m.slice(0, 4)}`;
  return from === to ? one(from) : `${one(from)}–${one(to)}`;
}

/** One alert in a sentence for officials: every figure named, nothing written as code. */
export function describeAlert(d: AlertDetail, t: Translate): string {
  const pct = (x: number) => formatPercent(x);
  switch (d.kind) {
    case "below_target":
      return t(d.metric === "index" ? "alerts.text.belowTargetIndex" : "alerts.text.belowTarget", {
        campaign: d.campaign,
        months: monthsLabel(d.from, d.to),
        rate: pct(d.rate),
        low: pct(d.low),
        high: pct(d.high),
        n: d.n,
        target: pct(d.target),
      });
    case "drop":
      return t("alerts.text.drop", {
        campaign: d.campaign,
        months: monthsLabel(d.from, d.to),
        previousMonths: monthsLabel(d.previousFrom, d.previousTo),
        rate: pct(d.rate),
        previousRate: pct(d.previousRate),
        n: d.n,
        previousN: d.previousN,
        diff: pct(-d.diff),
        diffLow: pct(-d.diffHigh),
        diffHigh: pct(-d.diffLow),
      });
    case "burst":
      return t("alerts.text.burst", {
        count: d.count,
        threshold: d.threshold,
        from: formatDateTime(d.from),
        to: formatDateTime(d.to),
      });
    case "words":
      return t("alerts.text.words", {
        at: formatDateTime(d.at),
        words: d.words.map((w) => `«${w}»`).join(", "),
        excerpt: d.excerpt,
      });
  }
}
