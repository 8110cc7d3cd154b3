import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  bucketMiddle,
  bucketMonths,
  bucketOf,
  bucketsBetween,
  commentQuestions,
  foldText,
  matchesKeywords,
  parseGroup,
  previousRange,
  rankByRate,
  rateResponse,
  weakestItems,
} from "~/domain/dashboard";
import { parseDefinition } from "~/domain/questionnaire";
import { computeResults, deriveIndicators, type Rate } from "~/domain/scoring";
import { groupMarkers, respondentGroups } from "~/domain/scoring/groups";

const mau02 = parseDefinition(
  JSON.parse(
    readFileSync(resolve(__dirname, "../../surveys/mau-02-phong-chuyen-mon.json"), "utf8"),
  ),
);

describe("periods", () => {
  it("buckets months into quarters and years", () => {
    expect(bucketOf("2026-03", "quarter")).toBe("2026-Q1");
    expect(bucketOf("2026-04", "quarter")).toBe("2026-Q2");
    expect(bucketOf("2026-12", "year")).toBe("2026");
    expect(bucketMonths("2026-Q4", "quarter")).toEqual({ first: "2026-10", last: "2026-12" });
    expect(bucketsBetween("2025-11", "2026-04", "quarter")).toEqual([
      "2025-Q4",
      "2026-Q1",
      "2026-Q2",
    ]);
    expect(bucketsBetween("2025-11", "2026-02", "month")).toEqual([
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
    ]);
    expect(bucketMiddle("2026-Q1", "quarter") - bucketMiddle("2026-01", "month")).toBe(1);
  });

  it("gives the previous range of the same length", () => {
    expect(previousRange("2026-01", "2026-06")).toEqual({ from: "2025-07", to: "2025-12" });
    expect(previousRange("2026-03", "2026-03")).toEqual({ from: "2026-02", to: "2026-02" });
    expect(addMonths("2026-01", -1)).toBe("2025-12");
  });
});

const r = (rate: number | null, n: number, sufficient = true): Rate => ({
  n,
  satisfied: 0,
  answers: n,
  rate,
  low: null,
  high: null,
  sufficient,
  basis: "answers",
});

describe("rankByRate", () => {
  it("ranks sufficient rates only, highest first, ties sharing a rank", () => {
    const rows = [
      { id: "a", rate: r(0.8, 50) },
      { id: "b", rate: r(0.95, 10, false) },
      { id: "c", rate: r(0.9, 40) },
      { id: "d", rate: r(0.8, 60) },
      { id: "e", rate: r(null, 0, false) },
    ];
    const out = rankByRate(rows, (x) => x.rate).map((x) => [x.row.id, x.rank]);
    expect(out).toEqual([
      ["c", 1],
      ["a", 2],
      ["d", 2],
      ["b", null],
      ["e", null],
    ]);
  });
});

describe("weakest criteria", () => {
  it("are the three lowest rates among criteria with enough answers", () => {
    const counts: Record<string, Record<string, number>> = {};
    // C1…C9 with 40 answers each; Ck has 40 − 2k satisfied; C1 has too few answers.
    for (let k = 1; k <= 9; k++) {
      const n = k === 1 ? 5 : 40;
      const sat = k === 1 ? 0 : 40 - 2 * k;
      counts[`cau${k}`] = { "5": sat, "1": n - sat };
    }
    const items = mau02.scoring.items;
    const keyed: typeof counts = {};
    items.forEach((item, i) => (keyed[item.question] = counts[`cau${i + 1}`]!));
    const result = computeResults(mau02, keyed, 40, { minN: 30 });
    const weak = weakestItems(mau02, result.items);
    expect(weak.map((w) => w.code)).toEqual([items[8]!.code, items[7]!.code, items[6]!.code]);
  });
});

describe("comment search", () => {
  it("ignores case and Vietnamese diacritics", () => {
    expect(foldText("Rất Hài Lòng, ĐÚNG hẹn")).toBe("rat hai long, dung hen");
    expect(matchesKeywords("Thời gian chờ hơi lâu.", "thoi gian")).toBe(true);
    expect(matchesKeywords("Thời gian chờ hơi lâu.", "chờ nhanh")).toBe(false);
    expect(matchesKeywords("anything", "  ")).toBe(true);
  });

  it("finds the free-text questions of a form", () => {
    expect(commentQuestions(mau02).map((q) => q.name)).toEqual(["y_kien_khac"]);
  });

  it("rates one response: satisfied on every criterion or not", () => {
    const all5 = Object.fromEntries(mau02.scoring.items.map((i) => [i.question, 5]));
    expect(rateResponse(mau02, all5)).toEqual({ rating: "satisfied", satisfied: 9, valid: 9 });
    const one2 = { ...all5, [mau02.scoring.items[0]!.question]: 2 };
    expect(rateResponse(mau02, one2)).toMatchObject({ rating: "dissatisfied", satisfied: 8 });
    expect(rateResponse(mau02, {})).toMatchObject({ rating: "none", valid: 0 });
  });

  it("reads a group filter", () => {
    expect(parseGroup("gioi_tinh=2")).toEqual({ question: "gioi_tinh", value: "2" });
    expect(parseGroup("=2")).toBeNull();
    expect(parseGroup("gioi_tinh=")).toBeNull();
  });
});

describe("respondent groups (scoring option respondentGroups)", () => {
  it("names single-choice profile questions and marks each response's group", () => {
    const groups = respondentGroups(mau02);
    expect(groups.map((g) => g.question)).toEqual(["gioi_tinh", "do_tuoi"]);
    expect(groups[0]!.values.length).toBeGreaterThanOrEqual(2);
    const value = groups[0]!.values[0]!.value;
    const answers = { gioi_tinh: Number(value) || value };
    expect(groupMarkers(mau02, answers)).toEqual([["$group.gioi_tinh", value]]);
    expect(deriveIndicators(mau02, answers)).toContainEqual(["$group.gioi_tinh", value]);
  });

  it("is stated with the options and warns about a question that cannot split", () => {
    const result = computeResults(mau02, {}, 0);
    expect(result.options.respondentGroups).toEqual(["gioi_tinh", "do_tuoi"]);
    expect(result.warnings).toEqual([]);
    const bad = {
      ...mau02,
      scoring: { ...mau02.scoring, options: { respondentGroups: ["y_kien_khac", "nope"] } },
    };
    const warned = computeResults(bad, {}, 0);
    expect(warned.warnings.filter((w) => w.startsWith("respondentGroups:"))).toHaveLength(2);
    expect(groupMarkers(bad, { y_kien_khac: "x" })).toEqual([]);
  });
});
