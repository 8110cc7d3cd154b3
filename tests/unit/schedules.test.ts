import { describe, expect, it } from "vitest";
import { reportPeriod, reportPeriodLabel } from "~/domain/report-period";
import {
  dueAt,
  duePeriod,
  lastFullPeriod,
  nextSending,
  parsePeriodKey,
  parseRecipients,
  periodHolding,
  periodKey,
  previousPeriod,
  vietnamDay,
} from "~/domain/schedules";

describe("report periods of a schedule", () => {
  it("takes the period holding a month, of each kind", () => {
    expect(periodKey(periodHolding("month", "2026-03"))).toBe("2026-M03");
    expect(periodKey(periodHolding("quarter", "2026-05"))).toBe("2026-Q2");
    expect(periodKey(periodHolding("half", "2026-07"))).toBe("2026-H2");
    expect(periodKey(periodHolding("year", "2026-12"))).toBe("2026-Y");
  });

  it("steps back across a year", () => {
    expect(periodKey(previousPeriod(reportPeriod(2026, "M01")))).toBe("2025-M12");
    expect(periodKey(previousPeriod(reportPeriod(2026, "Q1")))).toBe("2025-Q4");
    expect(periodKey(previousPeriod(reportPeriod(2026, "H1")))).toBe("2025-H2");
    expect(periodKey(previousPeriod(reportPeriod(2026, "Y")))).toBe("2025-Y");
  });

  it("cuts the last full period in Vietnam time, not UTC", () => {
    // 31/03/2026 20:00 UTC is already 1 April in Vietnam: March, and Q1, have ended.
    const at = new Date("2026-03-31T20:00:00Z");
    expect(periodKey(lastFullPeriod("month", at))).toBe("2026-M03");
    expect(periodKey(lastFullPeriod("quarter", at))).toBe("2026-Q1");
    // 31/03/2026 16:59 UTC is 23:59 on 31 March in Vietnam: March is still running.
    expect(periodKey(lastFullPeriod("month", new Date("2026-03-31T16:59:00Z")))).toBe("2026-M02");
    expect(vietnamDay(new Date("2026-03-31T17:00:00Z"))).toBe("2026-04-01");
  });

  it("names months, quarters and halves in Vietnamese", () => {
    expect(reportPeriodLabel(reportPeriod(2026, "M03"))).toBe("tháng 3 năm 2026");
    expect(reportPeriodLabel(reportPeriod(2026, "Q4"))).toBe("quý IV năm 2026");
    expect(reportPeriodLabel(reportPeriod(2026, "M11"), "en")).toBe("November 2026");
  });

  it("reads its keys back and refuses others", () => {
    for (const k of ["2026-M03", "2026-Q1", "2026-H2", "2026-Y"])
      expect(periodKey(parsePeriodKey(k)!)).toBe(k);
    for (const k of ["2026-M13", "2026-Q5", "2026", "x-Q1", "2026-Q1 "])
      expect(parsePeriodKey(k)).toBeNull();
  });
});

describe("due dates", () => {
  it("is 07:00 in Vietnam on the chosen day after the period's last day", () => {
    // Q1 ends 31/03; day 5 after is 05/04, 07:00 +07 = 00:00 UTC.
    expect(dueAt(reportPeriod(2026, "Q1"), 5).toISOString()).toBe("2026-04-05T00:00:00.000Z");
    // February 2028 has 29 days: day 1 after is 1 March.
    expect(dueAt(reportPeriod(2028, "M02"), 1).toISOString()).toBe("2028-03-01T00:00:00.000Z");
    // A year's report on day 10 after: 10 January of the next year.
    expect(dueAt(reportPeriod(2026, "Y"), 10).toISOString()).toBe("2027-01-10T00:00:00.000Z");
  });

  const made = new Date("2026-01-02T00:00:00Z");
  const quarterly = { kind: "quarter" as const, sendDay: 5, createdAt: made };

  it("sends the last full period once its time has come", () => {
    expect(duePeriod(quarterly, new Date("2026-04-04T23:59:59Z"))).toBeNull();
    expect(periodKey(duePeriod(quarterly, new Date("2026-04-05T00:00:00Z"))!)).toBe("2026-Q1");
    expect(periodKey(duePeriod(quarterly, new Date("2026-06-30T00:00:00Z"))!)).toBe("2026-Q1");
  });

  it("does not send by itself a period whose time passed before the schedule existed", () => {
    const late = { ...quarterly, createdAt: new Date("2026-04-20T00:00:00Z") };
    expect(duePeriod(late, new Date("2026-04-21T00:00:00Z"))).toBeNull();
    const next = nextSending(late, new Date("2026-04-21T00:00:00Z"));
    expect(periodKey(next.period)).toBe("2026-Q2");
    expect(next.at.toISOString()).toBe("2026-07-05T00:00:00.000Z");
  });

  it("tells the next sending before the due day", () => {
    const next = nextSending(quarterly, new Date("2026-04-02T00:00:00Z"));
    expect(periodKey(next.period)).toBe("2026-Q1");
    expect(next.at.toISOString()).toBe("2026-04-05T00:00:00.000Z");
  });
});

describe("recipients", () => {
  it("reads addresses one a line or separated, keeps the address of a named one, drops repeats", () => {
    expect(
      parseRecipients(
        "giamdoc@bv.example.gov.vn, Phòng KHTH <khth@bv.example.gov.vn>\n\nGIAMDOC@bv.example.gov.vn;",
      ),
    ).toEqual({ ok: true, addresses: ["giamdoc@bv.example.gov.vn", "khth@bv.example.gov.vn"] });
  });

  it("names what is not an address, refuses none and too many", () => {
    expect(parseRecipients("a@b.vn, không phải thư, x@")).toEqual({
      ok: false,
      problem: "invalid",
      invalid: ["không phải thư", "x@"],
    });
    expect(parseRecipients(" ,\n")).toMatchObject({ ok: false, problem: "none" });
    const many = Array.from({ length: 21 }, (_, i) => `n${i}@so.example.gov.vn`).join("\n");
    expect(parseRecipients(many)).toMatchObject({ ok: false, problem: "tooMany" });
  });
});
