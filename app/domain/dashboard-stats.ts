/**
 * Statistics of the dashboards: the difference between two rates (two periods or two units)
 * with its significance, and the projection of a trend to a target's deadline. Pure maths.
 */
import { Z95 } from "./statistics";

export interface Estimate {
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface Difference {
  /** a − b, proportion. */
  diff: number;
  low: number;
  high: number;
  /** The 95 % interval of the difference leaves out 0. */
  significant: boolean;
}

/**
 * Newcombe's hybrid score interval for a − b (Newcombe 1998, method 10), from each rate's
 * own 95 % interval:
 *   low  = d − √((a − lₐ)² + (u_b − b)²),  high = d + √((u_a − a)² + (b − l_b)²).
 * With Wilson intervals (every item rate) this is exactly method 10. For a group rate the
 * scoring module's interval is used in the same way (the "MOVER" of Zou & Donner 2008), so
 * the comparison is as conservative as the intervals it starts from. Assumes the two rates
 * come from different respondents (two periods, or two units neither inside the other).
 */
export function newcombeDifference(a: Estimate, b: Estimate): Difference | null {
  if (a.rate === null || b.rate === null) return null;
  if (a.low === null || a.high === null || b.low === null || b.high === null) return null;
  const d = a.rate - b.rate;
  const low = d - Math.sqrt((a.rate - a.low) ** 2 + (b.high - b.rate) ** 2);
  const high = d + Math.sqrt((a.high - a.rate) ** 2 + (b.rate - b.low) ** 2);
  return { diff: d, low, high, significant: low > 0 || high < 0 };
}

export interface ZTest {
  z: number;
  /** Two-sided p-value. */
  p: number;
  significant: boolean;
}

/**
 * Two-proportion z-test with the pooled proportion (for single items, whose satisfied and
 * valid answer counts are independent draws):
 *   z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)),  p̂ = (x₁ + x₂)/(n₁ + n₂).
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1, significant: false };
  const z = (x1 / n1 - x2 / n2) / se;
  const p = Math.min(1, 2 * normalUpperTail(Math.abs(z)));
  return { z, p, significant: Math.abs(z) > Z95 };
}

/** P(Z > z) for a standard normal Z (erfc, Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

export interface Projection {
  /** Points the line was fitted on. */
  used: number;
  /** Change per year, proportion (0.02 = +2 percentage points a year). */
  slopePerYear: number;
  /** The fitted line's value at the deadline, clamped to 0–1. */
  value: number;
}

/**
 * A linear trend projected to a date: ordinary least squares over the last `lastN` points
 * (x = months since year 0, each point at its period's middle; points unweighted), evaluated
 * at `atMonth`. Needs at least 3 points. A projection, not a measurement: it says where the
 * current pace leads if it goes on, with no interval.
 */
export function projectLinear(
  points: ReadonlyArray<{ month: number; value: number }>,
  atMonth: number,
  lastN = 6,
): Projection | null {
  const pts = points.slice(-lastN);
  if (pts.length < 3) return null;
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p.month, 0) / n;
  const my = pts.reduce((s, p) => s + p.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of pts) {
    sxy += (p.month - mx) * (p.value - my);
    sxx += (p.month - mx) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const value = my + slope * (atMonth - mx);
  return { used: n, slopePerYear: slope * 12, value: Math.min(1, Math.max(0, value)) };
}
