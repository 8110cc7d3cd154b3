/**
 * One reading of SurveyJS (issue 19): each rule survey-core 3.0 reads one way, read the same
 * way by the checker and the compiled validator, or refused at upload with a message.
 */
import { describe, expect, it } from "vitest";
import { Model } from "survey-core";
import { DefinitionError } from "~/domain/questionnaire";
import { checkQuestionnaire } from "~/domain/questionnaire-check";
import { compileQuestionnaire } from "~/domain/validator";
import { answerCells, answerColumns } from "~/domain/export-columns";

type Json = Record<string, unknown>;

function doc(elements: unknown[], extra: Json = {}): Json {
  return {
    slug: "t-reading",
    meta: { title: "T", sector: "generic", verification: "own" },
    survey: { pages: [{ name: "p1", elements }], ...extra },
  };
}

function compile(elements: unknown[], extra: Json = {}) {
  return compileQuestionnaire(checkQuestionnaire(doc(elements, extra)));
}

function refusal(raw: Json): string {
  try {
    checkQuestionnaire(raw);
  } catch (e) {
    if (e instanceof DefinitionError) return e.problems.join("\n");
    throw e;
  }
  throw new Error("accepted");
}

/** survey-core's own verdict on these answers. */
function surveyCore(survey: Json, data: Json): boolean {
  const m = new Model(survey);
  m.data = data;
  return m.validate(true, false);
}

describe("1. value|text choices", () => {
  const q = {
    type: "radiogroup",
    name: "who",
    isRequired: true,
    choices: ["fools|Коллегам", "friends|Друзьям", { value: "family|Семье" }],
  };
  it("stores the value before the separator, as survey-core does", () => {
    const c = compile([q]);
    expect(c.validate({ who: "fools" }).ok).toBe(true);
    expect(c.validate({ who: "family" }).ok).toBe(true);
    expect(c.validate({ who: "fools|Коллегам" }).ok).toBe(false);
    expect(surveyCore({ elements: [q] }, { who: "fools" })).toBe(true);
  });
  it("writes the choice in its one reading for every renderer", () => {
    const def = checkQuestionnaire(doc([q]));
    const page = def.survey.pages[0] as { elements: Json[] };
    expect(page.elements[0]!.choices).toEqual([
      { value: "fools", text: "Коллегам" },
      { value: "friends", text: "Друзьям" },
      { value: "family", text: "Семье" },
    ]);
  });
});

describe("2. visible: false with visibleIf", () => {
  it("lets visibleIf decide", () => {
    const c = compile([
      { type: "boolean", name: "a" },
      { type: "text", name: "b", visible: false, visibleIf: "{a} = true", isRequired: true },
    ]);
    expect(c.validate({ a: true, b: "x" }).ok).toBe(true);
    expect(c.validate({ a: true })).toMatchObject({ ok: false, errors: [{ code: "required" }] });
    expect(c.validate({ a: false, b: "x" })).toMatchObject({
      ok: false,
      errors: [{ code: "not_visible" }],
    });
    expect(c.states({ a: true }).get("b")!.visible).toBe(true);
  });
  it("keeps a question without visibleIf hidden", () => {
    const c = compile([{ type: "text", name: "b", visible: false, isRequired: true }]);
    expect(c.validate({}).ok).toBe(true);
    expect(c.validate({ b: "x" }).ok).toBe(false);
  });
});

describe("3. triggers", () => {
  it("are refused at upload with a message, never silently ignored", () => {
    const raw = doc(
      [
        { type: "boolean", name: "a" },
        { type: "text", name: "b", visible: false },
      ],
      {
        triggers: [{ type: "visible", expression: "{a} = true", questions: ["b"] }],
      },
    );
    expect(refusal(raw)).toMatch(/«triggers» \(trigger .*\) chưa được hỗ trợ/);
  });
});

describe("4. requiredIf and enableIf", () => {
  it("requiredIf overrides isRequired (isRequired = result === true)", () => {
    const c = compile([
      { type: "boolean", name: "a" },
      { type: "text", name: "b", isRequired: true, requiredIf: "{a} = true" },
    ]);
    expect(c.validate({ a: false }).ok).toBe(true);
    expect(c.validate({ a: true }).ok).toBe(false);
    expect(c.states({ a: false }).get("b")!.required).toBe(false);
  });
  it("a required question disabled by enableIf is not validated", () => {
    const c = compile([
      { type: "boolean", name: "a" },
      { type: "text", name: "b", isRequired: true, enableIf: "{a} = true" },
      {
        type: "panel",
        name: "p",
        readOnly: true,
        elements: [{ type: "text", name: "c", isRequired: true }],
      },
    ]);
    expect(c.validate({ a: false }).ok).toBe(true);
    expect(c.states({ a: false }).get("b")).toEqual({
      visible: true,
      required: true,
      enabled: false,
    });
    expect(c.validate({ a: true }).ok).toBe(false);
    expect(c.states({}).get("c")!.enabled).toBe(false);
  });
});

describe("5. rating scales exactly as survey-core 3.0 offers them", () => {
  it("rateCount alone offers 1–5; rateValues with autoGenerate offers the generated scale", () => {
    const c = compile([
      { type: "rating", name: "r1", rateCount: 10 },
      { type: "rating", name: "r2", rateValues: [1, 2, 3], autoGenerate: true },
      { type: "rating", name: "r3", rateMin: 0, rateCount: 11 },
    ]);
    expect(c.validate({ r1: 5 }).ok).toBe(true);
    expect(c.validate({ r1: 7 }).ok).toBe(false);
    expect(c.validate({ r2: 5 }).ok).toBe(true);
    expect(c.validate({ r3: 10 }).ok).toBe(true);
  });
  it("refuses at upload a scale with more levels than the form can show well (0–100, 1e7)", () => {
    expect(refusal(doc([{ type: "rating", name: "r", rateMin: 0, rateMax: 100 }]))).toMatch(
      /thang đánh giá có 101 mức, tối đa 11/,
    );
    expect(refusal(doc([{ type: "rating", name: "r", rateMax: 1e7 }]))).toMatch(/tối đa 11/);
  });
});

describe("6. pages[].questions", () => {
  it("is read as elements, also beside pages written with elements", () => {
    const raw = {
      ...doc([]),
      survey: {
        pages: [
          { name: "p1", questions: [{ type: "rating", name: "q1", isRequired: true }] },
          { name: "p2", elements: [{ type: "comment", name: "q2" }] },
        ],
      },
      scoring: {
        method: "generic",
        scale: { levels: [1, 2, 3, 4, 5], satisfied: [4, 5] },
        items: [{ code: "Q1", question: "q1" }],
      },
    };
    const def = checkQuestionnaire(raw);
    const c = compileQuestionnaire(def);
    expect(c.validate({ q1: 4, q2: "ok" }).ok).toBe(true);
    expect(c.validate({ q2: "ok" }).ok).toBe(false);
    expect(def.survey.pages[0]).toMatchObject({ elements: [{ name: "q1" }] });
  });
});

describe("7. validators, with Vietnamese messages", () => {
  const c = compile([
    { type: "text", name: "mail", validators: [{ type: "email" }] },
    {
      type: "text",
      name: "n",
      inputType: "number",
      validators: [{ type: "numeric", minValue: 1, maxValue: 10 }],
    },
    { type: "text", name: "code", validators: [{ type: "regex", regex: "^[0-9]{4}$" }] },
    { type: "comment", name: "why", validators: [{ type: "text", minLength: 5 }] },
    {
      type: "checkbox",
      name: "pick",
      choices: ["a", "b", "c"],
      validators: [{ type: "answercount", maxCount: 2 }],
    },
    {
      type: "text",
      name: "age",
      inputType: "number",
      validators: [{ type: "expression", expression: "{age} >= 18", text: "Phải đủ 18 tuổi" }],
    },
  ]);
  it("are enforced on the server", () => {
    expect(c.validate({ mail: "x" })).toMatchObject({
      ok: false,
      errors: [
        { question: "mail", code: "validator", message: expect.stringMatching(/thư điện tử/) },
      ],
    });
    expect(c.validate({ mail: "an@so.gov.vn" }).ok).toBe(true);
    expect(c.validate({ n: 11 }).ok).toBe(false);
    expect(c.validate({ n: 3 }).ok).toBe(true);
    expect(c.validate({ code: "12a4" }).ok).toBe(false);
    expect(c.validate({ code: "1234" }).ok).toBe(true);
    expect(c.validate({ why: "ngắn" }).ok).toBe(false);
    expect(c.validate({ pick: ["a", "b", "c"] }).ok).toBe(false);
    expect(c.validate({ age: 16 })).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/Phải đủ 18 tuổi/) }],
    });
    expect(c.validate({ age: 30 }).ok).toBe(true);
  });
  it("refuses a regular expression that could block the event loop", () => {
    expect(
      refusal(
        doc([{ type: "text", name: "t", validators: [{ type: "regex", regex: "^(a+)+$" }] }]),
      ),
    ).toMatch(/ReDoS/);
  });
});

describe("8. multipletext, ranking and collection-only questionnaires", () => {
  const c = compile([
    {
      type: "multipletext",
      name: "contact",
      items: [
        { name: "district", isRequired: true },
        { name: "years", inputType: "number", validators: [{ type: "numeric", minValue: 0 }] },
      ],
    },
    { type: "ranking", name: "priorities", choices: ["speed", "courtesy", "cost"] },
  ]);
  it("validates multipletext boxes and ranking orders", () => {
    expect(c.validate({ contact: { district: "Ba Đình", years: 3 } }).ok).toBe(true);
    expect(c.validate({ contact: { years: 3 } }).ok).toBe(false);
    expect(c.validate({ contact: { district: "x", other: "y" } }).ok).toBe(false);
    expect(
      c.validate({ contact: { district: "x" }, priorities: ["cost", "speed", "courtesy"] }),
    ).toMatchObject({
      ok: true,
      rollup: [
        ["priorities.cost", "1"],
        ["priorities.speed", "2"],
        ["priorities.courtesy", "3"],
      ],
    });
    expect(c.validate({ contact: { district: "x" }, priorities: ["cost", "speed"] }).ok).toBe(
      false,
    );
    expect(
      c.validate({ contact: { district: "x" }, priorities: ["cost", "cost", "speed"] }).ok,
    ).toBe(false);
  });
  it("exports a column per box and per ranked choice", () => {
    const def = checkQuestionnaire(
      doc([
        { type: "multipletext", name: "contact", items: [{ name: "district" }, { name: "years" }] },
        { type: "ranking", name: "priorities", choices: ["speed", "courtesy"] },
      ]),
    );
    const cols = answerColumns(def, compileQuestionnaire(def));
    expect(cols.map((k) => k.key)).toEqual([
      "contact.district",
      "contact.years",
      "priorities.speed",
      "priorities.courtesy",
    ]);
    expect(
      answerCells(
        cols,
        { contact: { district: "Ba Đình" }, priorities: ["courtesy", "speed"] },
        "codes",
      ),
    ).toEqual(["Ba Đình", null, 2, 1]);
  });
  it("accepts a questionnaire with no scoring block (counts and distributions only)", () => {
    const def = checkQuestionnaire(doc([{ type: "comment", name: "idea" }]));
    expect(def.scoring.items).toEqual([]);
    // Stored as JSON and read again (loadVersion): still a collection-only questionnaire.
    expect(checkQuestionnaire(JSON.parse(JSON.stringify(def))).scoring.items).toEqual([]);
  });
});
