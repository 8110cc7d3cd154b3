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
