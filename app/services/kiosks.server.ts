/**
 * Kiosks: tablets at counters, registered by a manager for a unit and a campaign.
 *
 * Pairing: registering gives a one-time code (8 letters and digits, 24 h) that the tablet
 * enters at /kiosk/pair. The server then gives the tablet its own device token (32 random
 * bytes) in an HttpOnly, SameSite=Strict cookie and keeps only its sha256; the code is spent.
 * A new code for the same kiosk replaces the device at its next pairing. Revoking a kiosk
 * refuses its submissions (410 kiosk_revoked) and heartbeats.
 */
import { randomBytes } from "node:crypto";
import { sha256Base64url } from "~/utils/hash.server";
import { insertAccessLink, findLinkWithCampaign, listCampaignScope } from "#db/queries/campaigns";
import { insertAudit } from "#db/queries/audit";
import {
  findKiosk,
  findKioskByDeviceHash,
  findKioskByPairingHash,
  insertKiosk,
  listKiosksUnder,
  updateKiosk,
} from "#db/queries/kiosks";
import { findUnit } from "#db/queries/units";
import { uuidv7 } from "#db/ids";
import type { Kiosk } from "#db/schema";
import { inTransaction } from "#db/transaction";
import { isInside } from "~/domain/access";
import type { OpeningPeriod } from "~/domain/opening-hours";
import { localize } from "~/domain/questionnaire";
import { toQuickRating, type QuickRating } from "~/domain/quick-rating";
import { campaignAvailability } from "~/domain/campaign";
import { loadVersion, type AppContext } from "./context.server";
import { ServiceError } from "./service-error.server";
import { formFor } from "./forms.server";
import { effectiveHours } from "./opening-hours.server";

export const KIOSK_COOKIE = "hl_kiosk";
export const PAIRING_HOURS = 24;
export const DEFAULT_MIN_INTERVAL_SECONDS = 5;
export const DEFAULT_IDLE_SECONDS = 60;
/** A kiosk not heard from for this long is listed as quiet. */
export const QUIET_MINUTES = Number(process.env.KIOSK_QUIET_MINUTES ?? 10);

// No 0/O, 1/I/L: a code read aloud or copied by hand.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newPairingCode(): string {
  let out = "";
  while (out.length < 8) {
    for (const b of randomBytes(16)) {
      // 248 = 8 × 31: rejection keeps every letter equally likely.
      if (b < 248 && out.length < 8) out += ALPHABET[b % 31];
    }
  }
  return out;
}

/** "abcd-efgh", " ABCD EFGH " → "ABCDEFGH". */
export function normalizePairingCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export const formatPairingCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

export interface KioskInput {
  campaignId: string;
  unitId: string;
  label: string;
  minIntervalSeconds?: number;
  idleSeconds?: number;
  /** Who fills the form in on it (respondent by default; surveyor: interviewer mode). */
  audience?: "respondent" | "surveyor";
}

/** Registers a kiosk and returns it with its pairing code (shown once). */
export async function registerKiosk(
  ctx: AppContext,
  input: KioskInput,
  actorId: string | null,
  now = new Date(),
): Promise<{ kiosk: Kiosk; code: string }> {
  const unit = await findUnit(ctx.db, input.unitId);
  if (!unit) throw new ServiceError(400, "link.error.unit");
  const scope = await listCampaignScope(ctx.db, input.campaignId);
  if (scope.length === 0) throw new ServiceError(400, "link.error.campaign");
  if (!scope.some((s) => isInside(unit.path, s.path)))
    throw new ServiceError(400, "link.error.outsideScope");
  const label = input.label.trim() || `Máy khảo sát ${unit.name}`;
  const minInterval = clampInt(input.minIntervalSeconds, DEFAULT_MIN_INTERVAL_SECONDS, 0, 600);
  const idle = clampInt(input.idleSeconds, DEFAULT_IDLE_SECONDS, 15, 3600);
  const code = newPairingCode();
  const kiosk = await inTransaction(ctx.db, async (trx) => {
    const link = await insertAccessLink(trx, {
      campaignId: input.campaignId,
      unitId: unit.id,
      channel: "kiosk",
      label,
      audience: input.audience ?? "respondent",
    });
    const row: Kiosk = {
      id: uuidv7(now.getTime()),
      unit_id: unit.id,
      campaign_id: input.campaignId,
      access_token: link.token,
      label,
      min_interval_seconds: minInterval,
      idle_seconds: idle,
      device_token_hash: null,
      pairing_code_hash: sha256Base64url(code),
      pairing_expires_at: new Date(now.getTime() + PAIRING_HOURS * 3600_000).toISOString(),
      paired_at: null,
      last_seen_at: null,
      queued: 0,
      created_at: now.toISOString(),
      revoked_at: null,
      clock_skew_ms: null,
      clock_checked_at: null,
      queue_empty_at: null,
      rejected: 0,
    };
    await insertKiosk(trx, row);
    await insertAudit(trx, {
      userId: actorId,
      action: "create",
      entity: "kiosk",
      entityId: row.id,
      after: {
        label,
        unitId: unit.id,
        campaignId: input.campaignId,
        minInterval,
        idle,
        audience: input.audience ?? "respondent",
      },
      unitId: unit.id,
    });
    return row;
  });
  return { kiosk, code };
}

function clampInt(v: number | undefined, d: number, min: number, max: number) {
  if (v === undefined || !Number.isFinite(v)) return d;
  return Math.min(max, Math.max(min, Math.round(v)));
}

/** A new one-time code for a kiosk (a replaced or reset tablet); the old device stops at the next pairing. */
export async function renewPairingCode(
  ctx: AppContext,
  kiosk: Kiosk,
  actorId: string | null,
  now = new Date(),
): Promise<string> {
  if (kiosk.revoked_at) throw new ServiceError(400, "kiosk.error.revoked");
  const code = newPairingCode();
  await inTransaction(ctx.db, async (trx) => {
    await updateKiosk(trx, kiosk.id, {
      pairing_code_hash: sha256Base64url(code),
      pairing_expires_at: new Date(now.getTime() + PAIRING_HOURS * 3600_000).toISOString(),
    });
    await insertAudit(trx, {
      userId: actorId,
      action: "renew_pairing",
      entity: "kiosk",
      entityId: kiosk.id,
      unitId: kiosk.unit_id,
    });
  });
  return code;
}

export type PairResult =
  | { ok: true; deviceToken: string; kiosk: Kiosk }
  | { ok: false; reason: "invalid" | "expired" | "revoked" };

/** Spends a pairing code: the device gets a new token, any earlier device of this kiosk is out. */
export async function pairDevice(
  ctx: AppContext,
  codeInput: string,
  now = new Date(),
): Promise<PairResult> {
  const code = normalizePairingCode(codeInput);
  if (code.length !== 8) return { ok: false, reason: "invalid" };
  const kiosk = await findKioskByPairingHash(ctx.db, sha256Base64url(code));
  if (!kiosk) return { ok: false, reason: "invalid" };
  if (kiosk.revoked_at) return { ok: false, reason: "revoked" };
  if (!kiosk.pairing_expires_at || kiosk.pairing_expires_at <= now.toISOString())
    return { ok: false, reason: "expired" };
  const deviceToken = randomBytes(32).toString("base64url");
  await inTransaction(ctx.db, async (trx) => {
    await updateKiosk(trx, kiosk.id, {
      device_token_hash: sha256Base64url(deviceToken),
      pairing_code_hash: null,
      pairing_expires_at: null,
      paired_at: now.toISOString(),
      last_seen_at: now.toISOString(),
    });
    await insertAudit(trx, {
      userId: null,
      action: "pair",
      entity: "kiosk",
      entityId: kiosk.id,
      unitId: kiosk.unit_id,
    });
  });
  return { ok: true, deviceToken, kiosk };
}

export function findKioskByDevice(ctx: AppContext, deviceToken: string | null | undefined) {
  if (!deviceToken || !/^[A-Za-z0-9_-]{20,100}$/.test(deviceToken))
    return Promise.resolve(undefined);
  return findKioskByDeviceHash(ctx.db, sha256Base64url(deviceToken));
}

export function readDeviceToken(request: Request): string | null {
  const header = request.headers.get("X-Kiosk-Device");
  if (header) return header.trim();
  const cookie = request.headers.get("Cookie") ?? "";
  const m = new RegExp(`(?:^|;\\s*)${KIOSK_COOKIE}=([A-Za-z0-9_-]{20,100})`).exec(cookie);
  return m?.[1] ?? null;
}

/** The device's cookie: long-lived (a kiosk is not signed out), never sent cross-site. */
export function deviceCookie(request: Request, token: string): string {
  const parts = [
    `${KIOSK_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${5 * 365 * 86_400}`,
  ];
  if (new URL(request.url).protocol === "https:" || process.env.COOKIE_SECURE === "1")
    parts.push("Secure");
  return parts.join("; ");
}

export async function revokeKiosk(ctx: AppContext, kiosk: Kiosk, actorId: string | null) {
  if (kiosk.revoked_at) return;
  await inTransaction(ctx.db, async (trx) => {
    await updateKiosk(trx, kiosk.id, {
      revoked_at: new Date().toISOString(),
      pairing_code_hash: null,
      pairing_expires_at: null,
    });
    await insertAudit(trx, {
      userId: actorId,
      action: "revoke",
      entity: "kiosk",
      entityId: kiosk.id,
      unitId: kiosk.unit_id,
    });
  });
}

export { findKiosk };

// ---------------------------------------------------------------------------
// What the kiosk page shows

export type KioskScreen =
  | { kind: "unpaired" }
  | { kind: "revoked"; label: string }
  | { kind: "closed_campaign"; label: string; unitName: string }
  | {
      kind: "ready";
      mode: "quick" | "form";
      kiosk: { id: string; label: string; minIntervalMs: number; idleSeconds: number };
      token: string;
      unitName: string;
      campaignTitle: string;
      title: string;
      hours: OpeningPeriod[];
      quick: QuickRating | null;
      /** The campaign is anonymous (formFor leaves out contact questions). */
      anonymous: boolean;
      survey: Record<string, unknown> | null;
      /** The questionnaire version, and who fills the form in on this kiosk. */
      versionId: string;
      audience: "respondent" | "surveyor";
    };

/** Everything the kiosk page needs, from the device's token. */
export async function findKioskScreen(
  ctx: AppContext,
  deviceToken: string | null,
  locale: string,
  now = new Date(),
): Promise<KioskScreen> {
  const kiosk = await findKioskByDevice(ctx, deviceToken);
  if (!kiosk) return { kind: "unpaired" };
  if (kiosk.revoked_at) return { kind: "revoked", label: kiosk.label };
  const link = await findLinkWithCampaign(ctx.db, kiosk.access_token);
  if (!link) return { kind: "unpaired" };
  if (link.revoked_at || campaignAvailability(link, now) !== "open")
    return { kind: "closed_campaign", label: kiosk.label, unitName: link.unit_name };
  const version = await loadVersion(ctx, link.questionnaire_version_id);
  if (!version) throw new Error(`questionnaire version ${link.questionnaire_version_id} missing`);
  const unit = await findUnit(ctx.db, kiosk.unit_id);
  const quick = toQuickRating(version.definition, version.compiled, locale);
  return {
    kind: "ready",
    mode: quick ? "quick" : "form",
    kiosk: {
      id: kiosk.id,
      label: kiosk.label,
      minIntervalMs: kiosk.min_interval_seconds * 1000,
      idleSeconds: kiosk.idle_seconds,
    },
    token: kiosk.access_token,
    unitName: link.unit_name,
    campaignTitle: link.campaign_title,
    title: localize(version.definition.meta.title, locale),
    hours: unit ? await effectiveHours(ctx, unit.path) : [],
    quick,
    survey: quick ? null : formFor(link, version),
    anonymous: link.anonymous === 1,
    versionId: version.id,
    audience: link.audience,
  };
}

/** Kiosks under the given subtrees, with whether each has gone quiet. */
export async function listKiosks(ctx: AppContext, paths: readonly string[], now = new Date()) {
  const rows = await listKiosksUnder(ctx.db, paths);
  const quietBefore = new Date(now.getTime() - QUIET_MINUTES * 60_000).toISOString();
  return rows.map((k) => ({
    ...k,
    queued: Number(k.queued),
    rejected: Number(k.rejected),
    waiting: Number(k.waiting),
    clockSkewMs: k.clock_skew_ms === null ? null : Number(k.clock_skew_ms),
    quiet: !k.revoked_at && k.paired_at !== null && (k.last_seen_at ?? "") < quietBefore,
    state: k.revoked_at
      ? ("revoked" as const)
      : k.paired_at
        ? ("paired" as const)
        : ("waiting" as const),
  }));
}
