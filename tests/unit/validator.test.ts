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
