/**
 * Property-based (fast-check): random answer sets for every questionnaire in surveys/,
 * made by mutating valid synthetic answers (wrong types, values off the scale, odd text,
 * unknown and prototype-looking keys, deep or hostile objects, fields removed) and sent
 * as JSON text, as a client would.
 *   1. The compiled validator never throws; what it accepts re-validates, with the same
 *      rollup, after a JSON round trip (what the database stores).
 *   2. The API (route → ingestion → group-commit writer → SQLite) never answers 5xx or
 *      throws; an accepted response is stored exactly as sent (less contact details: the
 *      campaign is anonymous) and re-validates; anything
 *      rejected stores nothing; a resent id answers 200 and changes nothing.
 * Seeded (FC_SEED, default below) so CI runs the same cases; fast-check prints the seed
 * and the smallest failing case.
 */
import { identifyingQuestions, withoutAnswers } from "~/domain/anonymity";
import fc from "fast-check";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDefinition, type QuestionnaireDefinition } from "~/domain/questionnaire";
import { deriveIndicators } from "~/domain/scoring";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import {
  compileQuestionnaire,
  type CompiledQuestion,
  type CompiledQuestionnaire,
} from "~/domain/validator";
import { action } from "~/routes/api.v1.responses";
import { setAppContext } from "~/services/context.server";
import { makeTestApp } from "../fixtures/app";

const SEED = Number(process.env.FC_SEED ?? 20261121);
const VALIDATOR_RUNS = 250;
const API_RUNS = 50;

const CODES = new Set([
  "unknown_question",
  "not_visible",
  "required",
  "invalid_choice",
  "out_of_scale",
  "wrong_type",
  "too_long",
  "too_many_choices",
  "too_few_choices",
  "out_of_range",
]);

const slugs = readdirSync("surveys")
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -5))
  .sort();

function load(slug: string) {
  const definition = parseDefinition(JSON.parse(readFileSync(`surveys/${slug}.json`, "utf8")));
  return { definition, compiled: compileQuestionnaire(definition) };
}

// ------------------------------------------------------------------ arbitraries

const ODD_TEXT = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "<script>alert(1)</script>",
  "'); DROP TABLE response; --",
  "\u202egnp.exe",
  "e\u0301\u0302\u0303",
  "👍🏽👨‍👩‍👧‍👦🇻🇳",
  "Tiếng Việt".normalize("NFD"),
  "\uFEFF\u200b\u2028",
  "../../etc/passwd",
  "%2e%2e%2f",
  "1e309",
  "NaN",
  "[object Object]",
];

const oddText = fc.oneof(
  fc.constantFrom(...ODD_TEXT),
  fc.string({ maxLength: 30, unit: "grapheme" }),
  fc.string({ maxLength: 30, unit: "binary" }),
);

/** Values that JSON can carry but no question takes, including nested and hostile objects. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(
    null,
    [],
    {},
    { toString: 1 },
    { valueOf: 1, toString: "x" },
    [{ toString: 1 }],
    [[1]],
    { a: { b: { c: { d: 1 } } } },
    1e308,
    -0,
    0.5,
  ),
  fc.nat({ max: 2000 }).map((n) => JSON.parse("[".repeat(n + 1) + "]".repeat(n + 1)) as unknown),
);

function valueFor(q: CompiledQuestion): fc.Arbitrary<unknown> {
  const raw = [...q.values.values()];
  const choice: fc.Arbitrary<unknown> = raw.length > 0 ? fc.constantFrom(...raw) : fc.constant(1);
  const near = (n: number | undefined) => (n === undefined ? [] : [n - 1, n, n + 1]);
  const number = fc.oneof(
    fc.integer({ min: -3, max: 130 }),
    fc.double(),
    fc.constantFrom(...near(q.min), ...near(q.max), 0),
  );
  let likely: fc.Arbitrary<unknown>;
  switch (q.kind) {
    case "rating":
    case "choice":
      likely = fc.oneof(choice, choice.map(String), number);
      break;
    case "boolean":
      likely = fc.oneof(fc.boolean(), choice, fc.constantFrom("true", 1, 0));
      break;
    case "multi":
      likely = fc.array(fc.oneof(choice, choice, number, oddText), { maxLength: raw.length + 2 });
      break;
    case "matrix": {
      const rows = [...q.rows];
      likely = fc.dictionary(
        fc.oneof(fc.constantFrom(...rows), fc.constantFrom(...rows), oddText),
        fc.oneof(choice, choice, number, junk),
        { maxKeys: rows.length + 1 },
      );
      break;
    }
    case "text":
    case "comment":
      likely = q.numeric
        ? fc.oneof(number, number.map(String))
        : fc.oneof(
            oddText,
            fc.integer({ min: 0, max: 3 }).map((d) => "x".repeat(Math.max(0, q.maxLength - 1 + d))),
          );
      break;
    default:
      likely = fc.oneof(oddText, number, fc.boolean());
  }
  return fc.oneof({ weight: 5, arbitrary: likely }, { weight: 1, arbitrary: junk });
}

type Entry = [key: string, value: unknown];
type Mutation = { op: "set"; entry: Entry } | { op: "delete"; key: string };

/** Valid synthetic answers, then a few random mutations; as the JSON text a client sends. */
function answersText(compiled: CompiledQuestionnaire): fc.Arbitrary<string> {
  const questions = compiled.questions;
  const comments = questions.filter((q) => q.commentKey).map((q) => q.commentKey!);
  const unknownKey = fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.constantFrom(
      "__proto__",
      "constructor",
      "toString",
      "valueOf",
      "hasOwnProperty",
      "$responses",
      `${questions[0]!.name}.x`,
    ),
  );
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...questions)
        .chain((q) => valueFor(q).map((v): Mutation => ({ op: "set", entry: [q.name, v] }))),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...questions.map((q) => q.name))
        .map((key): Mutation => ({ op: "delete", key })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(unknownKey, junk)
        .map(([k, v]): Mutation => ({ op: "set", entry: [k, v] })),
    },
    ...(comments.length > 0
      ? [
          {
            weight: 1,
            arbitrary: fc
              .tuple(fc.constantFrom(...comments), oddText)
              .map(([k, v]): Mutation => ({ op: "set", entry: [k, v] })),
          },
        ]
      : []),
  );
  return fc
    .tuple(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.array(mutation, { maxLength: 4 }),
    )
    .map(([seed, satisfaction, mutations]) => {
      const base = syntheticAnswers(compiled, seededRandom(seed), { satisfaction });
      const entries = new Map<string, unknown>(Object.entries(base));
      for (const m of mutations) {
        if (m.op === "delete") entries.delete(m.key);
        else entries.set(m.entry[0], m.entry[1]);
      }
      // Written out by hand so that "__proto__" is an own key, as JSON.parse makes it.
      return `{${[...entries]
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`)
        .join(",")}}`;
    });
}

function checkAccepted(
  definition: QuestionnaireDefinition,
  compiled: CompiledQuestionnaire,
  stored: string,
) {
  const again = compiled.validate(JSON.parse(stored));
  expect(again.ok).toBe(true);
  expect(() => deriveIndicators(definition, JSON.parse(stored))).not.toThrow();
  return again;
}

// ------------------------------------------------------------------ 1. validator

describe.each(slugs)("compiled validator: %s", (slug) => {
  it("never throws; accepted answers re-validate after a JSON round trip", () => {
    const { definition, compiled } = load(slug);
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(answersText(compiled), (text) => {
        const answers = JSON.parse(text) as Record<string, unknown>;
        const result = compiled.validate(answers);
        if (result.ok) {
          accepted++;
          const again = checkAccepted(definition, compiled, JSON.stringify(answers));
          expect(again).toEqual(result);
        } else {
          rejected++;
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(typeof e.question).toBe("string");
            expect(CODES.has(e.code)).toBe(true);
            expect(e.message.length).toBeGreaterThan(10);
          }
        }
      }),
      { seed: SEED, numRuns: VALIDATOR_RUNS },
    );
    // The generator reaches both sides, or the property proves little.
    expect(accepted).toBeGreaterThan(VALIDATOR_RUNS / 20);
    expect(rejected).toBeGreaterThan(VALIDATOR_RUNS / 4);
  });
});

// ------------------------------------------------------------------ 2. the API

describe.each(slugs)("POST /api/v1/responses: %s", (slug) => {
  let app: Awaited<ReturnType<typeof makeTestApp>>;
  beforeAll(async () => {
    app = await makeTestApp({ surveysDir: "surveys", slug });
  });
  afterAll(async () => app?.cleanup());

  async function stored() {
    const rows = await app.ctx.db.selectFrom("response").select(["client_id", "answers"]).execute();
    const total = await app.ctx.db
      .selectFrom("rollup")
      .select((eb) => eb.fn.sum<number>("count").as("s"))
      .executeTakeFirst();
    return { rows, total: Number(total?.s ?? 0) };
  }

  async function post(body: string) {
    const res = (await action({
      request: new Request("http://localhost/api/v1/responses", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      }),
      params: {},
      context: { clientKey: randomUUID() },
    })) as Response;
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it("never answers 5xx; accepted is stored as sent and re-validates; rejected stores nothing", async () => {
    setAppContext(app.ctx);
    const { definition, compiled } = load(slug);
    const envelope = fc.record({
      answers: answersText(compiled),
      // Now and then the envelope is wrong too, or the id is one already stored.
      id: fc.oneof(
        { weight: 8, arbitrary: fc.constant("fresh") },
        { weight: 1, arbitrary: fc.constant("again") },
        { weight: 1, arbitrary: fc.oneof(oddText, fc.jsonValue({ maxDepth: 1 })) },
      ),
      token: fc.oneof(
        { weight: 9, arbitrary: fc.constant("ok") },
        { weight: 1, arbitrary: fc.oneof(oddText, fc.jsonValue({ maxDepth: 1 })) },
      ),
      extra: fc.option(
        fc.tuple(fc.constantFrom("locale", "startedAt", "note"), fc.jsonValue({ maxDepth: 1 })),
        {
          freq: 5,
        },
      ),
    });
    const acceptedIds: string[] = [];
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(envelope, async (e) => {
        const id =
          e.id === "fresh"
            ? randomUUID()
            : e.id === "again"
              ? (acceptedIds[0] ?? randomUUID())
              : e.id;
        const fields = [
          `"id":${JSON.stringify(id)}`,
          `"token":${JSON.stringify(e.token === "ok" ? app.link.token : e.token)}`,
          `"answers":${e.answers}`,
        ];
        if (e.extra) fields.push(`${JSON.stringify(e.extra[0])}:${JSON.stringify(e.extra[1])}`);
        const before = await stored();
        const res = await post(`{${fields.join(",")}}`);
        expect(res.status).toBeLessThan(500);
        const after = await stored();
        if (res.status === 201) {
          accepted++;
          acceptedIds.push(id as string);
          expect(after.rows).toHaveLength(before.rows.length + 1);
          const row = after.rows.find((r) => r.client_id === String(id).toLowerCase())!;
          // As sent, less any contact detail: the fixture's campaign is anonymous.
          const kept = withoutAnswers(
            JSON.parse(e.answers),
            identifyingQuestions(definition.survey),
          );
          expect(row.answers).toBe(JSON.stringify(kept));
          checkAccepted(definition, compiled, row.answers);
        } else {
          if (res.status !== 200) rejected++;
          expect([200, 400, 404, 410, 422]).toContain(res.status);
          expect(after).toEqual(before);
        }
      }),
      { seed: SEED, numRuns: API_RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
