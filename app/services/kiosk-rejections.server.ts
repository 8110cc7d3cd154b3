/**
 * A kiosk's heartbeat, and the ratings the server refused from its queue.
 *
 * Every minute the tablet says how many ratings wait in its queue, what its clock reads, and
 * which refused ratings it holds, in full until the server acknowledges them. The server
 * measures the device's clock offset, remembers when the queue was last empty (no older tap
 * can still arrive honestly: app/domain/tap-time.ts), records each refusal once, and answers
 * which of them a manager has resolved so the tablet can forget those.
 *
 * A manager accepts a refusal (it goes through the API's own submitResponse, with the time
 * rules waived; the rating's id makes it stored once however often it is accepted) or
 * discards it. Both are in the audit log.
 */
import { z } from "zod";
import { insertAudit } from "#db/queries/audit";
import {
  countWaitingRejections,
  findRejection,
  insertRejections,
  listWaitingRejections,
  rejectionStates,
  resolveRejection,
  updateKiosk,
} from "#db/queries/kiosks";
import type { Kiosk, KioskRejection } from "#db/schema";
import { inTransaction } from "#db/transaction";
import { answerCells, answerColumns } from "~/domain/export-columns";
import {
  REPORT_HELD_MAX,
  REPORT_ITEMS_MAX,
  type HeartbeatAnswer,
  type HeartbeatReport,
} from "~/domain/kiosk-heartbeat";
import { MAX_BODY_BYTES } from "~/domain/submission";
import { placeTap } from "~/domain/tap-time";
import { loadVersion, type AppContext } from "./context.server";
import { submitResponse } from "./ingest.server";
import { RateLimiter } from "./rate-limit.server";

/** Refusals kept per kiosk while waiting for a manager; past this, the tablet keeps them. */
export const WAITING_MAX = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = z.string().datetime({ offset: true });

const reportSchema = z.object({
  queued: z.number().int().min(0).max(1_000_000).catch(0),
  deviceTime: iso.optional().catch(undefined),
  rejected: z
    .object({
      count: z.number().int().min(0).max(1_000_000),
      held: z.array(z.string().regex(UUID)).max(REPORT_HELD_MAX),
      items: z
        .array(
          z.object({
            id: z.string().regex(UUID),
            status: z.number().int().min(0).max(999),
            error: z.string().max(64),
            at: iso.optional().catch(undefined),
            item: z.record(z.unknown()),
          }),
        )
        .max(REPORT_ITEMS_MAX),
    })
    .optional()
    .catch(undefined),
}) satisfies z.ZodType<HeartbeatReport, z.ZodTypeDef, unknown>;

/** The report in a heartbeat's body; an old tablet's `{queued}` alone is a report too. */
export function parseHeartbeat(body: unknown): HeartbeatReport {
  const r = reportSchema.safeParse(body);
  return r.success ? r.data : { queued: 0 };
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Records a heartbeat; returns what the tablet hears about its refused ratings. */
export async function recordHeartbeat(
  ctx: AppContext,
  kiosk: Kiosk,
  report: HeartbeatReport,
  now = new Date(),
): Promise<HeartbeatAnswer["rejected"]> {
  const at = now.toISOString();
  const skew = report.deviceTime ? now.getTime() - Date.parse(report.deviceTime) : null;
  await updateKiosk(ctx.db, kiosk.id, {
    last_seen_at: at,
    queued: report.queued,
    rejected: report.rejected?.count ?? 0,
    // Only a current page counts its queue in storage (an older one reported a screen's count).
    ...(report.queued === 0 && report.deviceTime ? { queue_empty_at: at } : {}),
    ...(skew === null ? {} : { clock_skew_ms: skew, clock_checked_at: at }),
  });
  const rejected = report.rejected;
  if (!rejected) return { known: [], resolved: [] };

  const room = WAITING_MAX - (await countWaitingRejections(ctx.db, kiosk.id));
  const rows: KioskRejection[] = [];
  for (const r of rejected.items) {
    if (String(r.item.id ?? "").toLowerCase() !== r.id.toLowerCase()) continue;
    // Placed as at delivery: the device's clock now and ours give its offset.
    const placed = placeTap(
      {
        startedAt: str(r.item.startedAt),
        deviceStartedAt: str(r.item.deviceStartedAt),
        deviceSentAt: report.deviceTime,
      },
      { receivedAt: now, notBefore: new Date(kiosk.created_at) },
    );
    const refusedAt =
      r.at && skew !== null ? Math.min(Date.parse(r.at) + skew, now.getTime()) : null;
    // Larger than the API takes: kept for the record (and a discard), never to be accepted.
    const body = JSON.stringify(r.item);
    const tooLarge = Buffer.byteLength(body) > MAX_BODY_BYTES;
    rows.push({
      kiosk_id: kiosk.id,
      client_id: r.id.toLowerCase(),
      body: tooLarge ? JSON.stringify({ id: r.item.id, token: r.item.token }) : body,
      status: r.status,
      error: tooLarge
        ? "payload_too_large"
        : r.error || (r.status === 422 ? "invalid_answers" : "other"),
      tapped_at: placed.ok ? placed.at.toISOString() : null,
      refused_at: refusedAt === null ? null : new Date(refusedAt).toISOString(),
      reported_at: at,
      resolution: null,
      resolved_at: null,
      resolved_by: null,
    });
  }
  await insertRejections(ctx.db, rows.slice(0, Math.max(0, room)));
  const ids = [...new Set([...rejected.held, ...rejected.items.map((r) => r.id)])].map((id) =>
    id.toLowerCase(),
  );
  const states = await rejectionStates(ctx.db, kiosk.id, ids);
  return {
    known: states.filter((s) => s.resolution === null).map((s) => s.client_id),
    resolved: states.filter((s) => s.resolution !== null).map((s) => s.client_id),
  };
}

/** Refusals that no manager can accept: answers that never fit the questionnaire. */
export const NOT_ACCEPTABLE = new Set(["invalid_answers", "bad_request", "payload_too_large"]);

export type Resolution = { ok: true; stored: boolean } | { ok: false; message: string };

const unlimited = new RateLimiter(0);

const ALREADY: Resolution = { ok: false, message: "Phiếu này đã được xử lý." };

/** The kiosk's refusal of this id while it waits for a manager. */
async function waiting(ctx: AppContext, kiosk: Kiosk, clientId: string) {
  const r = await findRejection(ctx.db, kiosk.id, clientId);
  return r && !r.resolution ? r : undefined;
}

/** Stores a refused rating through the API (exactly once, by its id) and marks it accepted. */
export async function acceptRejection(
  ctx: AppContext,
  kiosk: Kiosk,
  clientId: string,
  actorId: string | null,
): Promise<Resolution> {
  const r = await waiting(ctx, kiosk, clientId);
  if (!r) return ALREADY;
  const body = JSON.parse(r.body) as Record<string, unknown>;
  if (body.token !== kiosk.access_token)
    return { ok: false, message: "Phiếu này không thuộc đợt khảo sát của máy này." };
  const tappedAt = new Date(r.tapped_at ?? r.refused_at ?? r.reported_at);
  const result = await submitResponse(ctx, body, {
    review: { kioskId: kiosk.id, tappedAt },
    limiter: unlimited,
  });
  if (result.status === 422)
    return {
      ok: false,
      message: "Câu trả lời không khớp với phiếu khảo sát của đợt: không nhận được, chỉ có thể bỏ.",
    };
  if ("error" in result.body) return { ok: false, message: result.body.message };
  await resolve(ctx, kiosk, r, "accepted", actorId);
  return { ok: true, stored: result.status === 201 };
}

export async function discardRejection(
  ctx: AppContext,
  kiosk: Kiosk,
  clientId: string,
  actorId: string | null,
): Promise<Resolution> {
  const r = await waiting(ctx, kiosk, clientId);
  if (!r) return ALREADY;
  await resolve(ctx, kiosk, r, "discarded", actorId);
  return { ok: true, stored: false };
}

async function resolve(
  ctx: AppContext,
  kiosk: Kiosk,
  r: KioskRejection,
  resolution: "accepted" | "discarded",
  actorId: string | null,
) {
  await inTransaction(ctx.db, async (trx) => {
    const changed = await resolveRejection(trx, kiosk.id, r.client_id, {
      resolution,
      resolved_at: new Date().toISOString(),
      resolved_by: actorId,
    });
    // Two managers at once: the first one's entry only.
    if (!changed) return;
    await insertAudit(trx, {
      userId: actorId,
      action: resolution === "accepted" ? "accept_rejected" : "discard_rejected",
      entity: "kiosk",
      entityId: kiosk.id,
      after: { rating: r.client_id, reason: r.error, tappedAt: r.tapped_at },
      unitId: kiosk.unit_id,
    });
  });
}

/** Refusals waiting under the manager's subtrees, with their answers in words. */
export async function listRejections(
  ctx: AppContext,
  paths: readonly string[],
  locale: string,
  limit = 200,
) {
  const rows = await listWaitingRejections(ctx.db, paths, limit);
  const out = [];
  for (const r of rows) {
    const version = await loadVersion(ctx, r.questionnaire_version_id);
    const item = JSON.parse(r.body) as { answers?: unknown };
    const answers =
      item.answers && typeof item.answers === "object"
        ? (item.answers as Record<string, unknown>)
        : {};
    let summary = "";
    if (version) {
      const cols = answerColumns(version.definition, version.compiled, locale);
      const cells = answerCells(cols, answers, "labels");
      summary = cols
        .map((c, i) => (cells[i] === null ? null : `${c.label}: ${String(cells[i])}`))
        .filter((x): x is string => x !== null)
        .join(" · ");
    }
    out.push({
      kioskId: r.kiosk_id,
      clientId: r.client_id,
      kioskLabel: r.kiosk_label,
      unitName: r.unit_name,
      reason: r.error,
      acceptable: !NOT_ACCEPTABLE.has(r.error),
      tappedAt: r.tapped_at,
      reportedAt: r.reported_at,
      answers: summary.length > 300 ? `${summary.slice(0, 300)}…` : summary,
    });
  }
  return out;
}
