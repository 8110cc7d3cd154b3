import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CampaignInputSchema,
  canTransition,
  commonAncestorId,
  periodBounds,
} from "~/domain/campaign-input";
import { combineOnMatchingItems } from "~/domain/campaign-span";
import { parseDefinition } from "~/domain/questionnaire";
import { computeResults } from "~/domain/scoring";

describe("campaign input", () => {
  const good = {
    title: " Đợt 2026 ",
    questionnaireVersionId: "v1",
    scopeUnitIds: ["u1"],
    from: "2026-01-01",
    to: "2026-12-31",
    targetPct: "90",
    targetResponses: "",
    channels: ["link", "qr"],
    minN: "",
    anonymous: true,
  };

  it("reads a form's strings: empty numbers are none, min n defaults to 30", () => {
    expect(CampaignInputSchema.parse(good)).toMatchObject({
      title: "Đợt 2026",
      targetPct: 90,
      targetResponses: null,
      minN: 30,
    });
  });

  it("refuses an end before the start, no channel, an unknown channel, a target over 100 %", () => {
    for (const bad of [
      { to: "2025-12-31" },
      { channels: [] },
      { channels: ["sms"] },
      { targetPct: "120" },
      { scopeUnitIds: [] },
    ]) {
      expect(CampaignInputSchema.safeParse({ ...good, ...bad }).success).toBe(false);
    }
  });

  it("runs whole days in Vietnam time", () => {
    expect(periodBounds("2026-01-01", "2026-12-31")).toEqual({
      opensAt: "2025-12-31T17:00:00.000Z",
      closesAt: "2026-12-31T17:00:00.000Z",
    });
  });

  it("goes draft → open → closed, and never reopens", () => {
    expect(canTransition("draft", "open")).toBe(true);
    expect(canTransition("open", "closed")).toBe(true);
    expect(canTransition("draft", "closed")).toBe(true);
    expect(canTransition("closed", "open")).toBe(false);
    expect(canTransition("open", "draft")).toBe(false);
  });

  it("files a campaign under the deepest unit above its whole scope", () => {
    expect(commonAncestorId(["/p/c/q1/", "/p/c/q2/"])).toBe("c");
    expect(commonAncestorId(["/p/c/"])).toBe("c");
    expect(commonAncestorId(["/p/", "/q/"])).toBeNull();
  });
});

describe("results across two questionnaire versions", () => {
  const v1 = parseDefinition(
    JSON.parse(readFileSync(resolve(__dirname, "../fixtures/surveys/test-form.json"), "utf8")),
  );
  // Version 2: Q2 gets a 1–4 scale (no longer comparable), M1 is dropped, Q3 is new.
  const v2 = structuredClone(v1);
  v2.scoring.items = [
    { code: "Q1", question: "q1" },
    {
      code: "Q2",
      question: "q2",
      scale: { levels: [1, 2, 3, 4], satisfied: [3, 4], notApplicable: [] },
    },
    { code: "Q3", question: "q3_new" },
  ];

  it("adds counts only on items with the same code and scale, and says what it left out", () => {
    const span = combineOnMatchingItems(
      {
        definition: v1,
        counts: { q1: { "5": 3, "2": 1 }, q2: { "5": 4 }, "m.r1": { "4": 2 } },
        responses: 4,
      },
      {
        definition: v2,
        counts: { q1: { "5": 1, "1": 1 }, q2: { "4": 2 }, q3_new: { "5": 2 } },
        responses: 2,
      },
    );
    expect(span.matched).toEqual(["Q1"]);
    expect(span.differentScale).toEqual(["Q2"]);
    expect(span.onlyFirst).toEqual(["M1"]);
    expect(span.onlySecond).toEqual(["Q3"]);
    expect(span.counts).toEqual({ q1: { "5": 4, "2": 1, "1": 1 } });
    expect(span.responses).toBe(6);
    const r = computeResults(v1, span.counts, span.responses, { minN: 1 });
    const q1 = r.items.find((i) => i.code === "Q1")!;
    expect([q1.n, q1.satisfied]).toEqual([6, 4]);
    expect(r.items.find((i) => i.code === "Q2")!.n).toBe(0); // not shown from one version alone
  });

  it("matches items by code even when their question was renamed", () => {
    const renamed = structuredClone(v1);
    renamed.scoring.items = [{ code: "Q1", question: "q1_moi" }];
    const span = combineOnMatchingItems(
      { definition: v1, counts: { q1: { "5": 1 } }, responses: 1 },
      { definition: renamed, counts: { q1_moi: { "4": 1 } }, responses: 1 },
    );
    expect(span.counts.q1).toEqual({ "5": 1, "4": 1 });
  });
});
