import { describe, expect, it } from "vitest";
import { parseDefinition } from "~/domain/questionnaire";
import {
  computeResults,
  deriveIndicators,
  type CountTable,
  type Indicator,
} from "~/domain/scoring";

const likert5 = [1, 2, 3, 4, 5, { value: 9, text: "Không trả lời" }];
const four = [
  { value: 1, text: "Không quan tâm" },
  { value: 2, text: "Khá quan tâm" },
  { value: 3, text: "Quan tâm" },
  { value: 4, text: "Rất quan tâm" },
];

const survey = {
  pages: [
    {
      name: "p1",
      elements: [
        {
          type: "matrix",
          name: "cau1",
          title: "Câu 1",
          columns: four,
          rows: [{ value: "1", text: "Kinh tế" }],
        },
        { type: "checkbox", name: "cau2", title: "Câu 2", choices: [1, 2, 3] },
        { type: "radiogroup", name: "cau5", title: "Câu 5", choices: [1, 2, 3] },
        {
          type: "matrix",
          name: "cau8",
          title: "Câu 8",
          columns: [
            { value: 1, text: "Có" },
            { value: 2, text: "Không" },
          ],
          rows: [{ value: "3", text: "Giải quyết TTHC tại Trung tâm" }],
        },
        {
          type: "matrix",
          name: "cau9",
          title: "Câu 9",
          columns: likert5,
          rows: ["P1", "P2", "P3", "S1"].map((v) => ({ value: v, text: `Mục ${v}` })),
        },
        {
          type: "matrix",
          name: "cau10",
          title: "Câu 10",
          columns: [1, 2, 3, { value: 4, text: "Rất mong muốn" }],
          rows: ["E1", "E2", "E3"].map((v) => ({ value: v, text: `Mong đợi ${v}` })),
        },
      ],
    },
  ],
};

function definition(options: Record<string, unknown> = {}, withAspects = true) {
  return parseDefinition({
    slug: "t-sipas",
    meta: { title: "SIPAS", sector: "administrative", verification: "paraphrase" },
    survey,
    scoring: {
      method: "sipas",
      scale: { levels: [1, 2, 3, 4, 5, 9], satisfied: [4, 5], notApplicable: [9] },
      items: ["P1", "P2", "P3", "S1"].map((c) => ({ code: c, question: "cau9", row: c })),
      elements: [
        { code: "PA", title: "Trách nhiệm giải trình", items: ["P1", "P2"] },
        { code: "PB", title: "Sự tham gia", items: ["P3"] },
        { code: "SA", title: "Tiếp cận dịch vụ", items: ["S1"] },
      ],
      aspects: withAspects
        ? [
            { code: "POLICY", title: "Chính sách", elements: ["PA", "PB"] },
            { code: "SERVICE", title: "Dịch vụ", elements: ["SA"] },
          ]
        : [],
      options,
    },
  });
}

const counts: CountTable = {
  "cau9.P1": { "5": 30, "4": 10, "3": 10, "9": 5 }, // 40 / 50 = 80 % (5 "không trả lời" left out)
  "cau9.P2": { "4": 10, "2": 30 }, //                  10 / 40 = 25 %
  "cau9.P3": { "4": 27, "3": 3 }, //                   27 / 30 = 90 %
  "cau9.S1": { "5": 45, "1": 15 }, //                  45 / 60 = 75 %
  "cau1.1": { "1": 2, "2": 3, "3": 10, "4": 5 },
  cau2: { "1": 30, "3": 12 },
  $answered: { cau2: 40 },
  cau5: { "1": 45, "2": 4, "3": 1 },
  "cau8.3": { "1": 12, "2": 38 },
  "cau10.E1": { "4": 20, "3": 20, "1": 10 },
  "cau10.E2": { "4": 35, "2": 15 },
  "cau10.E3": { "4": 5, "3": 5 },
};

const byCode = (list: Indicator[]) => new Map(list.map((i) => [i.code, i]));

describe("sipas: index", () => {
  it("item = top box share, element = mean of items, aspect = mean of elements, index = mean of aspects", () => {
    const r = computeResults(definition(), counts, 60);
    expect(r.items.map((i) => i.rate)).toEqual([0.8, 0.25, 0.9, 0.75]);
    expect(r.items[0]).toMatchObject({ n: 50, notApplicable: 5 });
    const [pa, pb, sa] = r.elements;
    // PA = (0.80 + 0.25) / 2 = 0.525 (pooled would be 50/90 = 0.556)
    expect(pa!.rate).toBeCloseTo(0.525, 12);
    expect(pa).toMatchObject({ aggregation: "mean", n: 50, sufficient: true });
    // interval: mean of the Wilson bounds of 40/50 and 10/40
    expect(pa!.low).toBeCloseTo(0.40575, 4);
    expect(pa!.high).toBeCloseTo(0.64475, 4);
    expect(pb!.rate).toBe(0.9);
    expect(sa!.rate).toBe(0.75);
    // POLICY = (0.525 + 0.9) / 2 = 0.7125; SERVICE = 0.75
    expect(r.aspects[0]!.rate).toBeCloseTo(0.7125, 12);
    expect(r.aspects[1]!.rate).toBeCloseTo(0.75, 12);
    // SIPAS = (0.7125 + 0.75) / 2 = 0.73125
    expect(r.overall.rate).toBeCloseTo(0.73125, 12);
    // A mean of rates, named so: the pooled counts (122 / 180) are not its numerator and
    // denominator and are never shown beside it as such.
    expect(r.overall).toMatchObject({ basis: "mean", parts: 2, satisfied: 122, answers: 180 });
    expect(pa).toMatchObject({ basis: "mean", parts: 2 });
    expect(r.items[0]!.basis).toBe("answers");
    expect(r.options).toMatchObject({
      topBox: [4, 5],
      aggregation: "mean",
      overall: "aspects",
      nonResponse: [9],
    });
  });

  it("without aspects the index is the mean of the elements", () => {
    const r = computeResults(definition({}, false), counts, 60);
    // (0.525 + 0.9 + 0.75) / 3 = 0.725
    expect(r.overall.rate).toBeCloseTo(0.725, 12);
    expect(r.options.overall).toBe("elements");
  });

  it("topBox and aggregation options change the index", () => {
    // topBox [5]: P1 30/50 = 0.6, P2 0, P3 0, S1 0.75 → PA 0.3, PB 0 → POLICY 0.15 → (0.15 + 0.75)/2 = 0.45
    expect(computeResults(definition({ topBox: [5] }), counts, 60).overall.rate).toBeCloseTo(
      0.45,
      12,
    );
    // pooled: PA = 50/90; POLICY pooled = (50 + 27)/(90 + 30) = 77/120; overall "pooled" = all answers 122/180
    const pooled = computeResults(definition({ aggregation: "pooled" }), counts, 60);
    expect(pooled.elements[0]!.rate).toBeCloseTo(50 / 90, 12);
    expect(pooled.aspects[0]!.rate).toBeCloseTo(77 / 120, 12);
    const all = computeResults(definition({ overall: "pooled" }), counts, 60);
    expect(all.overall.rate).toBeCloseTo((40 + 10 + 27 + 45) / (50 + 40 + 30 + 60), 12);
    expect(all.overall).toMatchObject({ basis: "answers", satisfied: 122, answers: 180 });
  });

  it("an element without answers has no rate and drops out of the means", () => {
    const r = computeResults(definition(), { ...counts, "cau9.P3": {} }, 60);
    expect(r.elements[1]).toMatchObject({ code: "PB", rate: null, n: 0, sufficient: false });
    // POLICY = PA alone = 0.525; SIPAS = (0.525 + 0.75) / 2 = 0.6375
    expect(r.overall.rate).toBeCloseTo(0.6375, 12);
  });

  it("service-user filter reads the service items from the $users rollups", () => {
    const filter = { enabled: true, question: "cau8", rows: ["3"], level: 1, elements: ["SA"] };
    const r = computeResults(
      definition({ serviceUserFilter: filter }),
      { ...counts, "$users.cau9.S1": { "5": 18, "2": 2 } },
      60,
    );
    // S1 among service users: 18 / 20 = 90 %, n 20 < 30
    expect(r.items[3]).toMatchObject({
      key: "$users.cau9.S1",
      rate: 0.9,
      n: 20,
      sufficient: false,
    });
    expect(r.items[0]!.key).toBe("cau9.P1");
  });
});

describe("sipas: perception and expectation indicators", () => {
  const options = {
    perception: {
      positiveLevels: [3, 4],
      questions: ["cau1", "cau2"],
      distribution: ["cau5"],
      experience: { question: "cau8", yesLevel: 1 },
    },
    expectations: { question: "cau10", positiveLevels: [3, 4] },
  };

  it("level shares and the positive share of a 4-level matrix", () => {
    const ind = byCode(computeResults(definition(options), counts, 60).indicators);
    // cau1 row 1: 20 answers; levels 3–4 = 15/20 = 75 %; level 4 = 5/20 = 25 %; n 20 < 30: shown, not sufficient
    expect(ind.get("perception.cau1.1.positive")).toMatchObject({
      value: 0.75,
      n: 20,
      sufficient: false,
      key: "cau1.1",
    });
    expect(ind.get("perception.cau1.1=4")).toMatchObject({ value: 0.25, n: 20 });
    expect(ind.get("perception.cau1.1=4")!.title).toBe("Kinh tế — Rất quan tâm");
  });

  it("multi-select: % per choice over the respondents who answered it", () => {
    const ind = byCode(computeResults(definition(options), counts, 60).indicators);
    // 30 of 40 answering respondents chose 1; 12 of 40 chose 3
    expect(ind.get("perception.cau2=1")).toMatchObject({ value: 0.75, n: 40 });
    expect(ind.get("perception.cau2=2")).toMatchObject({ value: 0, n: 40 });
    expect(ind.get("perception.cau2=3")!.value).toBeCloseTo(0.3, 12);
    // without the $answered rollup the denominator is every response: 30 / 60
    const { $answered: _, ...rest } = counts;
    expect(
      byCode(computeResults(definition(options), rest, 60).indicators).get("perception.cau2=1")!
        .value,
    ).toBe(0.5);
  });

  it("% per option and % 'Có'", () => {
    const ind = byCode(computeResults(definition(options), counts, 60).indicators);
    // cau5: 45/50, 4/50, 1/50
    expect(ind.get("perception.cau5=1")!.value).toBeCloseTo(0.9, 12);
    expect(ind.get("perception.cau5=3")!.value).toBeCloseTo(0.02, 12);
    expect(ind.has("perception.cau5.positive")).toBe(false);
    // cau8 row 3: 12 of 50 said Có
    expect(ind.get("perception.cau8.3.yes")).toMatchObject({ value: 0.24, n: 50 });
  });

  it("expectations ranked by the positive share, or by the top level", () => {
    const r = computeResults(definition(options), counts, 60);
    const ind = byCode(r.indicators);
    // E1: (20+20)/50 = 80 %, E2: 35/50 = 70 %, E3: 10/10 = 100 % but n 10 < 30: not ranked
    expect(ind.get("expectation.cau10.E1.positive")).toMatchObject({ value: 0.8, rank: 1 });
    expect(ind.get("expectation.cau10.E2.positive")).toMatchObject({ value: 0.7, rank: 2 });
    expect(ind.get("expectation.cau10.E3.positive")).toMatchObject({ value: 1, sufficient: false });
    expect(ind.get("expectation.cau10.E3.positive")!.rank).toBeUndefined();
    expect(r.options.expectations).toEqual({
      question: "cau10",
      positiveLevels: [3, 4],
      topLevel: 4,
      rankBy: "positive",
    });
    // by "Rất mong muốn": E2 35/50 = 70 % first, E1 20/50 = 40 % second
    const top = byCode(
      computeResults(
        definition({ ...options, expectations: { ...options.expectations, rankBy: "top" } }),
        counts,
        60,
      ).indicators,
    );
    expect(top.get("expectation.cau10.E2.top")).toMatchObject({ value: 0.7, rank: 1 });
    expect(top.get("expectation.cau10.E1.top")).toMatchObject({ value: 0.4, rank: 2 });
  });

  it("missing or unusable configuration skips the indicator", () => {
    expect(computeResults(definition(), counts, 60).indicators).toEqual([]);
    const r = computeResults(definition({ expectations: { question: "nope" } }), counts, 60);
    expect(r.indicators).toEqual([]);
    expect(r.warnings).toHaveLength(1);
  });

  it("derives $answered for multi-selects and $users for service users", () => {
    const d = definition({
      ...options,
      serviceUserFilter: {
        enabled: false,
        question: "cau8",
        rows: ["3"],
        level: 1,
        elements: ["SA"],
      },
    });
    expect(deriveIndicators(d, { cau2: [1, 3], cau8: { "3": 1 }, cau9: { P1: 4, S1: 5 } })).toEqual(
      [
        ["$answered", "cau2"],
        ["$users.cau9.S1", "5"],
      ],
    );
    // not a service user (Không), and Câu 2 left empty
    expect(deriveIndicators(d, { cau2: [], cau8: { "3": 2 }, cau9: { S1: 5 } })).toEqual([]);
  });
});
