/**
 * The satisfaction group of the QĐ 766/QĐ-TTg indicator set, computed from dossiers and their
 * ratings as public tools that read the national portal's data compute indicator 5.4
 * (updates-2026.md, secondary sources): rate = share of the dossiers that are neither overdue
 * nor rated "không hài lòng"; points = 6 at a rate of at least 90 %, else rate × 6 / 90 %.
 * The official text was not found: the rule set is named, dated and marked unverified, and is
 * replaced here when the text is read.
 *
 * Which dossiers a month counts (Hài Lòng's reading, not from a text): those returned in the
 * month (Vietnam time), and those not returned whose due date fell in the month and has passed.
 * Overdue: returned after the due date, or not returned by a due date that has passed.
 * Complaints are not known to Hài Lòng and are not deducted.
 */
import type { QuestionnaireDefinition } from "./questionnaire";

export interface Qd766RuleSet {
  id: string;
  /** ISO date the rule set was written down. */
  datedAs: string;
  verified: boolean;
  /** The rate from which the full points are given (0.9). */
  fullAt: number;
  /** The indicator's maximum points (6). */
  points: number;
}

export const QD766_RULES_2026: Qd766RuleSet = {
  id: "qd766-5.4-2026-12",
  datedAs: "2026-12-07",
  verified: false,
  fullAt: 0.9,
  points: 6,
};

export interface DossierFacts {
  dueAt: string | null;
  returnedAt: string | null;
  /** The dossier's rating, if any: true when "không hài lòng". */
  dissatisfied: boolean | null;
}

export interface Qd766Counts {
  /** Dossiers the month counts. */
  dossiers: number;
  overdue: number;
  rated: number;
  dissatisfied: number;
  /** Overdue or rated "không hài lòng" (each dossier once). */
  deducted: number;
}

export interface Qd766Figure extends Qd766Counts {
  /** 0–1, or null without dossiers. */
  rate: number | null;
  points: number | null;
}

export function isOverdue(d: DossierFacts, now: string): boolean {
  if (!d.dueAt) return false;
  return d.returnedAt ? d.returnedAt > d.dueAt : d.dueAt < now;
}

/** Does the month [from, to) count this dossier? (ISO instants; see the header.) */
export function countedInMonth(d: DossierFacts, from: string, to: string, now: string): boolean {
  if (d.returnedAt) return d.returnedAt >= from && d.returnedAt < to;
  return d.dueAt !== null && d.dueAt >= from && d.dueAt < to && d.dueAt < now;
}

export function countDossiers(dossiers: Iterable<DossierFacts>, now: string): Qd766Counts {
  const c: Qd766Counts = { dossiers: 0, overdue: 0, rated: 0, dissatisfied: 0, deducted: 0 };
  for (const d of dossiers) {
    c.dossiers += 1;
    const late = isOverdue(d, now);
    if (late) c.overdue += 1;
    if (d.dissatisfied !== null) c.rated += 1;
    if (d.dissatisfied) c.dissatisfied += 1;
    if (late || d.dissatisfied) c.deducted += 1;
  }
  return c;
}

export function qd766Figure(c: Qd766Counts, rules: Qd766RuleSet = QD766_RULES_2026): Qd766Figure {
  if (c.dossiers === 0) return { ...c, rate: null, points: null };
  const rate = (c.dossiers - c.deducted) / c.dossiers;
  const points = rate >= rules.fullAt ? rules.points : (rate * rules.points) / rules.fullAt;
  return { ...c, rate, points: Math.round(points * 100) / 100 };
}

/**
 * Was this rating "không hài lòng"? The questionnaire's overall item (scoring option
 * overallItem) when it names one; otherwise any scored item answered at a level that is
 * neither satisfied nor "not applicable".
 */
export function ratedDissatisfied(
  definition: QuestionnaireDefinition,
  answers: Record<string, unknown>,
): boolean {
  const { scoring } = definition;
  const overall = scoring.options.overallItem;
  const items = scoring.items.filter(
    (i) => !i.row && (typeof overall !== "string" || i.code === overall),
  );
  return items.some((i) => {
    const v = Object.hasOwn(answers, i.question) ? answers[i.question] : undefined;
    if (typeof v !== "number" && typeof v !== "string") return false;
    const scale = i.scale ?? scoring.scale;
    if (scale.notApplicable.some((n) => String(n) === String(v))) return false;
    return !scale.satisfied.some((s) => String(s) === String(v));
  });
}

/** The month's figure per group (a unit, a procedure, a channel, an officer), largest first. */
export function figuresBy<T extends DossierFacts>(
  dossiers: readonly T[],
  keyOf: (d: T) => string | null,
  now: string,
  from: string,
  to: string,
): Array<{ key: string | null; figure: Qd766Figure }> {
  const groups = new Map<string | null, T[]>();
  for (const d of dossiers) {
    if (!countedInMonth(d, from, to, now)) continue;
    const k = keyOf(d);
    const g = groups.get(k);
    if (g) g.push(d);
    else groups.set(k, [d]);
  }
  return [...groups]
    .map(([key, ds]) => ({ key, figure: qd766Figure(countDossiers(ds, now)) }))
    .sort((a, b) => b.figure.dossiers - a.figure.dossiers);
}

/** A month 'YYYY-MM' as the instants [from, to) of its days in Vietnam. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const start = Date.UTC(y, m - 1, 1) - 7 * 3600_000;
  const end = Date.UTC(y, m, 1) - 7 * 3600_000;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}
