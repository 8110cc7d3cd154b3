import { describe, expect, it } from "vitest";
import {
  campaignTarget,
  deadlines,
  judge,
  satisfactionIndex,
  meets,
  periodEnd,
  resolveTarget,
  targetSector,
  targetStatus,
  type AppliedTarget,
  type TargetRow,
} from "~/domain/targets";

const target = (
  value: number,
  comparator: "gt" | "gte" = "gt",
  metric: "rate" | "index" = "rate",
): AppliedTarget => ({
  value,
  metric,
  comparator,
  origin: "sector",
  source: "",
  verification: "reported",
  validTo: "2025-12-31",
  id: "x",
});
const rate = (r: number, low: number, high: number, sufficient = true) => ({
  rate: r,
  low,
  high,
  sufficient,
});

describe("targetStatus: decided on the 95 % interval, not the point estimate", () => {
  it("reached only when the whole interval is above the target", () => {
    expect(targetStatus(rate(0.95, 0.91, 0.98), target(0.9))).toBe("reached");
    // Point estimate above 90 %, but the interval reaches below it: not decidable.
    expect(targetStatus(rate(0.93, 0.88, 0.96), target(0.9))).toBe("undecided");
  });

  it("not reached only when the whole interval is below (or, for «trên», at) the target", () => {
    expect(targetStatus(rate(0.8, 0.75, 0.85), target(0.9))).toBe("not_reached");
    expect(targetStatus(rate(0.87, 0.84, 0.9), target(0.9, "gt"))).toBe("not_reached");
    expect(targetStatus(rate(0.87, 0.84, 0.9), target(0.9, "gte"))).toBe("undecided");
  });

  it("«tối thiểu» (gte) counts a lower bound equal to the target as reached; «trên» (gt) does not", () => {
    expect(targetStatus(rate(0.88, 0.85, 0.9), target(0.85, "gte"))).toBe("reached");
    expect(targetStatus(rate(0.88, 0.85, 0.9), target(0.85, "gt"))).toBe("undecided");
  });

  it("below the minimum n or without a target it says so", () => {
    expect(targetStatus(rate(0.99, 0.9, 1, false), target(0.9))).toBe("insufficient");
    expect(
      targetStatus({ rate: null, low: null, high: null, sufficient: false }, target(0.9)),
    ).toBe("insufficient");
    expect(targetStatus(rate(0.99, 0.95, 1), null)).toBe("none");
  });

  it("a target on the index judges mean / maximum with the mean's interval, not the rate", () => {
    // Every answer "Hài lòng" (4): rate 100 % (interval from 88.6 %), mean 4 (no spread).
    const f = { rate: 1, low: 0.886, high: 1, sufficient: true, mean: 4, meanLow: 4, meanHigh: 4 };
    expect(satisfactionIndex(f, 5)).toEqual({ rate: 0.8, low: 0.8, high: 0.8, sufficient: true });
    expect(judge(f, target(0.9, "gt", "rate"), 5)).toBe("undecided");
    expect(judge(f, target(0.9, "gt", "index"), 5)).toBe("not_reached");
    expect(judge(f, target(0.75, "gte", "index"), 5)).toBe("reached");
    // No points on the scale: no index, so nothing can be decided on it.
    expect(judge(f, target(0.75, "gte", "index"), null)).toBe("insufficient");
    expect(campaignTarget(90, "index")).toMatchObject({ value: 0.9, metric: "index" });
  });

  it("a projection meets a target by its point value", () => {
    expect(meets(0.9, target(0.9, "gt"))).toBe(false);
    expect(meets(0.9, target(0.9, "gte"))).toBe(true);
  });
});

const row = (over: Partial<TargetRow>): TargetRow => ({
  id: over.id ?? "t",
  sector: "administrative",
  unitId: null,
  unitPath: null,
  pct: 90,
  metric: "rate",
  comparator: "gt",
  validFrom: "2021-07-15",
  validTo: "2025-12-31",
  source: "NQ 76",
  verification: "reported",
  ...over,
});

const ROWS: TargetRow[] = [
  row({ id: "a2025" }),
  row({
    id: "a2030",
    pct: 95,
    validFrom: "2026-01-01",
    validTo: "2030-12-31",
    verification: "unverified",
  }),
  row({ id: "h2030", sector: "health", pct: 90, validFrom: "2026-01-01", validTo: "2030-12-31" }),
  row({
    id: "province",
    unitId: "p",
    unitPath: "/p/",
    pct: 92,
    validFrom: "2026-01-01",
    validTo: "2026-12-31",
  }),
  row({
    id: "centre",
    unitId: "c",
    unitPath: "/p/c/",
    pct: 97,
    comparator: "gte",
    validFrom: "2026-01-01",
    validTo: "2026-12-31",
  }),
];

describe("resolveTarget", () => {
  it("takes the sector default valid on the last day of the period", () => {
    const q = { sector: "administrative", unitPath: "/q/", campaignPct: null };
    expect(resolveTarget(ROWS, { ...q, date: "2025-12-31" })).toMatchObject({
      value: 0.9,
      origin: "sector",
      id: "a2025",
    });
    expect(resolveTarget(ROWS, { ...q, date: "2026-01-31" })).toMatchObject({
      value: 0.95,
      id: "a2030",
      verification: "unverified",
    });
    expect(resolveTarget(ROWS, { ...q, date: "2019-12-31" })).toBeNull();
  });

  it("prefers the nearest unit's own target, then the campaign's, then the default", () => {
    const date = "2026-06-30";
    const counter = { sector: "administrative", unitPath: "/p/c/k/", date, campaignPct: 88 };
    expect(resolveTarget(ROWS, counter)).toMatchObject({
      id: "centre",
      value: 0.97,
      origin: "unit",
    });
    expect(resolveTarget(ROWS, { ...counter, unitPath: "/p/x/" })).toMatchObject({
      id: "province",
    });
    expect(resolveTarget(ROWS, { ...counter, unitPath: "/q/" })).toMatchObject({
      origin: "campaign",
      value: 0.88,
    });
    expect(resolveTarget(ROWS, { ...counter, unitPath: "/q/", campaignPct: null })).toMatchObject({
      id: "a2030",
    });
    // A unit target of another sector does not apply.
    expect(resolveTarget(ROWS, { ...counter, sector: "health", campaignPct: null })).toMatchObject({
      id: "h2030",
    });
  });

  it("lists the deadlines to project towards, earliest first", () => {
    const ds = deadlines(ROWS, { sector: "administrative", unitPath: "/q/", from: "2024-01-01" });
    expect(ds.map((d) => [d.validTo, d.value])).toEqual([
      ["2025-12-31", 0.9],
      ["2030-12-31", 0.95],
    ]);
    expect(
      deadlines(ROWS, { sector: "administrative", unitPath: "/q/", from: "2026-01-01" }),
    ).toHaveLength(1);
  });
});

describe("targetSector and periodEnd", () => {
  it("judges a rate in the sector of what was measured", () => {
    expect(targetSector("health", "administrative")).toBe("health");
    expect(targetSector("generic", "education")).toBe("education");
    expect(targetSector("administrative", "land")).toBe("land");
    expect(targetSector("administrative", "health")).toBe("administrative");
  });

  it("gives the last day of a month, leap years included", () => {
    expect(periodEnd("2024-02")).toBe("2024-02-29");
    expect(periodEnd("2025-02")).toBe("2025-02-28");
    expect(periodEnd("2025-12")).toBe("2025-12-31");
  });
});
