/** When a campaign takes answers. Pure: the caller passes the clock. */
export type Availability = "open" | "not_yet_open" | "closed";

export function campaignAvailability(
  c: { status: string; opens_at: string; closes_at: string },
  now: Date,
): Availability {
  if (c.status === "closed") return "closed";
  if (c.status !== "open") return "not_yet_open";
  const t = now.toISOString();
  if (t < c.opens_at) return "not_yet_open";
  if (t >= c.closes_at) return "closed";
  return "open";
}

/**
 * How long after a campaign's end a rating tapped before it may still arrive: a kiosk that
 * was offline on the last evening delivers its queue when the network comes back.
 */
export const DELIVERY_GRACE_HOURS = 72;

/**
 * A queued rating is judged by when it was tapped, if it arrives within the grace period
 * after the campaign's end. A campaign a manager closed takes nothing, whenever it was tapped.
 */
export function availabilityAtTap(
  c: { status: string; opens_at: string; closes_at: string },
  tappedAt: Date,
  receivedAt: Date,
  graceHours: number = DELIVERY_GRACE_HOURS,
): Availability {
  const a = campaignAvailability(c, tappedAt);
  if (a === "open" && receivedAt.getTime() >= Date.parse(c.closes_at) + graceHours * 3_600_000)
    return "closed";
  return a;
}

/**
 * The date to tell a respondent to come back from: the opening date while it is still
 * ahead. A draft whose planned opening has passed (or is today) gives none: it opens when a
 * manager opens it, and "come back from <today>" would be wrong.
 */
export function comeBackFrom(c: { opens_at: string }, now: Date): string | null {
  return now.toISOString() < c.opens_at ? c.opens_at : null;
}
