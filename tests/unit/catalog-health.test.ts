/**
 * The Ministry of Health questionnaires (surveys/byt-*.json) against the reference
 * (../shared/reference/health-byt.md). The expected code lists are written out from
 * the reference (§4, §5, §6, §7), not read from the files.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefinition, type QuestionnaireDefinition } from "~/domain/questionnaire";
import { compileQuestionnaire, type ValidationResult } from "~/domain/validator";

const range = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

interface FormSpec {
  file: string;
  /** Section code → the Likert item codes the reference lists for it. */
  sections: Record<string, string[]>;
  /** Whether the reference gives the "0 = không sử dụng" level for this form. */
  notUsed: boolean;
  /** Answers to the non-rated questions for a complete, valid set. */
  extra: Record<string, unknown>;
  /** Questions that must exist besides the rated items. */
  otherQuestions: string[];
}

const FORMS: Record<string, FormSpec> = {
  // §4: A5 + B7 + C11 + D7 + E6 = 36 Likert items; E7 is the cost question, not Likert.
  "Mẫu 1 nội trú": {
    file: "byt-noi-tru.json",
    sections: {
      A: range("A", 5),
      B: range("B", 7),
      C: range("C", 11),
      D: range("D", 7),
      E: range("E", 6),
    },
    notUsed: true,
    extra: {
      kieu_khao_sat: 1,
      masophieu: "NT-0001",
      nguoipv: "e",
      nguoipv_khac: "Tình nguyện viên",
      doituong: "a",
      khoa_phong: "Khoa Nội tổng hợp",
      ma_khoa: "K01",
      TT_A1: 2,
      TT_A2: 1968,
      TT_A3: "0912345678",
      TT_A4: 7,
      TT_A5: 1,
      TT_A6: 2,
      TT_A7: 3,
      TT_A8: 1,
      E7: 6,
      E7_khac: "Không rõ",
      G1: 120, // above 100 is allowed (§3.4)
      G2: 5,
      G3: "Nhà vệ sinh chưa sạch.",
      G4: "Cảm ơn bệnh viện.",
    },
    otherQuestions: [
      "TT_A1",
      "TT_A2",
      "TT_A3",
      "TT_A4",
      "TT_A5",
      "TT_A6",
      "TT_A7",
      "TT_A8",
      "E7",
      "G1",
      "G2",
      "G3",
      "G4",
    ],
  },
  // §5: 5 + 10 + 8 + 4 + 4 = 31 Likert items; E5 is the cost question.
  "Mẫu 2 ngoại trú": {
    file: "byt-ngoai-tru.json",
    sections: {
      A: range("A", 5),
      B: range("B", 10),
      C: range("C", 8),
      D: range("D", 4),
      E: range("E", 4),
    },
    notUsed: true,
    extra: {
      doituong: "b",
      TT_A1: 1,
      TT_A2: 45,
      TT_A4: 12.5,
      TT_A5: 2,
      TT_A8: 3,
      E5: 3,
      G1: 80,
      G2: 4,
      G3: "",
    },
    otherQuestions: [
      "TT_A1",
      "TT_A2",
      "TT_A3",
      "TT_A4",
      "TT_A5",
      "TT_A6",
      "TT_A7",
      "TT_A8",
      "E5",
      "G1",
      "G2",
      "G3",
      "G4",
    ],
  },
  // §6: 9 + 9 + 12 + 7 + 7 = 44 Likert items, scale 1–5 (no "không sử dụng" given).
  "Mẫu 3 nhân viên y tế": {
    file: "byt-nhan-vien-y-te.json",
    sections: {
      A: range("A", 9),
      B: range("B", 9),
      C: range("C", 12),
      D: range("D", 7),
      E: range("E", 7),
    },
    notUsed: false,
    extra: {
      khoa_phong: "Khoa Dược",
      TT_A1: 2,
      TT_A2: 34,
      TT_A3: 2,
      TT_A4: 3,
      TT_A5: 10,
      TT_A6: 6,
      TT_A7: 5,
      TT_A8: 10,
      TT_A9: 2,
      TT_A10: 6,
      G: "Tăng phụ cấp trực.",
    },
    otherQuestions: [
      "TT_A1",
      "TT_A2",
      "TT_A3",
      "TT_A4",
      "TT_A5",
      "TT_A6",
      "TT_A7",
      "TT_A8",
      "TT_A9",
      "TT_A10",
      "G",
    ],
  },
  // §7: 2 + 2 + 3 + 6 + 4 + 3 + 3 = 23 items in sections A, B, C, D, E, G, H (paraphrase).
  "Mẫu 4 người mẹ sinh con": {
    file: "byt-ba-me-sinh-con.json",
    sections: {
      A: range("A", 2),
      B: range("B", 2),
      C: range("C", 3),
      D: range("D", 6),
      E: range("E", 4),
      G: range("G", 3),
      H: range("H", 3),
    },
    notUsed: false,
    extra: {
      tuoi: 28,
      bhyt: 1,
      cach_sinh: 3,
      kham_thai: 1,
      lan_sinh: 2,
      mong_doi: 95,
      quay_lai: 6,
      quay_lai_khac: "Tùy",
    },
    otherQuestions: ["mong_doi", "quay_lai"],
  },
};

function load(file: string): QuestionnaireDefinition {
  return parseDefinition(JSON.parse(readFileSync(join(process.cwd(), "surveys", file), "utf8")));
}

/** Every question element in the SurveyJS JSON, panels included, by name. */
function questionsByName(
  definition: QuestionnaireDefinition,
): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const walk = (elements: unknown) => {
    for (const el of (elements as Array<Record<string, unknown>>) ?? []) {
      if (el.type === "panel") walk(el.elements);
      else out.set(String(el.name), el);
    }
  };
  for (const page of definition.survey.pages) walk(page.elements);
  return out;
}

function expectError(result: ValidationResult, question: string, code: string) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.errors).toContainEqual(expect.objectContaining({ question, code }));
}

describe.each(Object.entries(FORMS))("%s", (_label, spec) => {
  const definition = load(spec.file);
  const compiled = compileQuestionnaire(definition);
  const codes = Object.values(spec.sections).flat();
  const questions = questionsByName(definition);

  /** All rated items answered; every fifth one "không sử dụng" where the form has it. */
  const complete = (): Record<string, unknown> => {
    const answers: Record<string, unknown> = { ...spec.extra };
    codes.forEach((code, i) => {
      answers[code] = spec.notUsed && i % 5 === 4 ? 0 : (i % 5) + 1;
    });
    return answers;
  };

  it("is a health questionnaire with the reference's scale", () => {
    expect(definition.meta.sector).toBe("health");
    expect(definition.scoring.method).toBe("health");
    expect(definition.scoring.scale.satisfied).toEqual([4, 5]);
    if (spec.notUsed) {
      expect(definition.scoring.scale.levels).toEqual([1, 2, 3, 4, 5, 0]);
      expect(definition.scoring.scale.notApplicable).toEqual([0]);
    } else {
      expect(definition.scoring.scale.levels).toEqual([1, 2, 3, 4, 5]);
      expect(definition.scoring.scale.notApplicable).toEqual([]);
    }
  });

  it("has every item code of the reference as a required rating question and a scoring item", () => {
    for (const code of codes) {
      const q = questions.get(code);
      expect(q, code).toBeDefined();
      expect(q!.type, code).toBe("rating");
      expect(q!.isRequired, code).toBe(true);
      const values = (q!.rateValues as Array<{ value: number }>).map((v) => v.value);
      expect(values, code).toEqual(spec.notUsed ? [1, 2, 3, 4, 5, 0] : [1, 2, 3, 4, 5]);
    }
    expect(definition.scoring.items.map((i) => i.code)).toEqual(codes);
    for (const item of definition.scoring.items) expect(item.question).toBe(item.code);
  });

  it("groups the items into the reference's sections", () => {
    expect(definition.scoring.elements.map((e) => [e.code, e.items])).toEqual(
      Object.entries(spec.sections),
    );
  });

  it("has the non-rated questions of the reference, outside the scoring", () => {
    const scored = new Set(codes);
    for (const name of spec.otherQuestions) {
      expect(questions.has(name), name).toBe(true);
      expect(scored.has(name), name).toBe(false);
    }
  });

  it("accepts a complete answer set", () => {
    const answers = complete();
    if (spec.notUsed) expect(Object.values(answers)).toContain(0);
    const result = compiled.validate(answers);
    expect(result).toMatchObject({ ok: true });
  });

  it("accepts an answer set with only the rated items", () => {
    const answers = complete();
    for (const key of Object.keys(spec.extra)) delete answers[key];
    expect(compiled.validate(answers)).toMatchObject({ ok: true });
  });

  it("rejects 6 on a 1–5 item as out_of_scale", () => {
    expectError(compiled.validate({ ...complete(), [codes[0]!]: 6 }), codes[0]!, "out_of_scale");
  });

  it(
    spec.notUsed ? "accepts 0 = không sử dụng" : "rejects 0, which this form does not have",
    () => {
      const result = compiled.validate({ ...complete(), [codes[1]!]: 0 });
      if (spec.notUsed) expect(result).toMatchObject({ ok: true });
      else expectError(result, codes[1]!, "out_of_scale");
    },
  );

  it("rejects a missing rated item as required", () => {
    const answers = complete();
    const missing = codes[codes.length - 1]!;
    delete answers[missing];
    expectError(compiled.validate(answers), missing, "required");
  });

  it("rejects an unknown key as unknown_question", () => {
    expectError(compiled.validate({ ...complete(), Z99: 3 }), "Z99", "unknown_question");
  });
});

describe("patient forms: general questions", () => {
  const inpatient = compileQuestionnaire(load("byt-noi-tru.json"));
  const base = () => {
    const answers: Record<string, unknown> = {};
    for (const code of [
      ...range("A", 5),
      ...range("B", 7),
      ...range("C", 11),
      ...range("D", 7),
      ...range("E", 6),
    ])
      answers[code] = 4;
    return answers;
  };

  it("does not cap G1 at 100 but rejects negative percentages", () => {
    expect(inpatient.validate({ ...base(), G1: 150 })).toMatchObject({ ok: true });
    expectError(inpatient.validate({ ...base(), G1: -5 }), "G1", "out_of_range");
  });

  it("keeps G2 and the cost item to their options 1–6", () => {
    expectError(inpatient.validate({ ...base(), G2: 7 }), "G2", "invalid_choice");
    expectError(inpatient.validate({ ...base(), E7: 0 }), "E7", "invalid_choice");
  });

  it("only takes the 'other' text when 'Khác' is chosen", () => {
    expect(inpatient.validate({ ...base(), G2: 6, G2_khac: "Tùy" })).toMatchObject({ ok: true });
    expectError(inpatient.validate({ ...base(), G2: 5, G2_khac: "Tùy" }), "G2_khac", "not_visible");
  });

  it("points the health options at G1, G2 and the cost item", () => {
    expect(load("byt-noi-tru.json").scoring.options).toMatchObject({
      g1Question: "G1",
      g2Question: "G2",
      costQuestion: "E7",
    });
    expect(load("byt-ngoai-tru.json").scoring.options).toMatchObject({
      g1Question: "G1",
      g2Question: "G2",
      costQuestion: "E5",
    });
    expect(load("byt-ba-me-sinh-con.json").scoring.options).toMatchObject({
      g1Question: "mong_doi",
      g2Question: "quay_lai",
    });
  });
});
