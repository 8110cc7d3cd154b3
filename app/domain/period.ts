/**
 * Periods are cut in Asia/Ho_Chi_Minh. Vietnam keeps UTC+7 all year (no daylight
 * saving since 1975), so a fixed offset is exact and needs no time-zone database.
 */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/** 'YYYY-MM' of the instant in Vietnam. */
export function toPeriod(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 7);
}

/** The months from `from` to `to` inclusive, as 'YYYY-MM'. */
export function periodsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
