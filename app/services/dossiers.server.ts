/**
 * Dossiers (hồ sơ) from one-stop systems, and the one rating each may take.
 *
 * `upsertDossier` is POST /api/v1/dossiers: a system client writes a dossier of its subtree,
 * by code (a later call with the same code updates its dates, counter, officer and contact);
 * the first call binds it to the open campaign that takes dossier ratings for its unit and
 * makes its one-time rating link, valid for the campaign's dossier_link_days.
 *
 * `dossierForSubmission` is what the ingestion path asks before storing a rating: which
 * dossier it rates (the dossier's own link, or a dossier code typed at a kiosk or sent with
 * the rating), and whether that dossier was rated already (409 dossier_already_rated). The
 * final word is the unique key of dossier_rating, claimed in the transaction that writes the
 * response (claimDossierRatings), so two concurrent ratings cannot both be stored.
 */
import { insertAudit } from "#db/queries/audit";
import { insertAccessLink, type LinkWithCampaign } from "#db/queries/campaigns";
import {
  eraseExpiredContacts,
  findDossierByCode,
  findDossierByLink,
  findDossierCampaigns,
  insertDossier,
  linkDossierDays,
  unitPathOf,
  updateDossier,
  type DossierClaim,
  type DossierWithRating,
} from "#db/queries/dossiers";
import { findUnitByCode } from "#db/queries/unit-tree";
import type { Dossier } from "#db/schema";
import { inTransaction } from "#db/transaction";
import { isInside } from "~/domain/access";
import { compileCodePattern, readDossierCode, type DossierBody } from "~/domain/dossier";
import { ratedDissatisfied } from "~/domain/qd766";
import { isActiveOn, vietnamDate } from "~/domain/units";
import type { AuthenticatedClient } from "./clients.server";
import type { AppContext, LoadedVersion } from "./context.server";
import { qrPng, qrSvg } from "./links.server";
import { queueLinkMessages, type QueuedMessage } from "./dossier-messages.server";
import { ServiceError } from "./service-error.server";
import { DEFAULT_LOCALE, t, type Locale } from "~/utils/i18n";

let cachedPattern: { source: string | undefined; regex: RegExp | null; problem?: string } | null =
  null;

/** DOSSIER_CODE_PATTERN compiled (or the default); ServiceError 503 when it is unsafe or wrong. */
export function dossierCodePattern(): RegExp {
  const source = process.env.DOSSIER_CODE_PATTERN;
  if (!cachedPattern || cachedPattern.source !== source) {
    const p = compileCodePattern(source);
    cachedPattern = p.ok ? { source, regex: p.regex } : { source, regex: null, problem: p.problem };
    if (!p.ok) console.error(`DOSSIER_CODE_PATTERN refused: ${p.problem}`);
  }
  if (!cachedPattern.regex) throw new ServiceError(503, "dossiers.api.pattern_misconfigured");
  return cachedPattern.regex;
}

export interface DossierLink {
  token: string;
  url: string;
  expiresAt: string;
  qr: { svg: string; pngBase64: string };
}

export interface DossierAnswer {
  code: string;
  unitCode: string;
  status: "received" | "returned";
  rated: boolean;
  link: DossierLink;
  messages: QueuedMessage[];
}

const DAY_MS = 86_400_000;

/** POST /api/v1/dossiers after its body was parsed. 201 when created, 200 when known. */
export async function upsertDossier(
  ctx: AppContext,
  client: AuthenticatedClient,
  body: DossierBody,
  baseUrl: string,
  now = new Date(),
): Promise<{ status: 200 | 201; body: DossierAnswer }> {
  const nowIso = now.toISOString();
  const unit = await findUnitByCode(ctx.db, body.unitCode);
  // Outside the client's subtree it does not exist, as for people (404).
  if (!unit || !isInside(unit.path, client.unitPath))
    throw new ServiceError(404, "dossiers.api.unit_not_found", { code: body.unitCode });
  if (!isActiveOn(unit, vietnamDate(now)))
    throw new ServiceError(409, "dossiers.api.unit_inactive", { name: unit.name });

  const result = await inTransaction(
    ctx.db,
    async (trx) => {
      const known = await findDossierByCode(trx, body.code);
      const facts = {
        procedure_code: body.procedureCode,
        counter: body.counter ?? null,
        officer: body.officer ?? null,
        channel: body.channel,
        received_at: body.receivedAt,
        due_at: body.dueAt ?? null,
        returned_at: body.returnedAt ?? null,
      };
      if (known) {
        if (!isInside(known.unit_path, client.unitPath))
          throw new ServiceError(409, "dossiers.api.dossier_code_taken", { code: body.code });
        // A contact given after the rating or after the link expired is not kept.
        const open = !known.rated_at && known.link_expires_at > nowIso;
        const contact = open && body.contact ? contactColumns(body.contact) : {};
        const set = { ...facts, unit_id: unit.id, updated_at: nowIso, ...contact };
        await updateDossier(trx, known.id, set);
        await insertAudit(trx, {
          userId: null,
          action: "update",
          entity: "dossier",
          entityId: known.code,
          unitId: unit.id,
          before: auditFacts(known),
          after: { ...auditFacts({ ...known, ...set }), client: client.name },
        });
        const dossier: Dossier = { ...known, ...set };
        const returnedNow = !known.returned_at && Boolean(body.returnedAt);
        const messages =
          open && (body.notify || returnedNow)
            ? await queueLinkMessages(trx, dossier, now, baseUrl)
            : [];
        return { status: 200 as const, dossier, rated: Boolean(known.rated_at), messages };
      }
      const [campaign] = await findDossierCampaigns(trx, unit.path, nowIso);
      if (!campaign?.dossier_link_days)
        throw new ServiceError(409, "dossiers.api.no_dossier_campaign", { name: unit.name });
      const link = await insertAccessLink(trx, {
        campaignId: campaign.id,
        unitId: unit.id,
        channel: "link",
        label: body.code,
      });
      const expires = Math.min(
        now.getTime() + campaign.dossier_link_days * DAY_MS,
        Date.parse(campaign.closes_at),
      );
      const dossier = await insertDossier(trx, {
        code: body.code,
        unit_id: unit.id,
        client_id: client.clientId,
        ...facts,
        campaign_id: campaign.id,
        link_token: link.token,
        link_expires_at: new Date(expires).toISOString(),
        contact_phone: null,
        contact_email: null,
        contact_erased_at: null,
        ...(body.contact ? contactColumns(body.contact) : {}),
        created_at: nowIso,
        updated_at: nowIso,
      });
      await insertAudit(trx, {
        userId: null,
        action: "create",
        entity: "dossier",
        entityId: dossier.code,
        unitId: unit.id,
        after: { ...auditFacts(dossier), client: client.name },
      });
      const messages =
        body.notify || body.returnedAt ? await queueLinkMessages(trx, dossier, now, baseUrl) : [];
      return { status: 201 as const, dossier, rated: false, messages };
    },
    { immediate: true },
  );
  // Expired links' contacts go with every call (cheap, indexed); `npm run retention` too.
  await eraseExpiredContacts(ctx.db, nowIso);
  const d = result.dossier;
  return {
    status: result.status,
    body: {
      code: d.code,
      unitCode: unit.code,
      status: d.returned_at ? "returned" : "received",
      rated: result.rated,
      link: await dossierLink(baseUrl, d.link_token, d.link_expires_at),
      messages: result.messages,
    },
  };
}

function contactColumns(c: NonNullable<DossierBody["contact"]>) {
  return {
    ...(c.phone ? { contact_phone: c.phone } : {}),
    ...(c.email ? { contact_email: c.email } : {}),
    contact_erased_at: null,
  };
}

/** What the audit log keeps of a dossier: never the citizen's contact, only whether there is one. */
function auditFacts(d: Omit<Dossier, "id" | "created_at" | "updated_at"> | DossierWithRating) {
  return {
    code: d.code,
    procedureCode: d.procedure_code,
    channel: d.channel,
    counter: d.counter,
    officer: d.officer,
    receivedAt: d.received_at,
    dueAt: d.due_at,
    returnedAt: d.returned_at,
    contact: Boolean(d.contact_phone || d.contact_email),
  };
}

export async function dossierLink(
  baseUrl: string,
  token: string,
  expiresAt: string,
): Promise<DossierLink> {
  const url = `${baseUrl}/s/${token}`;
  const [svg, png] = await Promise.all([qrSvg(url), qrPng(url, 300)]);
  return { token, url, expiresAt, qr: { svg, pngBase64: png.toString("base64") } };
}

// ------------------------------------------------------------------ ratings

export type DossierGate =
  | { ok: true; dossier: DossierWithRating | null }
  | { ok: false; status: 400 | 404 | 409 | 410; error: string; message: string };

/** The name of a questionnaire's free-text dossier code question (the counter forms'). */
export const DOSSIER_CODE_QUESTION = "ma_ho_so";

/**
 * Which dossier a submission rates, and whether it may. Its link may be a dossier's own
 * link; otherwise `dossierCode` (typed at a kiosk, sent by another system) must name a known
 * dossier of the link's branch of the tree; a code answered in the form's free-text dossier
 * field binds the rating when it names such a dossier, and stays free text otherwise.
 */
export async function dossierForSubmission(
  ctx: AppContext,
  link: Pick<LinkWithCampaign, "token" | "unit_id">,
  s: { dossierCode?: string; answers: Record<string, unknown> },
  now: Date,
): Promise<DossierGate> {
  let dossier = await findDossierByLink(ctx.db, link.token);
  if (dossier) {
    if (dossier.link_expires_at <= now.toISOString()) return refuse(410, "dossier_link_expired");
  } else {
    const typed = s.dossierCode !== undefined;
    const raw = typed ? s.dossierCode : s.answers[DOSSIER_CODE_QUESTION];
    if (raw === undefined || raw === null || raw === "") return { ok: true, dossier: null };
    const code = readDossierCode(raw, dossierCodePattern());
    if (!code) return typed ? refuse(400, "dossier_code_invalid") : { ok: true, dossier: null };
    dossier = (await findDossierByCode(ctx.db, code)) ?? undefined;
    const path = dossier ? await unitPathOf(ctx.db, link.unit_id) : undefined;
    const related =
      dossier && path && (isInside(path, dossier.unit_path) || isInside(dossier.unit_path, path));
    if (!dossier || !related)
      return typed ? refuse(404, "dossier_not_found") : { ok: true, dossier: null };
  }
  if (dossier.rated_at) return refuse(409, "dossier_already_rated");
  return { ok: true, dossier };
}

/** Why a dossier's own link takes no rating (rated already, expired), with the page's words; or null. */
export async function dossierLinkRefusal(
  ctx: AppContext,
  token: string,
  locale: Locale = DEFAULT_LOCALE,
  now = new Date(),
) {
  const gate = await dossierForSubmission(ctx, { token, unit_id: "" }, { answers: {} }, now);
  if (gate.ok) return null;
  const title =
    gate.error === "dossier_already_rated" ? "dossiers.page.rated" : "dossiers.page.expired";
  return {
    error: gate.error,
    page: {
      title: t(locale, title),
      message: t(locale, REFUSALS[gate.error as keyof typeof REFUSALS]),
    },
  };
}

/** Does the link's campaign take dossier ratings (a kiosk then asks for the dossier code)? */
export async function linkTakesDossiers(ctx: AppContext, token: string): Promise<boolean> {
  return (await linkDossierDays(ctx.db, token)) != null;
}

const REFUSALS = {
  dossier_link_expired: "dossiers.api.dossier_link_expired",
  dossier_code_invalid: "dossiers.api.dossier_code_invalid",
  dossier_not_found: "dossiers.api.dossier_not_found",
  dossier_already_rated: "dossiers.api.dossier_already_rated",
} as const;

function refuse(status: 400 | 404 | 409 | 410, error: keyof typeof REFUSALS): DossierGate {
  return { ok: false, status, error, message: new ServiceError(400, REFUSALS[error]).message };
}

/** The claim written with the response: the dossier, and whether the rating was "không hài lòng". */
export function dossierClaim(
  dossier: { id: string },
  version: LoadedVersion,
  row: { client_id: string; submitted_at: string },
  answers: Record<string, unknown>,
): DossierClaim {
  return {
    dossierId: dossier.id,
    clientId: row.client_id,
    ratedAt: row.submitted_at,
    dissatisfied: ratedDissatisfied(version.definition, answers),
  };
}

/** The 409 of a rating whose dossier was rated first by a concurrent one. */
export function alreadyRated() {
  return refuse(409, "dossier_already_rated") as Extract<DossierGate, { ok: false }>;
}
