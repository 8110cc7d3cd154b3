import { describe, expect, it } from "vitest";
import { parseDefinition } from "~/domain/questionnaire";
import {
  computeResults,
  deriveIndicators,
  type CountTable,
  type Indicator,
} from "~/domain/scoring";

const likert = (name: string) => ({
  type: "radiogroup",
  name,
  title: name,
  choices: [1, 2, 3, 4, 5, { value: 0, text: "Không sử dụng" }],
});

function definition(options: Record<string, unknown> = {}) {
  return parseDefinition({
    slug: "t-health",
    meta: { title: "Mẫu 2", sector: "health", verification: "paraphrase" },
    survey: {
      pages: [
        {
          name: "p1",
          elements: [
            likert("A1"),
            likert("A2"),
            likert("B1"),
            {
              type: "text",
              name: "G1",
              inputType: "number",
              min: 0,
              title: "G1. Đáp ứng bao nhiêu % mong đợi?",
            },
            {
              type: "radiogroup",
              name: "G2",
              title: "G2. Quay lại?",
              choices: [1, 2, 3, 4, { value: 5, text: "Chắc chắn sẽ quay lại" }],
              showOtherItem: true,
            },
          ],
        },
      ],
    },
    scoring: {
      method: "health",
      scale: { levels: [1, 2, 3, 4, 5, 0], satisfied: [4, 5], notApplicable: [0] },
      items: ["A1", "A2", "B1"].map((c) => ({ code: c, question: c })),
      elements: [
        { code: "A", title: "Khả năng tiếp cận", items: ["A1", "A2"] },
        { code: "B", title: "Minh bạch thông tin", items: ["B1"] },
      ],
      options,
    },
  });
}

const counts: CountTable = {
  A1: { "5": 20, "4": 15, "3": 5, "0": 10 }, // 35/40 = 87.5 %; mean (100+60+15)/40 = 4.375; 10 "không sử dụng"
  A2: { "4": 10, "2": 10 }, //                  10/20 = 50 %;   mean (40+20)/20 = 3
  // B1: nobody answered
  $all_satisfied: { "1": 12, "0": 28 },
  $respondent_mean: { "9/2": 10, "4/1": 10, "7/2": 20 }, // own means 4.5, 4, 3.5
  "$value.G1": { "80": 10, "100": 20, "120": 10 },
  G2: { "5": 30, "4": 5, "1": 3, other: 2 },
};

const ind = (list: Indicator[], code: string) => list.find((i) => i.code === code)!;

describe("health method", () => {
  it("rates per item, section and overall (pooled), 0 = không sử dụng left out", () => {
    const r = computeResults(definition(), counts, 50);
    expect(r.items[0]).toMatchObject({ rate: 0.875, n: 40, notApplicable: 10, mean: 4.375 });
    expect(r.items[1]).toMatchObject({ rate: 0.5, n: 20, mean: 3, sufficient: false });
    // section A pooled: (35 + 10) / (40 + 20) = 75 %; n 40; mean (175 + 60) / 60
    expect(r.elements[0]).toMatchObject({ rate: 0.75, n: 40, answers: 60, sufficient: true });
    expect(r.elements[0]!.mean).toBeCloseTo(235 / 60, 12);
    // section B: no answers
    expect(r.elements[1]).toMatchObject({ rate: null, n: 0, sufficient: false, mean: null });
    expect(r.overall).toMatchObject({ rate: 0.75, n: 40 });
    expect(r.options).toEqual({
      satisfied: [4, 5],
      aggregation: "pooled",
      overallItem: null,
      overall: "pooled",
      respondentMeanThreshold: 4,
      comprehensiveMinValid: 1,
      g1Question: "G1",
      g1Cap: null,
      g2Question: "G2",
      g2ReturnValues: [5],
      costQuestion: null,
      costCommensurateValues: [3],
      costBaseValues: [1, 2, 3, 4],
    });
    expect(r.warnings).toEqual([]);
  });

  it("mean score, mean/5 × 100, hài lòng toàn diện, per-respondent figures", () => {
    const list = computeResults(definition(), counts, 50).indicators;
    // M = 235/60 = 3.9167; index = 3.9167 / 5 = 78.33 %
    expect(ind(list, "mean_score")).toMatchObject({ unit: "points", max: 5, n: 40 });
    expect(ind(list, "mean_score").value).toBeCloseTo(3.91667, 4);
    expect(ind(list, "index_score").value).toBeCloseTo(0.78333, 4);
    // toàn diện: 12 of 40 respondents satisfied on every item they answered = 30 %
    expect(ind(list, "all_satisfied")).toMatchObject({ value: 0.3, n: 40, sufficient: true });
    expect(ind(list, "all_satisfied").low).toBeCloseTo(0.18075, 4);
    // per respondent: (10·4.5 + 10·4 + 20·3.5) / 40 = 3.875 → / 5 = 77.5 %
    expect(ind(list, "respondent_index").value).toBeCloseTo(0.775, 12);
    // own mean ≥ 4: 20 of 40
    expect(ind(list, "respondent_satisfied")).toMatchObject({ value: 0.5, n: 40 });
  });

  it("G1 mean (not capped by default) and the G2 distribution", () => {
    const list = computeResults(definition(), counts, 50).indicators;
    // (80·10 + 100·20 + 120·10) / 40 = 100 % ; SE = 2.2646 → 100 ± 4.4384
    expect(ind(list, "g1_mean")).toMatchObject({
      value: 1,
      n: 40,
      key: "$value.G1",
      unit: "proportion",
    });
    expect(ind(list, "g1_mean").low).toBeCloseTo(0.95562, 4);
    // G2: 40 answers; 5 = 30/40, other = 2/40
    expect(ind(list, "g2=5")).toMatchObject({ value: 0.75, n: 40 });
    expect(ind(list, "g2=other")!.value).toBeCloseTo(0.05, 12);
    expect(ind(list, "g2_return")).toMatchObject({ value: 0.75, n: 40, level: "5" });
  });

  it("options: section mean, threshold, G1 cap, return levels", () => {
    const r = computeResults(
      definition({
        aggregation: "mean",
        overall: "elements",
        respondentMeanThreshold: 4.5,
        g1Cap: 100,
        g2ReturnValues: [4, 5],
      }),
      counts,
      50,
    );
    // A = (0.875 + 0.5) / 2 = 68.75 %; overall = mean of sections with answers = A
    expect(r.elements[0]!.rate).toBeCloseTo(0.6875, 12);
    expect(r.overall.rate).toBeCloseTo(0.6875, 12);
    // own mean ≥ 4.5: 10 of 40
    expect(ind(r.indicators, "respondent_satisfied").value).toBe(0.25);
    // capped at 100: (800 + 2000 + 1000) / 40 = 95 %
    expect(ind(r.indicators, "g1_mean").value).toBeCloseTo(0.95, 12);
    // (30 + 5) / 40
    expect(ind(r.indicators, "g2_return").value).toBe(0.875);
  });

  it("two metrics: the rate (4–5 of valid answers) overall, the index (mean / 5) beside it", () => {
    const r = computeResults(definition(), counts, 50);
    // rate 45/60 = 75 %; mean 235/60; index 78.33 %; "Rất hài lòng": 20 of 60 answers
    expect(r.overall).toMatchObject({ rate: 0.75, satisfied: 45, answers: 60, basis: "answers" });
    expect(r.overall.mean).toBeCloseTo(235 / 60, 12);
    expect(r.maxPoints).toBe(5);
    expect(r.overall.mean! / r.maxPoints!).toBeCloseTo(ind(r.indicators, "index_score").value!, 12);
    expect(r.overall.top).toBe(20);
    expect(r.elements[0]).toMatchObject({ top: 20, answers: 60 });
    // A catalog version that still names a headline gets the same figures, and no warning.
    const old = computeResults(definition({ headline: "scoreIndex" }), counts, 50);
    expect(old.overall.rate).toBe(0.75);
    expect(old.warnings).toEqual([]);
  });

  it("cost item: distribution and the 'tương xứng' share among answers 1–4", () => {
    const d = parseDefinition({
      ...definition({ costQuestion: "E7" }),
      survey: {
        pages: [
          {
            name: "p1",
            elements: [
              likert("A1"),
              likert("A2"),
              likert("B1"),
              { type: "radiogroup", name: "E7", choices: [1, 2, 3, 4, 5, 6] },
            ],
          },
        ],
      },
    });
    // E7: 1×2, 2×8, 3×25, 4×5, 5×10 (không tự chi trả); commensurate 25 of the 40 answers 1–4 = 62.5 %
    const r = computeResults(
      d,
      { ...counts, E7: { "1": 2, "2": 8, "3": 25, "4": 5, "5": 10 } },
      50,
    );
    expect(ind(r.indicators, "cost_commensurate")).toMatchObject({ value: 0.625, n: 40 });
    // distribution over all 50 answers: 5 = 10/50
    expect(ind(r.indicators, "cost=5")).toMatchObject({ value: 0.2, n: 50 });
  });

  it("options the method does not use are reported, not silently dropped", () => {
    const r = computeResults(definition({ minValidShare: 0.5 }), counts, 50);
    expect(r.warnings).toEqual(["minValidShare: not used by the health method; ignored"]);
  });

  it("minimum n applies to every figure", () => {
    const r = computeResults(definition(), counts, 50, { minN: 41 });
    expect(r.indicators.every((i) => !i.sufficient)).toBe(true);
    expect(r.overall.sufficient).toBe(false);
  });

  it("derives $all_satisfied, $respondent_mean and the G1 value at ingestion", () => {
    const d = definition();
    expect(deriveIndicators(d, { A1: 5, A2: 4, B1: 0, G1: "85.4", G2: 5 })).toEqual([
      ["$all_satisfied", "1"],
      ["$respondent_mean", "9/2"],
      ["$value.G1", "85"],
    ]);
    expect(deriveIndicators(d, { A1: 5, A2: 2, G1: 120 })).toEqual([
      ["$all_satisfied", "0"],
      ["$respondent_mean", "7/2"],
      ["$value.G1", "120"],
    ]);
    // only "không sử dụng" answers: no valid rated answer, nothing about satisfaction
    expect(deriveIndicators(d, { B1: 0, G1: -5 })).toEqual([]);
    // the satisfied option is honoured at ingestion too
    expect(deriveIndicators(definition({ satisfied: [5] }), { A1: 5, A2: 4 })[0]).toEqual([
      "$all_satisfied",
      "0",
    ]);
    // comprehensiveMinValid 2: a respondent with one valid answer is not counted for toàn diện
    expect(deriveIndicators(definition({ comprehensiveMinValid: 2 }), { A1: 5, B1: 0 })).toEqual([
      ["$respondent_mean", "5/1"],
    ]);
  });
});
