/** CSV writing and reading, formula neutralisation, the export filter and report periods. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, csvLine, neutralizeFormula, parseCsv, UTF8_BOM } from "~/domain/csv";
import { exportFilterQuery, parseExportFilter } from "~/domain/export-filter";
import { toVietnamIso } from "~/domain/export-columns";
import { quarterOf, reportPeriod, reportPeriodLabel } from "~/domain/report-period";

describe("csv", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    for (const s of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1"])
      expect(neutralizeFormula(s)).toBe(`'${s}`);
    for (const s of ["1+1", "a=b", "", "Tốt", " =1"]) expect(neutralizeFormula(s)).toBe(s);
    // Numbers are numbers, not text: -3 stays -3.
    expect(csvField(-3)).toBe("-3");
    expect(csvField("-3")).toBe("'-3");
  });

  it("quotes delimiters, quotes and line breaks", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("a;b", ";")).toBe('"a;b"');
    expect(csvField("a;b", ",")).toBe("a;b");
    expect(csvField("x\ny")).toBe('"x\ny"');
    expect(csvField(null)).toBe("");
    expect(csvField(true)).toBe("true");
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });

  it("reads back what it writes (any text, both delimiters)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom(",", ";" as const),
        (rows, d) => {
          const text = UTF8_BOM + rows.map((r) => csvLine(r, d as "," | ";")).join("");
          const back = parseCsv(text, d as "," | ";");
          expect(back).toEqual(rows.map((r) => r.map((c) => neutralizeFormula(c))));
        },
      ),
    );
  });
});

describe("export filter", () => {
  it("parses the query, empty values as absent", () => {
    const r = parseExportFilter(
      "c1",
      new URLSearchParams("unit=u1&from=2026-01&to=2026-03&channel=qr&flagged=include&x=1"),
    );
    expect(r).toEqual({
      ok: true,
      filter: {
        campaignId: "c1",
        unitId: "u1",
        periodFrom: "2026-01",
        periodTo: "2026-03",
        channel: "qr",
        includeFlagged: true,
      },
    });
    expect(parseExportFilter("c1", new URLSearchParams("unit=&from=&channel="))).toEqual({
      ok: true,
      filter: { campaignId: "c1", includeFlagged: false },
    });
    if (r.ok)
      expect(exportFilterQuery(r.filter).toString()).toBe(
        "unit=u1&from=2026-01&to=2026-03&channel=qr&flagged=include",
      );
  });

  it("refuses malformed months, an inverted range and odd channels", () => {
    for (const q of ["from=2026-13", "to=26-01", "from=2026-05&to=2026-04", "channel=<x>"])
      expect(parseExportFilter("c", new URLSearchParams(q)).ok, q).toBe(false);
  });
});

describe("report periods", () => {
  it("maps quarters, halves and the year to months", () => {
    expect(reportPeriod(2026, "Q3")).toMatchObject({ from: "2026-07", to: "2026-09" });
    expect(reportPeriod(2026, "H2")).toMatchObject({ from: "2026-07", to: "2026-12" });
    expect(reportPeriod(2026, "Y")).toMatchObject({ from: "2026-01", to: "2026-12" });
    expect(quarterOf("2026-11")).toMatchObject({ kind: "Q4", year: 2026 });
    expect(reportPeriodLabel(reportPeriod(2026, "Q1"))).toBe("quý I năm 2026");
    expect(reportPeriodLabel(reportPeriod(2026, "H1"))).toBe("6 tháng đầu năm 2026");
    expect(reportPeriodLabel(reportPeriod(2026, "Y"))).toBe("năm 2026");
  });

  it("writes times in Vietnam with their offset", () => {
    expect(toVietnamIso("2026-03-31T20:00:00.000Z")).toBe("2026-04-01T03:00:00+07:00");
  });
});
