/**
 * What every dashboard view shares: the counts of a selection read from the rollups, scored by
 * the questionnaire's method (computeResults), and judged against the target that applies.
 */
import { listUnitsOfKind, sumForUnits, type CountRow } from "#db/queries/dashboard";
import { figureView } from "~/domain/figures";
import type { RatedRow, TargetView } from "~/domain/dashboard-view";
import { itemKey, localize, type LocalizedText } from "~/domain/questionnaire";
import {
  computeResults,
  type QuestionnaireResult,
  type Rate,
  type ScoreFigures,
} from "~/domain/scoring";
import { judge, resolveTarget, targetSector, type AppliedTarget } from "~/domain/targets";
import { toCountTable } from "../results.server";
import type { AppContext } from "../context.server";
import type { Selection } from "./selection.server";

export interface Range {
  from: string;
  to: string;
}

/** The count keys an overall rate needs: the items' and the derived `$` keys (sumForUnits). */
export const overallKeys = (s: Selection) => s.version!.definition.scoring.items.map(itemKey);

/**
 * Counts of the whole subtree for a range, optionally per month (then only what the overall
 * rate needs: a trend shows no items). With a unit-kind filter: the responses taken at the
 * units of that kind inside the subtree (their own rows).
 */
export async function subtreeCounts(ctx: AppContext, s: Selection, r: Range, byPeriod = false) {
  const base = {
    campaignIds: s.campaignIds,
    periodFrom: r.from,
    periodTo: r.to,
    channel: s.channel,
    group: s.group,
    byPeriod,
    questions: byPeriod ? overallKeys(s) : undefined,
  };
  if (s.kind) {
    const units = await listUnitsOfKind(ctx.db, s.unit.path, s.kind);
    return sumForUnits(ctx.db, { ...base, unitIds: units.map((u) => u.id), include: "self" });
  }
  return sumForUnits(ctx.db, { ...base, unitIds: [s.unit.id] });
}

/** Is there anything before the months shown (else the previous period is not read)? */
export const hasPrevious = (s: Selection) => s.dataFrom !== null && s.dataFrom <= s.prev.to;

export function score(s: Selection, rows: readonly CountRow[]): QuestionnaireResult {
  const { counts, responses } = toCountTable(rows);
  return computeResults(s.version!.definition, counts, responses, { minN: s.minN });
}

/** Rates on the dashboards: the same figure views as the results page and the report. */
export const rateView = figureView;

export const targetView = (t: AppliedTarget | null): TargetView | null =>
  t && {
    pct: t.value * 100,
    metric: t.metric,
    comparator: t.comparator,
    origin: t.origin,
    source: t.source,
    verification: t.verification,
    deadline: t.validTo,
  };

export function targetFor(s: Selection, unit: { path: string; sector: string }, date: string) {
  return resolveTarget(s.targets, {
    sector: targetSector(s.questionnaireSector, unit.sector),
    unitPath: unit.path,
    date,
    campaignPct: s.campaignPct,
    campaignMetric: s.campaignMetric,
  });
}

/** Reached / not reached / not decidable on the metric the target is set on. */
export const statusOf = (
  s: Selection,
  r: Rate & Partial<ScoreFigures>,
  target: AppliedTarget | null,
) => judge(figureView(r), target, s.maxPoints);

export function ratedRows(
  s: Selection,
  rows: ReadonlyArray<Rate & ScoreFigures & { code: string; title: LocalizedText }>,
  target: AppliedTarget | null,
): RatedRow[] {
  return rows.map((r) => ({
    ...rateView(r),
    code: r.code,
    title: localize(r.title, s.locale),
    status: statusOf(s, r, target),
  }));
}
