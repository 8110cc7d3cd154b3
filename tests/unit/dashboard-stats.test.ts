import { describe, expect, it } from "vitest";
import {
  newcombeDifference,
  normalUpperTail,
  projectLinear,
  twoProportionZTest,
} from "~/domain/dashboard-stats";
import { wilsonInterval } from "~/domain/statistics";

const est = (x: number, n: number) => {
  const w = wilsonInterval(x, n)!;
  return { rate: x / n, low: w.low, high: w.high };
};

describe("Newcombe's interval for a difference of two rates (method 10)", () => {
  // Newcombe RG (1998), Statistics in Medicine 17:873–890, Table II, method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
  ])("%i/%i − %i/%i → [%f, %f]", (x1, n1, x2, n2, low, high) => {
    const d = newcombeDifference(est(x1, n1), est(x2, n2))!;
    expect(d.diff).toBeCloseTo(x1 / n1 - x2 / n2, 10);
    expect(d.low).toBeCloseTo(low, 4);
    expect(d.high).toBeCloseTo(high, 4);
    expect(d.significant).toBe(low > 0 || high < 0);
  });

  it("is symmetric: B − A is the mirror of A − B", () => {
    const ab = newcombeDifference(est(56, 70), est(48, 80))!;
    const ba = newcombeDifference(est(48, 80), est(56, 70))!;
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
  });

  it("needs both rates and their intervals", () => {
    expect(newcombeDifference({ rate: null, low: null, high: null }, est(1, 2))).toBeNull();
  });
});

describe("two-proportion z-test", () => {
  it("matches a hand calculation", () => {
    // 56/70 vs 48/80: pooled p̂ = 104/150 = 0.69333; SE = √(0.69333·0.30667·(1/70 + 1/80))
    // = √(0.212622 · 0.0267857) = 0.075467; z = 0.2 / 0.075467 = 2.6502; p = 2·P(Z > 2.6502) = 0.0080.
    const r = twoProportionZTest(56, 70, 48, 80)!;
    expect(r.z).toBeCloseTo(2.6502, 3);
    expect(r.p).toBeCloseTo(0.00805, 4);
    expect(r.significant).toBe(true);
  });

  it("is not significant for equal rates, and undefined without answers", () => {
    expect(twoProportionZTest(45, 50, 90, 100)).toMatchObject({ z: 0, significant: false });
    expect(twoProportionZTest(50, 50, 100, 100)).toMatchObject({ p: 1, significant: false });
    expect(twoProportionZTest(0, 0, 1, 2)).toBeNull();
  });

  it("has a normal tail accurate to 1e-6", () => {
    expect(normalUpperTail(1.959963984540054)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(1)).toBeCloseTo(0.158655, 6);
    expect(normalUpperTail(-1)).toBeCloseTo(0.841345, 6);
  });
});

describe("linear projection to a deadline", () => {
  it("extends the least-squares line through the last N points", () => {
    // +1 point a month from 80 %: at month 24 (12 months after the last point, 11) → 104 % → clamped.
    const pts = Array.from({ length: 12 }, (_, i) => ({ month: i, value: 0.8 + 0.01 * i }));
    const p = projectLinear(pts, 23, 6)!;
    expect(p.used).toBe(6);
    expect(p.slopePerYear).toBeCloseTo(0.12, 10);
    expect(p.value).toBe(1);
    const q = projectLinear(pts, 13, 6)!;
    expect(q.value).toBeCloseTo(0.93, 10);
  });

  it("uses only the last N points, so an old slump does not drag the line", () => {
    const pts = [
      { month: 0, value: 0.5 },
      { month: 1, value: 0.5 },
      { month: 2, value: 0.9 },
      { month: 3, value: 0.9 },
      { month: 4, value: 0.9 },
    ];
    expect(projectLinear(pts, 40, 3)!.value).toBeCloseTo(0.9, 10);
  });

  it("needs three points", () => {
    expect(
      projectLinear(
        [
          { month: 0, value: 0.9 },
          { month: 1, value: 0.91 },
        ],
        10,
      ),
    ).toBeNull();
  });
});
