/**
 * submitResponse: the use case behind POST /api/v1/responses, shared by links, QR codes,
 * kiosks and the seed command. Order matters: a known client id answers 200 before any
 * other check, so a kiosk retrying after the campaign closed still gets its acknowledgement.
 */
import { uuidv7 } from "#db/ids";
import { findLinkWithCampaign } from "#db/queries/campaigns";
import { countedAt } from "#db/counted-at";
import { findResponseByClientId, type ResponseToStore } from "#db/queries/responses";
import type { NewResponse } from "#db/schema";
import { withoutAnswers } from "~/domain/anonymity";
import { toPeriod } from "~/domain/period";
import { toRollupEntries } from "~/domain/rollup-entries";
import { parseSubmission, type Submission } from "~/domain/submission";
import type { AnswerError } from "~/domain/validator";
import { admitSubmission, RATE_LIMITED, type Review } from "./collection.server";
import { loadVersion, type AppContext, type LoadedVersion } from "./context.server";
import { submissionLimiter, type Limiter } from "./rate-limit.server";

export type SubmitResult =
  | { status: 200 | 201; body: { id: string; status: "accepted" } }
  | { status: 422; body: { errors: AnswerError[] } }
  | { status: 400 | 403 | 404 | 410 | 429 | 503; body: { error: string; message: string } };

const fail = (
  status: 400 | 403 | 404 | 410 | 429 | 503,
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
  } = {},
): Promise<SubmitResult> {
  const parsed = parseSubmission(body);
  if (!parsed.ok) return fail(400, "bad_request", parsed.message);
  const s = parsed.submission;
  const limiter = opts.limiter ?? submissionLimiter;
  if (!(await limiter.take(`${opts.clientKey ?? "-"}|${s.token}`))) {
    return fail(429, "rate_limited", RATE_LIMITED);
  }
  const accepted = { id: s.id, status: "accepted" as const };
  if (await findResponseByClientId(ctx.db, s.id)) return { status: 200, body: accepted };

  const link = await findLinkWithCampaign(ctx.db, s.token);
  if (!link) return fail(404, "not_found", "Không tìm thấy đường dẫn khảo sát với mã này.");
  const now = opts.now ?? new Date();
  if (link.revoked_at) return fail(410, "link_revoked", "Đường dẫn khảo sát này đã bị thu hồi.");

  // The campaign's dates, kiosk devices, tap times and opening hours, single-use codes,
  // per-address limits (collection.server.ts).
  const admission = await admitSubmission(ctx, link, s, body, {
    clientKey: opts.clientKey,
    deviceToken: opts.deviceToken,
    now,
    limits: opts.limiter === undefined,
    review: opts.review,
  });
  if (!admission.ok) return fail(admission.status, admission.error, admission.message);

  const version = await loadVersion(ctx, link.questionnaire_version_id);
  if (!version) throw new Error(`questionnaire version ${link.questionnaire_version_id} missing`);
  // An anonymous campaign keeps no contact details, even from a client that sent them.
  const answers = link.anonymous ? withoutAnswers(s.answers, version.identifying) : s.answers;
  const prepared = prepareResponse(version, { ...s, answers }, link, now);
  if ("errors" in prepared) {
    await admission.release();
    return { status: 422, body: { errors: prepared.errors } };
  }
  if (!(await admission.takeLinkBudget())) {
    await admission.release();
    return fail(429, "rate_limited", RATE_LIMITED);
  }
  admission.annotate(prepared.row);
  // A kiosk's queued rating counts in the month it was tapped, not the one it arrived in.
  prepared.row.period = toPeriod(new Date(countedAt(prepared.row)));
  try {
    const inserted = await ctx.writer.write(prepared);
    if (inserted) await admission.afterWrite(prepared.row);
    return { status: inserted ? 201 : 200, body: accepted };
  } catch (e) {
    await admission.release().catch(() => {});
    // The database's code and message only: never the answers or the client's address.
    const err = e as { code?: unknown; message?: unknown };
    console.error("response write failed:", String(err.code ?? "-"), String(err.message));
    return fail(
      503,
      "storage_unavailable",
      "Máy chủ tạm thời không lưu được phiếu. Phiếu chưa được ghi nhận; xin gửi lại sau ít phút.",
    );
  }
}

/**
 * Validate the answers and build what gets stored: the response row and its rollup
 * entries. The API and the seed command both go through here.
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
