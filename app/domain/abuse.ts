/**
 * Rules that flag suspicious responses. Pure: the service feeds them recent responses and
 * flags what they return (flagged responses are kept, left out of rates, and a manager can
 * restore them). Nothing here refuses a response; refusals are the rate limits' job.
 */
export interface AbuseRules {
  /** Identical ratings from one kiosk: at least `burstMin` of them within `burstWindowMs`. */
  burstMin: number;
  burstWindowMs: number;
  /** Responses from one address hash to one campaign within an hour above this are flagged (0: off). */
  addressPerHour: number;
  /** A link or QR response this many minutes outside its unit's opening hours is flagged. */
  outsideHoursGraceMinutes: number;
}

export const DEFAULT_ABUSE_RULES: AbuseRules = {
  // A counter serves one citizen every few minutes; 8 equal ratings within 3 minutes is not that.
  burstMin: 8,
  burstWindowMs: 3 * 60_000,
  // High enough for a service centre's public Wi-Fi (one address for everyone in the hall).
  addressPerHour: 30,
  outsideHoursGraceMinutes: 60,
};

export type FlagReason = "burst" | "outside_hours" | "many_from_address" | "honeypot" | "manual";

export const FLAG_REASONS: readonly FlagReason[] = [
  "burst",
  "outside_hours",
  "many_from_address",
  "honeypot",
  "manual",
];

export interface RatingEvent {
  id: string;
  /** Epoch milliseconds of the tap (the device's clock). */
  at: number;
  /** What was rated, as one comparable string (e.g. the scored items' answers as JSON). */
  signature: string;
}

/**
 * Ids of responses inside a burst: `min` or more consecutive responses of one device with the
 * same signature whose first and last lie within `windowMs`. Events need not be sorted.
 */
export function detectBursts(events: readonly RatingEvent[], min: number, windowMs: number) {
  const sorted = [...events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const out = new Set<string>();
  let runStart = 0;
  for (let i = 0; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i]!.signature === sorted[runStart]!.signature) continue;
    // sorted[runStart .. i-1] is one run of equal signatures: slide a window over it.
    let lo = runStart;
    for (let hi = runStart; hi < i; hi++) {
      while (sorted[hi]!.at - sorted[lo]!.at > windowMs) lo++;
      if (hi - lo + 1 >= min) for (let k = lo; k <= hi; k++) out.add(sorted[k]!.id);
    }
    runStart = i;
  }
  return out;
}

/** A loopback address is a reverse proxy or this machine, never a citizen: not hashed, not limited. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return a === "::1" || a.startsWith("127.");
}

/** The day (YYYY-MM-DD, Vietnam) whose salt hashes addresses seen at `at`. */
export function saltDay(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
