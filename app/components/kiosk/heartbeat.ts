/**
 * The kiosk's heartbeat (browser only): every minute, and soon after a refusal, the tablet
 * tells the server it is alive, how many ratings wait in its queue, what its clock reads, and
 * which ratings were refused (app/domain/kiosk-heartbeat.ts). The answer measures the clock
 * offset, brings the unit's opening hours, and says which refusals a manager resolved.
 */
import {
  HEARTBEAT_MAX_BYTES,
  REPORT_HELD_MAX,
  REPORT_ITEMS_MAX,
  type HeartbeatAnswer,
  type HeartbeatReport,
  type RejectedReport,
} from "~/domain/kiosk-heartbeat";
import { observeServerTime } from "./clock";
import { countQueued, rejected, settleRejected } from "./queue";

/** Room left in the body for everything but the refused ratings themselves. */
const ITEMS_BUDGET = HEARTBEAT_MAX_BYTES - 64 * 1024;

async function report(): Promise<HeartbeatReport> {
  const all = await rejected();
  const held = all.filter((r) => r.reported).map((r) => r.id);
  const items: RejectedReport[] = [];
  let size = 0;
  for (const { status, error, at, reported, ...item } of all) {
    if (reported || items.length >= REPORT_ITEMS_MAX) continue;
    const r = { id: item.id, status, error, at, item: { ...item } };
    size += JSON.stringify(r).length;
    if (size > ITEMS_BUDGET) break;
    items.push(r);
  }
  return {
    queued: await countQueued(),
    deviceTime: new Date().toISOString(),
    rejected: { count: all.length, held: held.slice(0, REPORT_HELD_MAX), items },
  };
}

/** One heartbeat: the server's answer, or its status when it has none (410: revoked). */
export async function sendHeartbeat(): Promise<HeartbeatAnswer | { status: number }> {
  const body = await report();
  const sentAt = Date.now();
  const res = await fetch("/kiosk/heartbeat", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  observeServerTime(res, sentAt);
  if (!res.ok) return { status: res.status };
  const answer = (await res.json()) as HeartbeatAnswer;
  if (answer.rejected && body.rejected)
    await settleRejected(answer.rejected.known, answer.rejected.resolved, [
      ...body.rejected.held,
      ...body.rejected.items.map((i) => i.id),
    ]);
  return answer;
}
