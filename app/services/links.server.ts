/**
 * Access links and QR codes for a campaign × unit (a counter is a unit), and single-use
 * invitation codes. A link's token is 96 random bits (db/ids.ts newToken); an invitation code
 * is such a token whose link takes one response (collection.server.ts claims it).
 */
import type { Kysely } from "kysely";
import QRCode from "qrcode";
import { insertAudit } from "#db/queries/audit";
import {
  findAccessLinkDetails,
  findAccessLinkWithUnit,
  findCampaignWithVersion,
  revokeAccessLinkRow,
} from "#db/queries/campaign-admin";
import { insertAccessLink, listCampaignScope, listShareLinks } from "#db/queries/campaigns";
import {
  findBatch,
  insertInvitation,
  insertInvitationBatch,
  listBatchCodes,
  listBatchesUnder,
} from "#db/queries/invitations";
import { listUnitsByIds } from "#db/queries/unit-tree";
import { findUnit } from "#db/queries/units";
import { uuidv7 } from "#db/ids";
import type { AccessLink, Database } from "#db/schema";
import { inTransaction } from "#db/transaction";
import { can, isInside } from "~/domain/access";
import { localize, type LocalizedText } from "~/domain/questionnaire";
import { isActiveOn, vietnamDate } from "~/domain/units";
import type { SessionUser } from "./auth.server";
import type { AppContext } from "./context.server";
import { loadActor, NOT_FOUND, ServiceError, type Actor } from "./service-error.server";

export const MAX_INVITATIONS = 2000;

/** The address printed in links: PUBLIC_URL when set (a LAN or public name), else this request's origin. */
export function publicBaseUrl(request: Request): string {
  const configured = process.env.PUBLIC_URL?.replace(/\/+$/, "");
  return configured || new URL(request.url).origin;
}

export const surveyUrl = (base: string, token: string) => `${base}/s/${token}`;

/** QR as SVG markup (error correction M: survives a folded or slightly dirty poster). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

export function qrPng(text: string, width = 600): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: 4, width });
}

/** A link with the names a poster needs and the unit's path (for the permission check). */
export function findLinkDetails(ctx: AppContext, token: string) {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(token)) return Promise.resolve(undefined);
  return findAccessLinkDetails(ctx.db, token);
}

async function unitInScope(ctx: AppContext, campaignId: string, unitId: string) {
  const unit = await findUnit(ctx.db, unitId);
  if (!unit) throw new ServiceError(400, "link.error.unit");
  const scope = await listCampaignScope(ctx.db, campaignId);
  if (!scope.some((s) => isInside(unit.path, s.path)))
    throw new ServiceError(400, "link.error.outsideScope");
  return unit;
}

export interface AccessLinkInput {
  campaignId: string;
  unitId: string;
  channel: string;
  label?: string | null;
  /** Who fills the form in through it (respondent by default; surveyor: interviewer mode). */
  audience?: "respondent" | "surveyor";
}

/**
 * Makes an access link (a link, a QR code: its poster and slips build on it) for one unit of
 * a campaign's scope; /manage/links and a campaign's page both make theirs here. The actor
 * must manage the unit; the unit must be in the scope and active, the channel one of the
 * campaign's, and the campaign not closed. Audited without the token itself.
 */
export async function createAccessLink(
  ctx: AppContext,
  input: AccessLinkInput,
  actorOrId: string | Actor,
  now = new Date(),
): Promise<AccessLink> {
  const actor = await loadActor(ctx, actorOrId);
  const label = input.label?.trim().slice(0, 200) || null;
  return inTransaction(
    ctx.db,
    async (trx) => {
      const campaign = await findCampaignWithVersion(trx, input.campaignId);
      const [unit] = await listUnitsByIds(trx, [input.unitId]);
      if (!campaign || !unit || !can(actor.grants, "campaigns.manage", unit.path))
        throw new ServiceError(404, NOT_FOUND);
      const scope = await listCampaignScope(trx, input.campaignId);
      if (!scope.some((s) => isInside(unit.path, s.path)))
        throw new ServiceError(409, "link.error.unitOutsideScope", { name: unit.name });
      if (campaign.status === "closed") throw new ServiceError(409, "link.error.closed");
      const channels = JSON.parse(campaign.channels) as string[];
      if (!channels.includes(input.channel))
        throw new ServiceError(400, "link.error.channel", { channel: input.channel });
      if (!isActiveOn(unit, vietnamDate(now)))
        throw new ServiceError(409, "link.error.unitInactive", { name: unit.name });
      const link = await insertAccessLink(trx, {
        campaignId: campaign.id,
        unitId: unit.id,
        channel: input.channel,
        ...(label ? { label } : {}),
        audience: input.audience ?? "respondent",
      });
      await insertAudit(trx, {
        userId: actor.id,
        action: "create",
        entity: "access_link",
        // The token opens the survey: the log keeps only its first characters.
        entityId: `${link.token.slice(0, 4)}…`,
        unitId: unit.id,
        after: {
          campaignId: campaign.id,
          unitCode: unit.code,
          channel: input.channel,
          label,
          audience: input.audience ?? "respondent",
        },
      });
      return link;
    },
    { immediate: true },
  );
}

/** Revokes a link (it answers 410 from then on); 404 unless the actor manages its unit. */
export async function revokeAccessLink(
  ctx: AppContext,
  token: string,
  actor: Actor,
  now = new Date(),
): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const link = await findAccessLinkWithUnit(trx, token);
    // A higher unit's independent link is revoked by that unit only (independent-channel.server).
    if (
      !link ||
      link.channel === "independent" ||
      !can(actor.grants, "campaigns.manage", link.unit_path)
    )
      throw new ServiceError(404, NOT_FOUND);
    await revokeLinkRow(trx, token, link, actor.id, now);
  });
}

/**
 * Revokes one link in the caller's transaction, with its audit entry (the token shortened);
 * nothing when it is revoked already. Shared by the unit's links and a higher unit's
 * independent ones, whose callers check who may.
 */
export async function revokeLinkRow(
  trx: Kysely<Database>,
  token: string,
  link: { unit_id: string; campaign_id: string; revoked_at: string | null },
  actorId: string,
  now: Date,
): Promise<void> {
  if (link.revoked_at) return;
  await revokeAccessLinkRow(trx, token, now.toISOString());
  await insertAudit(trx, {
    userId: actorId,
    action: "revoke",
    entity: "access_link",
    entityId: `${token.slice(0, 4)}…`,
    unitId: link.unit_id,
    after: { campaignId: link.campaign_id },
  });
}

/** N single-use codes for a sampled group, in one transaction. */
export async function createInvitationBatch(
  ctx: AppContext,
  input: { campaignId: string; unitId: string; count: number; label?: string },
  actorId: string | null,
) {
  const count = Math.floor(input.count);
  if (!Number.isFinite(count) || count < 1 || count > MAX_INVITATIONS)
    throw new ServiceError(400, "link.error.invitationCount", { max: MAX_INVITATIONS });
  const unit = await unitInScope(ctx, input.campaignId, input.unitId);
  const label = input.label?.trim() || `Mã mời ${unit.name}`;
  return inTransaction(ctx.db, async (trx) => {
    const batch = {
      id: uuidv7(),
      campaign_id: input.campaignId,
      unit_id: unit.id,
      label,
      size: count,
      created_at: new Date().toISOString(),
      created_by: actorId,
    };
    await insertInvitationBatch(trx, batch);
    for (let i = 0; i < count; i++) {
      const link = await insertAccessLink(trx, {
        campaignId: input.campaignId,
        unitId: unit.id,
        channel: "invitation",
        label,
      });
      await insertInvitation(trx, link.token, batch.id);
    }
    await insertAudit(trx, {
      userId: actorId,
      action: "create",
      entity: "invitation_batch",
      entityId: batch.id,
      after: { campaignId: input.campaignId, unitId: unit.id, count },
      unitId: unit.id,
    });
    return batch;
  });
}

/** The link behind a QR page, if the signed-in user manages its unit; a ServiceError 404 otherwise. */
export async function getManagedLink(ctx: AppContext, user: SessionUser, token: string) {
  const link = await findLinkDetails(ctx, token);
  if (!link || link.revoked_at || !can(user.grants, "campaigns.manage", link.unit_path))
    throw new ServiceError(404, "error.notFound");
  return link;
}

/** The questionnaire's title from a stored definition, in the locale. */
export function definitionTitle(definition: string, locale: string): string {
  const d = JSON.parse(definition) as { meta?: { title?: LocalizedText } };
  return localize(d.meta?.title, locale);
}

/** The QR and web links of the campaigns at `campaignIds`, with their unit. */
export const listLinksOf = (ctx: AppContext, campaignIds: readonly string[]) =>
  listShareLinks(ctx.db, campaignIds);

/** Invitation batches in the subtrees at `paths`. */
export const listInvitationBatches = (ctx: AppContext, paths: readonly string[]) =>
  listBatchesUnder(ctx.db, paths);

export const findInvitationBatch = (ctx: AppContext, batchId: string) => findBatch(ctx.db, batchId);

export const listInvitationCodes = (ctx: AppContext, batchId: string) =>
  listBatchCodes(ctx.db, batchId);
