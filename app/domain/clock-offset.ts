/**
 * A kiosk's estimate of how far its clock is from the server's (docs/decisions/008). Pure: the
 * browser passes its wall clock (Date.now) and its monotonic clock (performance.now).
 *
 * Every answer from the server carries the server's time. A request sent at device time t0
 * and answered at t1 with server time S gives offset = S − (t0 + t1) / 2, within ±(t1 − t0) / 2.
 * The estimate keeps the sample it has unless a new one is at least as precise, reveals a
 * real change, or the kept one is old; so taps a few seconds apart get the same correction
 * and keep their spacing.
 *
 * The wall clock may be changed under the page (by hand, by the network's time, a reboot with
 * a flat clock battery) and the page may sleep. Both show as the wall clock moving against the
 * monotonic clock; the estimate is then dropped until the next answer from the server, and
 * taps are sent with the device time only, for the server to place with the offset it
 * measures when they arrive.
 */

/** The server's clock (ISO 8601, milliseconds) on every JSON answer of the server. */
export const SERVER_TIME_HEADER = "X-Server-Time";

/** Answers slower than this say too little about the clock. */
export const MAX_ROUND_TRIP_MS = 10_000;
/** The wall clock moved this much against the monotonic clock: it was changed, or the device slept. */
export const JUMP_MS = 5_000;
/** A kept sample is replaced by any new one after this long (clocks drift). */
export const REFRESH_MS = 15 * 60_000;
/** An estimate saved by an earlier page is used for this long (a reload without network). */
export const STORED_MAX_AGE_MS = 7 * 86_400_000;

export interface ClockSample {
  /** Server time minus device time. */
  offsetMs: number;
  /** Half the round trip: the sample's uncertainty. */
  errorMs: number;
  /** Device wall time when the answer came. */
  at: number;
}

export interface Clocks {
  wall(): number;
  mono(): number;
}

/** The sample of one request; null when it cannot be trusted. */
export function sampleOf(
  sentAt: number,
  receivedAt: number,
  serverTime: number,
): ClockSample | null {
  const rtt = receivedAt - sentAt;
  if (!Number.isFinite(serverTime) || !Number.isFinite(rtt) || rtt < 0 || rtt > MAX_ROUND_TRIP_MS)
    return null;
  return {
    offsetMs: Math.round(serverTime - (sentAt + receivedAt) / 2),
    errorMs: Math.ceil(rtt / 2),
    at: receivedAt,
  };
}

/** What a tap records: the device's own time, and the server's time when the offset is known. */
export interface TapStamp {
  /** The tap on the server's clock (device time + offset); absent when the offset is unknown. */
  startedAt?: string;
  /** The device's clock at the tap, as it read (for the server's own placement and for audit). */
  deviceStartedAt: string;
}

export class ClockOffset {
  private kept: ClockSample | null = null;
  /** wall − mono when the kept sample was taken: a change means the wall clock moved. */
  private anchor = 0;

  constructor(
    private readonly clocks: Clocks,
    stored?: ClockSample | null,
  ) {
    const now = clocks.wall();
    if (
      stored &&
      Number.isFinite(stored.offsetMs) &&
      Number.isFinite(stored.errorMs) &&
      now - stored.at >= 0 &&
      now - stored.at < STORED_MAX_AGE_MS
    ) {
      this.kept = { offsetMs: stored.offsetMs, errorMs: stored.errorMs, at: stored.at };
      this.anchor = now - clocks.mono();
    }
  }

  /** Takes a request's timing; true when the estimate changed. */
  observe(sentAt: number, receivedAt: number, serverTime: number): boolean {
    const s = sampleOf(sentAt, receivedAt, serverTime);
    if (!s) return false;
    const k = this.current() === null ? null : this.kept;
    const replace =
      !k ||
      s.errorMs <= k.errorMs ||
      Math.abs(s.offsetMs - k.offsetMs) > s.errorMs + k.errorMs + 500 ||
      s.at - k.at > REFRESH_MS;
    if (!replace) return false;
    this.kept = s;
    this.anchor = this.clocks.wall() - this.clocks.mono();
    return true;
  }

  /** Server time minus device time, or null when unknown or the wall clock moved since. */
  current(): number | null {
    if (!this.kept) return null;
    const drift = this.clocks.wall() - this.clocks.mono() - this.anchor;
    if (Math.abs(drift) > JUMP_MS) {
      this.kept = null;
      return null;
    }
    return this.kept.offsetMs;
  }

  /** The server's time now, or the device's when the offset is unknown. */
  now(): Date {
    return new Date(this.clocks.wall() + (this.current() ?? 0));
  }

  /** Stamps a tap made at device time `at` (default: now). */
  stamp(at: number = this.clocks.wall()): TapStamp {
    const offset = this.current();
    return {
      ...(offset === null ? {} : { startedAt: new Date(at + offset).toISOString() }),
      deviceStartedAt: new Date(at).toISOString(),
    };
  }

  /** What to save for the next page (null when nothing is known). */
  saved(): ClockSample | null {
    return this.current() === null ? null : { ...this.kept! };
  }
}
