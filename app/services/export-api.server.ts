/** JSON shapes of the analysts' API (documented in the OpenAPI file it serves). */
import { localize } from "~/domain/questionnaire";
import type { QuestionnaireResult } from "~/domain/scoring";
import type { ExportSummary, ResolvedExport, ResponseRow } from "./export.server";

export function resultJson(result: QuestionnaireResult, locale: string) {
  const lz = (x: Parameters<typeof localize>[0]) => localize(x, locale);
  return {
    method: result.method,
    options: result.options,
    minN: result.minN,
    responses: result.responses,
    overall: result.overall,
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

export function scopeJson(r: ResolvedExport) {
  return {
    campaign: {
      id: r.campaign.id,
      title: r.campaign.title,
      status: r.campaign.status,
      opensAt: r.campaign.opens_at,
      closesAt: r.campaign.closes_at,
      targetPct: r.campaign.target_pct,
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
    belowTarget: u.belowTarget,
    overall: u.result.overall,
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
