/**
 * What submitResponse asks before and after storing a response, beyond the questionnaire:
 * the rules of each collection channel (app/services/ingest.server.ts calls admitSubmission,
 * then checkStored). admitSubmission claims and flags nothing itself: it answers a refusal, or
 * what the write is to record (the channel's fields, the invitation code to claim, a flag).
 *
 * Before (refusals store nothing):
 * - the campaign is open (410 campaign_closed / campaign_not_open): when the rating arrives,
 *   or for a kiosk's rating, when it was tapped, if it arrives within the delivery grace
 *   period after the campaign's end (KIOSK_DELIVERY_GRACE_HOURS, 72 by default).
 * - a registered kiosk's link takes submissions from its paired device only (403), not after
 *   it was revoked (410 kiosk_revoked), not outside its unit's opening hours (403), and not
 *   within the kiosk's minimum interval of another of its ratings (429 kiosk_too_soon). All
 *   three are judged at the tap as the server places it from the tablet's clock and its own
 *   (app/domain/tap-time.ts): a queue drained later is judged by when people tapped, and a
 *   tap the server cannot place is refused (403 tap_time_unproven), never moved to "now".
 * - public links: a limit per client address (all tokens) and one per token (all addresses),
 *   on top of the existing per address + token limit. Loopback addresses (a reverse proxy,
 *   this machine) are not limited per address; kiosks have their own interval instead.
 * - single-use invitation codes: a used code answers 410 invitation_used; an unused one is
 *   claimed in the response's own transaction (writer.server.ts), so a refusal gives nothing back.
 *
 * Flags, never deletions: a filled honeypot and a QR answer far outside opening hours are known
 * before the write, so the response is stored flagged and never counted. After the write
 * (moderation.server.ts): bursts of identical kiosk ratings, many answers from one address.
 * Client addresses are stored only as a salted hash whose salt changes daily and is deleted
 * the day after, so yesterday's hashes cannot be linked to anything.
 */
import { randomBytes } from "node:crypto";
import { sha256Base64url } from "~/utils/hash.server";
import type { LinkWithCampaign } from "#db/queries/campaigns";
import { daySalt, findUnitPath, listAddressResponsesSince } from "#db/queries/collection";
import { findInvitation } from "#db/queries/invitations";
import {
  findKioskByAccessToken,
  findKioskResponseBetween,
  listKioskResponsesSince,
} from "#db/queries/kiosks";
import { findResponseByClientId } from "#db/queries/responses";
import type { NewResponse } from "#db/schema";
import {
  DEFAULT_ABUSE_RULES,
  detectBursts,
  isLoopback,
  saltDay,
  type AbuseRules,
} from "~/domain/abuse";
import { own } from "~/domain/dict";
import { availabilityAtTap, campaignAvailability, DELIVERY_GRACE_HOURS } from "~/domain/campaign";
import { isOpenAt, minutesOutside } from "~/domain/opening-hours";
import { honeypotFilled, type Submission } from "~/domain/submission";
import { intervalWindowMs, notBeforeOf, placeTap } from "~/domain/tap-time";
import { envInt } from "~/utils/env.server";
import { loadVersion, type AppContext } from "./context.server";
import { findKioskByDevice } from "./kiosks.server";
import { effectiveHours } from "./opening-hours.server";
import { flagResponses } from "./moderation.server";
import type { Limiter } from "./rate-limit.server";

export type Refusal = { ok: false; status: 403 | 410 | 429; error: string; message: string };

/** A kiosk's refused rating that a manager accepts (kiosk-rejections.server.ts). */
export interface Review {
  kioskId: string;
  /** Where the tap was placed when the device reported the refusal. */
  tappedAt: Date;
}

/** What the write records for an admitted submission, decided before it. */
export interface Admission {
  ok: true;
  /** What this channel records on the row. */
  fields: Pick<
    NewResponse,
    "kiosk_id" | "started_at" | "device_started_at" | "device_skew_ms" | "source_hash"
  >;
  /** A single-use invitation code the write claims for this response (else 410). */
  invitation: string | null;
  /** Stored flagged, never counted: a filled honeypot, a QR answer far outside hours. */
  flag: "honeypot" | "outside_hours" | null;
  /** A public link's submission: it also takes from the link's budget (all addresses). */
  linkBudget: boolean;
}

export interface AdmitOptions {
  clientKey?: string;
  deviceToken?: string | null;
  now: Date;
  /** The per-address limit; null: the caller limits by itself (tests, the seed command). */
  addressLimit: Limiter | null;
  rules?: AbuseRules;
  /**
   * A manager accepts this kiosk rating: its device was identified when it reported the
   * refusal, and the time rules (campaign dates, opening hours, interval) are waived.
   */
  review?: Review;
}

export const RATE_LIMITED =
  "Gửi quá nhiều phiếu trong thời gian ngắn. Xin chờ một phút rồi thử lại.";

const refuse = (status: 403 | 410 | 429, error: string, message: string): Refusal => ({
  ok: false,
  status,
  error,
  message,
});

export function abuseRulesFromEnv(): AbuseRules {
  return {
    burstMin: envInt("ABUSE_BURST_MIN", DEFAULT_ABUSE_RULES.burstMin),
    burstWindowMs:
      envInt("ABUSE_BURST_WINDOW_SECONDS", DEFAULT_ABUSE_RULES.burstWindowMs / 1000) * 1000,
    addressPerHour: envInt("ABUSE_ADDRESS_PER_HOUR", DEFAULT_ABUSE_RULES.addressPerHour),
    outsideHoursGraceMinutes: envInt(
      "ABUSE_OUTSIDE_HOURS_GRACE_MINUTES",
      DEFAULT_ABUSE_RULES.outsideHoursGraceMinutes,
    ),
  };
}

const RULES = abuseRulesFromEnv();

export const DELIVERY_GRACE = envInt("KIOSK_DELIVERY_GRACE_HOURS", DELIVERY_GRACE_HOURS);

function refuseUnavailable(availability: "closed" | "not_yet_open"): Refusal {
  return availability === "closed"
    ? refuse(410, "campaign_closed", "Đợt khảo sát đã kết thúc, không nhận thêm phiếu.")
    : refuse(410, "campaign_not_open", "Đợt khảo sát chưa bắt đầu.");
}

const unitPaths = new Map<string, { at: number; path: Promise<string | undefined> }>();

function unitPath(ctx: AppContext, unitId: string): Promise<string | undefined> {
  const hit = unitPaths.get(unitId);
  if (hit && Date.now() - hit.at < 60_000) return hit.path;
  const path = findUnitPath(ctx.db, unitId);
  path.catch(() => unitPaths.delete(unitId));
  unitPaths.set(unitId, { at: Date.now(), path });
  return path;
}

export async function admitSubmission(
  ctx: AppContext,
  link: LinkWithCampaign,
  s: Submission,
  body: unknown,
  opts: AdmitOptions,
): Promise<Admission | Refusal> {
  const rules = opts.rules ?? RULES;
  const now = opts.now;
  const kiosk = link.channel === "kiosk" ? await findKioskByAccessToken(ctx.db, link.token) : null;

  if (kiosk) {
    if (kiosk.revoked_at)
      return refuse(
        410,
        "kiosk_revoked",
        "Máy khảo sát này đã bị thu hồi, không nhận thêm đánh giá. Xin liên hệ cán bộ quản lý.",
      );
    const review = opts.review?.kioskId === kiosk.id ? opts.review : undefined;
    let tap: Date;
    let deviceSkewMs: number | null = null;
    if (review) {
      // The manager's decision waives the time rules, not a campaign closed by hand.
      if (link.status !== "open")
        return refuseUnavailable(link.status === "closed" ? "closed" : "not_yet_open");
      tap = review.tappedAt;
    } else {
      const device = await findKioskByDevice(ctx, opts.deviceToken);
      if (!device || device.id !== kiosk.id)
        return refuse(
          403,
          "kiosk_device_required",
          "Mã này chỉ dùng cho máy khảo sát đã ghép nối tại quầy.",
        );
      const placed = placeTap(s, { receivedAt: now, notBefore: notBeforeOf(kiosk) });
      if (!placed.ok)
        return refuse(
          403,
          "tap_time_unproven",
          "Không xác định được thời điểm bấm đánh giá: đồng hồ của máy khảo sát sai. Phiếu được giữ trên máy để cán bộ quản lý xem xét.",
        );
      tap = placed.at;
      deviceSkewMs = placed.deliverySkewMs;
      const availability = availabilityAtTap(link, tap, now, DELIVERY_GRACE);
      if (availability !== "open") return refuseUnavailable(availability);
      const path = await unitPath(ctx, kiosk.unit_id);
      if (path && !isOpenAt(await effectiveHours(ctx, path), tap))
        return refuse(
          403,
          "outside_opening_hours",
          "Ngoài giờ làm việc của đơn vị: máy khảo sát không nhận đánh giá.",
        );
      const window = intervalWindowMs(kiosk.min_interval_seconds);
      if (window > 0) {
        const near = await findKioskResponseBetween(
          ctx.db,
          kiosk.id,
          new Date(tap.getTime() - window).toISOString(),
          new Date(tap.getTime() + window).toISOString(),
        );
        if (near)
          return refuse(
            429,
            "kiosk_too_soon",
            `Máy vừa nhận một đánh giá; hai lần đánh giá cách nhau ít nhất ${kiosk.min_interval_seconds} giây.`,
          );
      }
    }
    return {
      ok: true,
      fields: {
        kiosk_id: kiosk.id,
        started_at: tap.toISOString(),
        device_started_at: s.deviceStartedAt ?? null,
        device_skew_ms: deviceSkewMs,
      },
      invitation: null,
      flag: null,
      linkBudget: false,
    };
  }

  const availability = campaignAvailability(link, now);
  if (availability !== "open") return refuseUnavailable(availability);
  const address = opts.clientKey && !isLoopback(opts.clientKey) ? opts.clientKey : undefined;
  if (address && opts.addressLimit && !(await opts.addressLimit.take(`addr|${address}`)))
    return refuse(429, "rate_limited", RATE_LIMITED);

  let invitation: string | null = null;
  if (link.channel === "invitation") {
    const code = await findInvitation(ctx.db, link.token);
    // Used by another client: refused now. Unused: the write claims it, atomically.
    if (code && code.used_by !== null && code.used_by !== s.id) return invitationUsed();
    if (code) invitation = link.token;
  }
  const sourceHash = address ? await addressHash(ctx, address, now) : null;
  const flag = honeypotFilled(body)
    ? "honeypot"
    : link.channel === "qr" && (await farOutsideHours(ctx, link.unit_id, now, rules))
      ? "outside_hours"
      : null;
  return {
    ok: true,
    fields: { source_hash: sourceHash },
    invitation,
    flag,
    linkBudget: true,
  };
}

export const invitationUsed = () =>
  refuse(
    410,
    "invitation_used",
    "Mã mời này đã được sử dụng. Mỗi mã chỉ dùng được một lần. Xin cảm ơn Ông/Bà.",
  );

/**
 * The response was stored: the checks that need it stored (bursts of identical kiosk ratings,
 * many answers from one address), which may flag it and earlier ones. Never throws.
 */
export async function checkStored(
  ctx: AppContext,
  admission: Admission,
  row: NewResponse,
  now: Date,
  rules: AbuseRules = RULES,
): Promise<void> {
  await guard(async () => {
    if (row.kiosk_id)
      await flagKioskBursts(ctx, row.kiosk_id, row, row.questionnaire_version_id, rules);
    else if (admission.flag !== "honeypot" && admission.fields.source_hash)
      await countAddress(ctx, admission.fields.source_hash, row, now, rules);
  });
}

async function guard(fn: () => Promise<void>) {
  try {
    await fn();
  } catch (e) {
    // A failed check must not turn an accepted response into an error: it is stored.
    console.error("abuse check failed:", (e as Error).message);
  }
}

async function storedId(ctx: AppContext, row: NewResponse): Promise<string | undefined> {
  const r = await findResponseByClientId(ctx.db, row.client_id);
  return r?.id;
}

async function flagStored(ctx: AppContext, row: NewResponse, reason: string) {
  const id = await storedId(ctx, row);
  if (id) await flagResponses(ctx, [id], reason, { userId: null });
}

/** Scored items' answers as one string: "identical ratings" compares these. */
async function signatureOf(ctx: AppContext, versionId: string, answers: string): Promise<string> {
  const version = await loadVersion(ctx, versionId);
  const a = JSON.parse(answers) as Record<string, unknown>;
  const keys = version ? version.definition.scoring.items.map((i) => i.question) : Object.keys(a);
  return JSON.stringify([...new Set(keys)].map((k) => own(a, k) ?? null));
}

async function flagKioskBursts(
  ctx: AppContext,
  kioskId: string,
  row: NewResponse,
  versionId: string,
  rules: AbuseRules,
) {
  if (rules.burstMin <= 0 || !row.started_at) return;
  const at = new Date(row.started_at).getTime();
  const since = new Date(at - rules.burstWindowMs).toISOString();
  const recent = await listKioskResponsesSince(ctx.db, kioskId, since);
  if (recent.length < rules.burstMin) return;
  const events = [];
  for (const r of recent)
    events.push({
      id: r.id,
      at: new Date(r.started_at ?? r.submitted_at).getTime(),
      signature: await signatureOf(ctx, versionId, r.answers),
    });
  const burst = detectBursts(events, rules.burstMin, rules.burstWindowMs);
  const fresh = recent.filter((r) => burst.has(r.id) && r.flag_reason === null).map((r) => r.id);
  if (fresh.length > 0) await flagResponses(ctx, fresh, "burst", { userId: null });
}

/** A QR answer far outside its unit's opening hours (more than the grace). */
async function farOutsideHours(ctx: AppContext, unitId: string, now: Date, rules: AbuseRules) {
  const path = await unitPath(ctx, unitId);
  if (!path) return false;
  const hours = await effectiveHours(ctx, path);
  return hours.length > 0 && minutesOutside(hours, now) > rules.outsideHoursGraceMinutes;
}

// Responses per address hash and campaign in the current hour, counted in this process. When a
// count passes the rule, the database is asked (it sees every process) and the hour so far is
// flagged; later responses from that address are flagged as they come, and the database is
// asked again every 30 s for what other processes stored.
const addressCounts = new Map<string, { hour: number; n: number; checkedAt: number }>();

async function countAddress(
  ctx: AppContext,
  hash: string,
  row: NewResponse,
  now: Date,
  rules: AbuseRules,
) {
  if (rules.addressPerHour <= 0) return;
  const hour = Math.floor(now.getTime() / 3600_000);
  const key = `${hash}|${row.campaign_id}`;
  let c = addressCounts.get(key);
  if (!c || c.hour !== hour) {
    if (addressCounts.size > 50_000) addressCounts.clear();
    c = { hour, n: 0, checkedAt: 0 };
    addressCounts.set(key, c);
  }
  c.n += 1;
  if (c.n <= rules.addressPerHour) return;
  if (c.checkedAt !== 0 && now.getTime() - c.checkedAt < 30_000) {
    await flagStored(ctx, row, "many_from_address");
    return;
  }
  c.checkedAt = now.getTime();
  const since = new Date(now.getTime() - 3600_000).toISOString();
  const rows = await listAddressResponsesSince(ctx.db, hash, row.campaign_id, since);
  if (rows.length <= rules.addressPerHour) return;
  const fresh = rows.filter((r) => r.flag_reason === null).map((r) => r.id);
  if (fresh.length > 0) await flagResponses(ctx, fresh, "many_from_address", { userId: null });
}

/** For tests: forget the per-process counters. */
export function resetAbuseCounters() {
  addressCounts.clear();
  unitPaths.clear();
}

// ---------------------------------------------------------------------------
// Address hashes

const salts = new WeakMap<AppContext, { day: string; value: Promise<string> }>();

/**
 * A salted hash of a client address. The salt is one per Vietnamese day, shared by every
 * process through the database, and deleted the day after: a hash links responses of one day
 * only, and nobody can recompute it later from a list of addresses.
 */
export async function addressHash(ctx: AppContext, address: string, now: Date): Promise<string> {
  const day = saltDay(now);
  let salt = salts.get(ctx);
  if (!salt || salt.day !== day) {
    const value = daySalt(ctx.db, day, randomBytes(24).toString("base64url"));
    value.catch(() => salts.delete(ctx));
    salt = { day, value };
    salts.set(ctx, salt);
  }
  return sha256Base64url(`${await salt.value}|${address}`).slice(0, 22);
}
