/** Small pieces shared by the dashboard pages: rates, statuses, targets, labels. */
import type { LevelMeaning } from "~/domain/scoring/levels";
import type { TargetStatus } from "~/domain/targets";
import type { TargetView } from "~/domain/dashboard-view";
import {
  formatDate,
  formatNumber,
  formatPercent,
  translator,
  type Locale,
  type MessageKey,
} from "~/utils/i18n";

export type T = ReturnType<typeof translator>;

/** 'YYYY-MM' → 'MM/YYYY'. */
export function formatMonth(period: string): string {
  return `${period.slice(5, 7)}/${period.slice(0, 4)}`;
}

/** A label from a message family, or the raw value when the family has no entry for it. */
export function labelOf(t: T, prefix: "dash.kind", value: string): string {
  const key = `${prefix}.${value}` as MessageKey;
  const s = t(key);
  return s && s !== key ? s : value;
}

export function StatusBadge({ status, t }: { status: TargetStatus; t: T }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      {t(`dash.status.${status}` as MessageKey)}
    </span>
  );
}

/** "trên 90,0 % (đến 31/12/2025) — chỉ tiêu chung của lĩnh vực" and its source and checks. */
export function TargetText({
  target,
  t,
  locale,
  full = false,
}: {
  target: TargetView | null;
  t: T;
  locale: Locale;
  /** With the source text and how far it was checked. */
  full?: boolean;
}) {
  if (!target) return <span className="muted">{t("dash.status.none")}</span>;
  const pct = formatPercent(target.pct / 100, locale, 0);
  return (
    <span className="target">
      <strong>
        {t(`target.metric.${target.metric}`)}{" "}
        {t(target.comparator === "gt" ? "dash.target.gt" : "dash.target.gte", { pct })}
      </strong>
      {target.deadline && (
        <> {t("dash.target.deadline", { date: formatDate(`${target.deadline}T00:00:00+07:00`) })}</>
      )}
      {" — "}
      {t(`dash.target.origin.${target.origin}` as MessageKey)}
      {target.origin !== "campaign" && (
        <>
          {" "}
          <span
            className={`verification verification-${target.verification}`}
            data-verification={target.verification}
          >
            ({t(`dash.verification.${target.verification}` as MessageKey)})
          </span>
        </>
      )}
      {full && target.source && <span className="target-source">{target.source}</span>}
    </span>
  );
}

/** A difference in percentage points with a sign: "+2,4". */
export function formatPoints(d: number, locale: Locale): string {
  const s = formatNumber(Math.abs(d * 100), locale, 1);
  return `${d > 0 ? "+" : d < 0 ? "−" : "±"}${s}`;
}

/** Percent for charts: 0.8734 → 87.3 (null stays null). */
export const chartPct = (v: number | null): number | null =>
  v === null ? null : Math.round(v * 1000) / 10;

/**
 * Colours by what a level means on its scale (greens for satisfied, the darkest for the top;
 * amber for neutral; red to orange for not satisfied, the worst reddest; grey for "not
 * used"), so the counter's 2/1/0 and the 1–5 scales read the same way.
 */
const LEVEL_COLORS: Record<LevelMeaning, readonly string[]> = {
  satisfied: ["#1b6e2a", "#4c9a52", "#7fbf7f"],
  neutral: ["#b8860b"],
  dissatisfied: ["#a31919", "#d55e00", "#e58a50"],
  notApplicable: ["#8a8a8a"],
};

export function levelColor(meaning: LevelMeaning, strength: number): string {
  const list = LEVEL_COLORS[meaning];
  return list[Math.min(strength, list.length - 1)]!;
}
