import { describe, expect, it } from "vitest";
import { decomposeRange, quarterOf, spansOf, yearOf } from "#db/rollups/spans";
import { addMonths, bucketMonths, bucketOf, monthIndex } from "~/domain/dashboard";

/** Each month's weight in the signed sum of pieces. */
function weights(from: string, to: string): Map<string, number> {
  const { months, spans } = decomposeRange(from, to);
  const w = new Map<string, number>();
  const add = (month: string, sign: number) => w.set(month, (w.get(month) ?? 0) + sign);
  const monthsOfSpan = (span: string) => {
    const { first, last } = bucketMonths(span, span.includes("Q") ? "quarter" : "year");
    const out: string[] = [];
    for (let m = first; m <= last; m = addMonths(m, 1)) out.push(m);
    return out;
  };
  for (const m of months.plus) add(m, 1);
  for (const m of months.minus) add(m, -1);
  for (const s of spans.plus) for (const m of monthsOfSpan(s)) add(m, 1);
  for (const s of spans.minus) for (const m of monthsOfSpan(s)) add(m, -1);
  for (const [k, v] of w) if (v === 0) w.delete(k);
  return w;
}

describe("rollup spans", () => {
  it("name a month's quarter and year as the dashboards' buckets do", () => {
    for (const m of ["2025-01", "2025-03", "2025-04", "2025-09", "2025-10", "2025-12"]) {
      expect(quarterOf(m)).toBe(bucketOf(m, "quarter"));
      expect(yearOf(m)).toBe(bucketOf(m, "year"));
      expect(spansOf(m)).toEqual([bucketOf(m, "quarter"), bucketOf(m, "year")]);
    }
  });

  it("cover every range exactly once, each month of it and nothing else", () => {
    const start = "2023-01";
    for (let a = 0; a < 40; a++) {
      for (let b = a; b < 40; b++) {
        const from = addMonths(start, a);
        const to = addMonths(start, b);
        const w = weights(from, to);
        expect(w.size).toBe(b - a + 1);
        for (const [m, v] of w) {
          expect(v).toBe(1);
          expect(monthIndex(m) >= monthIndex(from) && monthIndex(m) <= monthIndex(to)).toBe(true);
        }
      }
    }
  });

  it("read twelve unaligned months as a month and a year less a month", () => {
    expect(decomposeRange("2025-12", "2026-11")).toEqual({
      months: { plus: ["2025-12"], minus: ["2026-12"] },
      spans: { plus: ["2026"], minus: [] },
    });
    expect(decomposeRange("2026-01", "2026-06")).toEqual({
      months: { plus: [], minus: [] },
      spans: { plus: ["2026-Q1", "2026-Q2"], minus: [] },
    });
    // 2025: the year less Q1 and April (3 pieces, not 05, 06, Q3, Q4); 2026: Q1 and April.
    expect(decomposeRange("2025-05", "2026-04")).toEqual({
      months: { plus: ["2026-04"], minus: ["2025-04"] },
      spans: { plus: ["2025", "2026-Q1"], minus: ["2025-Q1"] },
    });
    expect(decomposeRange("2026-11", "2026-11").months.plus).toEqual(["2026-11"]);
  });

  it("never reads more pieces than months", () => {
    for (let a = 0; a < 24; a++)
      for (let b = a; b < 24; b++) {
        const { months, spans } = decomposeRange(addMonths("2024-01", a), addMonths("2024-01", b));
        const n = months.plus.length + months.minus.length + spans.plus.length + spans.minus.length;
        expect(n).toBeLessThanOrEqual(
          Math.min(b - a + 1, 6 * (Math.floor(b / 12) - Math.floor(a / 12) + 1)),
        );
      }
  });
});
