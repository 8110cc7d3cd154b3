/**
 * The respondent's form on the server: which language, what is shown for the answers so far
 * (the validator's compiled.states(), survey-core's ConditionRunner), and an ordinary form
 * POST — a page turned without JavaScript, or the whole form sent — taken through the same
 * submitResponse as the API (same validator, same idempotency on the client id carried in a
 * hidden field, same 201/200).
 */
import { randomUUID } from "node:crypto";
import type { Audience } from "~/domain/audience";
import { MAX_BODY_BYTES } from "~/domain/submission";
import { runOnServer } from "~/domain/expression-compile";
import {
  answersFromFields,
  checkAnswers,
  oneProblemEach,
  problemsOf,
  settle,
  type Answers,
  type Problem,
  type States,
} from "~/domain/form-logic";
import { localize } from "~/domain/questionnaire";
import type { FormElement, RespondentForm } from "~/domain/respondent-form";
import type { EnhanceData } from "~/components/respondent/enhance-data";
import { BUILT_IN_NAMES, fill, formTexts, type FormTexts } from "~/utils/form-texts";
import { BodyNotUtf8, BodyTooLarge, readBodyLimited } from "~/utils/http.server";
import type { AppContext, LoadedVersion } from "./context.server";
import { submitResponse } from "./ingest.server";
import { localePacks, LOCALE_CODE } from "./locale-packs.server";

/**
 * A filled form posted without JavaScript: the server's limit on every form body (64 KB,
 * ~/utils/request-guards.server.ts), which answers first behind server.js; checked here too for the
 * app served without it.
 */
export const MAX_FORM_BYTES = MAX_BODY_BYTES;

export interface Language {
  code: string;
  name: string;
}

/** The languages a form can be answered in: those its texts carry, built in or with a pack. */
export function formLanguages(form: RespondentForm, packs = localePacks()): Language[] {
  return form.locales
    .filter((code) => code in BUILT_IN_NAMES || packs.has(code))
    .map((code) => ({ code, name: BUILT_IN_NAMES[code] ?? packs.get(code)!.name }));
}

/** ?lang= when the form has that language, then the lang cookie, then Vietnamese. */
export function formLocale(request: Request, form: RespondentForm, packs = localePacks()): string {
  const codes = formLanguages(form, packs).map((l) => l.code);
  const asked = new URL(request.url).searchParams.get("lang");
  if (asked && LOCALE_CODE.test(asked) && codes.includes(asked)) return asked;
  const cookie = /(?:^|;\s*)lang=([A-Za-z-]{2,20})/.exec(request.headers.get("Cookie") ?? "")?.[1];
  return cookie && codes.includes(cookie) ? cookie : "vi";
}

export function textsFor(locale: string, packs = localePacks()): FormTexts {
  return formTexts(locale, packs.get(locale));
}

/** What the form's script needs in the browser (a JSON block on /s/:token, loader data on a kiosk). */
export function scriptData(form: RespondentForm, token: string, locale: string): EnhanceData {
  const texts = textsFor(locale);
  const t = (x: Parameters<typeof localize>[0] | undefined) => (x ? localize(x, locale) : "");
  return {
    token,
    locale,
    logic: form.logic,
    texts,
    labels: {
      next: t(form.texts.next) || texts["form.next"],
      submit: t(form.texts.complete) || texts["form.submit"],
    },
  };
}

export interface ServerView {
  /** The answers that count (hidden questions' answers let go). */
  answers: Answers;
  states: States;
  pagesShown: boolean[];
  hiddenElements: Set<string>;
}

/** What the form shows for these answers, decided by the validator and survey-core. */
export function serverView(
  form: RespondentForm,
  version: LoadedVersion,
  audience: Audience,
  fieldAnswers: Answers,
): ServerView {
  const names = form.logic.questions.map((q) => q.n);
  const { answers, states } = settle(
    fieldAnswers,
    (a) => version.compiled.states(a, { audience }),
    names,
  );
  const hiddenElements = new Set<string>();
  const visit = (elements: FormElement[]): boolean => {
    let any = false;
    for (const el of elements) {
      if (el.kind === "question") any ||= states.get(el.question.name)?.visible !== false;
      else if (el.kind === "panel") any = visit(el.elements) || any;
      else {
        const visible = !el.hidden && el.conditions.every((c) => runOnServer(c, answers));
        if (!visible) hiddenElements.add(el.name);
        any ||= visible;
      }
    }
    return any;
  };
  const pagesShown = form.pages.map(
    (page) =>
      !page.hidden && page.conditions.every((c) => runOnServer(c, answers)) && visit(page.elements),
  );
  return { answers, states, pagesShown, hiddenElements };
}

/** The view as page data carries it (JSON: no Map or Set). */
export interface ViewData {
  states: Array<[string, { visible: boolean; required: boolean }]>;
  pagesShown: boolean[];
  hiddenElements: string[];
}

export function viewData(view: ServerView): ViewData {
  return {
    states: [...view.states].map(([k, s]) => [k, { visible: s.visible, required: s.required }]),
    pagesShown: view.pagesShown,
    hiddenElements: [...view.hiddenElements],
  };
}

export function firstPage(view: ServerView): number {
  return Math.max(0, view.pagesShown.indexOf(true));
}

function step(view: ServerView, from: number, by: 1 | -1): number | undefined {
  for (let i = from + by; i >= 0 && i < view.pagesShown.length; i += by)
    if (view.pagesShown[i]) return i;
  return undefined;
}

/** The validator's refusals as the form shows them, beside their question. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newClientId(): string {
  return randomUUID();
}

export type PostOutcome =
  | { kind: "thanks"; status: 200 | 201 }
  | {
      kind: "form";
      status: 200 | 422 | 400 | 403 | 404 | 410 | 413 | 429 | 503;
      page: number;
      view: ViewData;
      /** What the fields held, to draw them again as they were. */
      fields: Answers;
      errors: Problem[];
      clientId: string;
      startedAt: string;
      /** A refusal that is not about one question (rate limit, storage, closed…). */
      alert?: { error: string; message: string };
    };

/**
 * A form posted without JavaScript: "next" checks the page and moves on, "prev" moves back,
 * "submit" on the last page sends everything through submitResponse.
 */
export async function handleFormPost(
  ctx: AppContext,
  request: Request,
  target: {
    form: RespondentForm;
    version: LoadedVersion;
    token: string;
    audience: Audience;
    locale: string;
  },
  opts: { clientKey?: string; deviceToken?: string | null } = {},
): Promise<PostOutcome> {
  let tooLarge = false;
  let body: string;
  try {
    body = await readBodyLimited(request, MAX_FORM_BYTES);
  } catch (e) {
    if (!(e instanceof BodyTooLarge) && !(e instanceof BodyNotUtf8)) throw e;
    body = "";
    tooLarge = true;
  }
  const fields = new URLSearchParams(body);
  const { form, version } = target;
  const raw = answersFromFields(form.logic, (n) => fields.getAll(n));
  const view = serverView(form, version, target.audience, raw);
  const idField = fields.get("_id") ?? "";
  const clientId = UUID.test(idField) ? idField.toLowerCase() : newClientId();
  const startedField = fields.get("_started") ?? "";
  const startedAt = Number.isNaN(Date.parse(startedField))
    ? new Date().toISOString()
    : new Date(startedField).toISOString();
  const asked = Number(fields.get("_page"));
  const page =
    Number.isInteger(asked) && asked >= 0 && asked < form.pages.length && view.pagesShown[asked]
      ? asked
      : firstPage(view);
  const base = { fields: raw, clientId, startedAt, errors: [] as Problem[], view: viewData(view) };
  const nav = fields.get("_nav");
  if (tooLarge)
    return {
      kind: "form",
      status: 413,
      page,
      ...base,
      alert: {
        error: "payload_too_large",
        message: fill(textsFor(target.locale)["form.tooLarge"], { max: MAX_FORM_BYTES / 1024 }),
      },
    };

  if (nav === "prev")
    return { kind: "form", status: 200, page: step(view, page, -1) ?? page, ...base };

  const pageOf = new Map(form.logic.questions.map((q) => [q.n, q.p]));
  const next = step(view, page, 1);
  if (next !== undefined) {
    // Not the last page: check this page's questions and move on.
    const result = version.compiled.validate(view.answers, { audience: target.audience });
    const problems = oneProblemEach(
      checkAnswers(form.logic, view.answers, view.states, [page]),
      result.ok ? [] : problemsOf(result.errors),
    ).filter((p) => pageOf.get(p.question) === page);
    if (problems.length > 0) return { kind: "form", status: 422, page, ...base, errors: problems };
    return { kind: "form", status: 200, page: next, ...base };
  }

  const website = fields.get("website");
  const result = await submitResponse(
    ctx,
    {
      id: clientId,
      token: target.token,
      answers: view.answers,
      startedAt,
      locale: target.locale,
      ...(website ? { website } : {}),
    },
    opts,
  );
  if (result.status === 200 || result.status === 201)
    return { kind: "thanks", status: result.status };
  if (result.status === 422) {
    // The validator stops at the first kind of fault; the form's checks name the rest too.
    const problems = oneProblemEach(
      checkAnswers(form.logic, view.answers, view.states),
      problemsOf(result.body.errors),
    );
    const first = Math.min(...problems.map((p) => pageOf.get(p.question) ?? page));
    return {
      kind: "form",
      status: 422,
      page: view.pagesShown[first] ? first : page,
      ...base,
      errors: problems,
    };
  }
  const alert = "error" in result.body ? result.body : { error: "error", message: "" };
  return { kind: "form", status: result.status as 400, page, ...base, alert };
}
