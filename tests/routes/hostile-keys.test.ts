/**
 * Names and values taken from data never act as object keys with a meaning of their own.
 * A questionnaire stored before uploads were checked may name questions, choices, matrix
 * rows and scoring codes `__proto__`, `constructor`, `toString`…; answers then arrive with
 * such keys and values. Pushed through validation, aggregation, results pages, dashboards,
 * reports and exports:
 *   - Object.prototype is never changed (one write into it broke every page of the process);
 *   - each count is the one an independent tally (a Map) gives;
 *   - every page answers, and afterwards /healthz, /login and ingestion still work.
 * Property-based (fast-check, seeded: FC_SEED) for the pure part, one stored version for
 * the pages.
 */
import fc from "fast-check";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import { insertVersion } from "#db/queries/questionnaires";
import { identifyingQuestions, withoutQuestions } from "~/domain/anonymity";
import { answerCells, answerColumns } from "~/domain/export-columns";
import {
  DefinitionError,
  itemKey,
  parseDefinition,
  type QuestionnaireDefinition,
} from "~/domain/questionnaire";
import { readStoredQuestionnaire } from "~/domain/questionnaire-check";
import { computeResults, deriveIndicators } from "~/domain/scoring";
import { compileQuestionnaire } from "~/domain/validator";
import * as overview from "~/routes/dashboard._index";
import * as comments from "~/routes/dashboard.comments";
import * as compare from "~/routes/dashboard.compare";
import * as distribution from "~/routes/dashboard.distribution";
import * as hours from "~/routes/dashboard.hours";
import * as trend from "~/routes/dashboard.trend";
import * as units from "~/routes/dashboard.units";
import { loader as download } from "~/routes/export.$campaignId.$format";
import { loader as healthz } from "~/routes/healthz";
import { loader as login } from "~/routes/login";
import { loader as report } from "~/routes/reports.$campaignId";
import { loader as results } from "~/routes/results.$campaignId";
import { action as ingest } from "~/routes/api.v1.responses";
import type { LoadedVersion } from "~/services/context.server";
import { RESPONSES_KEY } from "#db/rollups/keys";
import { prepareResponse } from "~/services/ingest.server";
import { toCountTable } from "~/services/results.server";
import { asUser, makeTestApp, ORIGIN } from "../fixtures/app";

const SEED = Number(process.env.FC_SEED ?? 20261207);

/** Names every object inherits, and the one that reaches the prototype itself. */
const HOSTILE = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupSetter__",
] as const;

const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
const PROTOTYPE_BEFORE = prototypeNames();

/** Object.prototype as it was: same own names, and none of the hostile values readable on {}. */
function expectPrototypeUntouched() {
  expect(prototypeNames()).toEqual(PROTOTYPE_BEFORE);
  const probe = {} as Record<string, unknown>;
  for (const k of ["1", "2", "3", "4", "5", "keys", "x", ...HOSTILE.slice(2)])
    if (!PROTOTYPE_BEFORE.includes(k)) expect(probe[k], k).toBeUndefined();
}

// ------------------------------------------------------------------ a hostile questionnaire

interface Names {
  rating: string;
  choice: string;
  multi: string;
  matrix: string;
  choices: string[];
  multiChoices: string[];
  rows: string[];
  codes: string[];
}

/**
 * A questionnaire whose question names, choice values, matrix rows and scoring codes are all
 * inherited property names. Built as JSON text and parsed, as one read from the database is.
 */
function hostileDefinition(n: Names): QuestionnaireDefinition {
  const [c0, c1, c2, c3, c4, c5] = n.codes;
  const items = [
    { code: c0, question: n.rating },
    {
      code: c1,
      question: n.choice,
      scale: { levels: n.choices, satisfied: [n.choices[0]], notApplicable: [] },
    },
    ...n.rows.map((row, i) => ({
      code: `${c2}${i === 0 ? "" : `_${i}`}`,
      question: n.matrix,
      row,
    })),
  ];
  const json = {
    slug: "hostile",
    meta: { title: "Phiếu cũ", sector: "generic", verification: "own" },
    survey: {
      pages: [
        {
          name: c3,
          elements: [
            { type: "rating", name: n.rating, title: "Thái độ", rateMin: 1, rateMax: 5 },
            { type: "radiogroup", name: n.choice, title: "Chọn", choices: n.choices },
            { type: "checkbox", name: n.multi, title: "Nhiều", choices: n.multiChoices },
            {
              type: "matrix",
              name: n.matrix,
              title: "Bảng",
              columns: [1, 2, 3, 4, 5],
              rows: n.rows,
            },
            { type: "comment", name: "gop_y", title: "Góp ý" },
          ],
        },
      ],
    },
    scoring: {
      method: "generic",
      scale: { levels: [1, 2, 3, 4, 5], satisfied: [4, 5], notApplicable: [] },
      items,
      elements: [{ code: c4, title: "Phục vụ", items: items.map((i) => i.code) }],
      aspects: [{ code: c5, title: "Chung", elements: [c4] }],
      options: { respondentGroups: [n.choice] },
    },
  };
  return parseDefinition(JSON.parse(JSON.stringify(json)));
}

const distinct = (k: number) => fc.shuffledSubarray([...HOSTILE], { minLength: k, maxLength: k });

const names: fc.Arbitrary<Names> = fc
  .record({
    q: distinct(4),
    choices: fc.shuffledSubarray([...HOSTILE], { minLength: 2, maxLength: 5 }),
    multiChoices: fc.shuffledSubarray([...HOSTILE], { minLength: 1, maxLength: 5 }),
    rows: fc.shuffledSubarray([...HOSTILE], { minLength: 1, maxLength: 3 }),
    codes: distinct(6),
  })
  .map(({ q, ...rest }) => ({
    rating: q[0]!,
    choice: q[1]!,
    multi: q[2]!,
    matrix: q[3]!,
    ...rest,
  }));

/**
 * One respondent's answers as the wire brings them (JSON text, so "__proto__" is an own key):
 * each question answered or left out, with a valid value.
 */
function answersOf(n: Names): fc.Arbitrary<Record<string, unknown>> {
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
  return fc
    .record({
      rating: maybe(fc.integer({ min: 1, max: 5 })),
      choice: maybe(fc.constantFrom(...n.choices)),
      multi: maybe(fc.shuffledSubarray(n.multiChoices, { minLength: 1 })),
      matrix: maybe(
        fc
          .shuffledSubarray(n.rows, { minLength: 1 })
          .chain((rows) =>
            fc.tuple(...rows.map((r) => fc.tuple(fc.constant(r), fc.integer({ min: 1, max: 5 })))),
          ),
      ),
      comment: maybe(fc.constantFrom(...HOSTILE)),
    })
    .map((a) => {
      const entries: Array<[string, unknown]> = [];
      if (a.rating !== undefined) entries.push([n.rating, a.rating]);
      if (a.choice !== undefined) entries.push([n.choice, a.choice]);
      if (a.multi !== undefined) entries.push([n.multi, a.multi]);
      if (a.matrix !== undefined) entries.push([n.matrix, pairsAsJson(a.matrix)]);
      if (a.comment !== undefined) entries.push(["gop_y", a.comment]);
      return JSON.parse(pairsText(entries)) as Record<string, unknown>;
    });
}

/** `{"k": v, …}` written out as text, so JSON.parse makes each key an own property. */
function pairsText(entries: Array<[string, unknown]>): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${rawJson(v)}`).join(",")}}`;
}
const RAW = Symbol("raw JSON");
const pairsAsJson = (pairs: Array<[string, unknown]>) => ({ [RAW]: pairsText(pairs) });
const rawJson = (v: unknown): string =>
  v && typeof v === "object" && RAW in v ? (v as { [RAW]: string })[RAW] : JSON.stringify(v);

/** The loaded form of a definition, made here as loadVersion makes it (no checker on the way). */
function loaded(id: string, definition: QuestionnaireDefinition): LoadedVersion {
  const identifying = identifyingQuestions(definition.survey);
  return {
    id,
    slug: definition.slug,
    version: 1,
    definition,
    compiled: compileQuestionnaire(definition),
    identifying,
    anonymousSurvey: withoutQuestions(definition.survey, identifying),
  };
}

// ------------------------------------------------------------------ pure: validate → count → score → export

describe("hostile names and values through validation, aggregation and export columns", () => {
  afterAll(expectPrototypeUntouched);

  it("accepts every valid answer set, counts each answer once, and leaves Object.prototype alone", () => {
    fc.assert(
      fc.property(
        names.chain((n) => fc.tuple(fc.constant(n), fc.array(answersOf(n), { maxLength: 12 }))),
        ([n, respondents]) => {
          const definition = hostileDefinition(n);
          const version = loaded("v", definition);
          const tally = new Map<string, number>();
          let responses = 0;
          for (const answers of respondents) {
            const result = version.compiled.validate(answers);
            // A question named "constructor" that was left out is not answered by Object.
            expect(result).toMatchObject({ ok: true });
            if (!result.ok) return;
            responses++;
            const entries = [...result.rollup, ...deriveIndicators(definition, answers)];
            for (const [q, v] of entries) {
              const k = JSON.stringify([q, v]);
              tally.set(k, (tally.get(k) ?? 0) + 1);
            }
            // Export columns read each answer as given, nothing inherited.
            const cols = answerColumns(definition, version.compiled);
            const cells = answerCells(cols, answers, "codes");
            cols.forEach((c, i) => {
              const given = Object.hasOwn(answers, c.question) ? answers[c.question] : undefined;
              const v =
                c.row === undefined
                  ? given
                  : given && typeof given === "object" && Object.hasOwn(given, c.row)
                    ? (given as Record<string, unknown>)[c.row]
                    : undefined;
              if (v === undefined) expect(cells[i], c.key).toBeNull();
              else expect(typeof cells[i], c.key).not.toBe("function");
            });
          }
          // The rollup rows as the database returns them, then the results.
          const rows = [
            { question: RESPONSES_KEY, value: "", count: responses },
            ...[...tally].map(([k, count]) => {
              const [question, value] = JSON.parse(k) as [string, string];
              return { question, value, count };
            }),
          ];
          const { counts, responses: total } = toCountTable(rows);
          expectPrototypeUntouched();
          expect(total).toBe(responses);
          const scored = computeResults(definition, counts, total, { minN: 1 });
          expectPrototypeUntouched();
          for (const item of scored.items) {
            const def = definition.scoring.items.find((i) => i.code === item.code)!;
            const expected = [...tally]
              .map(([k, c]) => [JSON.parse(k) as [string, string], c] as const)
              .filter(([[q]]) => q === itemKey(def))
              .reduce((s, [, c]) => s + c, 0);
            expect(item.n + item.notApplicable, item.code).toBe(expected);
          }
          expect(scored.overall.n).toBeLessThanOrEqual(responses);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});

// ------------------------------------------------------------------ stored, then every page

describe("a hostile questionnaire stored before uploads were checked", () => {
  type App = Awaited<ReturnType<typeof makeTestApp>>;
  let app: App;
  let campaignId: string;
  const n: Names = {
    rating: "__proto__",
    choice: "constructor",
    multi: "toString",
    matrix: "prototype",
    choices: ["__proto__", "constructor", "valueOf"],
    multiChoices: ["keys", "__proto__", "hasOwnProperty"],
    rows: ["__proto__", "constructor"],
    codes: ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"],
  };

  beforeAll(async () => {
    app = await makeTestApp();
    const definition = hostileDefinition(n);
    // Straight into the table, as a version stored before the questionnaire checker existed.
    const row = await insertVersion(app.ctx.db, {
      slug: definition.slug,
      title: "Phiếu cũ",
      contentHash: randomUUID(),
      definition: JSON.stringify(definition),
      ownerUnitId: app.units.centre.id,
    });
    const campaign = await insertCampaign(app.ctx.db, {
      title: "Đợt có phiếu cũ",
      questionnaireVersionId: row.id,
      status: "open",
      opensAt: "2020-01-01T00:00:00.000Z",
      closesAt: "2100-01-01T00:00:00.000Z",
      targetPct: 90,
      channels: ["link"],
      minN: 1,
      scopeUnitIds: [app.units.province.id],
    });
    campaignId = campaign.id;
    const link = await insertAccessLink(app.ctx.db, {
      campaignId,
      unitId: app.units.centre.id,
      channel: "link",
    });
    // Its responses, stored through the writer as ingestion stored them then.
    const version = loaded(row.id, definition);
    const linkFields = { ...link, campaign_id: campaignId, questionnaire_version_id: row.id };
    const sets = [
      `{"__proto__":5,"constructor":"__proto__","toString":["keys","__proto__"],"prototype":{"__proto__":4,"constructor":5},"gop_y":"constructor"}`,
      `{"__proto__":4,"constructor":"constructor","toString":["hasOwnProperty"],"prototype":{"constructor":2}}`,
      `{"constructor":"valueOf","gop_y":"__proto__"}`,
      `{"__proto__":1}`,
    ];
    for (const text of sets) {
      const answers = JSON.parse(text) as Record<string, unknown>;
      const prepared = prepareResponse(
        version,
        { id: randomUUID(), token: link.token, answers },
        linkFields,
        new Date(),
      );
      if ("errors" in prepared) throw new Error(JSON.stringify(prepared.errors));
      expect(await app.ctx.writer.write(prepared)).toBe("stored");
    }
    // The questionnaire checker now refuses to read this version (see below). The pages run
    // with it loaded as it was before the checker, so what is tested here is the counting
    // itself: should a name ever get past the checker, it still cannot reach the prototype.
    app.ctx.versions.set(row.id, Promise.resolve(version));
    storedJson = JSON.parse(JSON.stringify(definition)) as unknown;
  });
  let storedJson: unknown;

  it("is refused by the questionnaire checker when read from the database, naming the reserved names", () => {
    let problems: string[] = [];
    try {
      readStoredQuestionnaire(storedJson);
    } catch (e) {
      if (!(e instanceof DefinitionError)) throw e;
      problems = e.problems;
    }
    expect(problems.some((p) => p.includes("«__proto__»") && p.includes("dành riêng"))).toBe(true);
    expect(problems.some((p) => p.includes("«constructor»"))).toBe(true);
    expectPrototypeUntouched();
  });

  afterAll(expectPrototypeUntouched);

  const status = async (run: () => Promise<unknown>) => {
    try {
      const r = await run();
      if (r instanceof Response) {
        await r.arrayBuffer();
        return r.status;
      }
      return (r as { init?: { status?: number } } | null)?.init?.status ?? 200;
    } catch (e) {
      if (e instanceof Response) return e.status;
      const init = (e as { init?: { status?: number } }).init;
      if (init?.status) return init.status;
      throw e;
    }
  };

  it("every results page, dashboard, report and export answers, Object.prototype untouched", async () => {
    const as = (path: string) => asUser(app.ctx, app.people.admin.id, path);
    const version = `?version=${(await app.ctx.db.selectFrom("campaign").select("questionnaire_version_id").where("id", "=", campaignId).executeTakeFirstOrThrow()).questionnaire_version_id}`;
    const pages: Array<[string, () => Promise<unknown>]> = [
      [
        "results",
        async () =>
          results({
            request: await as(`/results/${campaignId}`),
            params: { campaignId },
            context: {},
          }),
      ],
      ...(
        [
          ["overview", overview.loader, "/dashboard"],
          ["units", units.loader, "/dashboard/units"],
          ["trend", trend.loader, "/dashboard/trend"],
          ["distribution", distribution.loader, "/dashboard/distribution"],
          ["hours", hours.loader, "/dashboard/hours"],
          ["comments", comments.loader, "/dashboard/comments"],
          ["compare", compare.loader, "/dashboard/compare"],
        ] as const
      ).map(([name, loader, path]): [string, () => Promise<unknown>] => [
        name,
        async () => loader({ request: await as(`${path}${version}`), params: {}, context: {} }),
      ]),
      [
        "report",
        async () =>
          report({
            request: await as(`/reports/${campaignId}`),
            params: { campaignId },
            context: {},
          }),
      ],
      ...(["csv", "csv-labels", "xlsx", "json"] as const).map(
        (format): [string, () => Promise<unknown>] => [
          `export ${format}`,
          async () =>
            download({
              request: await as(`/export/${campaignId}/${format}`),
              params: { campaignId, format },
              context: {},
            }),
        ],
      ),
    ];
    for (const [name, run] of pages) {
      expect(await status(run), name).toBe(200);
      expectPrototypeUntouched();
    }
    // The counts behind the pages are the stored ones.
    const found = await import("~/services/results.server").then((m) =>
      m.findCampaignResults(app.ctx, campaignId),
    );
    expect(found!.result.responses).toBe(4);
    expect(found!.result.items.find((i) => i.code === "__proto__")!.n).toBe(3);
  });

  it("afterwards /healthz, /login and ingestion still work", async () => {
    expect(await status(() => healthz())).toBe(200);
    expect(
      await status(async () =>
        login({ request: new Request(`${ORIGIN}/login`), params: {}, context: {} }),
      ),
    ).toBe(200);
    const res = await ingest({
      request: new Request(`${ORIGIN}/api/v1/responses`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          id: randomUUID(),
          token: app.link.token,
          answers: { q1: 5, q2: 4 },
        }),
      }),
      params: {},
      context: { clientKey: "203.0.113.9" },
    });
    expect(res.status).toBe(201);
    expectPrototypeUntouched();
  });
});
