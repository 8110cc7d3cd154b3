import { describe, expect, it } from "vitest";
import { parseDefinition } from "~/domain/questionnaire";
import { computeResults, deriveIndicators, type CountTable } from "~/domain/scoring";
import { combine, combineRates, meanEstimate, toRate } from "~/domain/scoring/rates";

const rating = (name: string) => ({
  type: "radiogroup",
  name,
  title: `Câu ${name}`,
  choices: [1, 2, 3, 4, 5, { value: 0, text: "Không sử dụng" }],
});

function definition(options: Record<string, unknown> = {}) {
  return parseDefinition({
    slug: "t-generic",
    meta: { title: "T", sector: "generic", verification: "paraphrase" },
    survey: {
      pages: [
        {
          name: "p1",
          elements: [
            rating("Q1"),
            rating("Q2"),
            {
              type: "matrix",
              name: "M",
              columns: [1, 2, 3, 4, 5],
              rows: [{ value: "r1", text: "Hàng 1" }],
            },
          ],
        },
      ],
    },
    scoring: {
      method: "generic",
      scale: { levels: [1, 2, 3, 4, 5, 0], satisfied: [4, 5], notApplicable: [0] },
      items: [
        { code: "Q1", question: "Q1" },
        { code: "Q2", question: "Q2" },
        { code: "R1", question: "M", row: "r1" },
      ],
      elements: [
        { code: "E1", title: "Nhóm 1", items: ["Q1", "Q2"] },
        { code: "E2", title: "Nhóm 2 (không ai trả lời)", items: ["R1"] },
      ],
      options,
    },
  });
}

const counts: CountTable = {
  // 40 valid answers (the 7 "không sử dụng" are left out), 30 at 4–5.
  Q1: { "5": 20, "4": 10, "3": 5, "2": 3, "1": 2, "0": 7 },
  // 10 valid answers, 6 at 4–5.
  Q2: { "4": 6, "2": 4 },
  // M.r1: nobody answered.
};

describe("shared formulas", () => {
  it("toRate: a proportion with its Wilson interval; n = 0 has no rate", () => {
    const r = toRate(30, 40, 30);
    expect(r.rate).toBe(0.75);
    expect(r.low).toBeCloseTo(0.59806, 4);
    expect(r.high).toBeCloseTo(0.85813, 4);
    expect(r.sufficient).toBe(true);
    expect(toRate(0, 0, 30)).toMatchObject({
      rate: null,
      low: null,
      high: null,
      sufficient: false,
      n: 0,
    });
  });

  it("combine: weighted values and bounds", () => {
    const c = combine([
      { value: 0.5, low: 0.4, high: 0.6, weight: 0.5 },
      { value: 1, low: 0.8, high: 1, weight: 0.5 },
    ])!;
    expect(c.value).toBeCloseTo(0.75, 12);
    expect(c.low).toBeCloseTo(0.6, 12);
    expect(c.high).toBeCloseTo(0.8, 12);
  });

  it("combineRates: pooled vs mean, n = largest part, parts without answers left out", () => {
    const a = toRate(30, 40, 30);
    const b = toRate(6, 10, 30);
    const empty = toRate(0, 0, 30);
    // pooled: (30 + 6) / (40 + 10) = 0.72
    expect(combineRates([a, b, empty], "pooled", 30)).toMatchObject({
      rate: 0.72,
      n: 40,
      answers: 50,
      satisfied: 36,
    });
    // mean: (0.75 + 0.6) / 2 = 0.675
    expect(combineRates([a, b, empty], "mean", 30).rate).toBeCloseTo(0.675, 12);
    expect(combineRates([empty], "mean", 30)).toMatchObject({
      rate: null,
      n: 0,
      sufficient: false,
    });
  });

  it("meanEstimate: mean and normal interval from value → count", () => {
    // A1 of the health test: (5·20 + 4·15 + 3·5) / 40 = 175/40 = 4.375
    const m = meanEstimate([
      [5, 20],
      [4, 15],
      [3, 5],
    ]);
    expect(m.mean).toBe(4.375);
    expect(m.low).toBeCloseTo(4.15657, 4);
    expect(m.high).toBeCloseTo(4.59343, 4);
    expect(meanEstimate([[3, 1]])).toEqual({ n: 1, mean: 3, low: null, high: null });
  });
});

describe("generic method", () => {
  it("items, pooled elements and overall, with n, Wilson intervals and the minimum n", () => {
    const r = computeResults(definition(), counts, 47);
    expect(r.method).toBe("generic");
    expect(r.options).toEqual({
      satisfied: [4, 5],
      aggregation: "pooled",
      overallItem: null,
      overall: "pooled",
    });
    expect(r.minN).toBe(30);

    const [q1, q2, r1] = r.items;
    // Q1: 30 / 40 = 75 %; not applicable counted apart; mean (100+40+15+6+2)/40 = 163/40
    expect(q1).toMatchObject({
      code: "Q1",
      n: 40,
      satisfied: 30,
      rate: 0.75,
      notApplicable: 7,
      sufficient: true,
    });
    expect(q1!.mean).toBeCloseTo(4.075, 12);
    expect(q1!.title).toBe("Câu Q1");
    // Q2: 6 / 10 = 60 %, below the minimum n of 30: shown, flagged
    expect(q2).toMatchObject({ n: 10, rate: 0.6, sufficient: false });
    // R1 (matrix row): no answers
    expect(r1).toMatchObject({
      key: "M.r1",
      n: 0,
      rate: null,
      low: null,
      sufficient: false,
      title: "Hàng 1",
    });

    const [e1, e2] = r.elements;
    // E1 pooled: (30 + 6) / (40 + 10) = 72 %; n = 40 (forms behind its largest item)
    expect(e1).toMatchObject({
      code: "E1",
      rate: 0.72,
      n: 40,
      answers: 50,
      sufficient: true,
      aggregation: "pooled",
    });
    // interval: 0.8 × Wilson(30/40) + 0.2 × Wilson(6/10) = 0.8·0.59806 + 0.2·0.31267
    expect(e1!.low).toBeCloseTo(0.54098, 4);
    expect(e1!.high).toBeCloseTo(0.85287, 4);
    // mean points pooled: (163 + 4·6 + 2·4) / 50 = 195/50
    expect(e1!.mean).toBeCloseTo(3.9, 12);
    // E2: nothing answered
    expect(e2).toMatchObject({ code: "E2", rate: null, n: 0, sufficient: false });

    expect(r.overall).toMatchObject({ rate: 0.72, n: 40 });
    expect(r.indicators).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it("the minimum n is configurable", () => {
    const r = computeResults(definition(), counts, 47, { minN: 10 });
    expect(r.items[1]!.sufficient).toBe(true); // n 10 ≥ 10
    expect(computeResults(definition(), counts, 47, { minN: 41 }).elements[0]!.sufficient).toBe(
      false,
    );
  });

  it("options change the results", () => {
    // satisfied = 5 only: Q1 20/40 = 50 %
    expect(computeResults(definition({ satisfied: [5] }), counts, 47).items[0]!.rate).toBe(0.5);
    // the call's options override the definition's
    const mean = computeResults(definition(), counts, 47, {
      options: { aggregation: "mean", overall: "elements" },
    });
    // E1 mean of item rates: (0.75 + 0.6) / 2 = 67.5 %; overall = mean of the elements with answers (E1 only)
    expect(mean.elements[0]!.rate).toBeCloseTo(0.675, 12);
    expect(mean.overall.rate).toBeCloseTo(0.675, 12);
    expect(mean.options).toMatchObject({ aggregation: "mean", overall: "elements" });
  });

  it("unusable option values fall back to the default with a warning; unknown keys are reported", () => {
    const r = computeResults(
      definition({ aggregation: "median", satisfied: "4", topBox: [5] }),
      counts,
      47,
    );
    expect(r.options).toMatchObject({ aggregation: "pooled", satisfied: [4, 5] });
    expect(r.warnings).toEqual([
      "satisfied: expected a non-empty list of answer values; default used",
      'aggregation: expected one of pooled, mean; default "pooled" used',
      "topBox: not used by the generic method; ignored",
    ]);
  });

  it("overall = one named item (an overall question)", () => {
    const r = computeResults(definition({ overallItem: "Q2" }), counts, 47);
    expect(r.options).toMatchObject({ overallItem: "Q2", overall: "item" });
    expect(r.overall).toMatchObject({ rate: 0.6, n: 10, sufficient: false });
  });

  it("derives nothing", () => {
    expect(deriveIndicators(definition(), { Q1: 5 })).toEqual([]);
  });

  it("every method copes with empty counts and odd answers", () => {
    for (const method of ["generic", "sipas", "health", "education", "counter"] as const) {
      const base = definition();
      const d = parseDefinition({ ...base, scoring: { ...base.scoring, method } });
      const r = computeResults(d, {}, 0);
      expect(r.overall).toMatchObject({ rate: null, n: 0, sufficient: false });
      expect(r.items.every((i) => i.rate === null)).toBe(true);
      expect(() =>
        deriveIndicators(d, { Q1: { a: 1 }, Q2: null, M: [1], G1: "abc" }),
      ).not.toThrow();
      expect(deriveIndicators(d, { Q1: { a: 1 }, Q2: null, M: [1] })).toEqual([]);
    }
  });
});
