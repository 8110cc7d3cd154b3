/**
 * Quarters and years of the rollups (rollup_span). A range of months is read as a signed sum
 * of whole years, quarters and months: 2025-12 … 2026-11 = 2025-12 + 2026 − 2026-12, three
 * reads instead of twelve (the month after the range usually holds nothing yet). Every
 * piece is read in one statement, so a concurrent write cannot fall between the pieces.
 */

/** 'YYYY-MM' → its quarter 'YYYY-Qn' (the dashboards' bucket names). */
export function quarterOf(period: string): string {
  return `${period.slice(0, 4)}-Q${Math.floor((Number(period.slice(5, 7)) - 1) / 3) + 1}`;
}

/** 'YYYY-MM' → its year 'YYYY'. */
export function yearOf(period: string): string {
  return period.slice(0, 4);
}

/** The spans a month's counts are added to in rollup_span: its quarter and its year. */
export function spansOf(period: string): [quarter: string, year: string] {
  return [quarterOf(period), yearOf(period)];
}

export interface Pieces {
  /** Months added / subtracted ('YYYY-MM'). */
  months: { plus: string[]; minus: string[] };
  /** Quarters and years added / subtracted ('YYYY-Qn', 'YYYY'). */
  spans: { plus: string[]; minus: string[] };
}

const pad = (m: number) => String(m).padStart(2, "0");

/** Months a..b (1-12) of a year as whole quarters where they fit, else months. */
function ascending(year: number, a: number, b: number): string[] {
  const out: string[] = [];
  let m = a;
  while (m <= b) {
    if ((m - 1) % 3 === 0 && m + 2 <= b) {
      out.push(`${year}-Q${(m - 1) / 3 + 1}`);
      m += 3;
    } else {
      out.push(`${year}-${pad(m)}`);
      m += 1;
    }
  }
  return out;
}

/**
 * [from, to] ('YYYY-MM', inclusive) as the fewest pieces: within each year, either its
 * quarters and months, or the whole year less the quarters and months outside the range
 * (when that is fewer pieces; on a tie the range's own pieces, which cancel nothing).
 */
export function decomposeRange(from: string, to: string): Pieces {
  const out: Pieces = { months: { plus: [], minus: [] }, spans: { plus: [], minus: [] } };
  const add = (piece: string, sign: 1 | -1) => {
    const list = piece.length === 7 && piece[5] !== "Q" ? out.months : out.spans;
    (sign === 1 ? list.plus : list.minus).push(piece);
  };
  const [fy, fm] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  for (let y = fy; y <= ty; y++) {
    const a = y === fy ? fm : 1;
    const b = y === ty ? tm : 12;
    if (a > b) continue;
    if (a === 1 && b === 12) {
      add(String(y), 1);
      continue;
    }
    const own = ascending(y, a, b);
    const outside = [...ascending(y, 1, a - 1), ...ascending(y, b + 1, 12)];
    if (1 + outside.length < own.length) {
      add(String(y), 1);
      for (const p of outside) add(p, -1);
    } else for (const p of own) add(p, 1);
  }
  return out;
}
