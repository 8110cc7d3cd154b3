import { describe, expect, it } from "vitest";
import {
  alertEvent,
  alertWindows,
  belowTarget,
  describeAlert,
  findBursts,
  matchWords,
  parseWordList,
  significantDrop,
} from "~/domain/alerts";
import { newcombeDifference } from "~/domain/dashboard-stats";
import { wilsonInterval } from "~/domain/statistics";
import { campaignTarget } from "~/domain/targets";
import { translator } from "~/utils/i18n";
import "~/utils/i18n-staff";

const rate = (satisfied: number, n: number) => {
  const ci = wilsonInterval(satisfied, n)!;
  return {
    rate: satisfied / n,
    low: ci.low,
    high: ci.high,
    sufficient: n >= 30,
    mean: null,
    meanLow: null,
    meanHigh: null,
  };
};

describe("below target", () => {
  const target = campaignTarget(90, "rate");

  it("fires only when the whole 95 % interval is below the target", () => {
    // 150 of 200 = 75 %, interval ≈ 68.6–80.5 %: wholly below 90 %.
    expect(belowTarget(rate(150, 200), target, null)).toMatchObject({ rate: 0.75 });
    // 26 of 30 = 86.7 % (point below 90 %) but the interval ≈ 70–95 % straddles it: nothing.
    expect(belowTarget(rate(26, 30), target, null)).toBeNull();
    // Too few answers: nothing, whatever the point estimate.
    expect(belowTarget(rate(1, 10), target, null)).toBeNull();
    expect(belowTarget(rate(150, 200), null, null)).toBeNull();
  });

  it("judges the index where the target is set on it", () => {
    const f = { ...rate(200, 200), mean: 3, meanLow: 2.9, meanHigh: 3.1 };
    // Rate 100 %, but the index 3/5 = 60 % (58–62 %) is below an index target of 85 %.
    const x = belowTarget(f, campaignTarget(85, "index"), 5);
    expect(x?.rate).toBeCloseTo(0.6, 9);
  });
});

describe("significant drop (the compare page's test)", () => {
  it("fires for a drop whose 95 % interval leaves out 0, as newcombeDifference says", () => {
    const before = rate(190, 200);
    const now = rate(150, 200);
    const d = significantDrop(now, before)!;
    expect(d).toEqual(newcombeDifference(now, before));
    expect(d.diff).toBeCloseTo(-0.2, 9);
    expect(d.high).toBeLessThan(0);
  });

  it("does not fire for a rise, a drop within chance, or too few answers", () => {
    expect(significantDrop(rate(190, 200), rate(150, 200))).toBeNull();
    expect(significantDrop(rate(27, 30), rate(28, 30))).toBeNull();
    expect(significantDrop(rate(1, 10), rate(10, 10))).toBeNull();
  });

  it("compares this month with the last, or this quarter with the last", () => {
    expect(alertWindows("month", "2026-01")).toEqual({
      current: { from: "2026-01", to: "2026-01" },
      previous: { from: "2025-12", to: "2025-12" },
    });
    expect(alertWindows("quarter", "2026-05")).toEqual({
      current: { from: "2026-04", to: "2026-06" },
      previous: { from: "2026-01", to: "2026-03" },
    });
  });
});

describe("bursts at a counter", () => {
  const at = (min: number) => new Date(Date.UTC(2026, 11, 7, 2, 0) + min * 60_000).toISOString();

  it("finds the first hour with the threshold reached, per counter, counting the whole hour", () => {
    const events = [
      ...[0, 10, 20, 30, 45].map((m) => ({ unitId: "q1", at: at(m) })),
      ...[0, 30, 61, 85].map((m) => ({ unitId: "q2", at: at(m) })),
    ];
    expect(findBursts(events, 3)).toEqual([
      { unitId: "q1", count: 5, from: at(0), to: at(45) },
      { unitId: "q2", count: 3, from: at(30), to: at(85) },
    ]);
    expect(findBursts(events, 6)).toEqual([]);
  });

  it("does not count ratings an hour or more apart together", () => {
    const events = [0, 60, 120].map((m) => ({ unitId: "q1", at: at(m) }));
    expect(findBursts(events, 2)).toEqual([]);
  });
});

describe("words in comments", () => {
  const words = parseWordList("tham nhũng\n  hối   lộ ; thái độ, THAM NHUNG\n\n");

  it("reads a list, collapsing spaces and dropping repeats written without diacritics", () => {
    expect(words).toEqual(["tham nhũng", "hối lộ", "thái độ"]);
  });

  it("matches with or without diacritics and case, as whole words", () => {
    expect(matchWords("Cán bộ có dấu hiệu THAM NHŨNG.", words)).toEqual(["tham nhũng"]);
    expect(matchWords("can bo doi hoi lo, thai do kem", words)).toEqual(["hối lộ", "thái độ"]);
    expect(matchWords("thamnhung va hoi long", words)).toEqual([]);
    // Decomposed Unicode (as some phone keyboards send it) is the same text.
    expect(matchWords("tham nhu\u0303ng", words)).toEqual(["tham nhũng"]);
  });
});

describe("what an alert says", () => {
  const t = translator("vi");

  it("names every figure in Vietnamese", () => {
    const text = describeAlert(
      {
        kind: "drop",
        campaign: "Đợt 2026",
        from: "2026-12",
        to: "2026-12",
        rate: 0.75,
        previousFrom: "2026-11",
        previousTo: "2026-11",
        previousRate: 0.95,
        diff: -0.2,
        diffLow: -0.27,
        diffHigh: -0.13,
        n: 200,
        previousN: 200,
      },
      t,
    );
    expect(text).toContain("giảm từ 95,0 % (tháng 11/2026, 200 phiếu) xuống 75,0 %");
    expect(text).toContain("từ 13,0 % đến 27,0 %");
  });

  it("makes an event for the outbox with the alert's id", () => {
    const e = alertEvent({
      id: "a1",
      ruleId: "r1",
      unitId: "u1",
      day: "2026-12-07",
      detail: { kind: "burst", count: 6, threshold: 5, from: "x", to: "y" },
    });
    expect(e).toEqual({
      type: "alert.raised",
      data: {
        alertId: "a1",
        ruleId: "r1",
        unitId: "u1",
        day: "2026-12-07",
        kind: "burst",
        count: 6,
        threshold: 5,
        from: "x",
        to: "y",
      },
    });
  });
});
