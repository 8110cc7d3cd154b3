/**
 * The printable report of a campaign for a period (quarter, half-year, year), in the form
 * of a Vietnamese administrative report: every figure from summariseExport (hence from
 * computeResults over the rollups), the comments from the raw answers (counts and the
 * latest few). The same data renders the web page and, through Chromium, the PDF.
 */
import { findUnit } from "#db/queries/units";
import { listCampaignScope } from "#db/queries/campaigns";
import { sumResponsesBy, summariseTextAnswers } from "#db/queries/exports";
import { COMMON_FORMULAS, METHOD_FORMULAS } from "~/domain/export-method";
import { localize, type LocalizedText } from "~/domain/questionnaire";
import { reportPeriodLabel, type ReportPeriod } from "~/domain/report-period";
import type { QuestionnaireResult, Rate } from "~/domain/scoring";
import type { AppContext } from "./context.server";
import { RESPONSES_KEY, summariseExport, type ResolvedExport } from "./export.server";

export interface RateView {
  n: number;
  rate: number | null;
  low: number | null;
  high: number | null;
  sufficient: boolean;
}

export interface RowView extends RateView {
  code: string;
  title: string;
}

export interface UnitView extends RateView {
  id: string;
  code: string;
  name: string;
  depth: number;
  responses: number;
  belowTarget: boolean | null;
  elements: Record<string, number | null>;
}

export interface CommentSummary {
  key: string;
  title: string;
  count: number;
  examples: string[];
}

export interface ReportData {
  campaign: { id: string; title: string; targetPct: number | null; minN: number };
  period: ReportPeriod & { label: string };
  issuer: { name: string; parentName: string | null };
  scope: string;
  unitId: string | null;
  channel: string | null;
  questionnaire: {
    title: string;
    slug: string;
    version: number;
    issuedBy: string | null;
    formNumber: string | null;
    referenceSection: string | null;
    verification: string;
    note: string | null;
  };
  method: {
    name: string;
    options: Array<[string, string]>;
    formulas: string[];
    minN: number;
    warnings: string[];
  };
  sample: {
    responses: number;
    byChannel: Array<{ channel: string; count: number }>;
    byMonth: Array<{ period: string; count: number }>;
    units: number;
  };
  overall: RateView;
  aspects: RowView[];
  elements: RowView[];
  items: RowView[];
  units: UnitView[];
  belowTarget: UnitView[];
  comments: CommentSummary[];
  generatedAt: string;
  generatedBy: string;
}

const rateView = (r: Rate): RateView => ({
  n: r.n,
  rate: r.rate,
  low: r.low,
  high: r.high,
  sufficient: r.sufficient,
});

/** Examples of comments shown per question. */
export const COMMENT_EXAMPLES = 5;
const EXAMPLE_MAX_CHARS = 300;

export async function buildReport(
  ctx: AppContext,
  r: ResolvedExport,
  period: ReportPeriod,
  opts: { locale?: "vi" | "en"; who: string; now?: Date },
): Promise<ReportData> {
  const locale = opts.locale ?? "vi";
  const lz = (t: LocalizedText | undefined) => localize(t, locale);
  const summary = await summariseExport(ctx, r);
  const result: QuestionnaireResult = summary.result;
  const def = r.version.definition;

  // The issuing unit: the chosen subtree's root, else the campaign's (first) scope root.
  let issuerId = r.unit?.id;
  if (!issuerId) issuerId = (await listCampaignScope(ctx.db, r.campaign.id))[0]?.id;
  const issuer = issuerId ? await findUnit(ctx.db, issuerId) : undefined;
  const parent = issuer?.parent_id ? await findUnit(ctx.db, issuer.parent_id) : undefined;

  const [byChannel, byMonth] = await Promise.all([
    sumResponsesBy(ctx.db, r.rollupFilter, "channel", RESPONSES_KEY),
    sumResponsesBy(ctx.db, r.rollupFilter, "period", RESPONSES_KEY),
  ]);

  // Comments: the comment-type questions (as the dashboards' comments view counts them).
  const textKeys = r.version.compiled.questions
    .filter((q) => q.kind === "comment")
    .map((q) => ({ key: q.name, title: q.title }));
  const comments: CommentSummary[] = [];
  for (const t of textKeys) {
    const s = await summariseTextAnswers(
      ctx.db,
      ctx.dialect,
      r.responseFilter,
      t.key,
      COMMENT_EXAMPLES,
    );
    comments.push({
      key: t.key,
      title: t.title,
      count: s.count,
      examples: s.examples.map((e) =>
        [...e].length > EXAMPLE_MAX_CHARS ? `${[...e].slice(0, EXAMPLE_MAX_CHARS).join("")}…` : e,
      ),
    });
  }

  const units: UnitView[] = summary.units.map((u) => ({
    id: u.unit.id,
    code: u.unit.code,
    name: u.unit.name,
    depth: u.unit.depth,
    responses: u.responses,
    belowTarget: u.belowTarget,
    elements: Object.fromEntries(
      u.result.elements.map((e) => [e.code, e.sufficient ? e.rate : null]),
    ),
    ...rateView(u.result.overall),
  }));

  return {
    campaign: {
      id: r.campaign.id,
      title: r.campaign.title,
      targetPct: r.campaign.target_pct,
      minN: r.campaign.min_n,
    },
    period: { ...period, label: reportPeriodLabel(period, locale) },
    issuer: { name: issuer?.name ?? "", parentName: parent?.name ?? null },
    scope: r.unit ? r.unit.name : (issuer?.name ?? ""),
    unitId: r.unit?.id ?? null,
    channel: r.filter.channel ?? null,
    questionnaire: {
      title: lz(def.meta.title),
      slug: r.version.slug,
      version: r.version.version,
      issuedBy: def.meta.issuedBy ?? null,
      formNumber: def.meta.formNumber ?? null,
      referenceSection: def.meta.referenceSection ?? null,
      verification: def.meta.verification,
      note: def.meta.note ? lz(def.meta.note) : null,
    },
    method: {
      name: result.method,
      options: Object.entries(result.options).map(([k, v]) => [k, JSON.stringify(v)]),
      formulas: [...METHOD_FORMULAS[result.method], ...COMMON_FORMULAS],
      minN: result.minN,
      warnings: result.warnings,
    },
    sample: {
      responses: result.responses,
      byChannel: byChannel.map((c) => ({ channel: String(c.key), count: Number(c.count) })),
      byMonth: byMonth.map((c) => ({ period: String(c.key), count: Number(c.count) })),
      units: units.length,
    },
    overall: rateView(result.overall),
    aspects: result.aspects.map((a) => ({ code: a.code, title: lz(a.title), ...rateView(a) })),
    elements: result.elements.map((e) => ({ code: e.code, title: lz(e.title), ...rateView(e) })),
    items: result.items.map((i) => ({ code: i.code, title: lz(i.title), ...rateView(i) })),
    units,
    belowTarget: units.filter((u) => u.belowTarget === true),
    comments,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    generatedBy: opts.who,
  };
}
