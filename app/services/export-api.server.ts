/** JSON shapes of the analysts' API (documented in the OpenAPI file it serves). */
import { localize } from "~/domain/questionnaire";
import type { OverallResult, QuestionnaireResult } from "~/domain/scoring";
import { satisfactionIndex } from "~/domain/targets";
import type { ExportSummary, ResolvedExport, ResponseRow } from "./export.server";

export function resultJson(result: QuestionnaireResult, locale: string) {
  const lz = (x: Parameters<typeof localize>[0]) => localize(x, locale);
  return {
    method: result.method,
    options: result.options,
    minN: result.minN,
    responses: result.responses,
    maxPoints: result.maxPoints,
    overall: overallJson(result.overall, result.maxPoints),
    aspects: result.aspects.map((a) => ({ ...a, title: lz(a.title) })),
    elements: result.elements.map((e) => ({ ...e, title: lz(e.title) })),
    items: result.items.map((i) => ({ ...i, title: lz(i.title) })),
    indicators: result.indicators.map((i) => ({
      ...i,
      title: lz(i.title),
      ...(i.label ? { label: lz(i.label) } : {}),
    })),
    warnings: result.warnings,
  };
}

/**
 * The overall figures: the rate (satisfied / answers when `basis` is "answers"), and beside
 * it the top-level answers, the mean score and the satisfaction index (mean / maxPoints).
 * Until 2026-12 a health form's `rate` held the index; it is the rate now, as for every form.
 */
function overallJson(o: OverallResult, maxPoints: number | null) {
  const idx = satisfactionIndex(o, maxPoints);
  return {
    ...o,
    index: { value: idx.rate, low: idx.low, high: idx.high, sufficient: idx.sufficient },
  };
}

export function scopeJson(r: ResolvedExport) {
  return {
    campaign: {
      id: r.campaign.id,
      title: r.campaign.title,
      status: r.campaign.status,
      opensAt: r.campaign.opens_at,
      closesAt: r.campaign.closes_at,
      targetPct: r.campaign.target_pct,
      targetMetric: r.campaign.target_metric,
      minN: r.campaign.min_n,
    },
    questionnaire: {
      slug: r.version.slug,
      version: r.version.version,
      issuedBy: r.version.definition.meta.issuedBy ?? null,
      verification: r.version.definition.meta.verification,
    },
    unit: r.unit ? { id: r.unit.id, code: r.unit.code, name: r.unit.name } : null,
    filter: {
      unit: r.unit?.id ?? null,
      from: r.filter.periodFrom ?? null,
      to: r.filter.periodTo ?? null,
      channel: r.filter.channel ?? null,
      flagged: r.filter.includeFlagged ? "include" : "omit",
    },
  };
}

export function unitsJson(summary: ExportSummary, locale: string) {
  return summary.units.map((u) => ({
    unit: { id: u.unit.id, code: u.unit.code, name: u.unit.name, depth: u.unit.depth },
    responses: u.responses,
    // On the 95 % interval of the metric the campaign's target is set on (null: no target).
    targetStatus: u.status,
    belowTarget: u.status === "none" ? null : u.status === "not_reached",
    overall: overallJson(u.result.overall, u.result.maxPoints),
    elements: u.result.elements.map((e) => ({
      code: e.code,
      title: localize(e.title, locale),
      n: e.n,
      rate: e.rate,
      low: e.low,
      high: e.high,
      sufficient: e.sufficient,
    })),
  }));
}

export function responseJson(
  row: ResponseRow,
  unit: { code: string; name: string } | undefined,
  withFlag: boolean,
) {
  let answers: unknown = {};
  try {
    answers = JSON.parse(row.answers);
  } catch {
    answers = {};
  }
  return {
    id: row.id,
    submittedAt: row.submitted_at,
    period: row.period,
    unitCode: unit?.code ?? null,
    unitName: unit?.name ?? null,
    channel: row.channel,
    locale: row.locale,
    ...(withFlag ? { flagReason: row.flag_reason } : {}),
    answers,
  };
}
