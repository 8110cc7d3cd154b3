/**
 * submitResponse: the use case behind POST /api/v1/responses, shared by links, QR codes,
 * kiosks and the seed command. It reads top to bottom (docs/decisions/017):
 *
 * 1. parse: the body's shape (400), then the per-client limit (429);
 * 2. admit: the checks that need no write, in this order: a known client id answers 200
 *    before any other check (a kiosk retrying after the campaign closed still gets its
 *    acknowledgement); the link (404, 410); the channel's rules (collection.server.ts:
 *    campaign dates, kiosk device, tap time and opening hours, per-address limit, a used
 *    invitation code) and the flags known before the write (honeypot, outside hours);
 * 3. validate: the answers against the questionnaire (422), then the link's budget (429);
 * 4. write: the response, its rollups, the invitation claim and the flag's audit entry in
 *    one transaction, committed before the answer (writer.server.ts, group commit);
 * 5. answer: 201 stored, 200 known, 410 invitation used meanwhile, 409 dossier rated
 *    meanwhile (dossiers.server.ts: one rating per dossier), 503 storage failed; the
 *    checks that need the response stored (bursts, many from one address) run before it.
 */
import { uuidv7 } from "#db/ids";
import { findLinkWithCampaign, type LinkWithCampaign } from "#db/queries/campaigns";
import { countedAt } from "#db/counted-at";
import { findResponseByClientId, type ResponseToStore } from "#db/queries/responses";
import type { NewResponse } from "#db/schema";
import { withoutAnswers } from "~/domain/anonymity";
import { toPeriod } from "~/domain/period";
import { toRollupEntries } from "~/domain/rollup-entries";
import { parseSubmission, type Submission } from "~/domain/submission";
import type { AnswerError } from "~/domain/validator";
import {
  admitSubmission,
  checkStored,
  invitationUsed,
  RATE_LIMITED,
  type Review,
} from "./collection.server";
import { loadVersion, type AppContext, type LoadedVersion } from "./context.server";
import { alreadyRated, dossierClaim, dossierForSubmission } from "./dossiers.server";
import { submissionLimits, type Limiter, type SubmissionLimits } from "./rate-limit.server";

export type SubmitResult =
  | { status: 200 | 201 | 202; body: { id: string; status: "accepted" } }
  | { status: 422; body: { errors: AnswerError[] } }
  | { status: 400 | 403 | 404 | 409 | 410 | 429 | 503; body: { error: string; message: string } };

const fail = (
  status: 400 | 403 | 404 | 409 | 410 | 429 | 503,
  error: string,
  message: string,
): SubmitResult => ({
  status,
  body: { error, message },
});

export async function submitResponse(
  ctx: AppContext,
  body: unknown,
  opts: {
    clientKey?: string;
    now?: Date;
    /** Replaces the submission limits (a caller that limits by itself: tests, seeding). */
    limiter?: Limiter;
    /** A kiosk's device token (its cookie or X-Kiosk-Device header). */
    deviceToken?: string | null;
    /** A manager accepts a kiosk rating the server refused (kiosk-rejections.server.ts). */
    review?: Review;
    /** A rating imported from a file (rating-import.server.ts): its campaign and unit, no link. */
    link?: LinkWithCampaign;
    /** Check only (an import's dry run): 202 where the rating would be stored; nothing written. */
    dryRun?: boolean;
  } = {},
): Promise<SubmitResult> {
  const limits: SubmissionLimits = opts.limiter
    ? { client: opts.limiter, address: null, token: null }
    : submissionLimits;
  const now = opts.now ?? new Date();

  // 1. Parse.
  const parsed = parseSubmission(body);
  if (!parsed.ok) return fail(400, "bad_request", parsed.message);
  const s = parsed.submission;
  if (!(await limits.client.take(`${opts.clientKey ?? "-"}|${s.token}`)))
    return fail(429, "rate_limited", RATE_LIMITED);

  // 2. Admit.
  const accepted = { id: s.id, status: "accepted" as const };
  if (await findResponseByClientId(ctx.db, s.id)) return { status: 200, body: accepted };
  const link = opts.link ?? (await findLinkWithCampaign(ctx.db, s.token));
  if (!link) return fail(404, "not_found", "Không tìm thấy đường dẫn khảo sát với mã này.");
  if (link.revoked_at) return fail(410, "link_revoked", "Đường dẫn khảo sát này đã bị thu hồi.");
  const admission = await admitSubmission(ctx, link, s, body, {
    clientKey: opts.clientKey,
    deviceToken: opts.deviceToken,
    now,
    addressLimit: limits.address,
    review: opts.review,
  });
  if (!admission.ok) return fail(admission.status, admission.error, admission.message);
  // A dossier is rated once (dossiers.server.ts); the write step has the last word.
  const gate = await dossierForSubmission(ctx, link, s, now);
  if (!gate.ok) return fail(gate.status, gate.error, gate.message);

  // 3. Validate.
  const version = await loadVersion(ctx, link.questionnaire_version_id);
  if (!version) throw new Error(`questionnaire version ${link.questionnaire_version_id} missing`);
  // An anonymous campaign keeps no contact details, even from a client that sent them.
  const answers = link.anonymous ? withoutAnswers(s.answers, version.identifying) : s.answers;
  const prepared = prepareResponse(version, { ...s, answers }, link, now);
  if ("errors" in prepared) return { status: 422, body: { errors: prepared.errors } };
  if (opts.dryRun) return { status: 202, body: accepted };
  if (admission.linkBudget && limits.token && !(await limits.token.take(`token|${link.token}`)))
    return fail(429, "rate_limited", RATE_LIMITED);

  // 4. Write.
  const row: NewResponse = { ...prepared.row, ...admission.fields, flag_reason: admission.flag };
  // A kiosk's queued rating counts in the month it was tapped, not the one it arrived in.
  row.period = toPeriod(new Date(countedAt(row)));
  let outcome;
  try {
    outcome = await ctx.writer.write({
      row,
      rollup: prepared.rollup,
      invitation: admission.invitation,
      ...(gate.dossier ? { dossier: dossierClaim(gate.dossier, version, row, answers) } : {}),
    });
  } catch (e) {
    // The database's code and message only: never the answers or the client's address.
    const err = e as { code?: unknown; message?: unknown };
    console.error("response write failed:", String(err.code ?? "-"), String(err.message));
    return fail(
      503,
      "storage_unavailable",
      "Máy chủ tạm thời không lưu được phiếu. Phiếu chưa được ghi nhận; xin gửi lại sau ít phút.",
    );
  }

  // 5. Answer.
  if (outcome === "invitation_used") {
    const r = invitationUsed();
    return fail(r.status, r.error, r.message);
  }
  if (outcome === "dossier_already_rated") {
    const r = alreadyRated();
    return fail(r.status, r.error, r.message);
  }
  if (outcome === "stored") await checkStored(ctx, admission, row, now);
  return { status: outcome === "stored" ? 201 : 200, body: accepted };
}

/**
 * Validate the answers and build what gets stored: the response row and its rollup
 * entries (app/domain/rollup-entries.ts). The API and the seed command both go through here.
 */
export function prepareResponse(
  version: LoadedVersion,
  s: Submission,
  link: LinkFields,
  now: Date,
): ResponseToStore | { errors: AnswerError[] } {
  const entries = toRollupEntries(version, s.answers, link.audience);
  if (!entries.ok) return { errors: entries.errors };
  return { row: toResponseRow(s, link, now), rollup: entries.rollup };
}

type LinkFields = {
  campaign_id: string;
  unit_id: string;
  questionnaire_version_id: string;
  channel: string;
  token: string;
  /** Who fills the form in through the link (live submissions always say). */
  audience?: "respondent" | "surveyor";
};

function toResponseRow(s: Submission, link: LinkFields, now: Date): NewResponse {
  return {
    id: uuidv7(now.getTime()),
    client_id: s.id.toLowerCase(),
    campaign_id: link.campaign_id,
    unit_id: link.unit_id,
    questionnaire_version_id: link.questionnaire_version_id,
    access_token: link.token,
    channel: link.channel,
    submitted_at: now.toISOString(),
    started_at: s.startedAt ?? null,
    period: toPeriod(now),
    locale: s.locale ?? "vi",
    answers: JSON.stringify(s.answers),
    flag_reason: null,
  };
}
