/**
 * POST /kiosk/heartbeat — a paired kiosk says it is alive and how many submissions wait in
 * its queue; the answer carries its unit's current opening hours. 401 for an unknown device,
 * 410 for a revoked one (the kiosk then shows that it is out of service).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { findUnit } from "#db/queries/units";
import { appContext } from "~/services/context.server";
import {
  effectiveHours,
  findKioskByDevice,
  readDeviceToken,
  recordHeartbeat,
} from "~/services/kiosks.server";
import { apiError, jsonResponse } from "~/utils/http.server";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Chỉ nhận POST.");
  const ctx = await appContext();
  const kiosk = await findKioskByDevice(ctx, readDeviceToken(request));
  if (!kiosk) return apiError(401, "kiosk_unpaired", "Máy chưa được ghép nối.");
  if (kiosk.revoked_at) return apiError(410, "kiosk_revoked", "Máy khảo sát đã bị thu hồi.");
  const body = (await request.json().catch(() => ({}))) as { queued?: unknown };
  await recordHeartbeat(ctx, kiosk, Number(body.queued ?? 0));
  const unit = await findUnit(ctx.db, kiosk.unit_id);
  return jsonResponse({
    status: "ok",
    now: new Date().toISOString(),
    hours: unit ? await effectiveHours(ctx, unit.path) : [],
  });
}

export function loader() {
  return apiError(405, "method_not_allowed", "Chỉ nhận POST.");
}
