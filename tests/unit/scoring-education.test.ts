import { describe, expect, it } from "vitest";
import { parseDefinition } from "~/domain/questionnaire";
import {
  computeResults,
  deriveIndicators,
  type CountTable,
  type Indicator,
} from "~/domain/scoring";

function definition(options: Record<string, unknown> = {}, hl2: "number" | "likert" = "number") {
  return parseDefinition({
    slug: "t-education",
    meta: { title: "Phụ huynh THPT", sector: "education", verification: "paraphrase" },
    survey: {
      pages: [
        {
          name: "p1",
          elements: [
            { type: "matrix", name: "tc", columns: [1, 2, 3, 4, 5], rows: ["TC1", "TC2"] },
            { type: "radiogroup", name: "CS1", title: "Cơ sở vật chất", choices: [1, 2, 3, 4, 5] },
            { type: "rating", name: "HL1", title: "Hài lòng chung", rateMin: 1, rateMax: 5 },
            hl2 === "number"
              ? { type: "text", name: "HL2", inputType: "number", title: "Đáp ứng mong đợi (%)" }
              : { type: "rating", name: "HL2", title: "Đáp ứng mong đợi", rateMin: 1, rateMax: 5 },
          ],
        },
      ],
    },
    scoring: {
      method: "education",
      scale: { levels: [1, 2, 3, 4, 5], satisfied: [4, 5] },
      items: [
        { code: "TC1", question: "tc", row: "TC1" },
        { code: "TC2", question: "tc", row: "TC2" },
        { code: "CS1", question: "CS1" },
      ],
      elements: [
        { code: "TC", title: "Tiếp cận dịch vụ giáo dục", items: ["TC1", "TC2"] },
        { code: "CS", title: "Cơ sở vật chất", items: ["CS1"] },
      ],
      options,
    },
  });
}

const counts: CountTable = {
  "tc.TC1": { "5": 30, "4": 10, "3": 10 }, // 40/50 = 80 %;   points 150+40+30 = 220
  "tc.TC2": { "4": 20, "2": 10 }, //          20/30 = 66.7 %; points 80+20 = 100
  CS1: { "5": 10, "3": 30 }, //               10/40 = 25 %;   points 50+90 = 140
  HL1: { "5": 20, "4": 16, "2": 4 }, //       36/40 = 90 %
  "$value.HL2": { "90": 30, "70": 10 }, //    (2700 + 700) / 40 = 85 %
  $respondent_mean: { "12/3": 40 },
  "$respondent_mean.TC": { "9/2": 20, "7/2": 10, "8/2": 10 }, // own TC means 4.5, 3.5, 4
};

const ind = (list: Indicator[], code: string) => list.find((i) => i.code === code);

describe("education method", () => {
  it("items, pooled elements, overall = mean of the element rates", () => {
    const r = computeResults(definition(), counts, 50);
    expect(r.items[0]).toMatchObject({ rate: 0.8, mean: 4.4, n: 50 });
    // TC pooled: (40 + 20) / (50 + 30) = 75 %; CS 25 %
    expect(r.elements[0]).toMatchObject({ rate: 0.75, n: 50, aggregation: "pooled" });
    expect(r.elements[1]).toMatchObject({ rate: 0.25, n: 40 });
    // overall = (0.75 + 0.25) / 2 = 50 %
    expect(r.overall.rate).toBeCloseTo(0.5, 12);
    expect(r.options).toEqual({
      satisfied: [4, 5],
      aggregation: "pooled",
      respondentMeanThreshold: 4,
      overallItem: "HL1",
      overall: "elements",
      expectations: { question: "HL2", format: "percent" },
    });
    expect(r.warnings).toEqual([]);
  });

  it("reports all three overall variants, the mean score and the expectation rate", () => {
    const list = computeResults(definition(), counts, 50).indicators;
    expect(ind(list, "overall.elements")!.value).toBeCloseTo(0.5, 12);
    // pooled: (40 + 20 + 10) / (50 + 30 + 40) = 70/120
    expect(ind(list, "overall.pooled")!.value).toBeCloseTo(70 / 120, 12);
    // HL1: 36/40
    expect(ind(list, "overall.item")).toMatchObject({ value: 0.9, n: 40 });
    // mean: (220 + 100 + 140) / 120 = 3.8333; / 5 = 76.67 %
    expect(ind(list, "mean_score")!.value).toBeCloseTo(3.83333, 4);
    expect(ind(list, "index_score")!.value).toBeCloseTo(0.76667, 4);
    // HL2 numeric: 85 %
    expect(ind(list, "expectation")).toMatchObject({ value: 0.85, n: 40, key: "$value.HL2" });
  });

  it("a percent answer on rating buttons (0, 10 … 100) gives its mean", () => {
    const d = definition({ expectations: { question: "HL2", format: "percent" } }, "likert");
    // (90·30 + 70·10) / 40 = 85 %, read from the HL2 answers themselves
    const { "$value.HL2": _, ...rest } = counts;
    const r = computeResults(d, { ...rest, HL2: { "90": 30, "70": 10 } }, 50);
    expect(ind(r.indicators, "expectation")).toMatchObject({ value: 0.85, n: 40, key: "HL2" });
  });

  it("an overall item outside the elements is not pooled with the criteria", () => {
    const base = definition();
    const d = parseDefinition({
      ...base,
      scoring: {
        ...base.scoring,
        items: [...base.scoring.items, { code: "HL1", question: "HL1" }],
      },
    });
    const r = computeResults(d, counts, 50);
    expect(r.items.map((i) => i.code)).toEqual(["TC1", "TC2", "CS1", "HL1"]);
    // still 70/120 and 460/120, and HL1 (36/40) is the "item" variant
    expect(ind(r.indicators, "overall.pooled")!.value).toBeCloseTo(70 / 120, 12);
    expect(ind(r.indicators, "mean_score")!.value).toBeCloseTo(460 / 120, 12);
    expect(ind(r.indicators, "overall.item")!.value).toBe(0.9);
  });

  it("a Likert expectation question gives the satisfied share", () => {
    const r = computeResults(
      definition({}, "likert"),
      { ...counts, HL2: { "5": 10, "3": 30 } },
      50,
    );
    // 10/40 = 25 %
    expect(ind(r.indicators, "expectation")).toMatchObject({ value: 0.25, n: 40, key: "HL2" });
  });

  it("element options: mean of items, respondent-based; overall options", () => {
    const mean = computeResults(definition({ aggregation: "mean" }), counts, 50);
    // TC = (0.8 + 20/30) / 2 = 0.7333
    expect(mean.elements[0]!.rate).toBeCloseTo((0.8 + 2 / 3) / 2, 12);

    const resp = computeResults(definition({ aggregation: "respondent" }), counts, 50);
    // TC: respondents with own TC mean ≥ 4: (20 + 10) / 40 = 75 %
    expect(resp.elements[0]).toMatchObject({ rate: 0.75, n: 40, aggregation: "respondent" });
    // CS: no $respondent_mean.CS rollup → no rate
    expect(resp.elements[1]).toMatchObject({ rate: null, n: 0, sufficient: false });

    expect(computeResults(definition({ overall: "item" }), counts, 50).overall).toMatchObject({
      rate: 0.9,
      n: 40,
    });
    expect(computeResults(definition({ overall: "pooled" }), counts, 50).overall.rate).toBeCloseTo(
      70 / 120,
      12,
    );
    // θ = 4.5: only the 20 at 4.5
    const strict = computeResults(
      definition({ aggregation: "respondent", respondentMeanThreshold: 4.5 }),
      counts,
      50,
    );
    expect(strict.elements[0]!.rate).toBe(0.5);
  });

  it("derives per-respondent means (overall and per element) and the numeric HL2", () => {
    expect(deriveIndicators(definition(), { tc: { TC1: 5, TC2: 4 }, CS1: 3, HL2: 88 })).toEqual([
      ["$respondent_mean", "12/3"],
      ["$respondent_mean.TC", "9/2"],
      ["$respondent_mean.CS", "3/1"],
      ["$value.HL2", "88"],
    ]);
    expect(deriveIndicators(definition(), { HL1: 4 })).toEqual([]);
  });
});
