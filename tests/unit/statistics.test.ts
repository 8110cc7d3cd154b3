import { describe, expect, it } from "vitest";
import { wilsonInterval } from "~/domain/statistics";

describe("wilsonInterval", () => {
  it("matches a hand-computed interval (81 of 100)", () => {
    // p = 0.81, z = 1.96: centre = (0.81 + 1.9208/100)/(1.038416) = 0.79854,
    // half = 1.96*sqrt(0.81*0.19/100 + 3.8415/40000)/1.038416 = 0.07585
    const ci = wilsonInterval(81, 100)!;
    expect(ci.low).toBeCloseTo(0.7227, 3);
    expect(ci.high).toBeCloseTo(0.8744, 3);
  });

  it("stays inside [0, 1] at the edges", () => {
    const all = wilsonInterval(10, 10)!;
    expect(all.high).toBeCloseTo(1, 9);
    expect(all.low).toBeCloseTo(0.7225, 3);
    const none = wilsonInterval(0, 10)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 3);
  });

  it("has no interval without answers and rejects impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
  });
});
