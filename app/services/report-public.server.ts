/**
 * Published results: an administrator puts a campaign's aggregated results on a public
 * page. What is stored is a snapshot of aggregates only; a rate whose n is under the
 * campaign's minimum is removed from the snapshot (not stored, not sent), with its
 * interval and satisfied count, so the page cannot show it even by mistake.
 */
import { listCampaignScope } from "#db/queries/campaigns";
import { insertAudit } from "#db/queries/audit";
import {
  deletePublishedResult,
  findPublishedResult,
  listPublishedResults,
  upsertPublishedResult,
} from "#db/queries/published-results";
import { can, type Grant } from "~/domain/access";
import { localize } from "~/domain/questionnaire";
import { figureView, type FigureColumns, type FigureView, type PartsKind } from "~/domain/figures";
import { figureColumns, methodSentences, sourceFootnote } from "~/domain/method-text";
import type { Rate, ScoreFigures } from "~/domain/scoring";
import type { AppContext } from "./context.server";
import { resolveExport, summariseExport } from "./export.server";
import { campaignTargetOf, overallParts } from "./results.server";

/**
 * A rate as published: its figures (what it is computed from, the top share, the mean), or
 * only the fact that n is under the minimum. Snapshots published before 2026-12 hold n,
 * rate, low and high only.
 */
export type PublicRate = ({ suppressed: false } & FigureView) | { suppressed: true };

export interface PublicRow {
  code: string;
  title: string;
  rate: PublicRate;
}

export interface PublishedContent {
  campaign: { id: string; title: string; targetPct: number | null };
  questionnaire: {
    title: string;
    issuedBy: string | null;
    verification: string;
    note: string | null;
    /** Source and verification in words (absent from older snapshots). */
    footnote?: string;
  };
  /** The columns and the method in sentences (absent from older snapshots). */
  cols?: FigureColumns;
  overallParts?: PartsKind;
  method?: string[];
  periodFrom: string | null;
  periodTo: string | null;
  minN: number;
  responses: number;
  overall: PublicRate;
  aspects: PublicRow[];
  elements: PublicRow[];
  items: PublicRow[];
  units: Array<{ code: string; name: string; depth: number; rate: PublicRate }>;
}

export function toPublicRate(r: Rate & Partial<ScoreFigures>): PublicRate {
  if (!r.sufficient || r.rate === null) return { suppressed: true };
  return { suppressed: false, ...figureView(r) };
}

/** May these grants publish the campaign (administrator over every root of its scope)? */
export async function canPublish(ctx: AppContext, campaignId: string, grants: readonly Grant[]) {
  const scope = await listCampaignScope(ctx.db, campaignId);
  return scope.length > 0 && scope.every((u) => can(grants, "results.publish", u.path));
}

export async function publishResults(
  ctx: AppContext,
  user: { id: string; grants: readonly Grant[] },
  campaignId: string,
  period: { periodFrom?: string; periodTo?: string },
): Promise<PublishedContent> {
  const resolved = await resolveExport(ctx, user.grants, {
    campaignId,
    includeFlagged: false,
    ...period,
  });
  if (!resolved.ok) throw new Error(resolved.message);
  const r = resolved.value;
  const { result, units } = await summariseExport(ctx, r);
  const meta = r.version.definition.meta;
  const row = (
    g: { code: string; title: Parameters<typeof localize>[0] } & Rate & ScoreFigures,
  ): PublicRow => ({
    code: g.code,
    title: localize(g.title, "vi"),
    rate: toPublicRate(g),
  });
  const content: PublishedContent = {
    campaign: { id: r.campaign.id, title: r.campaign.title, targetPct: r.campaign.target_pct },
    questionnaire: {
      title: localize(meta.title, "vi"),
      issuedBy: meta.issuedBy ?? null,
      verification: meta.verification,
      note: meta.note ? localize(meta.note, "vi") : null,
      footnote: sourceFootnote(meta, "vi"),
    },
    cols: figureColumns(
      r.version.definition,
      result,
      "vi",
      campaignTargetOf(r.campaign)?.metric ?? null,
    ),
    overallParts: overallParts(result.options),
    method: methodSentences(r.version.definition, result, "vi"),
    periodFrom: period.periodFrom ?? null,
    periodTo: period.periodTo ?? null,
    minN: result.minN,
    responses: result.responses,
    overall: toPublicRate(result.overall),
    aspects: result.aspects.map(row),
    elements: result.elements.map(row),
    items: result.items.map(row),
    units: units.map((u) => ({
      code: u.unit.code,
      name: u.unit.name,
      depth: u.unit.depth,
      rate: toPublicRate(u.result.overall),
    })),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await upsertPublishedResult(trx, {
      campaignId,
      periodFrom: content.periodFrom,
      periodTo: content.periodTo,
      content: JSON.stringify(content),
      publishedBy: user.id,
    });
    await insertAudit(trx, {
      userId: user.id,
      action: "publish",
      entity: "campaign",
      entityId: campaignId,
      after: { periodFrom: content.periodFrom, periodTo: content.periodTo },
    });
  });
  return content;
}

export async function unpublishResults(ctx: AppContext, userId: string, campaignId: string) {
  await ctx.db.transaction().execute(async (trx) => {
    await deletePublishedResult(trx, campaignId);
    await insertAudit(trx, {
      userId,
      action: "unpublish",
      entity: "campaign",
      entityId: campaignId,
    });
  });
}

export async function findPublished(ctx: AppContext, campaignId: string) {
  const row = await findPublishedResult(ctx.db, campaignId);
  if (!row) return undefined;
  return { publishedAt: row.published_at, content: JSON.parse(row.content) as PublishedContent };
}

export function listPublished(ctx: AppContext) {
  return listPublishedResults(ctx.db);
}
