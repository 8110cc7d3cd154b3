import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefinition, type QuestionnaireDefinition } from "~/domain/questionnaire";
import { compileQuestionnaire } from "~/domain/validator";

/*
 * Expected codes are written out from ../shared/reference/education-moet.md, not read from
 * the files: §3 gives the five elements (codes TC, CS, MT, HD, PT as the reference suggests),
 * §4.4 the item bank with a "Forms" column saying which respondent group each item is
 * attested (or inferred) for, §4.1 the respondent groups.
 */
const ELEMENTS = ["TC", "CS", "MT", "HD", "PT"] as const;
type Element = (typeof ELEMENTS)[number];

// Parents MN–THPT: every TC item (TC1–TC6 attested "parents", TC7/TC8 "inferred: all", TC9 "inferred: parents").
const TC_PARENTS = ["TC1", "TC2", "TC3", "TC4", "TC5", "TC6", "TC7", "TC8", "TC9"];
// CS2 (subject rooms) is "parents (THCS/THPT inferred)"; the other CS items are "parents".
const CS_PARENTS_NO_CS2 = ["CS1", "CS3", "CS4", "CS5", "CS6", "CS7", "CS8", "CS9", "CS10"];
const CS_PARENTS = ["CS1", "CS2", "CS3", "CS4", "CS5", "CS6", "CS7", "CS8", "CS9", "CS10"];
const MT_ALL = ["MT1", "MT2", "MT3", "MT4", "MT5"];
// HD3 is an HCMC 2025 add-on, "probably not in the MOET form": left out everywhere.
const HD_ALL = ["HD1", "HD2"];
const PT_ALL = ["PT1", "PT2", "PT3"];
// Students and learners: only items whose "Forms" names students or "all".
const TC_STUDENTS = ["TC2", "TC7", "TC8"];
const CS_STUDENTS = ["CS4", "CS8", "CS10"];

interface Expected {
  file: string;
  items: Record<Element, string[]>;
  /** A valid value for the required grade/class field. */
  grade: string | number;
  parent: boolean;
}

const FORMS: Expected[] = [
  {
    file: "gddt-mam-non.json",
    parent: true,
    grade: "mg_4_5",
    items: {
      TC: TC_PARENTS,
      CS: CS_PARENTS_NO_CS2,
      // The preschool codes MT-MN, HD-MN, PT-MN of §4.4 (VNIES preschool wording).
      MT: ["MT-MN", ...MT_ALL],
      HD: ["HD-MN", ...HD_ALL],
      // PT1 (family and civic duties) does not fit preschool children.
      PT: ["PT-MN", "PT2", "PT3"],
    },
  },
  {
    file: "gddt-tieu-hoc.json",
    parent: true,
    grade: 3,
    items: { TC: TC_PARENTS, CS: CS_PARENTS_NO_CS2, MT: MT_ALL, HD: HD_ALL, PT: PT_ALL },
  },
  {
    file: "gddt-thcs.json",
    parent: true,
    grade: 7,
    items: { TC: TC_PARENTS, CS: CS_PARENTS, MT: MT_ALL, HD: HD_ALL, PT: PT_ALL },
  },
  {
    file: "gddt-thpt.json",
    parent: true,
    grade: 11,
    items: { TC: TC_PARENTS, CS: CS_PARENTS, MT: MT_ALL, HD: HD_ALL, PT: PT_ALL },
  },
  {
    file: "gddt-thpt-hoc-sinh.json",
    parent: false,
    grade: 12,
    items: { TC: TC_STUDENTS, CS: CS_STUDENTS, MT: MT_ALL, HD: HD_ALL, PT: PT_ALL },
  },
  {
    file: "gddt-gdtx.json",
    parent: false,
    grade: 10,
    items: { TC: TC_STUDENTS, CS: CS_STUDENTS, MT: MT_ALL, HD: HD_ALL, PT: PT_ALL },
  },
];

function load(file: string): QuestionnaireDefinition {
  return parseDefinition(JSON.parse(readFileSync(join(process.cwd(), "surveys", file), "utf8")));
}

type Json = Record<string, unknown>;
function questions(def: QuestionnaireDefinition): Map<string, Json> {
  const out = new Map<string, Json>();
  const walk = (els: unknown) => {
    for (const el of (els as Json[] | undefined) ?? []) {
      if (el.type === "panel") walk(el.elements);
      else out.set(String(el.name), el);
    }
  };
  for (const page of def.survey.pages) walk(page.elements);
  return out;
}

function ratingValues(q: Json | undefined): unknown[] {
  return ((q?.rateValues as Json[] | undefined) ?? []).map((v) => v.value);
}

function rated(e: Expected): string[] {
  return ELEMENTS.flatMap((el) => e.items[el]);
}

/** A complete, valid answer set built from the expected codes. */
function completeAnswers(e: Expected): Record<string, unknown> {
  const answers: Record<string, unknown> = { khoi_lop: e.grade, gioi_tinh: 2 };
  rated(e).forEach((code, i) => {
    answers[code] = (i % 5) + 1;
  });
  answers.HL1 = 4;
  answers.HL2 = 80;
  answers.YK1 = "Nhà trường nên sửa lại khu vệ sinh.";
  if (e.parent) answers.quan_he = 2;
  return answers;
}

describe.each(FORMS)("education questionnaire $file", (e) => {
  const def = load(e.file);
  const compiled = compileQuestionnaire(def);
  const byName = questions(def);

  it("is marked as a paraphrase of the MOET method (QĐ 3476/2019, QĐ 2034/2023)", () => {
    expect(def.meta.sector).toBe("education");
    expect(def.meta.verification).toBe("paraphrase");
    expect(def.meta.issuedBy).toContain("3476/QĐ-BGDĐT");
    expect(def.meta.issuedBy).toContain("2034/QĐ-BGDĐT");
    expect(def.meta.validFrom).toBe("2019-10-04");
    const note = def.meta.note as Record<string, string>;
    expect(note.default).toMatch(/diễn đạt lại/);
    expect(note.default).toMatch(/phiên bản tệp mới/);
    expect(note.en).toMatch(/paraphrase/i);
    expect(note.en).toMatch(/new file version/);
    expect(note.en).toMatch(/Hài Lòng's own/);
    expect(def.survey.showQuestionNumbers).toBe("off");
  });

  it("has the five elements of the reference, each with its items", () => {
    expect(def.scoring.elements.map((el) => el.code)).toEqual([...ELEMENTS]);
    for (const el of ELEMENTS) {
      expect(def.scoring.elements.find((x) => x.code === el)?.items).toEqual(e.items[el]);
    }
    // Each element is a panel holding its items.
    for (const el of ELEMENTS) {
      const panel = def.survey.pages
        .flatMap((p) => (p.elements as Json[]) ?? [])
        .find((x) => x.type === "panel" && x.name === `nhom_${el}`);
      expect((panel?.elements as Json[]).map((q) => q.name)).toEqual(e.items[el]);
    }
  });

  it("asks every rated item as a required rating on the 5-level scale plus «không biết»", () => {
    for (const code of rated(e)) {
      const q = byName.get(code);
      expect(q?.type, code).toBe("rating");
      expect(q?.isRequired, code).toBe(true);
      expect(ratingValues(q), code).toEqual([1, 2, 3, 4, 5, 0]);
    }
    const labels = ((byName.get(rated(e)[0]!)?.rateValues as Json[]) ?? []).map(
      (v) => (v.text as Record<string, string>).default,
    );
    expect(labels).toEqual([
      "Rất không hài lòng",
      "Không hài lòng",
      "Bình thường",
      "Hài lòng",
      "Rất hài lòng",
      "Không biết / không ý kiến",
    ]);
  });

  it("has the overall, expectation and open questions (HL1, HL2, YK1)", () => {
    expect(byName.get("HL1")?.type).toBe("rating");
    expect(ratingValues(byName.get("HL1"))).toEqual([1, 2, 3, 4, 5]);
    expect(ratingValues(byName.get("HL2"))).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(byName.get("YK1")?.type).toBe("comment");
    expect(byName.get("khoi_lop")?.isRequired).toBe(true);
  });

  it("scores with the education method: levels 4–5 satisfied, «không biết» left out", () => {
    const { scoring } = def;
    expect(scoring.method).toBe("education");
    expect(scoring.scale).toEqual({
      levels: [1, 2, 3, 4, 5, 0],
      satisfied: [4, 5],
      notApplicable: [0],
    });
    expect(scoring.items.map((i) => i.code)).toEqual([...rated(e), "HL1"]);
    for (const item of scoring.items) expect(item.question).toBe(item.code);
    expect(scoring.items.find((i) => i.code === "HL1")?.scale).toEqual({
      levels: [1, 2, 3, 4, 5],
      satisfied: [4, 5],
      notApplicable: [],
    });
    // §5.2 defaults: pooled element rate, overall = mean of the five element rates, θ = 4,
    // expectation from HL2 as a percentage. (§5.3's "invalid above 50 % missing" needs
    // per-form data that answer counts cannot give; it is not an option until it can be applied.)
    expect(scoring.options).toEqual({
      aggregation: "pooled",
      respondentMeanThreshold: 4,
      overall: "mean_of_elements",
      overallItem: "HL1",
      expectations: { question: "HL2", format: "percent" },
      // Dashboards split rates by these profile questions (app/domain/scoring/groups.ts).
      respondentGroups:
        e.file === "gddt-thpt-hoc-sinh.json" ? ["gioi_tinh"] : ["gioi_tinh", "do_tuoi"],
    });
  });

  it("accepts a complete answer set, and «không biết» on every item", () => {
    const answers = completeAnswers(e);
    const result = compiled.validate(answers);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) {
      expect(result.rollup).toContainEqual([rated(e)[0], "1"]);
      expect(result.rollup).toContainEqual(["HL2", "80"]);
    }
    for (const code of rated(e)) answers[code] = 0;
    expect(compiled.validate(answers)).toMatchObject({ ok: true });
  });

  it("rejects wrong answer sets with the right codes", () => {
    const first = rated(e)[0]!;
    const errorsOf = (answers: Record<string, unknown>) => {
      const r = compiled.validate(answers);
      return r.ok ? [] : r.errors.map((x) => [x.question, x.code]);
    };

    expect(errorsOf({ ...completeAnswers(e), [first]: 6 })).toEqual([[first, "out_of_scale"]]);
    expect(errorsOf({ ...completeAnswers(e), HL1: 0 })).toEqual([["HL1", "out_of_scale"]]);
    expect(errorsOf({ ...completeAnswers(e), HL2: 55 })).toEqual([["HL2", "out_of_scale"]]);

    const missing = completeAnswers(e);
    delete missing.PT3;
    delete missing.HL1;
    delete missing.khoi_lop;
    expect(errorsOf(missing)).toEqual([
      ["khoi_lop", "required"],
      ["PT3", "required"],
      ["HL1", "required"],
    ]);

    // HD3 is the HCMC English-programme add-on the reference keeps out of the MOET form.
    expect(errorsOf({ ...completeAnswers(e), HD3: 4 })).toEqual([["HD3", "unknown_question"]]);
    expect(errorsOf({ ...completeAnswers(e), TC99: 4 })).toEqual([["TC99", "unknown_question"]]);
  });
});

describe("education item selection across forms", () => {
  const codes = (file: string) => new Set(load(file).scoring.items.map((i) => i.code));

  it("keeps the preschool-only codes in the preschool form", () => {
    for (const f of FORMS.filter((x) => x.file !== "gddt-mam-non.json")) {
      for (const code of ["MT-MN", "HD-MN", "PT-MN"]) expect(codes(f.file).has(code)).toBe(false);
    }
  });

  it("asks about subject rooms (CS2) only at THCS and THPT parents", () => {
    expect(FORMS.filter((f) => codes(f.file).has("CS2")).map((f) => f.file)).toEqual([
      "gddt-thcs.json",
      "gddt-thpt.json",
    ]);
  });

  it("uses distinct slugs", () => {
    const slugs = FORMS.map((f) => load(f.file).slug);
    expect(new Set(slugs).size).toBe(FORMS.length);
    expect(slugs).toEqual(FORMS.map((f) => f.file.replace(/\.json$/, "")));
  });
});
