/**
 * Satisfaction targets: which target applies to a rate, and whether the rate reached it.
 *
 * A target is a percentage for a sector, valid over dates, from a plan (NQ 76/NQ-CP:
 * administrative > 90 % by 2025, > 95 % by 2030…). The one that applies to a rate:
 *   1. a unit's own target (the nearest of the unit and its ancestors that has one),
 *   2. else the campaign's target_pct (a campaign filter is set, or all campaigns shown share it),
 *   3. else the sector's default,
 * each among the targets valid on the last day of the period shown.
 *
 * Reached or not is decided on the 95 % interval from the scoring module, never on the point
 * estimate alone: reached when the whole interval is above the target, not reached when the
 * whole interval is below it, and not decidable when the interval straddles it.
 *
 * A target is set on a metric: the rate ("tỷ lệ hài lòng", the default) or, for health forms
 * whose plans speak of the MoH index, the index ("chỉ số hài lòng" = mean score / maximum,
 * health-byt.md §9.2). 30 outpatients all answering "Hài lòng" (4): rate 100 % with the
 * interval 88.6 %–100 % (undecided against > 90 %), index 80 % (not reached).
 */

export type Comparator = "gt" | "gte";
export const METRICS = ["rate", "index"] as const;
export type Metric = (typeof METRICS)[number];
export const isMetric = (v: unknown): v is Metric => v === "rate" || v === "index";
export type Verification = "verified" | "reported" | "unverified";
export const TARGET_SECTORS = ["administrative", "land", "health", "education"] as const;
export type TargetSector = (typeof TARGET_SECTORS)[number];

export interface TargetRow {
  id: string;
  sector: string;
  /** null: the default; else the unit whose subtree it covers… */
  unitId: string | null;
  /** …and that unit's path. */
  unitPath: string | null;
  pct: number;
  metric: Metric;
  comparator: Comparator;
  /** ISO dates, inclusive. */
  validFrom: string;
  validTo: string;
  source: string;
  verification: Verification;
}

export interface AppliedTarget {
  /** Proportion 0–1. */
  value: number;
  metric: Metric;
  comparator: Comparator;
  origin: "unit" | "campaign" | "sector";
  source: string;
  verification: Verification;
  /** The deadline ("by 2025"): the target's last valid day; null for a campaign's own. */
  validTo: string | null;
  id: string | null;
}

export type TargetStatus = "reached" | "not_reached" | "undecided" | "insufficient" | "none";

export interface RateLike {
  rate: number | null;
  low: number | null;
  high: number | null;
  sufficient: boolean;
}

/** A rate with its mean points beside it (any scored item, group or overall). */
export interface Figures extends RateLike {
  mean: number | null;
  meanLow: number | null;
  meanHigh: number | null;
}

/** The satisfaction index ("chỉ số hài lòng"): mean / maximum points, with the mean's interval. */
export function satisfactionIndex(f: Figures, maxPoints: number | null): RateLike {
  const per = (x: number | null) => (x === null || !maxPoints ? null : x / maxPoints);
  return {
    rate: per(f.mean),
    low: per(f.meanLow),
    high: per(f.meanHigh),
    sufficient: f.sufficient,
  };
}

/** The figure a target is set on. */
export function metricOf(f: Figures, metric: Metric, maxPoints: number | null): RateLike {
  return metric === "index" ? satisfactionIndex(f, maxPoints) : f;
}

/** Reached / not reached / not decidable, on the metric the target is set on. */
export function judge(
  f: Figures,
  target: AppliedTarget | null,
  maxPoints: number | null,
): TargetStatus {
  return targetStatus(target ? metricOf(f, target.metric, maxPoints) : f, target);
}

/**
 * Reached, not reached or not decidable from the interval. A rate below the minimum n, or
 * without an interval, is "insufficient"; no target gives "none".
 */
export function targetStatus(rate: RateLike, target: AppliedTarget | null): TargetStatus {
  if (!target) return "none";
  if (rate.rate === null || !rate.sufficient || rate.low === null || rate.high === null)
    return "insufficient";
  const t = target.value;
  if (target.comparator === "gt") {
    if (rate.low > t) return "reached";
    if (rate.high <= t) return "not_reached";
  } else {
    if (rate.low >= t) return "reached";
    if (rate.high < t) return "not_reached";
  }
  return "undecided";
}

/** A target as the database returns it (the target table joined to its unit's path). */
export interface StoredTarget {
  id: string;
  sector: string;
  unit_id: string | null;
  unit_path?: string | null;
  pct: number | string;
  metric: string;
  comparator: string;
  valid_from: string;
  valid_to: string;
  source: string;
  verification: string;
}

export function toTargetRow(t: StoredTarget): TargetRow {
  return {
    id: t.id,
    sector: t.sector,
    unitId: t.unit_id,
    unitPath: t.unit_path ?? null,
    pct: Number(t.pct),
    metric: isMetric(t.metric) ? t.metric : "rate",
    comparator: t.comparator as Comparator,
    validFrom: t.valid_from,
    validTo: t.valid_to,
    source: t.source,
    verification: t.verification as Verification,
  };
}

/** Does a point value meet the target (for projections, which have no interval)? */
export function meets(value: number, target: Pick<AppliedTarget, "value" | "comparator">) {
  return target.comparator === "gt" ? value > target.value : value >= target.value;
}

/**
 * The sector a rate is judged in: the questionnaire's (what was measured), except that a
 * generic form takes its unit's sector, and an administrative form at a unit of the "land"
 * sector (land, construction, investment procedures) takes "land".
 */
export function targetSector(questionnaireSector: string, unitSector: string): string {
  if (questionnaireSector === "generic") return unitSector;
  if (questionnaireSector === "administrative" && unitSector === "land") return "land";
  return questionnaireSector;
}

/** The last day of a 'YYYY-MM' month, as 'YYYY-MM-DD'. */
export function periodEnd(period: string): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(last).padStart(2, "0")}`;
}

const isValidOn = (t: TargetRow, date: string) => t.validFrom <= date && date <= t.validTo;

const toApplied = (t: TargetRow, origin: AppliedTarget["origin"]): AppliedTarget => ({
  value: t.pct / 100,
  metric: t.metric,
  comparator: t.comparator,
  origin,
  source: t.source,
  verification: t.verification,
  validTo: t.validTo,
  id: t.id,
});

/** Unit targets of the unit or its nearest ancestor that has one, for the sector. */
function unitTargets(rows: readonly TargetRow[], sector: string, unitPath: string) {
  let best: TargetRow[] = [];
  let depth = -1;
  for (const t of rows) {
    if (t.unitPath === null || t.sector !== sector || !unitPath.startsWith(t.unitPath)) continue;
    if (t.unitPath.length > depth) {
      depth = t.unitPath.length;
      best = [t];
    } else if (t.unitPath.length === depth) best.push(t);
  }
  return best;
}

/** The target that applies on `date` (see the header for the order). */
export function resolveTarget(
  rows: readonly TargetRow[],
  q: {
    sector: string;
    unitPath: string;
    date: string;
    campaignPct: number | null;
    campaignMetric?: Metric;
  },
): AppliedTarget | null {
  const own = unitTargets(rows, q.sector, q.unitPath).find((t) => isValidOn(t, q.date));
  if (own) return toApplied(own, "unit");
  if (q.campaignPct !== null) return campaignTarget(q.campaignPct, q.campaignMetric ?? "rate");
  const def = rows.find((t) => t.unitId === null && t.sector === q.sector && isValidOn(t, q.date));
  return def ? toApplied(def, "sector") : null;
}

/** A campaign's own target ("at least pct"). */
export function campaignTarget(pct: number, metric: Metric): AppliedTarget {
  return {
    value: pct / 100,
    metric,
    comparator: "gte",
    origin: "campaign",
    source: "",
    verification: "verified",
    validTo: null,
    id: null,
  };
}

/**
 * Deadlines to project towards: the targets (the unit's own where it has them, else the
 * defaults) whose deadline is on or after `from`, one per deadline, earliest first.
 */
export function deadlines(
  rows: readonly TargetRow[],
  q: { sector: string; unitPath: string; from: string },
): AppliedTarget[] {
  const own = unitTargets(rows, q.sector, q.unitPath);
  const pool =
    own.length > 0 ? own : rows.filter((t) => t.unitId === null && t.sector === q.sector);
  const byDeadline = new Map<string, TargetRow>();
  for (const t of pool) if (t.validTo >= q.from) byDeadline.set(t.validTo, t);
  return [...byDeadline.values()]
    .sort((a, b) => (a.validTo < b.validTo ? -1 : 1))
    .map((t) => toApplied(t, own.length > 0 ? "unit" : "sector"));
}
