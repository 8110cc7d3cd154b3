/**
 * Access links and QR codes for a campaign × unit (a counter is a unit), and single-use
 * invitation codes. A link's token is 96 random bits (db/ids.ts newToken); an invitation code
 * is such a token whose link takes one response (collection.server.ts claims it).
 */
import { data } from "@remix-run/node";
import QRCode from "qrcode";
import { insertAudit } from "#db/queries/audit";
import { insertAccessLink, listCampaignScope } from "#db/queries/campaigns";
import { findUnit } from "#db/queries/units";
import { uuidv7 } from "#db/ids";
import { inTransaction } from "#db/transaction";
import { can, isInside } from "~/domain/access";
import { localize, type LocalizedText } from "~/domain/questionnaire";
import type { SessionUser } from "./auth.server";
import type { AppContext } from "./context.server";

export class LinkInputError extends Error {}

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
  return ctx.db
    .selectFrom("access_link as l")
    .innerJoin("unit as u", "u.id", "l.unit_id")
    .innerJoin("campaign as c", "c.id", "l.campaign_id")
    .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
    .select([
      "l.token",
      "l.channel",
      "l.label",
      "l.revoked_at",
      "l.campaign_id",
      "u.name as unit_name",
      "u.path as unit_path",
      "c.title as campaign_title",
      "q.definition",
    ])
    .where("l.token", "=", token)
    .executeTakeFirst();
}

async function unitInScope(ctx: AppContext, campaignId: string, unitId: string) {
  const unit = await findUnit(ctx.db, unitId);
  if (!unit) throw new LinkInputError("Không tìm thấy đơn vị.");
  const scope = await listCampaignScope(ctx.db, campaignId);
  if (!scope.some((s) => isInside(unit.path, s.path)))
    throw new LinkInputError("Đơn vị không thuộc phạm vi của đợt khảo sát này.");
  return unit;
}

export async function createLink(
  ctx: AppContext,
  input: { campaignId: string; unitId: string; channel: "qr" | "link"; label?: string },
  actorId: string | null,
) {
  const unit = await unitInScope(ctx, input.campaignId, input.unitId);
  return inTransaction(ctx.db, async (trx) => {
    const link = await insertAccessLink(trx, {
      campaignId: input.campaignId,
      unitId: unit.id,
      channel: input.channel,
      label: input.label?.trim() || undefined,
    });
    await insertAudit(trx, {
      userId: actorId,
      action: "create",
      entity: "access_link",
      // The token opens the survey; the audit log keeps only its first characters.
      entityId: link.token.slice(0, 4),
      after: { campaignId: input.campaignId, unitId: unit.id, channel: input.channel },
      unitId: unit.id,
    });
    return link;
  });
}

export async function revokeLink(
  ctx: AppContext,
  token: string,
  unitId: string,
  actorId: string | null,
) {
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable("access_link")
      .set({ revoked_at: new Date().toISOString() })
      .where("token", "=", token)
      .where("revoked_at", "is", null)
      .execute();
    await insertAudit(trx, {
      userId: actorId,
      action: "revoke",
      entity: "access_link",
      entityId: token.slice(0, 4),
      unitId,
    });
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
    throw new LinkInputError(`Số mã mời từ 1 đến ${MAX_INVITATIONS}.`);
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
    await trx.insertInto("invitation_batch").values(batch).execute();
    for (let i = 0; i < count; i++) {
      const link = await insertAccessLink(trx, {
        campaignId: input.campaignId,
        unitId: unit.id,
        channel: "invitation",
        label,
      });
      await trx
        .insertInto("invitation")
        .values({ token: link.token, batch_id: batch.id, used_at: null, used_by: null })
        .execute();
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

/** The link behind a QR page, if the signed-in user manages its unit; 404 otherwise. */
export async function getManagedLink(ctx: AppContext, user: SessionUser, token: string) {
  const link = await findLinkDetails(ctx, token);
  if (!link || link.revoked_at || !can(user.grants, "campaigns.manage", link.unit_path))
    throw data({ message: "Không tìm thấy." }, { status: 404 });
  return link;
}

/** The questionnaire's title from a stored definition, in the locale. */
export function definitionTitle(definition: string, locale: string): string {
  const d = JSON.parse(definition) as { meta?: { title?: LocalizedText } };
  return localize(d.meta?.title, locale);
}
