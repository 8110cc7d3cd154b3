/**
 * The printable report of a campaign for a period (quarter, half-year, year), in the form
 * of a Vietnamese administrative report: every figure from summariseExport (hence from
 * computeResults over the rollups), the comments from the raw answers (counts and the
 * latest few). The same data renders the web page and, through Chromium, the PDF.
 */
import { findUnit } from "#db/queries/units";
import { listCampaignScope } from "#db/queries/campaigns";
import { sumResponsesBy, summariseTextAnswers } from "#db/queries/exports";
import { figureView } from "~/domain/figures";
import { figureColumns, methodSentences, sourceFootnote } from "~/domain/method-text";
import { localize, type LocalizedText } from "~/domain/questionnaire";
import { reportPeriodLabel, type ReportPeriod } from "~/domain/report-period";
import type { QuestionnaireResult } from "~/domain/scoring";
import type { CommentSummary, ReportData, UnitView } from "~/domain/report-view";
import { judge } from "~/domain/targets";
import { channelLabel } from "~/utils/labels";
import { campaignTargetOf, metricInterval, overallParts } from "./results.server";
import type { AppContext } from "./context.server";
import { RESPONSES_KEY } from "#db/rollups/keys";
import { summariseExport, type ResolvedExport } from "./export.server";
import { compareChannels } from "./independent-channel.server";
import { sdgIndicator } from "./sdg.server";

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
    f: figureView(u.result.overall),
    status: u.status,
  }));
  const target = campaignTargetOf(r.campaign);
  const overall = figureView(result.overall);
  const months = {
    from: r.filter.periodFrom ?? period.from,
    to: r.filter.periodTo ?? period.to,
  };
  const channels = await compareChannels(ctx, {
    campaignIds: [r.campaign.id],
    definition: def,
    minN: r.campaign.min_n,
    ...months,
    within: r.unit ? [r.unit.path] : r.scopeRoots,
  });
  // SDG 16.6.2 is a province's figure: only in a report whose scope is a tree's top unit.
  const scopeUnit = r.unit ?? issuer;
  const sdg =
    scopeUnit && scopeUnit.path.split("/").filter(Boolean).length === 1
      ? await sdgIndicator(ctx, scopeUnit, months, locale)
      : null;

  return {
    campaign: { id: r.campaign.id, title: r.campaign.title, minN: r.campaign.min_n },
    target: target && {
      line: { pct: target.value * 100, metric: target.metric, comparator: target.comparator },
      status: judge(overall, target, result.maxPoints),
      ...metricInterval(overall, target.metric, result.maxPoints),
    },
    period: { ...period, label: reportPeriodLabel(period, locale) },
    issuer: { name: issuer?.name ?? "", parentName: parent?.name ?? null },
    scope: r.unit ? r.unit.name : (issuer?.name ?? ""),
    unitId: r.unit?.id ?? null,
    channel: r.filter.channel ? channelLabel(locale, r.filter.channel) : null,
    questionnaire: {
      title: lz(def.meta.title),
      version: r.version.version,
      issuedBy: def.meta.issuedBy ?? null,
      formNumber: def.meta.formNumber ?? null,
      footnote: sourceFootnote(def.meta, locale),
      note: def.meta.note ? lz(def.meta.note) : null,
    },
    method: { sentences: methodSentences(def, result, locale), minN: result.minN },
    cols: figureColumns(def, result, locale, target?.metric ?? null),
    overallParts: overallParts(result.options),
    sample: {
      responses: result.responses,
      byChannel: byChannel.map((c) => ({
        channel: channelLabel(locale, String(c.key)),
        count: Number(c.count),
      })),
      byMonth: byMonth.map((c) => ({ period: String(c.key), count: Number(c.count) })),
      units: units.length,
    },
    overall,
    aspects: result.aspects.map((a) => ({ code: a.code, title: lz(a.title), f: figureView(a) })),
    elements: result.elements.map((e) => ({ code: e.code, title: lz(e.title), f: figureView(e) })),
    items: result.items.map((i) => ({ code: i.code, title: lz(i.title), f: figureView(i) })),
    units,
    belowTarget: units.filter((u) => u.status === "not_reached"),
    undecided: units.filter((u) => u.status === "undecided"),
    comments,
    channels,
    sdg,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    generatedBy: opts.who,
  };
}
