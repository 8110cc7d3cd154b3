/**
 * The light renderer's reading of SurveyJS JSON (respondent-form.ts) and the form's logic
 * (form-logic.ts): every question type in surveys/ covered; the browser's conditions equal
 * the validator's compiled.states() on every catalog form; answers read back from form
 * fields as the API takes them; hidden answers let go; the checks before a page is left.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { surveyorQuestions } from "~/domain/audience";
import {
  answersFromFields,
  checkAnswers,
  commentKey,
  fieldName,
  logicStates,
  rowFieldName,
  settle,
  type Answers,
  type FormLogic,
} from "~/domain/form-logic";
import { parseDefinition, type QuestionnaireDefinition } from "~/domain/questionnaire";
import {
  buildRespondentForm,
  LIGHT_QUESTION_TYPES,
  questionTypesIn,
  withoutItemCode,
} from "~/domain/respondent-form";
import { seededRandom, type Random } from "~/domain/synthetic";
import { compileQuestionnaire } from "~/domain/validator";

const catalog: QuestionnaireDefinition[] = readdirSync("surveys")
  .filter((f) => f.endsWith(".json"))
  .map((f) => parseDefinition(JSON.parse(readFileSync(`surveys/${f}`, "utf8"))));

const definition = (survey: Record<string, unknown>) =>
  parseDefinition({
    slug: "t-light",
    meta: { title: "T", sector: "generic", verification: "paraphrase" },
    survey,
    scoring: {
      method: "generic",
      scale: { levels: [1, 2, 3, 4, 5, 0], satisfied: [4, 5], notApplicable: [0] },
      items: [{ code: "Q1", question: "q1" }],
    },
  });

const rating = { type: "rating", name: "q1", rateValues: [1, 2, 3, 4, 5, 0], isRequired: true };

describe("the light renderer's coverage", () => {
  it("draws every question type used in surveys/, and every catalog form", () => {
    const used = new Set(catalog.flatMap((d) => [...questionTypesIn(d.survey)]));
    expect(used.size).toBeGreaterThan(5);
    for (const type of used) expect(LIGHT_QUESTION_TYPES as readonly string[]).toContain(type);
    for (const d of catalog)
      expect(buildRespondentForm(d.survey, d).unsupported, d.slug).toEqual([]);
  });

  it("leaves to SurveyJS what it does not draw or would draw differently", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ type: "signaturepad", name: "s" }, /type "signaturepad"/],
      [{ ...rating, enableIf: "{x} = 1" }, /"enableIf"/],
      [{ ...rating, defaultValue: 5 }, /"defaultValue"/],
      [{ ...rating, title: "Ông/Bà {ten} đánh giá" }, /text taken from answers/],
      [{ ...rating, choicesOrder: "random" }, /"choicesOrder"/],
      [{ type: "text", name: "t", inputType: "color" }, /input type "color"/],
    ];
    for (const [el, problem] of cases) {
      const form = buildRespondentForm({ pages: [{ name: "p", elements: [el] }] });
      expect(form.unsupported.join("; ")).toMatch(problem);
    }
    expect(
      buildRespondentForm({ pages: [{ name: "p", elements: [rating] }], triggers: [] }).unsupported,
    ).toEqual(['survey: "triggers" is not supported by the light form']);
    expect(
      buildRespondentForm({
        pages: [{ name: "p", elements: [{ ...rating, choicesOrder: "none" }] }],
      }).unsupported,
    ).toEqual([]);
  });

  it("keeps item codes out of labels, and the wording as it is", () => {
    expect(withoutItemCode("TT_A1. Giới tính", "TT_A1")).toBe("Giới tính");
    expect(withoutItemCode({ default: "A1. Biển báo", en: "A1. Signs" }, "A1")).toEqual({
      default: "Biển báo",
      en: "Signs",
    });
    expect(withoutItemCode("D2. Dân tộc", "d2_dan_toc")).toBe("Dân tộc");
    expect(withoutItemCode("cau9. Chính sách", "cau9")).toBe("Chính sách");
    // Ordinal numbers of the official forms are wording, not codes.
    expect(withoutItemCode("1. Công chức có thái độ giao tiếp lịch sự.", "C1")).toBe(
      "1. Công chức có thái độ giao tiếp lịch sự.",
    );
  });

  it("sets the 'no opinion' level apart, marks same-page conditions live and the surveyor's fields", () => {
    const d = definition({
      pages: [
        {
          name: "p",
          elements: [
            rating,
            { type: "comment", name: "why", visibleIf: "{q1} <= 2" },
            { type: "text", name: "code", audience: "surveyor" },
          ],
        },
        { name: "p2", elements: [{ type: "comment", name: "later", visibleIf: "{q1} = 5" }] },
      ],
    });
    const form = buildRespondentForm(d.survey, d);
    const [q1, why, code] = form.pages[0]!.elements.map((e) =>
      e.kind === "question" ? e.question : undefined,
    );
    expect(q1!.choices.filter((c) => c.apart).map((c) => c.value)).toEqual(["0"]);
    expect(why!.live).toBe(true);
    expect(code!.surveyor).toBe(true);
    const later = form.pages[1]!.elements[0]!;
    expect(later.kind === "question" && later.question.live).toBeFalsy();
    expect(surveyorQuestions(d.survey)).toEqual(["code"]);
  });
});

/** Random answers over the questions' own values: conditions come out true and false. */
function randomAnswers(logic: FormLogic, rand: Random): Answers {
  const out: Answers = {};
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (const q of logic.questions) {
    if (rand() < 0.35) continue;
    const values = (q.v ?? []).map(([, raw]) => raw);
    if (q.k === "one" && values.length) out[q.n] = pick(values);
    else if (q.k === "many" && values.length) out[q.n] = [...new Set([pick(values), pick(values)])];
    else if (q.k === "matrix" && values.length)
      out[q.n] = Object.fromEntries((q.r ?? []).map((r) => [r, pick(values)]));
    else if (q.k === "number") out[q.n] = Math.floor(rand() * 100);
    else out[q.n] = pick(["a", "Khác", " ", "5"]);
    if (q.c && rand() < 0.5) out[commentKey(q.n)] = "ghi rõ";
  }
  return out;
}

/** The form fields a browser would post for these answers. */
function fieldsOf(logic: FormLogic, answers: Answers): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const add = (k: string, v: unknown) => fields.set(k, [...(fields.get(k) ?? []), String(v)]);
  for (const q of logic.questions) {
    const v = answers[q.n];
    if (v !== undefined) {
      if (q.k === "matrix")
        for (const [row, col] of Object.entries(v as object)) add(rowFieldName(q.n, row), col);
      else if (Array.isArray(v)) v.forEach((x) => add(fieldName(q.n), x));
      else add(fieldName(q.n), v);
    }
    if (answers[commentKey(q.n)] !== undefined)
      add(fieldName(commentKey(q.n)), answers[commentKey(q.n)]);
  }
  return fields;
}

describe("the form's logic", () => {
  it("shows and requires in the browser exactly what the validator does, on every catalog form", () => {
    const rand = seededRandom(14);
    let compared = 0;
    let hidden = 0;
    for (const d of catalog) {
      const compiled = compileQuestionnaire(d);
      const { logic } = buildRespondentForm(d.survey, d);
      for (let i = 0; i < 60; i++) {
        const answers = randomAnswers(logic, rand);
        const server = compiled.states(answers);
        const browser = logicStates(logic, answers);
        for (const q of logic.questions) {
          const b = browser.get(q.n)!;
          expect(b.known).toBe(true);
          // The light form leaves enableIf/readOnly to SurveyJS: every question it draws is enabled.
          expect(
            { visible: b.visible, required: b.required, enabled: true },
            `${d.slug} ${q.n}`,
          ).toEqual(server.get(q.n));
          compared++;
          if (!b.visible) hidden++;
        }
        // And the settled answers (hidden ones let go) agree as well.
        const names = logic.questions.map((q) => q.n);
        const a = settle(answers, (x) => logicStates(logic, x), names);
        const b = settle(answers, (x) => compiled.states(x), names);
        expect(a.answers).toEqual(b.answers);
      }
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(hidden).toBeGreaterThan(100);
  });

  it("reads answers back from form fields as the API takes them", () => {
    const rand = seededRandom(7);
    for (const d of catalog) {
      const { logic } = buildRespondentForm(d.survey, d);
      const answers = randomAnswers(logic, rand);
      const fields = fieldsOf(logic, answers);
      const read = answersFromFields(logic, (n) => fields.get(n) ?? []);
      const nonBlank = Object.fromEntries(
        Object.entries(answers).filter(([, v]) => !(typeof v === "string" && v.trim() === "")),
      );
      expect(read, d.slug).toEqual(nonBlank);
    }
  });

  it("lets a hidden question's answer go, and what it showed with it", () => {
    const d = definition({
      pages: [
        {
          name: "p",
          elements: [
            rating,
            { type: "radiogroup", name: "a", choices: [1, 2], visibleIf: "{q1} <= 2" },
            { type: "comment", name: "b", visibleIf: "{a} = 2", isRequired: true },
          ],
        },
      ],
    });
    const { logic } = buildRespondentForm(d.survey, d);
    const names = logic.questions.map((q) => q.n);
    const settled = settle({ q1: 5, a: 2, b: "x" }, (x) => logicStates(logic, x), names);
    expect(settled.answers).toEqual({ q1: 5 });
    expect(settled.states.get("b")).toMatchObject({ visible: false });
    // The validator takes the settled answers as they are.
    expect(compileQuestionnaire(d).validate(settled.answers).ok).toBe(true);
  });

  it("checks a page before it is left: required, limits, and the text of an 'other' answer", () => {
    const d = definition({
      pages: [
        {
          name: "p",
          elements: [
            rating,
            { type: "text", name: "age", inputType: "number", min: 18, max: 120 },
            {
              type: "checkbox",
              name: "why",
              choices: ["x", "y"],
              showOtherItem: true,
              maxSelectedChoices: 1,
            },
          ],
        },
        { name: "p2", elements: [{ type: "comment", name: "c", isRequired: true }] },
      ],
    });
    const { logic } = buildRespondentForm(d.survey, d);
    const check = (answers: Answers, pages?: number[]) =>
      checkAnswers(logic, answers, logicStates(logic, answers), pages).map(
        (p) => `${p.question}:${p.code}`,
      );
    expect(check({ age: 12, why: ["x", "other"] }, [0])).toEqual([
      "q1:required",
      "age:out_of_range",
      "why:too_many_choices",
      "why:other_text",
    ]);
    expect(check({ q1: 4 }, [0])).toEqual([]);
    expect(check({ q1: 4 })).toEqual(["c:required"]);
  });
});
