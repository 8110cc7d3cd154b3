/**
 * Running campaigns: create one from a questionnaire version over units of the actor's
 * subtree, open and close it (its access links are made by links.server.ts). Managers
 * (campaigns.manage) act only inside their subtree: a campaign whose scope reaches beyond it
 * is theirs to read and to make links for their own units, not to open or close. Every
 * change is audited in the same transaction.
 */
import { identifyingQuestions } from "~/domain/anonymity";
import { insertAudit } from "#db/queries/audit";
import {
  findCampaignWithVersion,
  insertCampaignWithScope,
  listAllCampaignScopes,
  listLinksWithUnits,
  updateCampaignStatus,
} from "#db/queries/campaign-admin";
import { listAccessLinks, listCampaigns, listCampaignScope } from "#db/queries/campaigns";
import { withPredecessors } from "#db/queries/lineage";
import { listLatestVersions, findVersion } from "#db/queries/questionnaires";
import { sumRollups, type RollupFilter } from "#db/rollups/read";
import { listUnitsByIds } from "#db/queries/unit-tree";
import type { Campaign } from "#db/schema";
import { inTransaction } from "#db/transaction";
import { uuidv7 } from "#db/ids";
import { can, reachableWithin, type Grant, type Permission } from "~/domain/access";
import {
  canTransition,
  CampaignInputSchema,
  commonAncestorId,
  periodBounds,
  type CampaignStatus,
} from "~/domain/campaign-input";
import { combineOnMatchingItems, type SpanCounts } from "~/domain/campaign-span";
import { computeResults, type QuestionnaireResult } from "~/domain/scoring";
import { isActiveOn, vietnamDate } from "~/domain/units";
import { loadVersion, type AppContext } from "./context.server";
import { toCountTable } from "./results.server";
import {
  invalidInput,
  NOT_FOUND,
  pathsWith,
  ServiceError,
  type Actor,
} from "./service-error.server";

/** Campaigns whose scope meets the actor's campaigns.manage subtree; `whole`: they run all of it. */
export async function listManagedCampaigns(ctx: AppContext, actor: Actor) {
  const scopes = new Map<string, string[]>();
  for (const s of await listAllCampaignScopes(ctx.db)) {
    const list = scopes.get(s.campaign_id) ?? [];
    list.push(s.path);
    scopes.set(s.campaign_id, list);
  }
  const campaigns = await listCampaigns(ctx.db, "desc");
  return campaigns
    .map((c) => {
      const paths = scopes.get(c.id) ?? [];
      return {
        ...c,
        reach: reachableWithin(actor.grants, "campaigns.manage", paths).length > 0,
        whole: paths.length > 0 && paths.every((p) => can(actor.grants, "campaigns.manage", p)),
      };
    })
    .filter((c) => c.reach)
    .map(({ reach: _reach, ...c }) => c);
}

/**
 * Questionnaires a campaign of the actor may use: the official catalog's latest versions, and
 * the agencies' own ones whose owner unit is above or inside the actor's subtree.
 */
export async function listUsableQuestionnaires(ctx: AppContext, actor: Actor) {
  const roots = pathsWith(actor, "campaigns.manage");
  const versions = await listLatestVersions(ctx.db);
  const owners = new Map(
    (
      await listUnitsByIds(
        ctx.db,
        versions.map((v) => v.owner_unit_id).filter((id): id is string => id !== null),
      )
    ).map((u) => [u.id, u]),
  );
  return versions
    .filter((v) => {
      if (!v.owner_unit_id) return true;
      const owner = owners.get(v.owner_unit_id);
      return owner && roots.some((r) => r.startsWith(owner.path) || owner.path.startsWith(r));
    })
    .map((v) => ({
      id: v.id,
      slug: v.slug,
      version: v.version,
      title: v.title,
      ownerName: v.owner_unit_id ? (owners.get(v.owner_unit_id)?.name ?? null) : null,
    }));
}

/** A new campaign, as a draft. */
export async function createCampaign(
  ctx: AppContext,
  input: unknown,
  actor: Actor,
  now = new Date(),
): Promise<Campaign> {
  const parsed = CampaignInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const v = parsed.data;
  const version = await findVersion(ctx.db, v.questionnaireVersionId);
  if (!version) throw new ServiceError(400, "campaign.error.questionnaireMissing");
  if (v.anonymous) {
    const survey = (JSON.parse(version.definition) as { survey: Record<string, unknown> }).survey;
    const required = identifyingQuestions(survey, { required: true });
    if (required.length > 0)
      throw new ServiceError(409, "campaign.error.anonymousContact", {
        questions: required.join(", "),
      });
  }
  const units = await listUnitsByIds(ctx.db, [...new Set(v.scopeUnitIds)]);
  if (units.length !== new Set(v.scopeUnitIds).size) throw new ServiceError(404, NOT_FOUND);
  const today = vietnamDate(now);
  for (const u of units) {
    if (!can(actor.grants, "campaigns.manage", u.path)) throw new ServiceError(404, NOT_FOUND);
    if (!isActiveOn(u, today))
      throw new ServiceError(409, "campaign.error.unitInactive", { name: u.name });
  }
  if (version.owner_unit_id) {
    const [owner] = await listUnitsByIds(ctx.db, [version.owner_unit_id]);
    if (!owner || units.some((u) => !u.path.startsWith(owner.path)))
      throw new ServiceError(409, "campaign.error.ownQuestionnaire", { owner: owner?.name ?? "?" });
  }
  // A unit inside another chosen one adds nothing: keep the outermost.
  const roots = units.filter((u) => !units.some((o) => o.id !== u.id && u.path.startsWith(o.path)));
  const { opensAt, closesAt } = periodBounds(v.from, v.to);
  const row: Campaign = {
    id: uuidv7(now.getTime()),
    title: v.title,
    questionnaire_version_id: version.id,
    status: "draft",
    opens_at: opensAt,
    closes_at: closesAt,
    target_pct: v.targetPct,
    target_metric: v.targetMetric,
    channels: JSON.stringify(v.channels),
    min_n: v.minN,
    created_at: now.toISOString(),
    target_responses: v.targetResponses,
    anonymous: v.anonymous ? 1 : 0,
    dossier_link_days: v.dossierLinkDays,
  };
  await inTransaction(ctx.db, async (trx) => {
    await insertCampaignWithScope(
      trx,
      row,
      roots.map((u) => u.id),
    );
    await insertAudit(trx, {
      userId: actor.id,
      action: "create",
      entity: "campaign",
      entityId: row.id,
      unitId: commonAncestorId(roots.map((u) => u.path)),
      after: {
        title: row.title,
        questionnaire: `${version.slug} v${version.version}`,
        scope: roots.map((u) => u.code),
        opensAt: row.opens_at,
        closesAt: row.closes_at,
        targetPct: row.target_pct,
        targetMetric: row.target_metric,
        targetResponses: row.target_responses,
        channels: v.channels,
        minN: row.min_n,
        anonymous: v.anonymous,
        dossierLinkDays: v.dossierLinkDays,
      },
    });
  });
  return row;
}

async function scopeOf(ctx: AppContext, campaignId: string) {
  return listCampaignScope(ctx.db, campaignId);
}

/** Open or close a campaign: only for those who manage its whole scope. */
export async function setCampaignStatus(
  ctx: AppContext,
  campaignId: string,
  to: CampaignStatus,
  actor: Actor,
  now = new Date(),
): Promise<void> {
  await inTransaction(
    ctx.db,
    async (trx) => {
      const c = { ...ctx, db: trx };
      const campaign = await findCampaignWithVersion(trx, campaignId);
      const scope = campaign ? await scopeOf(c, campaignId) : [];
      const paths = scope.map((u) => u.path);
      if (!campaign || reachableWithin(actor.grants, "campaigns.manage", paths).length === 0)
        throw new ServiceError(404, NOT_FOUND);
      if (!paths.every((p) => can(actor.grants, "campaigns.manage", p)))
        throw new ServiceError(403, "campaign.error.wholeScope");
      if (!canTransition(campaign.status, to))
        throw new ServiceError(
          409,
          campaign.status === "closed" ? "campaign.error.frozen" : "campaign.error.transition",
        );
      if (to === "open" && campaign.closes_at <= now.toISOString())
        throw new ServiceError(409, "campaign.error.ended");
      await updateCampaignStatus(trx, campaignId, to);
      await insertAudit(trx, {
        userId: actor.id,
        action: to === "open" ? "open" : "close",
        entity: "campaign",
        entityId: campaignId,
        unitId: commonAncestorId(paths),
        before: { status: campaign.status },
        after: { status: to },
      });
    },
    { immediate: true },
  );
}

/** A campaign as its managers see it: 404 when it does not meet their subtree. */
export async function getManagedCampaign(ctx: AppContext, campaignId: string, actor: Actor) {
  const campaign = await findCampaignWithVersion(ctx.db, campaignId);
  const scope = campaign ? await scopeOf(ctx, campaignId) : [];
  const paths = scope.map((u) => u.path);
  if (!campaign || reachableWithin(actor.grants, "campaigns.manage", paths).length === 0)
    throw new ServiceError(404, NOT_FOUND);
  const whole = paths.every((p) => can(actor.grants, "campaigns.manage", p));
  const links = (await listLinksWithUnits(ctx.db, campaignId)).filter((l) =>
    can(actor.grants, "campaigns.manage", l.unit_path),
  );
  return {
    campaign,
    whole,
    // Scope roots outside the actor's subtree are named only when they run the whole campaign.
    scope: scope
      .filter((u) => whole || can(actor.grants, "campaigns.manage", u.path))
      .map((u) => ({ id: u.id, name: u.name })),
    links: links.map(({ unit_path: _p, ...l }) => l),
    scopePaths: paths,
  };
}

/**
 * Results across two campaigns whose questionnaire versions differ (e.g. v1 in 2025, v2 in
 * 2026): counts are added on the items with the same code and scale, scored with the first
 * campaign's questionnaire; see combineOnMatchingItems for what is left out and why. The
 * caller checks that the user may read both campaigns over `filter.unitPaths`.
 */
export async function findSpanningResults(
  ctx: AppContext,
  campaignIds: [string, string],
  filter: Omit<RollupFilter, "campaignId"> = {},
): Promise<{ result: QuestionnaireResult; span: SpanCounts } | undefined> {
  const parts = [];
  let minN = 0;
  for (const id of campaignIds) {
    const campaign = await findCampaignWithVersion(ctx.db, id);
    if (!campaign) return undefined;
    const version = await loadVersion(ctx, campaign.questionnaire_version_id);
    if (!version) return undefined;
    minN = Math.max(minN, campaign.min_n);
    const { counts, responses } = toCountTable(
      await sumRollups(ctx.db, { ...filter, campaignId: id }),
    );
    parts.push({ definition: version.definition, counts, responses });
  }
  const span = combineOnMatchingItems(parts[0]!, parts[1]!);
  const result = computeResults(parts[0]!.definition, span.counts, span.responses, { minN });
  return { result, span };
}

/** Label for a questionnaire version in lists: its title and number. */
export function versionLabel(v: { title: string; slug: string; version: number }) {
  return `${v.title} (${v.slug} v${v.version})`;
}

/** Every campaign with its questionnaire, newest first (callers filter by their own rule). */
export const listAllCampaigns = (ctx: AppContext) => listCampaigns(ctx.db);

/** Campaigns where `grants` hold `permission` on some unit of the scope, each with its scope. */
export async function listCampaignsReached(
  ctx: AppContext,
  grants: readonly Grant[],
  permission: Permission,
) {
  const out = [];
  for (const c of await listCampaigns(ctx.db)) {
    const scope = await listCampaignScope(ctx.db, c.id);
    const paths = scope.map((u) => u.path);
    if (reachableWithin(grants, permission, paths).length > 0) out.push({ ...c, scope });
  }
  return out;
}

/**
 * The home page's campaigns: those whose results the user reads, with their access links for
 * those who run the whole campaign. A role over a merged unit also reads the campaigns of the
 * units it was formed from.
 */
export async function listHomeCampaigns(ctx: AppContext, grants: readonly Grant[]) {
  const readGrants = await withPredecessors(ctx.db, grants);
  const out = [];
  for (const { scope, ...c } of await listCampaignsReached(ctx, readGrants, "results.read")) {
    const manages = scope.every((u) => can(grants, "campaigns.manage", u.path));
    out.push({ ...c, links: manages ? await listAccessLinks(ctx.db, c.id) : [] });
  }
  return out;
}
