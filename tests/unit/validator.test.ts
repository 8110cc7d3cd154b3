import { describe, expect, it } from "vitest";
import { parseDefinition } from "~/domain/questionnaire";
import { compileQuestionnaire } from "~/domain/validator";

const compiled = compileQuestionnaire(
  parseDefinition({
    slug: "t-validator",
    meta: { title: "T", sector: "generic", verification: "paraphrase" },
    survey: {
      pages: [
        {
          name: "p1",
          elements: [
            { type: "rating", name: "Q1", isRequired: true },
            { type: "comment", name: "why", visibleIf: "{Q1} <= 2", requiredIf: "{Q1} = 1" },
          ],
        },
      ],
    },
    scoring: {
      method: "generic",
      scale: { levels: [1, 2, 3, 4, 5], satisfied: [4, 5] },
      items: [{ code: "Q1", question: "Q1" }],
    },
  }),
);

describe("compiled questionnaire: states and validate agree", () => {
  it("shows and requires a question by its conditions", () => {
    expect(compiled.states({ Q1: 5 }).get("why")).toEqual({
      visible: false,
      required: false,
      enabled: true,
    });
    expect(compiled.states({ Q1: 2 }).get("why")).toEqual({
      visible: true,
      required: false,
      enabled: true,
    });
    expect(compiled.states({ Q1: 1 }).get("why")).toEqual({
      visible: true,
      required: true,
      enabled: true,
    });
    expect(compiled.states({}).get("Q1")).toEqual({ visible: true, required: true, enabled: true });
  });

  it("refuses what the states say is hidden or required", () => {
    expect(compiled.validate({ Q1: 5, why: "x" })).toMatchObject({
      ok: false,
      errors: [{ question: "why", code: "not_visible" }],
    });
    expect(compiled.validate({ Q1: 1 })).toMatchObject({
      ok: false,
      errors: [{ question: "why", code: "required" }],
    });
    expect(compiled.validate({ Q1: 2 }).ok).toBe(true);
    expect(compiled.validate({ Q1: 4, other: 1 })).toMatchObject({
      ok: false,
      errors: [{ question: "other", code: "unknown_question" }],
    });
  });

  it("refuses a deeply nested answer by its type instead of overflowing the stack", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(compiled.validate({ Q1: 2, why: deep })).toMatchObject({
      ok: false,
      errors: [{ question: "why", code: "wrong_type" }],
    });
    expect(compiled.validate({ Q1: deep }).ok).toBe(false);
    expect(() => compiled.states({ Q1: deep, why: deep })).not.toThrow();
  });
});

describe("choices: too many, too few", () => {
  const choices = compileQuestionnaire(
    parseDefinition({
      slug: "t-choices",
      meta: { title: "T", sector: "generic", verification: "paraphrase" },
      survey: {
        pages: [
          {
            name: "p1",
            elements: [
              { type: "rating", name: "Q1", isRequired: true },
              { type: "checkbox", name: "pick", choices: ["a", "b", "c"], maxSelectedChoices: 2 },
              { type: "ranking", name: "order", choices: ["x", "y", "z"] },
            ],
          },
        ],
      },
      scoring: {
        method: "generic",
        scale: { levels: [1, 2, 3, 4, 5], satisfied: [4, 5] },
        items: [{ code: "Q1", question: "Q1" }],
      },
    }),
  );

  it("refuses more choices than the question allows", () => {
    expect(choices.validate({ Q1: 5, pick: ["a", "b"] }).ok).toBe(true);
    expect(choices.validate({ Q1: 5, pick: ["a", "b", "c"] })).toMatchObject({
      ok: false,
      errors: [{ question: "pick", code: "too_many_choices" }],
    });
    expect(choices.validate({ Q1: 5, pick: ["a", "b", "c", "a"] })).toMatchObject({
      ok: false,
      errors: [{ question: "pick", code: "too_many_choices" }],
    });
  });

  it("refuses a ranking that leaves choices out", () => {
    expect(choices.validate({ Q1: 5, order: ["z", "x", "y"] }).ok).toBe(true);
    expect(choices.validate({ Q1: 5, order: ["z", "x"] })).toMatchObject({
      ok: false,
      errors: [{ question: "order", code: "too_few_choices" }],
    });
  });
});
