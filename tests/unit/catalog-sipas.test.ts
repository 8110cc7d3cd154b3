/**
 * The SIPAS and one-stop catalog files against the reference
 * (shared/reference/sipas-and-one-stop.md §3.2, §4, §5.4, §8). The expected code lists
 * below are written from the reference, not read from the files.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefinition, type QuestionnaireDefinition } from "~/domain/questionnaire";
import { compileQuestionnaire } from "~/domain/validator";

type Json = Record<string, unknown>;

function load(file: string): QuestionnaireDefinition {
  const raw: unknown = JSON.parse(readFileSync(resolve(process.cwd(), "surveys", file), "utf8"));
  return parseDefinition(raw);
}

/** Every question (not panels) in form order. */
function questions(def: QuestionnaireDefinition): Json[] {
  const out: Json[] = [];
  const walk = (elements: unknown) => {
    for (const el of Array.isArray(elements) ? (elements as Json[]) : []) {
      if (el.type === "panel") walk(el.elements);
      else out.push(el);
    }
  };
  for (const page of def.survey.pages) walk((page as Json).elements);
  return out;
}

function question(def: QuestionnaireDefinition, name: string): Json {
  const q = questions(def).find((x) => x.name === name);
  if (!q) throw new Error(`no question ${name}`);
  return q;
}

function rowValues(def: QuestionnaireDefinition, name: string): string[] {
  return ((question(def, name).rows as Json[]) ?? []).map((r) => String(r.value));
}

function values(list: unknown): string[] {
  return ((list as Json[]) ?? []).map((c) => String(c.value));
}

/** Every code a questionnaire exposes: matrix row values, question names, scoring item codes. */
function allCodes(def: QuestionnaireDefinition): Set<string> {
  const codes = new Set<string>();
  for (const q of questions(def)) {
    codes.add(String(q.name));
    if (Array.isArray(q.rows)) for (const r of q.rows as Json[]) codes.add(String(r.value));
  }
  for (const item of def.scoring.items) codes.add(item.code);
  return codes;
}

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

function fill(rows: string[], value: number): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r, value]));
}

// ---------------------------------------------------------------- §3.2 (QĐ 1001)
// §3.2 Câu 9: P1–P23 (A: 1–2, B: 3–4, C: 5–13, D: 14–23), S1–S16; §3.2 Câu 10: E1–E10; Phần A: D1–D5.
const P_CODES = range("P", 1, 23);
const S_CODES = range("S", 1, 16);
const E_CODES = range("E", 1, 10);
// §5.1 ELEMENTS / ASPECTS
const SIPAS_ELEMENTS: Record<string, string[]> = {
  P_A: ["P1", "P2"],
  P_B: ["P3", "P4"],
  P_C: range("P", 5, 13),
  P_D: range("P", 14, 23),
  S_A: ["S1", "S2", "S3"],
  S_B: ["S4", "S5", "S6", "S7"],
  S_C: ["S8", "S9", "S10"],
  S_D: ["S11", "S12", "S13"],
  S_E: ["S14", "S15", "S16"],
};
const SIPAS_ASPECTS: Record<string, string[]> = {
  POLICY: ["P_A", "P_B", "P_C", "P_D"],
  SERVICE: ["S_A", "S_B", "S_C", "S_D", "S_E"],
};

function sipas2023Answers(): Record<string, unknown> {
  return {
    d1_gioi_tinh: 2,
    d2_dan_toc: 1,
    d3_do_tuoi: 3,
    d4_hoc_van: 5,
    d5_nghe_nghiep: 6,
    cau1: fill(range("", 1, 9), 3),
    cau2: [1, 5, 6],
    cau3: fill(range("", 1, 7), 4),
    cau4: 2,
    cau5: 1,
    cau6: 1,
    cau7: fill(range("", 1, 3), 3),
    cau8: fill(range("", 1, 7), 2),
    cau9_chinhsach: fill(P_CODES, 4),
    cau9_dichvu: fill(S_CODES, 5),
    cau10: fill(E_CODES, 4),
    y_kien_khac: "Đề nghị niêm yết thủ tục rõ hơn.",
  };
}

describe("surveys/sipas-2023.json (QĐ 1001/QĐ-BNV, §3.2)", () => {
  const def = load("sipas-2023.json");
  const compiled = compileQuestionnaire(def);

  it("has the reference's metadata", () => {
    expect(def.slug).toBe("sipas-2023");
    expect(def.meta.issuedBy).toContain("1001/QĐ-BNV");
    expect(def.meta.validFrom).toBe("2023-12-11");
    const note = def.meta.note as Record<string, string>;
    // The verification status in words, never as a tag.
    expect(note.default).toContain("(suy luận, chưa đối chiếu văn bản gốc)");
    expect(note.default).not.toMatch(/\[[A-Z][A-Z0-9-]+\]/);
    expect(note.default).toContain("Trung tâm Phục vụ hành chính công/Bộ phận Một cửa");
    expect(note.en).toContain("is unverified");
  });

  it("contains every item code of the reference", () => {
    const codes = allCodes(def);
    for (const code of [...P_CODES, ...S_CODES, ...E_CODES]) expect(codes, code).toContain(code);
    const names = questions(def).map((q) => String(q.name));
    for (const d of ["D1", "D2", "D3", "D4", "D5"]) {
      expect(
        names.some((n) => n.toUpperCase().startsWith(`${d}_`)),
        d,
      ).toBe(true);
    }
  });

  it("puts Câu 9 in two matrices and Câu 10 in a 4-level matrix", () => {
    expect(rowValues(def, "cau9_chinhsach")).toEqual(P_CODES);
    expect(rowValues(def, "cau9_dichvu")).toEqual(S_CODES);
    expect(values(question(def, "cau9_chinhsach").columns)).toEqual(["1", "2", "3", "4", "5"]);
    expect(values(question(def, "cau9_dichvu").columns)).toEqual(["1", "2", "3", "4", "5"]);
    expect(rowValues(def, "cau10")).toEqual(E_CODES);
    expect(values(question(def, "cau10").columns)).toEqual(["1", "2", "3", "4"]);
    // §3.2 rows per table: Câu 1 = 9 policies, Câu 3 = 7 channels, Câu 7 = 3 forms, Câu 8 = 7 experiences.
    expect(rowValues(def, "cau1")).toHaveLength(9);
    expect(rowValues(def, "cau3")).toHaveLength(7);
    expect(rowValues(def, "cau7")).toHaveLength(3);
    expect(rowValues(def, "cau8")).toHaveLength(7);
    expect(question(def, "cau2").type).toBe("checkbox");
    expect(question(def, "cau2").showOtherItem).toBe(true);
    for (const name of ["cau4", "cau5", "cau6"])
      expect(question(def, name).type).toBe("radiogroup");
  });

  it("uses the national-form wording in the service items", () => {
    const s1 = (question(def, "cau9_dichvu").rows as Json[])[0]!.text as Record<string, string>;
    expect(
      (s1.default ?? "").startsWith(
        "Trung tâm Phục vụ hành chính công/Bộ phận Một cửa có biển hiệu",
      ),
    ).toBe(true);
    expect(JSON.stringify(def.survey)).not.toContain("[…]");
  });

  it("scores the 39 Câu 9 items by the reference's elements and aspects", () => {
    const { scoring } = def;
    expect(scoring.method).toBe("sipas");
    expect(scoring.scale.levels).toEqual([1, 2, 3, 4, 5]);
    expect(scoring.scale.satisfied).toEqual([4, 5]);
    expect(scoring.items.map((i) => i.code).sort()).toEqual([...P_CODES, ...S_CODES].sort());
    for (const item of scoring.items) {
      expect(item.row).toBe(item.code);
      expect(item.question).toBe(item.code.startsWith("P") ? "cau9_chinhsach" : "cau9_dichvu");
    }
    expect(Object.fromEntries(scoring.elements.map((e) => [e.code, e.items]))).toEqual(
      SIPAS_ELEMENTS,
    );
    expect(Object.fromEntries(scoring.aspects.map((a) => [a.code, a.elements]))).toEqual(
      SIPAS_ASPECTS,
    );
    expect(scoring.options.topBox).toEqual([4, 5]);
    expect(scoring.options.expectations).toMatchObject({
      question: "cau10",
      positiveLevels: [3, 4],
    });
    expect(scoring.options.perception).toMatchObject({ positiveLevels: [3, 4] });
  });

  it("accepts a complete answer set, with or without the optional profile", () => {
    const answers = sipas2023Answers();
    const res = compiled.validate(answers);
    expect(res).toMatchObject({ ok: true });
    const noProfile = { ...answers } as Record<string, unknown>;
    for (const k of [
      "d1_gioi_tinh",
      "d2_dan_toc",
      "d3_do_tuoi",
      "d4_hoc_van",
      "d5_nghe_nghiep",
      "y_kien_khac",
    ])
      delete noProfile[k];
    expect(compiled.validate(noProfile)).toMatchObject({ ok: true });
    expect(
      compiled.validate({ ...answers, cau2: [3, "other"], "cau2-Comment": "Qua loa xe lưu động" }),
    ).toMatchObject({ ok: true });
    expect(compiled.validate({ ...answers, d2_dan_toc: 2, d2_dan_toc_khac: "Tày" })).toMatchObject({
      ok: true,
    });
    if (res.ok) expect(res.rollup).toContainEqual(["cau9_dichvu.S11", "5"]);
  });

  it("refuses out-of-scale values and missing rows", () => {
    const six = compiled.validate({
      ...sipas2023Answers(),
      cau9_chinhsach: { ...fill(P_CODES, 4), P5: 6 },
    });
    expect(six.ok).toBe(false);
    if (!six.ok)
      expect(six.errors).toContainEqual(
        expect.objectContaining({ question: "cau9_chinhsach", code: "out_of_scale" }),
      );

    const five = compiled.validate({
      ...sipas2023Answers(),
      cau10: { ...fill(E_CODES, 4), E3: 5 },
    });
    expect(five.ok).toBe(false);

    const missing = { ...fill(S_CODES, 4) } as Record<string, number>;
    delete missing.S16;
    const res = compiled.validate({ ...sipas2023Answers(), cau9_dichvu: missing });
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.errors).toContainEqual(
        expect.objectContaining({ question: "cau9_dichvu", code: "required" }),
      );

    const noCau5 = { ...sipas2023Answers() } as Record<string, unknown>;
    delete noCau5.cau5;
    expect(compiled.validate(noCau5).ok).toBe(false);

    const unknownRow = compiled.validate({
      ...sipas2023Answers(),
      cau9_dichvu: { ...fill(S_CODES, 4), S17: 4 },
    });
    expect(unknownRow.ok).toBe(false);

    const hiddenText = compiled.validate({
      ...sipas2023Answers(),
      d2_dan_toc: 1,
      d2_dan_toc_khac: "Tày",
    });
    expect(hiddenText.ok).toBe(false);
    if (!hiddenText.ok)
      expect(hiddenText.errors[0]).toMatchObject({
        question: "d2_dan_toc_khac",
        code: "not_visible",
      });
  });
});

// ---------------------------------------------------------------- §4 (QĐ 2640)
// §4: 5 elements, 22 criteria numbered 1–22 (4 + 5 + 6 + 3 + 4).
const CRITERIA = range("TC", 1, 22);
const ELEMENTS_2017: Record<string, string[]> = {
  YT1: range("TC", 1, 4),
  YT2: range("TC", 5, 9),
  YT3: range("TC", 10, 15),
  YT4: range("TC", 16, 18),
  YT5: range("TC", 19, 22),
};

describe("surveys/sipas-2017.json (QĐ 2640/QĐ-BNV, §4)", () => {
  const def = load("sipas-2017.json");
  const compiled = compileQuestionnaire(def);
  const matrices = questions(def).filter((q) => q.type === "matrix");

  function answers2017(value = 4): Record<string, unknown> {
    return Object.fromEntries(
      matrices.map((m) => [
        String(m.name),
        fill(
          ((m.rows as Json[]) ?? []).map((r) => String(r.value)),
          value,
        ),
      ]),
    );
  }

  it("is marked as a paraphrase with an unverified answer format", () => {
    expect(def.meta.verification).toBe("paraphrase");
    expect(def.meta.issuedBy).toContain("2640/QĐ-BNV");
    const note = def.meta.note as Record<string, string>;
    expect(note.en).toMatch(/paraphrase/i);
    expect(note.en).toMatch(/answer format is unverified/);
    expect(note.default).toContain("(chưa xác minh)");
  });

  it("has the 22 criteria in 5 element matrices on the 5-level scale", () => {
    const codes = allCodes(def);
    for (const c of CRITERIA) expect(codes, c).toContain(c);
    expect(matrices).toHaveLength(5);
    for (const m of matrices) expect(values(m.columns)).toEqual(["1", "2", "3", "4", "5"]);
    expect(def.scoring.method).toBe("sipas");
    expect(def.scoring.items.map((i) => i.code)).toEqual(CRITERIA);
    expect(Object.fromEntries(def.scoring.elements.map((e) => [e.code, e.items]))).toEqual(
      ELEMENTS_2017,
    );
    expect(def.scoring.aspects.length).toBeLessThanOrEqual(1);
  });

  it("accepts a complete answer set and refuses a wrong one", () => {
    expect(compiled.validate(answers2017())).toMatchObject({ ok: true });
    const bad = answers2017();
    const first = String(matrices[0]!.name);
    bad[first] = { ...(bad[first] as Json), TC1: 6 };
    expect(compiled.validate(bad).ok).toBe(false);
    const missing = answers2017();
    const last = String(matrices[4]!.name);
    const rows = { ...(missing[last] as Json) };
    delete rows.TC22;
    missing[last] = rows;
    const res = compiled.validate(missing);
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.errors).toContainEqual(
        expect.objectContaining({ question: last, code: "required" }),
      );
  });
});

// ---------------------------------------------------------------- §5.4 / §8 A–B (one-stop)
// §5.4 (Thừa Thiên Huế criteria 1–4 / Thanh Hóa index 10–11) and §8 A: the citizen-rated criteria.
const COUNTER_CRITERIA = [
  "danh_gia_tong_the",
  "muc_do_thuan_tien",
  "muc_do_dung_han",
  "thai_do_cbccvc",
];
const COUNTER_TITLES = [
  "Đánh giá tổng thể dịch vụ",
  "Mức độ thuận tiện",
  "Mức độ đúng hạn trong xử lý, trả kết quả của cơ quan nhà nước",
  "Thái độ của cán bộ, công chức, viên chức",
];
// §5.4: TT 01/2018 indices collected from citizens.
const TT01_CITIZEN = { tt01_ci1: 1, tt01_ci3: 3, tt01_ci4: 4, tt01_ci7: 7 };

describe("surveys/mot-cua-danh-gia-nhanh.json (§5.4, §8 A–B)", () => {
  const def = load("mot-cua-danh-gia-nhanh.json");
  const compiled = compileQuestionnaire(def);
  const full = {
    ma_ho_so: "000.00.12.H56-250701-0001",
    ma_tthc: "1.001234",
    danh_gia_tong_the: 2,
    muc_do_thuan_tien: 1,
    muc_do_dung_han: 2,
    thai_do_cbccvc: 2,
    gop_y: "Cán bộ hướng dẫn tận tình.",
    tt01_ci1: 2,
    tt01_ci3: 1,
    tt01_ci4: 1,
    tt01_ci7: 2,
  };

  it("rates the reference's criteria on 2/1/0", () => {
    const codes = allCodes(def);
    for (const name of [...COUNTER_CRITERIA, "ma_ho_so", "ma_tthc", ...Object.keys(TT01_CITIZEN)])
      expect(codes, name).toContain(name);
    COUNTER_CRITERIA.forEach((name, i) => {
      const q = question(def, name);
      expect(q.type).toBe("rating");
      expect(values(q.rateValues)).toEqual(["2", "1", "0"]);
      expect(
        ((q.title as Record<string, string>).default ?? "").startsWith(COUNTER_TITLES[i]!),
      ).toBe(true);
    });
    for (const name of Object.keys(TT01_CITIZEN)) {
      expect(question(def, name).type).toBe("radiogroup");
      expect(values(question(def, name).choices)).toEqual(["2", "1", "0"]);
    }
    expect(def.scoring.method).toBe("counter");
    expect(def.scoring.scale.levels).toEqual([2, 1, 0]);
    expect(def.scoring.scale.satisfied).toEqual([2, 1]);
    expect(def.scoring.items.map((i) => i.question).sort()).toEqual([...COUNTER_CRITERIA].sort());
    expect(def.scoring.options.tt01Indices).toEqual(TT01_CITIZEN);
  });

  it("accepts a complete answer set and a minimal kiosk answer", () => {
    expect(compiled.validate(full)).toMatchObject({ ok: true });
    expect(compiled.validate({ danh_gia_tong_the: 1 })).toMatchObject({ ok: true });
  });

  it("refuses a missing overall rating and out-of-scale values", () => {
    const { danh_gia_tong_the: _omit, ...noOverall } = full;
    const res = compiled.validate(noOverall);
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.errors).toContainEqual(
        expect.objectContaining({ question: "danh_gia_tong_the", code: "required" }),
      );
    const out = compiled.validate({ ...full, thai_do_cbccvc: 3 });
    expect(out.ok).toBe(false);
    if (!out.ok)
      expect(out.errors).toContainEqual(
        expect.objectContaining({ question: "thai_do_cbccvc", code: "out_of_scale" }),
      );
    expect(compiled.validate({ ...full, tt01_ci3: 5 }).ok).toBe(false);
  });

  it("asks for reasons when any rating is 0", () => {
    for (const name of COUNTER_CRITERIA) {
      const answers = {
        ...full,
        [name]: 0,
        ly_do_khong_hai_long: ["cho_doi_lau", "other"],
        "ly_do_khong_hai_long-Comment": "Máy lấy số hỏng",
      };
      expect(compiled.validate(answers), name).toMatchObject({ ok: true });
    }
    const reasons = question(def, "ly_do_khong_hai_long");
    expect(reasons.type).toBe("checkbox");
    const q = compiled.questions.find((x) => x.name === "ly_do_khong_hai_long")!;
    const visible = (a: Record<string, unknown>) => compiled.stateOf(q, a).visible;
    expect(visible({ danh_gia_tong_the: 0 })).toBe(true);
    expect(visible({ danh_gia_tong_the: 2, muc_do_dung_han: 0 })).toBe(true);
    expect(
      visible({
        danh_gia_tong_the: 1,
        muc_do_thuan_tien: 1,
        muc_do_dung_han: 2,
        thai_do_cbccvc: 1,
      }),
    ).toBe(false);
    expect(visible({ danh_gia_tong_the: 2 })).toBe(false);
  });

  it("refuses reasons when every rating is 1 or 2", () => {
    const res = compiled.validate({ ...full, ly_do_khong_hai_long: ["tre_hen"] });
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.errors).toContainEqual(
        expect.objectContaining({ question: "ly_do_khong_hai_long", code: "not_visible" }),
      );
  });

  it("shows the TT 01/2018 indices only with a dossier code", () => {
    const { ma_ho_so: _omit, ...noDossier } = full;
    const res = compiled.validate(noDossier);
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.errors).toContainEqual(
        expect.objectContaining({ question: "tt01_ci1", code: "not_visible" }),
      );
  });
});
