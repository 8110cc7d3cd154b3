/** Reading a file of ratings into the API's rows: headers, cells, dates, JSON, line errors. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefinition } from "~/domain/questionnaire";
import { compileQuestionnaire } from "~/domain/validator";
import {
  mapHeaders,
  normalizeHeader,
  readDate,
  rowsFromJson,
  rowsFromTable,
  templateColumns,
} from "~/domain/rating-import";
import { parseCsvRecords } from "~/domain/unit-csv";

const definition = parseDefinition(
  JSON.parse(readFileSync(resolve(__dirname, "../fixtures/surveys/test-form.json"), "utf8")),
);
const columns = templateColumns(compileQuestionnaire(definition));

describe("the columns of a campaign's file", () => {
  it("are the four fixed ones, then each question (matrix rows, comment boxes) by name", () => {
    expect(columns.map((c) => c.header)).toEqual([
      "ma_phieu",
      "ma_ho_so",
      "ma_don_vi",
      "ngay_danh_gia",
      "q1",
      "q2",
      "reasons",
      "reasons-Comment",
      "channel_used",
      "comment",
      "age",
      "again",
      "m.r1",
      "m.r2",
    ]);
  });

  it("are matched without regard to case, accents or spacing; unknown and repeated ones are line-1 errors", () => {
    expect(normalizeHeader(" Mã Hồ Sơ ")).toBe("ma_ho_so");
    expect(normalizeHeader("Ngày đánh giá")).toBe("ngay_danh_gia");
    const { targets, errors } = mapHeaders(["Mã đơn vị", "Q1", "q1", "tuoi"], columns);
    expect(targets[0]).toEqual({ kind: "fixed", field: "unitCode" });
    expect(targets[1]).toMatchObject({ kind: "answer" });
    expect(errors).toEqual([
      { line: 1, column: "q1", problem: "duplicate_column", params: { column: "q1", n: 2 } },
      { line: 1, column: "tuoi", problem: "unknown_column", params: { column: "tuoi" } },
    ]);
  });
});

describe("a CSV file", () => {
  it("becomes the API's answers: numbers, choices split on ';', yes/no, matrix rows, quotes, BOM, ';' separator", () => {
    const text =
      '\uFEFFma_don_vi;ngay_danh_gia;q1;q2;reasons;again;m.r1;m.r2;channel_used;comment\r\nP-C;08/10/2026 14:30;2;0;"cho_lau; khac";Có;3;4;3;"Chờ ""rất"" lâu;\nquá"\r\n';
    const { records, delimiter } = parseCsvRecords(text);
    expect(delimiter).toBe(";");
    const { rows, errors } = rowsFromTable(records, columns);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      line: 2,
      unitCode: "P-C",
      ratedAt: "2026-10-08T07:30:00.000Z",
      errors: [],
    });
    expect({ ...rows[0]!.answers, m: { ...(rows[0]!.answers.m as object) } }).toEqual({
      q1: 2,
      q2: 0,
      reasons: ["cho_lau", "khac"],
      again: true,
      m: { r1: 3, r2: 4 },
      channel_used: 3,
      comment: 'Chờ "rất" lâu;\nquá',
    });
  });

  it("reports an unreadable date on its line and column, in words", () => {
    const { records } = parseCsvRecords(
      "ma_don_vi,ngay_danh_gia,q1\nP,31/02/2026,5\nP,2026-10-08,4",
    );
    const { rows } = rowsFromTable(records, columns);
    expect(rows[0]!.errors).toEqual([
      { line: 2, column: "ngay_danh_gia", problem: "bad_date", params: { value: "31/02/2026" } },
    ]);
    expect(rows[1]!.ratedAt).toBe("2026-10-08T05:00:00.000Z");
    expect(readDate("2026-10-08T09:00:00+07:00")).toBe("2026-10-08T02:00:00.000Z");
    expect(readDate("hôm qua")).toBeUndefined();
  });
});

describe("a JSON file", () => {
  it("takes the API's shape or the table's columns, and no key reaches a prototype", () => {
    const value = JSON.parse(
      '[{"id":"X-1","dossierCode":"H1","ratedAt":"08/10/2026","answers":{"q1":5,"q2":4}},' +
        '{"ma_don_vi":"P-C","q1":"4","reasons":["cho_lau","thai_do"],"__proto__":{"polluted":1}},' +
        '"not a row"]',
    ) as unknown;
    const { rows, errors } = rowsFromJson(value, columns);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      line: 1,
      id: "X-1",
      dossierCode: "H1",
      answers: { q1: 5, q2: 4 },
    });
    expect(rows[1]!.answers).toEqual({ q1: 4, reasons: ["cho_lau", "thai_do"] });
    expect(rows[1]!.errors).toEqual([
      { line: 2, column: "__proto__", problem: "unknown_column", params: { column: "__proto__" } },
    ]);
    expect(rows[2]!.errors[0]!.problem).toBe("json_not_row");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(rowsFromJson({ nope: 1 }, columns).errors[0]!.problem).toBe("json_shape");
  });
});
