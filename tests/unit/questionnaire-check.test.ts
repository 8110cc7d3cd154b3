/**
 * The questionnaire checker against hostile questionnaires (issue 13, findings 1–3, upload
 * side): markup reduced to formatting, reserved names refused, costs refused before they are
 * paid, a Vietnamese message naming the question and the rule.
 */
import { describe, expect, it } from "vitest";
import { DefinitionError } from "~/domain/questionnaire";
import {
  checkQuestionnaire,
  LIMITS,
  readStoredQuestionnaire,
  sanitizeQuestionnaireHtml,
} from "~/domain/questionnaire-check";
import { compileQuestionnaire } from "~/domain/validator";

type Json = Record<string, unknown>;

const doc = (elements: unknown[], extra: Json = {}): Json => ({
  slug: "t-check",
  meta: { title: "T", sector: "generic", verification: "own" },
  survey: { pages: [{ name: "p1", elements }], ...extra },
});

function refusal(raw: unknown): string[] {
  try {
    checkQuestionnaire(raw);
  } catch (e) {
    if (e instanceof DefinitionError) return e.problems;
    throw e;
  }
  throw new Error("accepted");
}

/** Runs f and returns how long it blocked, in ms. */
function timed(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

const ESCALATION = `<p>Cảm ơn</p>
<form action="/admin/people/u1" method="post" target="x"><input type="hidden" name="role" value="admin">
<button style="position:fixed;inset:0;opacity:0">go</button></form>
<iframe name="x" src="/admin"></iframe><meta http-equiv="refresh" content="0;url=https://evil.example">
<link rel="stylesheet" href="https://evil.example/x.css"><style>body{display:none}</style>
<script>fetch('/admin')</script><img src="x" onerror="alert(1)"><a href="javascript:alert(1)">x</a>
<a href="https://so.gov.vn" onclick="alert(1)">Sở</a><div style="position:fixed;inset:0">phủ kín</div>`;

describe("finding 1: questionnaire HTML", () => {
  it("keeps formatting and drops form, button, input, iframe, meta, link, style, script, handlers, javascript: URLs", () => {
    const out = sanitizeQuestionnaireHtml(ESCALATION);
    for (const bad of [
      "<form",
      "<input",
      "<button",
      "<iframe",
      "<meta",
      "<link",
      "<style",
      "<script",
      "onerror",
      "onclick",
      "javascript:",
      "style=",
      "position:fixed",
    ])
      expect(out).not.toContain(bad);
    expect(out).toContain("<p>Cảm ơn</p>");
    expect(out).toContain('<a href="https://so.gov.vn" target="_blank" rel="noopener noreferrer">');
  });

  it("sanitises every HTML place of an upload: html elements (each locale) and completed pages", () => {
    const def = checkQuestionnaire(
      doc(
        [
          {
            type: "html",
            name: "intro",
            html: { default: ESCALATION, en: "<script>x</script>ok" },
          },
          { type: "comment", name: "c" },
        ],
        {
          completedHtml: ESCALATION,
          completedHtmlOnCondition: [{ expression: "{c} notempty", html: ESCALATION }],
        },
      ),
    );
    const text = JSON.stringify(def.survey);
    expect(text).not.toMatch(/<form|<iframe|<meta|<script|onerror|javascript:/);
    expect(text).toContain("Cảm ơn");
  });

  it("leaves {placeholders} out of attributes, where SurveyJS would put answers after sanitising", () => {
    expect(sanitizeQuestionnaireHtml('<a href="{url}">x</a><img src="{pic}">')).toBe(
      '<a target="_blank" rel="noopener noreferrer">x</a><img />',
    );
  });

  it("reads a version stored before the checker in its harmless form", () => {
    const { definition, problems } = readStoredQuestionnaire(
      doc(
        [
          { type: "html", name: "intro", html: ESCALATION },
          { type: "comment", name: "c" },
        ],
        {
          triggers: [{ type: "complete", expression: "{c} = 1" }],
          navigateToUrl: "https://evil.example",
        },
      ),
    );
    const text = JSON.stringify(definition.survey);
    expect(text).not.toMatch(/<form|<iframe|<meta|<script|evil\.example|triggers/);
    expect(problems.join("\n")).toMatch(/triggers[\s\S]*navigateToUrl/);
  });
});

describe("finding 2: reserved names", () => {
  it.each(["__proto__", "constructor", "prototype", "hasOwnProperty", "toString"])(
    "refuses a question named %s, naming it",
    (name) => {
      expect(refusal(doc([{ type: "text", name }])).join("\n")).toMatch(
        new RegExp(`«${name}» là tên dành riêng`),
      );
    },
  );

  it("refuses reserved choice values, matrix rows and columns", () => {
    expect(
      refusal(doc([{ type: "checkbox", name: "q", choices: ["a", "__proto__"] }])).join(),
    ).toMatch(/dành riêng/);
    expect(
      refusal(doc([{ type: "matrix", name: "m", rows: ["constructor"], columns: [1, 2] }])).join(),
    ).toMatch(/dành riêng/);
  });

  it("says which question and which rule, in Vietnamese", () => {
    const problems = refusal(
      doc([
        { type: "file", name: "upload" },
        { type: "text", name: "t", maskType: "numeric" },
      ]),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^Câu hỏi «upload»: loại câu hỏi «file» chưa được hỗ trợ/),
      expect.stringMatching(/^Câu hỏi «t»: «maskType» \(mặt nạ nhập liệu\) chưa được hỗ trợ/),
    ]);
  });
});

describe("finding 3: costs refused before they are paid", () => {
  it("a rating with rateMax 1e7 or 2e6 is refused at once, never listed", () => {
    for (const rateMax of [1e7, 2e6])
      expect(timed(() => refusal(doc([{ type: "rating", name: "r", rateMax }])))).toBeLessThan(200);
  });

  it("a 1 MB visibleIf of 60,000 or terms is refused without parsing it", () => {
    const huge = Array.from({ length: 60_000 }, (_, i) => `{a} = ${i}`).join(" or ");
    expect(huge.length).toBeGreaterThan(LIMITS.expressionLength);
    let problems: string[] = [];
    const ms = timed(() => {
      problems = refusal(
        doc([
          { type: "text", name: "a" },
          { type: "text", name: "b", visibleIf: huge },
        ]),
      );
    });
    expect(problems.join()).toMatch(/biểu thức dài .* tối đa 1000/);
    expect(ms).toBeLessThan(500);
  });

  it("a deep expression within the length limit is refused too", () => {
    const deep = `${"sum(".repeat(40)}{a}${")".repeat(40)} = 1`;
    expect(
      refusal(
        doc([
          { type: "text", name: "a" },
          { type: "text", name: "b", visibleIf: deep },
        ]),
      ).join(),
    ).toMatch(/lồng .* tầng/);
  });

  it("20,000 nested panels are refused by depth, without recursion", () => {
    let el: Json = { type: "text", name: "leaf" };
    for (let i = 0; i < 20_000; i++) el = { type: "panel", name: `p${i}`, elements: [el] };
    const ms = timed(() => expect(refusal(doc([el])).join()).toMatch(/lồng nhau quá/));
    expect(ms).toBeLessThan(500);
  });

  it("checks a checkbox answer's shape before any condition sees it (anyof over 16,000 items)", () => {
    const choices = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const compiled = compileQuestionnaire(
      checkQuestionnaire(
        doc([
          { type: "checkbox", name: "a", choices },
          { type: "checkbox", name: "b", choices },
          { type: "comment", name: "c", visibleIf: "{a} anyof {b}" },
        ]),
      ),
    );
    const big = Array.from({ length: 16_000 }, (_, i) => `x${i}`);
    let result: ReturnType<typeof compiled.validate> | undefined;
    const ms = timed(() => {
      result = compiled.validate({ a: big, b: big, c: "x" });
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { question: "a", code: "too_many_choices" },
        { question: "b", code: "too_many_choices" },
      ],
    });
    expect(ms).toBeLessThan(50);
    // Duplicates and unknown members are refused the same way.
    expect(compiled.validate({ a: ["c1", "c1"] }).ok).toBe(false);
    expect(compiled.validate({ a: ["c1", "zz"] }).ok).toBe(false);
  });

  it("limits choices, questions, validators and the document itself", () => {
    const many = Array.from({ length: LIMITS.choices + 1 }, (_, i) => `c${i}`);
    expect(refusal(doc([{ type: "radiogroup", name: "q", choices: many }])).join()).toMatch(
      /tối đa 300/,
    );
    const questions = Array.from({ length: LIMITS.elements + 1 }, (_, i) => ({
      type: "text",
      name: `q${i}`,
    }));
    expect(refusal(doc(questions)).join()).toMatch(/quá 1000/);
  });
});
