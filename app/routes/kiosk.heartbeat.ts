/**
 * POST /kiosk/heartbeat — a paired kiosk says it is alive, how many ratings wait in its queue,
 * what its clock reads, and which ratings the server refused (app/domain/kiosk-heartbeat.ts);
 * the answer carries the server's time, its unit's current opening hours, and which refused
 * ratings are recorded or resolved by a manager. 401 for an unknown device, 410 for a revoked
 * one (the kiosk then shows that it is out of service).
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs } from "@remix-run/node";
import { HEARTBEAT_MAX_BYTES, type HeartbeatAnswer } from "~/domain/kiosk-heartbeat";
import { findUnit } from "~/services/unit-lookup.server";
import { appContext } from "~/services/context.server";
import { parseHeartbeat, recordHeartbeat } from "~/services/kiosk-rejections.server";
import { findKioskByDevice, readDeviceToken } from "~/services/kiosks.server";
import { effectiveHours } from "~/services/opening-hours.server";
import { apiError, BodyTooLarge, jsonResponse, readBodyLimited } from "~/utils/http.server";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Chỉ nhận POST.");
  const ctx = await appContext();
  const kiosk = await findKioskByDevice(ctx, readDeviceToken(request));
  if (!kiosk) return apiError(401, "kiosk_unpaired", "Máy chưa được ghép nối.");
  if (kiosk.revoked_at) return apiError(410, "kiosk_revoked", "Máy khảo sát đã bị thu hồi.");
  let body: unknown = {};
  try {
    body = JSON.parse(await readBodyLimited(request, HEARTBEAT_MAX_BYTES));
  } catch (e) {
    if (e instanceof BodyTooLarge)
      return apiError(413, "payload_too_large", "Báo cáo của máy quá lớn.");
    // Anything else unreadable counts as a bare "alive".
  }
  const now = new Date();
  const rejected = await recordHeartbeat(ctx, kiosk, parseHeartbeat(body), now);
  const unit = await findUnit(ctx, kiosk.unit_id);
  const answer: HeartbeatAnswer = {
    status: "ok",
    now: now.toISOString(),
    hours: unit ? await effectiveHours(ctx, unit.path) : [],
    rejected,
  };
  return jsonResponse(answer);
}

export function loader() {
  return apiError(405, "method_not_allowed", "Chỉ nhận POST.");
}
