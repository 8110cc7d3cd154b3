/**
 * The independent channel (issue 17 item 5): QR codes and links that a higher unit (the
 * Department of Health) owns and posts at a unit of a campaign (a hospital), and the unit's
 * own survey put beside them, per unit. The links carry channel "independent", so their
 * responses are counted apart by the rollups as they are written; the comparison reads the
 * month rollups only (docs/decisions/023-independent-channel-sdg.md).
 */
import { insertAudit } from "#db/queries/audit";
import { findCampaignWithVersion } from "#db/queries/campaign-admin";
import { listCampaignScope } from "#db/queries/campaigns";
import {
  findIndependentLink,
  insertIndependentLink,
  listIndependentLinks,
  sumChannelSides,
} from "#db/queries/independent-channel";
import { listUnitsByIds } from "#db/queries/unit-tree";
import { inTransaction } from "#db/transaction";
import { can, isInside } from "~/domain/access";
import { figureView } from "~/domain/figures";
import {
  compareSides,
  ownsFromAbove,
  splitSides,
  type ChannelComparisonRow,
} from "~/domain/independent-channel";
import type { QuestionnaireDefinition } from "~/domain/questionnaire";
import { computeResults } from "~/domain/scoring";
import { isActiveOn, vietnamDate } from "~/domain/units";
import type { AppContext } from "./context.server";
import { revokeLinkRow } from "./links.server";
import { toCountTable } from "./results.server";
import { loadActor, NOT_FOUND, pathsWith, ServiceError, type Actor } from "./service-error.server";

export { INDEPENDENT_CHANNEL } from "#db/queries/independent-channel";

export interface IndependentLinkInput {
  campaignId: string;
  /** Where the QR code is posted (a hospital): a unit of the campaign's scope. */
  unitId: string;
  /** Who owns it (the Department): a unit strictly above `unitId` the actor manages. */
  ownerUnitId: string;
  label?: string | null;
}

/**
 * Makes an independent link. Only someone who manages the owning unit may; the owner must lie
 * strictly above the unit, the unit inside the campaign's scope and active, the campaign not
 * closed. The campaign's own channel list does not apply: the check belongs to the higher unit.
 */
export async function createIndependentLink(
  ctx: AppContext,
  input: IndependentLinkInput,
  who: string | Actor,
  now = new Date(),
) {
  const actor = await loadActor(ctx, who);
  const label = input.label?.trim().slice(0, 200) || null;
  return inTransaction(
    ctx.db,
    async (trx) => {
      const campaign = await findCampaignWithVersion(trx, input.campaignId);
      const units = await listUnitsByIds(trx, [input.unitId, input.ownerUnitId]);
      const unit = units.find((u) => u.id === input.unitId);
      const owner = units.find((u) => u.id === input.ownerUnitId);
      if (!campaign || !unit || !owner || !can(actor.grants, "campaigns.manage", owner.path))
        throw new ServiceError(404, NOT_FOUND);
      if (!ownsFromAbove(owner.path, unit.path))
        throw new ServiceError(400, "channel.error.notAbove", {
          owner: owner.name,
          unit: unit.name,
        });
      const scope = await listCampaignScope(trx, campaign.id);
      if (!scope.some((s) => isInside(unit.path, s.path)))
        throw new ServiceError(409, "link.error.unitOutsideScope", { name: unit.name });
      if (campaign.status === "closed") throw new ServiceError(409, "link.error.closed");
      if (!isActiveOn(unit, vietnamDate(now)))
        throw new ServiceError(409, "link.error.unitInactive", { name: unit.name });
      const link = await insertIndependentLink(trx, {
        campaignId: campaign.id,
        unitId: unit.id,
        ownerUnitId: owner.id,
        label,
      });
      await insertAudit(trx, {
        userId: actor.id,
        action: "create",
        entity: "access_link",
        // The token opens the survey: the log keeps only its first characters.
        entityId: `${link.token.slice(0, 4)}…`,
        unitId: owner.id,
        after: {
          campaignId: campaign.id,
          unitCode: unit.code,
          ownerCode: owner.code,
          channel: link.channel,
          label,
        },
      });
      return link;
    },
    { immediate: true },
  );
}

/** Revokes an independent link: only who manages its owner may (the unit posting it may not). */
export async function revokeIndependentLink(
  ctx: AppContext,
  token: string,
  who: string | Actor,
  now = new Date(),
): Promise<void> {
  const actor = await loadActor(ctx, who);
  await inTransaction(ctx.db, async (trx) => {
    const link = await findIndependentLink(trx, token);
    if (!link || !can(actor.grants, "campaigns.manage", link.owner_path))
      throw new ServiceError(404, NOT_FOUND);
    await revokeLinkRow(trx, token, link, actor.id, now);
  });
}

/** The independent links of the campaigns that the actor's managed units own. */
export async function listOwnedIndependentLinks(
  ctx: AppContext,
  who: string | Actor,
  campaignIds: readonly string[],
) {
  const actor = await loadActor(ctx, who);
  const paths = pathsWith(actor, "campaigns.manage");
  const links = await listIndependentLinks(ctx.db, campaignIds);
  return links.filter((l) => paths.some((p) => isInside(l.owner_path, p)));
}

/**
 * Per unit carrying an independent link of the campaign (inside `within`, when given): the
 * unit's own survey and the independent channel over its whole subtree for the months
 * [from, to], scored by the questionnaire's method, with the difference and its significance.
 * Units whose links took nothing in the months are left out; null when no unit inside carries
 * an independent link (then there is nothing to show, not even "no responses").
 */
export async function compareChannels(
  ctx: AppContext,
  q: {
    /** One campaign, or several of one questionnaire version (a dashboard's selection). */
    campaignIds: readonly string[];
    definition: QuestionnaireDefinition;
    minN: number;
    from?: string | null;
    to?: string | null;
    /** Subtrees the reader asked for (a scope of the results page); null: every unit. */
    within?: readonly string[] | null;
  },
): Promise<ChannelComparisonRow[] | null> {
  const links = await listIndependentLinks(ctx.db, q.campaignIds);
  const units = new Map<string, string>();
  for (const l of links)
    if (!q.within || q.within.some((p) => isInside(l.unit_path, p)))
      units.set(l.unit_id, l.unit_name);
  if (units.size === 0) return null;
  const rows = await sumChannelSides(ctx.db, {
    campaignIds: q.campaignIds,
    unitIds: [...units.keys()],
    periodFrom: q.from ?? "0000-00",
    periodTo: q.to ?? "9999-99",
  });
  const bySide = splitSides(rows);
  const score = (list: typeof rows) => {
    const { counts, responses } = toCountTable(list);
    const r = computeResults(q.definition, counts, responses, { minN: q.minN });
    return { responses, f: figureView(r.overall) };
  };
  const out: ChannelComparisonRow[] = [];
  for (const [unitId, unitName] of units) {
    const sides = bySide.get(unitId);
    if (!sides || sides.independent.length === 0) continue;
    const own = score(sides.own);
    const independent = score(sides.independent);
    if (independent.responses === 0) continue;
    out.push({
      unitId,
      unitName,
      own,
      independent,
      difference: compareSides(own.f, independent.f),
    });
  }
  return out.sort((a, b) => a.unitName.localeCompare(b.unitName, "vi"));
}
