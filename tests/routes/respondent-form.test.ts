/**
 * /s/:token without JavaScript: a form post goes through submitResponse like the API (201,
 * then 200 for the same client id), problems come back beside their questions, hidden
 * answers are let go; and the audience of a link: the surveyor's fields neither shown nor
 * taken through a self-completed link, both through a link made for interviewers.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { insertAccessLink } from "#db/queries/campaigns";
import { surveyorQuestions } from "~/domain/audience";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { action as apiAction } from "~/routes/api.v1.responses";
import { loader as formsLoader } from "~/routes/api.v1.forms.$token";
import { action, loader } from "~/routes/s.$token";
import { loadVersion } from "~/services/context.server";
import { FormView } from "~/components/respondent/form-view";
import { buildRespondentForm } from "~/domain/respondent-form";
import { localePacks } from "~/services/locale-packs.server";
import {
  formLanguages,
  formLocale,
  textsFor,
  type PostOutcome,
} from "~/services/respondent.server";
import { makeTestApp } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;

/** A Remix `data()` result: its status and payload. */
function unwrap<T>(r: unknown): { status: number; body: T } {
  const d = r as { init?: { status?: number }; data: T };
  return { status: d.init?.status ?? 200, body: d.data };
}

function post(token: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields))
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return action({
    request: new Request(`http://localhost/s/${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    }),
    params: { token },
    context: { clientKey: randomUUID() },
  }).then((r) => unwrap<PostOutcome>(r));
}

const stored = (app: App) =>
  app.ctx.db.selectFrom("response").select(["client_id", "answers", "locale"]).execute();

describe("a form posted without JavaScript", () => {
  let app: App;
  beforeEach(async () => {
    app = await makeTestApp();
  });

  it("is stored through the API's path: 201, then 200 for the same client id", async () => {
    const id = randomUUID();
    const fields = {
      _id: id,
      _page: "0",
      _nav: "submit",
      "q:q1": "5",
      "q:q2": "0",
      "q:again": "true",
      "q:age": "40",
      "q:comment": "  ",
    };
    const first = await post(app.link.token, fields);
    expect(first).toMatchObject({ status: 201, body: { kind: "thanks" } });
    const second = await post(app.link.token, fields);
    expect(second).toMatchObject({ status: 200, body: { kind: "thanks" } });
    const rows = await stored(app);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.client_id).toBe(id);
    expect(JSON.parse(rows[0]!.answers)).toEqual({ q1: 5, q2: 0, again: true, age: 40 });
    expect(rows[0]!.locale).toBe("vi");
  });

  it("comes back with each problem beside its question, nothing stored", async () => {
    const r = await post(app.link.token, {
      _id: randomUUID(),
      _nav: "submit",
      "q:q1": "1",
      "q:age": "12",
      "q:reasons": "other",
    });
    expect(r.status).toBe(422);
    expect(r.body.kind).toBe("form");
    const problems = r.body.kind === "form" ? r.body.errors : [];
    expect(problems).toEqual(
      expect.arrayContaining([
        { question: "q2", code: "required" },
        { question: "age", code: "out_of_range" },
        { question: "reasons", code: "other_text" },
      ]),
    );
    // The fields come back as they were, for the page to show them again.
    expect(r.body.kind === "form" && r.body.fields).toMatchObject({ q1: 1, age: 12 });
    expect(await stored(app)).toHaveLength(0);
  });

  it("lets go of the answer of a question its conditions hide", async () => {
    const r = await post(app.link.token, {
      _id: randomUUID(),
      _nav: "submit",
      "q:q1": "5",
      "q:q2": "4",
      "q:reasons": "cho_lau",
      "q:channel_used": "1",
      "q:m/r1": "3",
    });
    expect(r.status).toBe(201);
    expect(JSON.parse((await stored(app))[0]!.answers)).toEqual({ q1: 5, q2: 4, channel_used: 1 });
  });

  it("refuses a body over the limit with a message, nothing stored", async () => {
    const r = await post(app.link.token, { "q:comment": "x".repeat(300_000) });
    expect(r.status).toBe(413);
    expect(r.body.kind === "form" && r.body.alert?.message).toMatch(/quá lớn/);
    expect(await stored(app)).toHaveLength(0);
  });
});

describe("the audience of a link", () => {
  let app: App;
  beforeEach(async () => {
    app = await makeTestApp({ slug: "byt-ngoai-tru", surveysDir: resolve("surveys") });
  });

  const submit = (token: string, answers: Record<string, unknown>) =>
    apiAction({
      request: new Request("http://localhost/api/v1/responses", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ id: randomUUID(), token, answers, locale: "en" }),
      }),
      params: {},
      context: { clientKey: randomUUID() },
    }) as Promise<Response>;

  it("leaves the surveyor's fields out of a self-completed form, and takes them in interviewer mode", async () => {
    const version = (await loadVersion(app.ctx, app.campaign.questionnaire_version_id))!;
    const surveyor = surveyorQuestions(version.definition.survey);
    expect(surveyor).toContain("masophieu");
    const interviewer = await insertAccessLink(app.ctx.db, {
      campaignId: app.campaign.id,
      unitId: app.link.unit_id,
      channel: "link",
      audience: "surveyor",
    });

    const formOf = async (token: string) => {
      const res = (await formsLoader({
        request: new Request(`http://localhost/api/v1/forms/${token}`),
        params: { token },
        context: {},
      })) as Response;
      return JSON.stringify(((await res.json()) as { questionnaire: unknown }).questionnaire);
    };
    expect(await formOf(app.link.token)).not.toContain('"masophieu"');
    expect(await formOf(interviewer.token)).toContain('"masophieu"');
    const page = unwrap<{ form: { logic: { questions: Array<{ n: string }> } } }>(
      await loader({
        request: new Request(`http://localhost/s/${app.link.token}`),
        params: { token: app.link.token },
        context: {},
      }),
    );
    const shown = page.body.form.logic.questions.map((q) => q.n);
    for (const name of surveyor) expect(shown).not.toContain(name);

    // A self-completing respondent's answers: none for the surveyor's fields.
    const own = syntheticAnswers(version.compiled, seededRandom(3));
    for (const name of surveyor) expect(own).not.toHaveProperty(name);
    expect((await submit(app.link.token, own)).status).toBe(201);
    const refused = await submit(app.link.token, { ...own, masophieu: "NT-01" });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      errors: [{ question: "masophieu", code: "not_visible" }],
    });
    expect((await submit(interviewer.token, { ...own, masophieu: "NT-01" })).status).toBe(201);
    const locales = await app.ctx.db.selectFrom("response").select("locale").execute();
    expect(locales.map((r) => r.locale)).toEqual(["en", "en"]);
  });
});

describe("a language added as a locale pack", () => {
  it("is offered and drawn, the questionnaire's texts and the form's own, without code changes", () => {
    // Placeholders, not a translation: the test only follows the texts.
    const dir = mkdtempSync(join(tmpdir(), "hl-locales-"));
    writeFileSync(
      join(dir, "km.json"),
      JSON.stringify({
        name: "ភាសាខ្មែរ",
        texts: { "form.next": "[km] tiếp", "form.page": "[km] {n}/{total}" },
      }),
    );
    writeFileSync(join(dir, "not a code.json"), "{}");
    writeFileSync(join(dir, "fr.json"), JSON.stringify({ texts: {} }));
    const packs = localePacks(dir);
    expect([...packs.keys()]).toEqual(["km"]);

    const text = (vi: string) => ({ default: vi, en: `${vi} (en)`, km: `[km] ${vi}` });
    const form = buildRespondentForm({
      title: text("Phiếu"),
      pages: [
        {
          name: "p1",
          elements: [
            {
              type: "radiogroup",
              name: "a",
              title: text("Câu hỏi"),
              choices: [{ value: 1, text: text("Có") }],
            },
          ],
        },
        { name: "p2", elements: [{ type: "comment", name: "b", title: text("Góp ý") }] },
      ],
    });
    expect(formLanguages(form, packs)).toEqual([
      { code: "vi", name: "Tiếng Việt" },
      { code: "en", name: "English" },
      { code: "km", name: "ភាសាខ្មែរ" },
    ]);
    const asked = (q: string) =>
      formLocale(new Request(`http://localhost/s/t?lang=${q}`), form, packs);
    expect(asked("km")).toBe("km");
    expect(asked("fr")).toBe("vi");
    const texts = textsFor("km", packs);
    expect(texts["form.next"]).toBe("[km] tiếp");
    expect(texts["form.submit"]).toBe("Gửi phiếu"); // not in the pack: Vietnamese
    const html = renderToStaticMarkup(
      createElement(FormView, {
        form,
        locale: "km",
        texts,
        answers: {},
        states: new Map([
          ["a", { visible: true, required: false }],
          ["b", { visible: true, required: false }],
        ]),
        pagesShown: [true, true],
        hiddenElements: new Set<string>(),
        page: 0,
        errors: [],
        clientId: randomUUID(),
        startedAt: new Date().toISOString(),
      }),
    );
    for (const t of ["[km] Câu hỏi", "[km] Có", "[km] Góp ý", "[km] tiếp", "[km] 1/2"])
      expect(html).toContain(t);
  });
});
