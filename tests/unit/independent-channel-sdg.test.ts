import { describe, expect, it } from "vitest";
import { newcombeDifference } from "~/domain/dashboard-stats";
import type { FigureView } from "~/domain/figures";
import { compareSides, ownsFromAbove, splitSides } from "~/domain/independent-channel";
import { combineSdg, sdgCount, sdgRule, sdgSector, type SdgPart } from "~/domain/sdg";
import type { QuestionnaireResult } from "~/domain/scoring";
import { wilsonInterval } from "~/domain/statistics";

const fig = (x: number, n: number, sufficient = true): FigureView => {
  const w = wilsonInterval(x, n)!;
  return {
    n,
    rate: x / n,
    low: w.low,
    high: w.high,
    sufficient,
    basis: "answers",
    satisfied: x,
    answers: n,
    parts: null,
    top: null,
    mean: null,
    meanLow: null,
    meanHigh: null,
  };
};

describe("the unit's own survey beside the independent channel", () => {
  it("is the compare page's Newcombe difference, own − independent", () => {
    // Newcombe (1998) Table II row 1: 56/70 − 48/80 → [0.0524, 0.3339], significant.
    const d = compareSides(fig(56, 70), fig(48, 80))!;
    expect(d).toEqual(newcombeDifference(fig(56, 70), fig(48, 80)));
    expect(d.diff).toBeCloseTo(0.2, 10);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
    expect(d.significant).toBe(true);
    // Row 4: 5/56 − 0/29 → [−0.0381, 0.1926]: the interval holds 0, not significant.
    expect(compareSides(fig(5, 56), fig(0, 29))!.significant).toBe(false);
  });

  it("says nothing when a side has too few forms", () => {
    expect(compareSides(fig(56, 70), fig(9, 10, false))).toBeNull();
    expect(compareSides(fig(9, 10, false), fig(56, 70))).toBeNull();
  });

  it("splits rollup rows by unit and side", () => {
    const rows = [
      { unit_id: "a", independent: 0, question: "q", value: "5", count: 3 },
      { unit_id: "a", independent: 1, question: "q", value: "5", count: 1 },
      { unit_id: "b", independent: 0, question: "q", value: "4", count: 2 },
    ];
    const m = splitSides(rows);
    expect(m.get("a")!.own).toEqual([rows[0]]);
    expect(m.get("a")!.independent).toEqual([rows[1]]);
    expect(m.get("b")!.independent).toEqual([]);
  });

  it("is owned from strictly above the unit it is posted at", () => {
    expect(ownsFromAbove("/p/", "/p/h/")).toBe(true);
    expect(ownsFromAbove("/p/", "/p/h/k/")).toBe(true);
    expect(ownsFromAbove("/p/h/", "/p/h/")).toBe(false);
    expect(ownsFromAbove("/p/h/", "/p/")).toBe(false);
    expect(ownsFromAbove("/p/x/", "/p/h/")).toBe(false);
  });
});

const result = (over: Partial<QuestionnaireResult>): QuestionnaireResult =>
  ({
    method: "generic",
    options: {},
    minN: 30,
    responses: 0,
    items: [],
    elements: [],
    aspects: [],
    overall: {} as QuestionnaireResult["overall"],
    maxPoints: 5,
    indicators: [],
    warnings: [],
    ...over,
  }) as QuestionnaireResult;

describe("SDG 16.6.2, the platform's estimate", () => {
  it("maps questionnaire sectors onto the indicator's three", () => {
    expect(sdgSector("health")).toBe("health");
    expect(sdgSector("education")).toBe("education");
    expect(sdgSector("administrative")).toBe("administrative");
    expect(sdgSector("land")).toBe("administrative");
    expect(sdgSector("generic")).toBeNull();
  });

  it("counts the overall question where there is one, the respondents' mean for health, else nothing", () => {
    expect(sdgRule({ method: "counter", options: { overallItem: "DG1" } })).toEqual({
      kind: "item",
      item: "DG1",
    });
    expect(sdgRule({ method: "education", options: {} })).toEqual({ kind: "item", item: "HL1" });
    expect(sdgRule({ method: "health", options: {} })).toEqual({
      kind: "respondents",
      indicator: "respondent_satisfied",
    });
    expect(sdgRule({ method: "sipas", options: { overall: "mean_of_aspects" } })).toEqual({
      kind: "none",
    });
  });

  it("reads the counts behind the rule", () => {
    const r = result({
      items: [{ code: "HL1", key: "HL1", satisfied: 40, answers: 50 } as never],
      indicators: [
        {
          code: "respondent_satisfied",
          group: "health",
          title: { default: "" },
          value: 0.75,
          unit: "proportion",
          n: 80,
          sufficient: true,
        },
      ],
    });
    expect(sdgCount({ kind: "item", item: "HL1" }, r)).toEqual({ satisfied: 40, respondents: 50 });
    expect(sdgCount({ kind: "respondents", indicator: "respondent_satisfied" }, r)).toEqual({
      satisfied: 60,
      respondents: 80,
    });
    expect(sdgCount({ kind: "item", item: "XX" }, r)).toBeNull();
    expect(sdgCount({ kind: "none" }, r)).toBeNull();
  });

  it("pools respondents per sector and over the three sectors, unweighted, with Wilson intervals", () => {
    const part = (sector: SdgPart["sector"], satisfied: number, respondents: number): SdgPart => ({
      campaignId: `${sector}${satisfied}`,
      title: sector,
      sector,
      rule: { kind: "item", item: "X" },
      count: { satisfied, respondents },
    });
    const none: SdgPart = {
      campaignId: "s",
      title: "SIPAS",
      sector: "administrative",
      rule: { kind: "none" },
      count: null,
    };
    const r = combineSdg([
      part("health", 80, 100),
      part("health", 10, 20),
      part("education", 270, 300),
      none,
    ]);
    const health = r.sectors.find((s) => s.sector === "health")!;
    expect(health).toMatchObject({ satisfied: 90, respondents: 120, campaigns: 2, rate: 0.75 });
    const w = wilsonInterval(90, 120)!;
    expect(health.low).toBeCloseTo(w.low, 12);
    expect(health.high).toBeCloseTo(w.high, 12);
    const admin = r.sectors.find((s) => s.sector === "administrative")!;
    expect(admin).toMatchObject({ respondents: 0, rate: null, low: null, campaigns: 0 });
    // Combined by respondents: (90 + 270) / (120 + 300), not the mean of 75 % and 90 %.
    expect(r.combined.rate).toBeCloseTo(360 / 420, 12);
    expect(r.combined.rate).not.toBeCloseTo((0.75 + 0.9) / 2, 3);
    expect(r.leftOut.map((p) => p.title)).toEqual(["SIPAS"]);
  });
});
