/**
 * Where the server places a kiosk rating in time (docs/decisions/008). Pure.
 *
 * A tap time is the tablet's claim; the server proves what it can and places the tap with it:
 * - the tap came before the rating arrived (receipt, on the server's clock), give or take
 *   AHEAD_TOLERANCE_MS of error in the tablet's estimate of its offset;
 * - it came after the kiosk was registered, and not long before the last heartbeat in which
 *   the tablet said its queue was empty: an honest tablet cannot still be holding it;
 * - the device's clock offset when the rating arrived: server time minus the device time
 *   the tablet sent it at (deviceSentAt), within the request's latency.
 *
 * The first of these placements that falls within those bounds is kept:
 * 1. "tablet": startedAt, the device time corrected by the offset the tablet measured from
 *    the server's answers before the tap. Right when the clock was steady from that
 *    measurement to the tap, even if it was changed later (set right when the network came back).
 * 2. "delivery": the device's tap time plus the offset measured on delivery. Right when the
 *    clock was steady from the tap to delivery: a tap made before the tablet could measure
 *    (fresh page without network, a clock moved under the page, a rebooted tablet with a flat
 *    clock battery) and a claim that is impossible (after receipt, before the bounds).
 * 3. "receipt": a client that sends no tap time at all; and one that sends no device time
 *    (a kiosk page of an earlier version, until it reloads) with a tap after receipt, as that
 *    version was served: its clock runs fast and it has nothing else to place it by.
 * No placement within the bounds: the rating is refused (tap_time_unproven); the tablet keeps
 * it and reports it, and a manager decides. A tap with device times is never moved to "now":
 * that would put a drained queue's taps on top of each other. Receipt is the one time the
 * client cannot choose, so placing there gives a dishonest client nothing.
 */

/** The tablet's correction may run this far ahead of the receipt (its estimate's error). */
export const AHEAD_TOLERANCE_MS = 2 * 60_000;
/** A heartbeat's "queue empty" may cross a rating already on its way. */
export const QUEUE_EMPTY_SLACK_MS = 5 * 60_000;

export interface TapEvidence {
  /** The tap on the server's clock as the tablet corrected it (an older client: its raw time). */
  startedAt?: string;
  /** The device's clock at the tap. */
  deviceStartedAt?: string;
  /** The device's clock when it sent the rating (or reported it in a heartbeat). */
  deviceSentAt?: string;
}

export interface TapBounds {
  /** When the server got the rating (or the report), on its own clock. */
  receivedAt: Date;
  /** No honest tap is earlier (notBeforeOf). */
  notBefore?: Date | null;
}

export type TapSource = "tablet" | "delivery" | "receipt";

export type TapPlacement =
  | { ok: true; at: Date; source: TapSource; deliverySkewMs: number | null }
  | { ok: false; deliverySkewMs: number | null };

function ms(iso: string | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** The earliest an honest tap of this kiosk can be: its registration, its last empty queue. */
export function notBeforeOf(kiosk: { created_at: string; queue_empty_at: string | null }): Date {
  const created = Date.parse(kiosk.created_at);
  const empty = kiosk.queue_empty_at ? Date.parse(kiosk.queue_empty_at) - QUEUE_EMPTY_SLACK_MS : 0;
  return new Date(Math.max(created, empty));
}

export function placeTap(e: TapEvidence, b: TapBounds): TapPlacement {
  const received = b.receivedAt.getTime();
  const claimed = ms(e.startedAt);
  const device = ms(e.deviceStartedAt);
  const sent = ms(e.deviceSentAt);
  const deliverySkewMs = sent === null ? null : received - sent;
  if (claimed === null && device === null)
    return { ok: true, at: b.receivedAt, source: "receipt", deliverySkewMs };
  const floor = b.notBefore?.getTime() ?? -Infinity;
  const candidates: Array<[TapSource, number | null]> = [
    ["tablet", claimed],
    ["delivery", device !== null && deliverySkewMs !== null ? device + deliverySkewMs : null],
  ];
  for (const [source, t] of candidates) {
    if (t === null || t < floor || t > received + AHEAD_TOLERANCE_MS) continue;
    // Within the tolerance ahead of receipt: the estimate's error, placed at receipt.
    return { ok: true, at: new Date(Math.min(t, received)), source, deliverySkewMs };
  }
  if (device === null && sent === null && claimed !== null && claimed > received)
    return { ok: true, at: b.receivedAt, source: "receipt", deliverySkewMs };
  return { ok: false, deliverySkewMs };
}

/**
 * The kiosk's minimum interval as the server applies it to placed taps: up to a second
 * shorter (half the interval at most), for the jitter of the tablet's offset estimate. The
 * tablet itself keeps the full interval, by its own clock.
 */
export function intervalWindowMs(minIntervalSeconds: number): number {
  const gap = minIntervalSeconds * 1000;
  return gap - Math.min(1000, gap / 2);
}
