import { describe, expect, it } from "vitest";
import {
  decodeCsv,
  parseCsvRecords,
  planUnitImport,
  toUnitCsv,
  type ExistingUnit,
} from "~/domain/unit-csv";

/** A province the user manages, with one centre, and its parent-less neighbour they do not. */
const EXISTING: ExistingUnit[] = [
  {
    code: "T01",
    name: "Tỉnh Minh Hoạ",
    kind: "province",
    sector: "administrative",
    parentCode: null,
    manageable: true,
    active: true,
  },
  {
    code: "T01-TT",
    name: "Trung tâm PVHCC",
    kind: "service_centre",
    sector: "administrative",
    parentCode: "T01",
    manageable: true,
    active: true,
  },
  {
    code: "T01-OLD",
    name: "Huyện cũ",
    kind: "district",
    sector: "administrative",
    parentCode: "T01",
    manageable: true,
    active: false,
  },
];
const TAKEN = new Set(["T02", "T02-TT"]);
const HEADER = "code,name,kind,sector,parent_code";

const plan = (text: string) => planUnitImport(text, EXISTING, TAKEN);
const problems = (text: string) => plan(text).errors.map((e) => [e.line, e.problem]);

describe("a good file", () => {
  it("plans creates parents first, updates and unchanged rows", () => {
    const text = [
      HEADER,
      "T01-X01-Q1,Quầy số 1,counter,administrative,T01-X01-TT", // child before its parent
      "T01-X01,Xã An Phú,commune,administrative,T01",
      "T01-X01-TT,Trung tâm PVHCC xã An Phú,service_centre,administrative,T01-X01",
      "T01-TT,Trung tâm Phục vụ hành chính công tỉnh,service_centre,administrative,T01",
      "T01,Tỉnh Minh Hoạ,province,administrative,",
    ].join("\n");
    const p = plan(text);
    expect(p.errors).toEqual([]);
    // A parent in the file comes before its children, whatever the order of the lines.
    expect(p.rows.map((r) => [r.code, r.action])).toEqual([
      ["T01", "unchanged"],
      ["T01-X01", "create"],
      ["T01-X01-TT", "create"],
      ["T01-X01-Q1", "create"],
      ["T01-TT", "update"],
    ]);
    expect(p.rows.find((r) => r.code === "T01-TT")!.changes).toEqual(["name"]);
    expect(p.rows[1]!.line).toBe(3);
  });

  it("reads what Excel saves: BOM, semicolons, CRLF, quotes, a moved unit, NFD text", () => {
    const nfd = "Xã Bình Minh".normalize("NFD");
    const text = `\uFEFFCode;Name;Kind;Sector;Parent_Code\r\n"T01-X02";"${nfd}; ""mới""";Commune;ADMINISTRATIVE;T01\r\nT01-TT;Trung tâm PVHCC;service_centre;administrative;T01-X02\r\n\r\n`;
    const p = plan(text);
    expect(p.errors).toEqual([]);
    expect(p.rows[0]).toMatchObject({
      code: "T01-X02",
      name: 'Xã Bình Minh; "mới"'.normalize("NFC"),
      kind: "commune",
      sector: "administrative",
      action: "create",
    });
    expect(p.rows[1]).toMatchObject({ code: "T01-TT", action: "update", changes: ["parent"] });
  });

  it("imports its own export unchanged, formula-looking names included", () => {
    const units = [
      ...EXISTING,
      {
        code: "T01-TT-Q1",
        name: '=Quầy "1", tầng 2',
        kind: "counter",
        sector: "administrative",
        parentCode: "T01-TT",
        manageable: true,
        active: true,
      },
    ];
    const csv = toUnitCsv(units);
    expect(csv.startsWith("\uFEFFcode,name,kind,sector,parent_code\r\n")).toBe(true);
    expect(csv).toContain(`"'=Quầy ""1"", tầng 2"`); // Excel must not run it as a formula
    const p = planUnitImport(csv, units, TAKEN);
    expect(p.errors).toEqual([]);
    expect(p.rows.every((r) => r.action === "unchanged")).toBe(true);
    const decoded = decodeCsv(new TextEncoder().encode(csv));
    expect(decoded.ok && decoded.text === csv.slice(1)).toBe(true); // the BOM is dropped
  });

  it("decodes UTF-16 with a BOM (Excel's Unicode text) and tab-separated fields", () => {
    const text = `${HEADER.replaceAll(",", "\t")}\nT01-X03\tXã Hoà Bình\tcommune\tadministrative\tT01\n`;
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      bytes[2 + 2 * i] = c & 0xff;
      bytes[3 + 2 * i] = c >> 8;
    }
    const d = decodeCsv(bytes);
    expect(d.ok).toBe(true);
    if (d.ok) expect(plan(d.text).rows[0]).toMatchObject({ code: "T01-X03", name: "Xã Hoà Bình" });
  });
});

describe("each kind of bad line, reported with its line number", () => {
  it("a file that is not UTF-8 (Windows-1258) names the first bad line", () => {
    const good = new TextEncoder().encode(`${HEADER}\nT01-A,Xa A,commune,administrative,T01\n`);
    const bytes = new Uint8Array([...good, 0x58, 0xe3, 0x20, 0x42, 0x0a]); // "Xã B" in cp1258
    expect(decodeCsv(bytes)).toEqual({ ok: false, error: { line: 3, problem: "encoding" } });
  });

  it("an empty file, and a header without a required column", () => {
    expect(problems("")).toEqual([[1, "empty"]]);
    expect(plan("code,name,sector,parent_code\nA,B,administrative,T01").errors).toEqual([
      { line: 1, problem: "header", column: "kind" },
    ]);
  });

  it("missing fields", () => {
    expect(
      plan(`${HEADER}\n,Xã A,commune,administrative,T01\nT01-B,,,administrative,T01`).errors,
    ).toEqual([
      { line: 2, problem: "missing", column: "code" },
      { line: 3, problem: "missing", column: "name" },
      { line: 3, problem: "missing", column: "kind" },
    ]);
  });

  it("bad kind, bad sector, bad code, a name too long, too many fields", () => {
    const text = [
      HEADER,
      "T01-A,Xã A,huyện,administrative,T01",
      "T01-B,Xã B,commune,agriculture,T01",
      "T01 C,Xã C,commune,administrative,T01",
      `T01-D,${"x".repeat(201)},commune,administrative,T01`,
      "T01-E,Sở Y tế, Dân số,agency,health,T01",
    ].join("\n");
    expect(plan(text).errors).toEqual([
      { line: 2, problem: "bad_kind", value: "huyện" },
      { line: 3, problem: "bad_sector", value: "agriculture" },
      { line: 4, problem: "bad_code", value: "T01 C" },
      { line: 5, problem: "too_long", column: "name" },
      // the unquoted comma shifts every field: reported as too many fields, and what follows
      { line: 6, problem: "columns", value: "6" },
      { line: 6, problem: "bad_kind", value: "dân số" },
      { line: 6, problem: "bad_sector", value: "agency" },
    ]);
  });

  it("an unknown parent, and a parent outside the user's units is not told apart", () => {
    expect(
      plan(
        `${HEADER}\nT01-A,Xã A,commune,administrative,T99\nT01-B,Xã B,commune,administrative,T02`,
      ).errors,
    ).toEqual([
      { line: 2, problem: "unknown_parent", value: "T99" },
      { line: 3, problem: "unknown_parent", value: "T02" },
    ]);
  });

  it("duplicate codes in the file, and a code used outside the user's units", () => {
    const text = `${HEADER}\nT01-A,Xã A,commune,administrative,T01\nT01-A,Xã A2,commune,administrative,T01\nT02-TT,Trung tâm,service_centre,administrative,T01`;
    expect(plan(text).errors).toEqual([
      { line: 3, problem: "duplicate_code", value: "T01-A", otherLine: 2 },
      { line: 4, problem: "code_taken", value: "T02-TT" },
    ]);
  });

  it("cycles: two new units as each other's parent, a unit under its own child, itself", () => {
    const text = [
      HEADER,
      "T01-A,A,commune,administrative,T01-B",
      "T01-B,B,commune,administrative,T01-A",
      "T01,Tỉnh Minh Hoạ,province,administrative,T01-TT",
      "T01-C,C,commune,administrative,T01-C",
    ].join("\n");
    expect(plan(text).errors).toEqual([
      { line: 2, problem: "cycle", value: "T01-A → T01-B → T01-A" },
      { line: 3, problem: "cycle", value: "T01-B → T01-A → T01-B" },
      // T01 has no parent today: giving it one is also a move of a top unit
      { line: 4, problem: "cycle", value: "T01 → T01-TT → T01" },
      { line: 5, problem: "cycle", value: "T01-C → T01-C" },
    ]);
  });

  it("a new top unit, a unit under an inactive one, and an unclosed quote", () => {
    const text = `${HEADER}\nT09,Tỉnh mới,province,administrative,\nT01-A,Xã A,commune,administrative,T01-OLD\nT01-B,"Xã B,commune,administrative,T01\n`;
    expect(problems(text)).toEqual([
      [2, "parent_required"],
      [3, "inactive_parent"],
      [4, "unclosed_quote"],
    ]);
  });

  it("a unit outside the user's units cannot be changed or used as a new parent", () => {
    const existing: ExistingUnit[] = [
      { ...EXISTING[0]!, manageable: false }, // the parent of the user's top unit
      EXISTING[1]!,
    ];
    const ok = `${HEADER}\nT01-TT,Trung tâm PVHCC,service_centre,administrative,T01`;
    expect(planUnitImport(ok, existing, TAKEN).errors).toEqual([]);
    const bad = `${HEADER}\nT01,Tỉnh,province,administrative,\nT01-X,Xã X,commune,administrative,T01`;
    expect(planUnitImport(bad, existing, TAKEN).errors).toEqual([
      { line: 2, problem: "outside", value: "T01" },
      { line: 3, problem: "outside", value: "T01" },
    ]);
  });
});

describe("hostile files: one pass over the rows, whatever the tree's shape", () => {
  const chain = (n: number, first = "T01") =>
    [
      HEADER,
      ...Array.from(
        { length: n },
        (_, i) => `U${i},Đơn vị ${i},department,administrative,${i === 0 ? first : `U${i - 1}`}`,
      ),
    ].join("\n");

  it("a 20,000-unit chain: the first levels are planned, every row past 30 levels is refused", () => {
    // Checked row by row by walking to the top, this took minutes (quadratic) and built
    // paths whose total length grew with the square of the chain.
    const p = plan(chain(20_000));
    // T01 is level 1: U0 … U28 take levels 2 … 30.
    expect(p.rows.map((r) => r.code)).toEqual(Array.from({ length: 29 }, (_, i) => `U${i}`));
    expect(p.errors).toHaveLength(20_000 - 29);
    expect(p.errors[0]).toEqual({ line: 31, problem: "too_deep", value: "31" });
    expect(p.errors.at(-1)).toEqual({ line: 20_001, problem: "too_deep", value: "20001" });
  });

  it("a 20,000-unit loop: each row names the loop, cut short", () => {
    const p = plan(chain(20_000, "U19999"));
    expect(p.rows).toEqual([]);
    expect(p.errors).toHaveLength(20_000);
    expect(p.errors[0]!.problem).toBe("cycle");
    expect(p.errors[0]!.value).toBe(
      "U0 → U19999 → U19998 → U19997 → U19996 → U19995 → U19994 → U19993 → U19992 → U19991 → … → U0",
    );
    expect(p.errors.every((e) => e.value!.length < 200)).toBe(true);
  });

  it("a move that would push existing units past 30 levels is refused on the moved row", () => {
    // An existing branch down to level 30 (T01 = 1); moving its top under level 3 adds 2.
    const existing: ExistingUnit[] = [
      ...EXISTING,
      ...Array.from({ length: 29 }, (_, i) => ({
        ...EXISTING[1]!,
        code: `B${i}`,
        parentCode: i === 0 ? "T01" : `B${i - 1}`,
        depth: i + 2,
      })),
      { ...EXISTING[1]!, code: "T01-TT-K", parentCode: "T01-TT", depth: 3 },
    ];
    const text = `${HEADER}\nB0,Khối B,department,administrative,T01-TT-K`;
    expect(planUnitImport(text, existing, TAKEN).errors).toEqual([
      { line: 2, problem: "too_deep", value: "4" },
    ]);
  });
});

describe("parseCsvRecords", () => {
  it("keeps a quoted line break inside the field and counts lines from the record's start", () => {
    const r = parseCsvRecords('a,b\n"x\ny",z\nu,v\n');
    expect(r.records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x\ny", "z"] },
      { line: 4, fields: ["u", "v"] },
    ]);
  });
});
