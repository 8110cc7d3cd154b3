import { describe, expect, it } from "vitest";
import { parseDefinition } from "~/domain/questionnaire";
import {
  computeResults,
  deriveIndicators,
  type CountTable,
  type Indicator,
} from "~/domain/scoring";

const three = [
  { value: 2, text: "Rất hài lòng" },
  { value: 1, text: "Hài lòng" },
  { value: 0, text: "Không hài lòng" },
];
const points = (name: string) => ({
  type: "radiogroup",
  name,
  title: `Chỉ tiêu ${name}`,
  choices: [2, 1, 0],
});
const TT = ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"];

function definition(options: Record<string, unknown> = {}) {
  return parseDefinition({
    slug: "t-counter",
    meta: { title: "Đánh giá tại quầy", sector: "administrative", verification: "paraphrase" },
    survey: {
      pages: [
        {
          name: "p1",
          elements: [
            { type: "rating", name: "danh_gia", title: "Đánh giá tổng thể", rateValues: three },
            { type: "rating", name: "thai_do", title: "Thái độ CBCCVC", rateValues: three },
            ...TT.map(points),
          ],
        },
      ],
    },
    scoring: {
      method: "counter",
      scale: { levels: [2, 1, 0], satisfied: [2, 1] },
      items: [
        { code: "TONG", question: "danh_gia" },
        { code: "THAI_DO", question: "thai_do" },
      ],
      options,
    },
  });
}

const counts: CountTable = {
  danh_gia: { "2": 20, "1": 15, "0": 5 }, // (20 + 15) / 40 = 87.5 %
  thai_do: { "2": 30, "1": 6, "0": 4 }, //   (30 + 6) / 40 = 90 %
  t1: { "2": 20, "1": 10, "0": 10 }, //      (40 + 10) / 40 = 1.25 points
  t3: { "2": 30, "1": 10 }, //               (60 + 10) / 40 = 1.75 points
  $any_dissatisfied: { "1": 8, "0": 32 }, // 8 of 40 forms had a "Không hài lòng"
};

const ind = (list: Indicator[], code: string) => list.find((i) => i.code === code)!;

describe("counter method", () => {
  it("share of Rất hài lòng + Hài lòng per criterion and overall", () => {
    const r = computeResults(definition(), counts, 40);
    expect(r.items.map((i) => i.rate)).toEqual([0.875, 0.9]);
    // pooled: 71 / 80
    expect(r.overall).toMatchObject({ rate: 0.8875, n: 40 });
    expect(r.options).toEqual({
      satisfied: [2, 1],
      aggregation: "pooled",
      overallItem: null,
      overall: "pooled",
      dissatisfied: ["0"],
      reasonsQuestion: null,
      tt01Indices: {},
      tt01Classes: expect.any(Array),
      qd766Question: null,
      qd766MaxPoints: 6,
      qd766FullAt: 0.9,
    });
  });

  it("overall = the 'Đánh giá tổng thể' item when overallItem is set", () => {
    const r = computeResults(definition({ overallItem: "TONG" }), counts, 40);
    expect(r.options.overall).toBe("item");
    expect(r.overall).toMatchObject({ rate: 0.875, n: 40 });
  });

  it("reasons for dissatisfaction: % per reason among the forms that gave one", () => {
    const base = definition({ reasonsQuestion: "ly_do" });
    const d = parseDefinition({
      ...base,
      survey: {
        pages: [
          ...base.survey.pages,
          {
            name: "p2",
            elements: [{ type: "checkbox", name: "ly_do", choices: ["cho_lau", "thai_do"] }],
          },
        ],
      },
    });
    expect(deriveIndicators(d, { danh_gia: 0, ly_do: ["cho_lau"] })).toEqual([
      ["$any_dissatisfied", "1"],
      ["$answered", "ly_do"],
    ]);
    // 6 of the 8 forms that gave a reason chose "chờ lâu"
    const r = computeResults(
      d,
      { ...counts, ly_do: { cho_lau: 6, thai_do: 3 }, $answered: { ly_do: 8 } },
      40,
    );
    expect(ind(r.indicators, "reasons=cho_lau")).toMatchObject({
      value: 0.75,
      n: 8,
      sufficient: false,
    });
  });

  it("TT 01/2018: mean points per index and their sum, unclassified when indices are missing", () => {
    const list = computeResults(
      definition({ tt01Indices: { t1: 1, t3: 3 } }),
      counts,
      40,
    ).indicators;
    expect(ind(list, "tt01.1")).toMatchObject({ value: 1.25, n: 40, max: 2, unit: "points" });
    expect(ind(list, "tt01.3")).toMatchObject({ value: 1.75, n: 40 });
    // 1.25 + 1.75 = 3 of a possible 4; only 2 of 9 indices → no class
    expect(ind(list, "tt01.total")).toMatchObject({ value: 3, max: 4, n: 40 });
    expect(ind(list, "tt01.total").label).toBeUndefined();
  });

  it("TT 01/2018 with all nine indices: 15 points is Xuất sắc; thresholds are an option", () => {
    // each index (2·20 + 1·10) / 30 = 5/3 points → 9 · 5/3 = 15
    const full: CountTable = Object.fromEntries(TT.map((t) => [t, { "2": 20, "1": 10 }]));
    const map = Object.fromEntries(TT.map((t, i) => [t, i + 1]));
    const total = ind(
      computeResults(definition({ tt01Indices: map }), full, 30).indicators,
      "tt01.total",
    );
    expect(total.value).toBeCloseTo(15, 9);
    expect(total).toMatchObject({
      max: 18,
      sufficient: true,
      label: { default: "Xuất sắc", en: "Excellent" },
    });
    const custom = computeResults(
      definition({
        tt01Indices: map,
        tt01Classes: [
          { min: 16, label: "A" },
          { min: 0, label: "B" },
        ],
      }),
      full,
      30,
    );
    expect(ind(custom.indicators, "tt01.total").label).toBe("B");
    // below the minimum n: no class
    expect(
      ind(
        computeResults(definition({ tt01Indices: map }), full, 30, { minN: 31 }).indicators,
        "tt01.total",
      ).label,
    ).toBeUndefined();
  });

  it("QĐ 766: 100 % − share of forms with a Không hài lòng; points full at ≥ 90 %", () => {
    const list = computeResults(definition(), counts, 40).indicators;
    // 1 − 8/40 = 80 %; points 0.8 × 6 / 0.9 = 5.333
    expect(ind(list, "qd766.rate")).toMatchObject({ value: 0.8, n: 40, key: "$any_dissatisfied" });
    expect(ind(list, "qd766.rate").low).toBeCloseTo(0.65243, 4);
    expect(ind(list, "qd766.points").value).toBeCloseTo(5.33333, 4);
    // ≥ 90 %: full points
    const high = computeResults(
      definition(),
      { ...counts, $any_dissatisfied: { "1": 2, "0": 38 } },
      40,
    );
    expect(ind(high.indicators, "qd766.points").value).toBe(6);
  });

  it("QĐ 766 options: one question, max points, threshold", () => {
    const one = computeResults(definition({ qd766Question: "danh_gia" }), counts, 40).indicators;
    // 1 − 5/40 = 87.5 % → 0.875 × 6 / 0.9 = 5.8333
    expect(ind(one, "qd766.rate")).toMatchObject({ value: 0.875, key: "danh_gia" });
    expect(ind(one, "qd766.points").value).toBeCloseTo(5.83333, 4);
    // max 5: 0.8 × 5 / 0.9 = 4.444; full at 80 % (given as 80): 5
    expect(
      ind(computeResults(definition({ qd766MaxPoints: 5 }), counts, 40).indicators, "qd766.points")
        .value,
    ).toBeCloseTo(4.44444, 4);
    const at80 = computeResults(definition({ qd766FullAt: 80 }), counts, 40);
    expect(ind(at80.indicators, "qd766.points").value).toBe(6);
    expect(at80.options.qd766FullAt).toBe(0.8);
  });

  it("derives $any_dissatisfied per form", () => {
    expect(deriveIndicators(definition(), { danh_gia: 2, thai_do: 0 })).toEqual([
      ["$any_dissatisfied", "1"],
    ]);
    expect(deriveIndicators(definition(), { danh_gia: 1 })).toEqual([["$any_dissatisfied", "0"]]);
    expect(deriveIndicators(definition(), { t1: 0 })).toEqual([]);
  });

  it("bad TT 01 mappings are ignored with a warning", () => {
    const r = computeResults(definition({ tt01Indices: { t1: 1, t2: 1, t3: 12 } }), counts, 40);
    expect(r.options.tt01Indices).toEqual({ t1: 1 });
    expect(r.warnings).toHaveLength(2);
  });
});
