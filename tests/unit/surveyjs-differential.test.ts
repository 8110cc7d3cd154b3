/**
 * The differential test: survey-core 3.0's Model is the oracle for the compiled validator.
 * fast-check generates questionnaires within what the checker allows, and respondent walks
 * through them (page by page, answering only what is visible and enabled at that moment); a
 * set survey-core validates must be accepted, one it refuses must be refused. From each
 * accepted set, targeted invalid sets (a visible required answer missing, an answer to a
 * hidden question, a choice not offered, a rating off the scale, a broken validator) must be
 * refused. Seeded: the same cases every run.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Model } from "survey-core";
import { checkQuestionnaire } from "~/domain/questionnaire-check";
import { compileQuestionnaire, type CompiledQuestionnaire } from "~/domain/validator";
import { seededRandom, type Random } from "~/domain/synthetic";
import { answerFor, surveyCoreAccepts, walk } from "../fixtures/surveyjs-oracle";

type Json = Record<string, unknown>;

const counts = { questionnaires: 0, valid: 0, invalidBySurveyCore: 0, targeted: 0 };
const targetedKinds: Record<string, number> = {};

/* ---------------------------------------------------------------- questionnaire generator */

interface Seeded {
  name: string;
  type: string;
  /** Values a condition on this question can compare with. */
  values: Array<string | number | boolean>;
}

const CHOICE_SETS = [
  ["a", "b", "c"],
  ["yes|Có", "no|Không", "dk|Không biết"],
  [1, 2, 3, 4],
  [{ value: "x|Chữ X" }, { value: "y", text: "Chữ Y" }, "z"],
];

function choiceValue(c: unknown): string | number {
  if (typeof c === "number") return c;
  const s = typeof c === "string" ? c : String((c as Json).value);
  return s.includes("|") ? s.slice(0, s.indexOf("|")) : s;
}

const arbCondition = (earlier: Seeded[]) =>
  earlier.length === 0
    ? fc.constant(undefined)
    : fc.oneof(
        fc.constant(undefined),
        fc.constant(undefined),
        fc
          .tuple(
            fc.nat(earlier.length - 1),
            fc.nat(10),
            fc.constantFrom("=", "!=", "notempty", "empty", "anyof"),
          )
          .map(([i, j, op]) => {
            const q = earlier[i]!;
            const v = q.values.length ? q.values[j % q.values.length] : "x";
            const lit = typeof v === "string" ? `'${v}'` : String(v);
            if (op === "notempty" || op === "empty") return `{${q.name}} ${op}`;
            if (op === "anyof") return `{${q.name}} anyof [${lit}]`;
            return `{${q.name}} ${op} ${lit}`;
          }),
      );

function arbQuestion(name: string, earlier: Seeded[]): fc.Arbitrary<[Json, Seeded]> {
  const common = fc.record({
    isRequired: fc.boolean(),
    visibleIf: arbCondition(earlier),
    requiredIf: fc.oneof(fc.constant(undefined), fc.constant(undefined), arbCondition(earlier)),
    enableIf: fc.oneof(fc.constant(undefined), fc.constant(undefined), arbCondition(earlier)),
    visible: fc.constantFrom(undefined, undefined, undefined, false),
    readOnly: fc.constantFrom(undefined, undefined, undefined, undefined, true),
  });
  const clean = (o: Json) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Json;
  const kinds: Array<fc.Arbitrary<[Json, Seeded]>> = [
    fc
      .tuple(
        fc.constantFrom("radiogroup", "dropdown"),
        fc.nat(CHOICE_SETS.length - 1),
        fc.boolean(),
      )
      .map(([type, i, none]) => {
        const choices = CHOICE_SETS[i]!;
        const q: Json = { type, name, choices, ...(none ? { showNoneItem: true } : {}) };
        return [q, { name, type, values: choices.map(choiceValue) }];
      }),
    fc
      .tuple(
        fc.constantFrom("checkbox", "tagbox"),
        fc.nat(CHOICE_SETS.length - 1),
        fc.constantFrom(undefined, 2),
        fc.constantFrom(undefined, 2),
        fc.boolean(),
      )
      .map(([type, i, min, max, count]) => {
        const choices = CHOICE_SETS[i]!;
        const q: Json = clean({
          type,
          name,
          choices,
          minSelectedChoices: min,
          maxSelectedChoices: max,
          validators: count ? [{ type: "answercount", maxCount: 2 }] : undefined,
        });
        return [q, { name, type, values: choices.map(choiceValue) }];
      }),
    fc.tuple(fc.nat(CHOICE_SETS.length - 1), fc.boolean()).map(([i, toRank]) => {
      const choices = CHOICE_SETS[i === 1 ? 0 : i]!;
      const q: Json = {
        type: "ranking",
        name,
        choices,
        ...(toRank ? { selectToRankEnabled: true } : {}),
      };
      return [q, { name, type: "ranking", values: [] }];
    }),
    fc
      .constantFrom<Json>(
        {},
        { rateCount: 10 },
        { rateMin: 0, rateMax: 10 },
        { rateMin: 0, rateCount: 4 },
        { rateValues: [1, 2, 3], autoGenerate: true },
        { rateValues: [1, 2, 3] },
        { rateValues: ["bad|Tệ", "ok|Được", "good|Tốt"] },
        { rateMin: 1, rateMax: 10, rateStep: 3 },
        { rateType: "smileys", rateMin: 0, rateMax: 10 },
      )
      .map((props) => {
        const q: Json = { type: "rating", name, ...props };
        const m = new Model({ elements: [q] });
        const values = (
          m.getQuestionByName(name) as unknown as {
            visibleRateValues: Array<{ value: string | number }>;
          }
        ).visibleRateValues.map((x) => x.value);
        return [q, { name, type: "rating", values }];
      }),
    fc.constant<[Json, Seeded]>([
      { type: "boolean", name },
      { name, type: "boolean", values: [true, false] },
    ]),
    fc
      .constantFrom<Json>(
        {},
        { inputType: "number", min: 0, max: 10 },
        { inputType: "number", validators: [{ type: "numeric", minValue: 2, maxValue: 8 }] },
        { inputType: "email", validators: [{ type: "email" }] },
        { validators: [{ type: "text", minLength: 3, maxLength: 8 }] },
        { validators: [{ type: "regex", regex: "^[a-z]+$" }] },
        { maxLength: 5 },
      )
      .map((props) => [
        { type: "text", name, ...props },
        { name, type: "text", values: ["abc", 5] },
      ]),
    fc.constant<[Json, Seeded]>([
      { type: "comment", name },
      { name, type: "comment", values: ["ok"] },
    ]),
    fc.boolean().map((each) => [
      {
        type: "matrix",
        name,
        rows: ["r1", "r2|Hàng 2"],
        columns: [1, 2, 3],
        ...(each ? { eachRowRequired: true } : {}),
      },
      { name, type: "matrix", values: [] },
    ]),
    fc.boolean().map((req) => [
      {
        type: "multipletext",
        name,
        items: [
          { name: "first", isRequired: req },
          { name: "age", inputType: "number", validators: [{ type: "numeric", minValue: 18 }] },
        ],
      },
      { name, type: "multipletext", values: [] },
    ]),
  ];
  return fc
    .tuple(fc.oneof(...kinds), common)
    .map(([[q, seeded], c]) => [clean({ ...q, ...c }), seeded]);
}

const arbSurvey: fc.Arbitrary<Json> = fc
  .tuple(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean())
  .chain(([n, pages, alias, panel]) => {
    // Questions in form order, each seeing those before it.
    let arb: fc.Arbitrary<Array<[Json, Seeded]>> = fc.constant([]);
    for (let i = 0; i < n; i++) {
      arb = arb.chain((done) =>
        arbQuestion(
          `q${i + 1}`,
          done.map(([, s]) => s),
        ).map((next) => [...done, next]),
      );
    }
    return fc.tuple(arb, arbCondition([])).map(([qs]) => {
      const per = Math.ceil(qs.length / pages);
      const out: Json[] = [];
      for (let p = 0; p * per < qs.length; p++) {
        let elements: unknown[] = qs.slice(p * per, (p + 1) * per).map(([q]) => q);
        if (panel && p === 0 && elements.length > 1)
          elements = [
            elements[0],
            { type: "panel", name: `panel${p}`, elements: elements.slice(1) },
          ];
        out.push(
          alias && p === 0
            ? { name: `page${p}`, questions: elements }
            : { name: `page${p}`, elements },
        );
      }
      return { pages: out };
    });
  });

/* ------------------------------------------------------------------------ targeted sets */

function targeted(
  json: Json,
  compiled: CompiledQuestionnaire,
  data: Json,
  r: Random,
): Array<[string, Json]> {
  const out: Array<[string, Json]> = [];
  const states = compiled.states(data);
  const byName = new Map(compiled.questions.map((q) => [q.name, q]));
  for (const q of compiled.questions) {
    const s = states.get(q.name)!;
    const v = data[q.name];
    const answered = v !== undefined;
    if (s.visible && s.enabled && s.required && answered && q.kind !== "multipletext") {
      const copy = { ...data };
      delete copy[q.name];
      // Only if survey-core itself would refuse it (another question's condition may hide it now).
      if (!surveyCoreAccepts(json, copy)) out.push(["missing required", copy]);
    }
    if (!s.visible && !answered) {
      const m = new Model(json);
      const sq = m.getQuestionByName(q.name);
      const value = answerFor(sq, r);
      if (
        value !== undefined &&
        !(Array.isArray(value) && value.length === 0) &&
        !(typeof value === "object" && value && Object.keys(value).length === 0)
      )
        out.push(["hidden answered", { ...data, [q.name]: value }]);
    }
    if (answered && (q.kind === "choice" || q.kind === "multi"))
      out.push(["choice not offered", { ...data, [q.name]: q.kind === "multi" ? ["zzz"] : "zzz" }]);
    if (answered && q.kind === "rating") {
      const max = Math.max(
        ...[...byName.get(q.name)!.values.values()].map(Number).filter(Number.isFinite),
        0,
      );
      out.push(["rating off the scale", { ...data, [q.name]: max + 1 }]);
    }
    if (answered && s.visible && s.enabled && q.validators.length > 0) {
      const bad: Record<string, unknown> = {
        numeric: 100,
        email: "not-an-email",
        text: "ab",
        regex: "ABC1",
        answercount: [...q.values.values()].slice(0, 3),
      };
      const kind = q.validators[0]!.kind;
      const value = bad[kind];
      if (value !== undefined) {
        const copy = { ...data, [q.name]: value };
        if (!surveyCoreAccepts(json, copy)) out.push(["broken validator", copy]);
      }
    }
  }
  return out;
}

/* ------------------------------------------------------------------------------- tests */

describe("one reading of SurveyJS: the compiled validator agrees with survey-core 3.0", () => {
  afterAll(() => {
    console.log(
      `differential test: ${counts.questionnaires} questionnaires, ${counts.valid} answer sets survey-core accepts (all 201), ${counts.invalidBySurveyCore} it refuses (all 422), ${counts.targeted} targeted invalid sets (all 422): ${JSON.stringify(targetedKinds)}`,
    );
  });

  it("accepts every walk survey-core accepts and refuses every one it refuses", () => {
    fc.assert(
      fc.property(arbSurvey, fc.integer({ min: 1, max: 2 ** 30 }), (survey, seed) => {
        const definition = checkQuestionnaire({
          slug: "differential",
          meta: { title: "Thử", sector: "generic", verification: "own" },
          survey,
        });
        const compiled = compileQuestionnaire(definition);
        const json = definition.survey as Json;
        counts.questionnaires++;
        const r = seededRandom(seed);
        for (let walkNo = 0; walkNo < 3; walkNo++) {
          const { valid, data } = walk(json, r);
          const verdict = compiled.validate(data);
          if (valid) counts.valid++;
          else counts.invalidBySurveyCore++;
          expect(
            verdict.ok,
            `${JSON.stringify(json)}\n${JSON.stringify(data)}\n${JSON.stringify(verdict)}`,
          ).toBe(valid);
          if (!valid) continue;
          for (const [kind, bad] of targeted(json, compiled, data, r)) {
            counts.targeted++;
            targetedKinds[kind] = (targetedKinds[kind] ?? 0) + 1;
            expect(
              compiled.validate(bad).ok,
              `${kind}\n${JSON.stringify(json)}\n${JSON.stringify(bad)}`,
            ).toBe(false);
          }
        }
      }),
      { seed: 19, numRuns: 100 },
    );
    expect(counts.valid).toBeGreaterThan(80);
    expect(counts.invalidBySurveyCore).toBeGreaterThan(20);
    expect(counts.targeted).toBeGreaterThan(150);
    // ~20 s on an idle 2-core machine; a loaded one takes longer.
  }, 120_000);
});
