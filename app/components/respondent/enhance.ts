/**
 * What JavaScript adds to the server-drawn respondent form (form-view.tsx), without React or
 * survey-core: conditions applied as the person answers (form-logic.ts, expression.ts), the
 * pages turned in the browser with the progress, messages beside their question, the
 * submission, reading a question aloud where the device has a voice for the language. The
 * same code runs on /s/:token (enhance.entry.ts, which adds the draft kept on the device and
 * the retries: link-page.ts) and in the kiosk's long form (kiosk/long-form.tsx, which sends
 * through the kiosk's queue and keeps no draft).
 */
import {
  answersFromFields,
  checkAnswers,
  hiddenElements,
  logicStates,
  problemsOf,
  settle,
  shownPages,
  type Answers,
  type FormLogic,
  type Problem,
  type States,
} from "~/domain/form-logic";
import { fill, type FormTexts } from "~/utils/form-texts";
import { newClientId } from "../kiosk/queue";
import { problemText } from "./problem-text";

export type SendOutcome =
  | { kind: "stored" }
  | { kind: "retry" }
  | {
      kind: "refused";
      errors?: Array<{ question: string; code: string }>;
      message?: string;
    };

/**
 * What the form sends: the API's submission body, its start read off this device's clock (a
 * kiosk restamps it with its own clock's offset: kiosk/long-form.tsx).
 */
export interface FormSubmission {
  id: string;
  token: string;
  answers: Answers;
  startedAt: string;
  locale: string;
  /** The honeypot field, when a robot filled it in. */
  website?: string;
}

export interface EnhanceOptions {
  logic: FormLogic;
  texts: FormTexts;
  /** The questionnaire's locale the page shows ("vi", "en", …): the response records it. */
  locale: string;
  token: string;
  /** The labels of the main button: "next" on a page, "submit" on the last. */
  labels: { next: string; submit: string };
  send(item: FormSubmission): Promise<SendOutcome>;
  /** Called once the response is stored (or queued on a kiosk). */
  done(): void;
  /** The submission could not reach the server: the caller keeps it and tries again. */
  retry?(): void;
  /** Something was answered or a page turned (the caller may keep a draft). */
  changed?(): void;
  /** Pages turned in the browser go into the history, so "back" turns back a page. */
  history: boolean;
}

export type FormHandle = ReturnType<typeof enhanceForm>;

export function enhanceForm(form: HTMLFormElement, o: EnhanceOptions) {
  const { logic, texts } = o;
  const names = logic.questions.map((q) => q.n);
  const byName = new Map(logic.questions.map((q, i) => [q.n, { q, i }]));
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
  const sections = [...form.querySelectorAll<HTMLElement>("section.hl-page")];
  const primary = form.querySelector<HTMLButtonElement>(
    '.hl-nav button[name="_nav"]:not([value="prev"])',
  )!;
  const back = form.querySelector<HTMLButtonElement>('.hl-nav button[value="prev"]')!;
  const status = form.querySelector<HTMLElement>(".hl-status")!;
  const step = form.querySelector<HTMLElement>("#hl-step");
  const bar = form.querySelector<HTMLProgressElement>(".hl-progress progress");
  let page = Number(field("_page")?.value ?? 0) || 0;
  let view: { answers: Answers; states: States; pages: boolean[] } = {
    answers: {},
    states: new Map(),
    pages: [],
  };
  let sending = false;
  const shown = new Map<string, Problem>();

  const qEl = (name: string) => form.querySelector<HTMLElement>(`#hlq-${byName.get(name)?.i}`);

  // ---- reading and showing -------------------------------------------------------------
  function read(): Answers {
    const data = new FormData(form);
    return answersFromFields(logic, (n) => data.getAll(n));
  }

  function refresh() {
    const raw = read();
    const { answers, states } = settle(raw, (a) => logicStates(logic, a), names);
    for (const [name, { i }] of byName) {
      const el = form.querySelector<HTMLElement>(`#hlq-${i}`);
      if (!el) continue;
      const s = states.get(name)!;
      el.hidden = !s.visible;
      el.toggleAttribute("data-required", s.required);
      for (const input of el.querySelectorAll("input,select,textarea"))
        if (s.required) input.setAttribute("aria-required", "true");
        else input.removeAttribute("aria-required");
    }
    const hidden = hiddenElements(logic, answers);
    for (const el of form.querySelectorAll<HTMLElement>("[data-el]"))
      if (logic.elements.some((e) => e.n === el.dataset.el)) el.hidden = hidden.has(el.dataset.el!);
    for (const other of form.querySelectorAll<HTMLElement>("[data-other]")) {
      const q = other.closest<HTMLElement>(".hl-q")?.dataset.q;
      const v = q === undefined ? undefined : raw[q];
      other.hidden = !(Array.isArray(v) ? v : [v]).map(String).includes(other.dataset.other!);
    }
    // A panel is shown when something in it is (deepest panels first).
    for (const panel of [...form.querySelectorAll<HTMLElement>("[data-panel]")].reverse())
      panel.hidden = ![
        ...panel.querySelectorAll<HTMLElement>(
          ":scope > .hl-q, :scope > [data-el], :scope > [data-panel]",
        ),
      ].some((c) => !c.hidden);
    view = { answers, states, pages: shownPages(logic, states, answers) };
    // A problem put right disappears as the person answers.
    for (const [name] of shown)
      if (!checkAnswers(logic, answers, states).some((p) => p.question === name))
        showProblem(name, null);
  }

  function showProblem(name: string, p: Problem | null) {
    const el = qEl(name);
    if (!el) return;
    const err = el.querySelector<HTMLElement>(".hl-error");
    if (p) shown.set(name, p);
    else shown.delete(name);
    el.classList.toggle("hl-invalid", Boolean(p));
    if (err) {
      err.hidden = !p;
      err.textContent = p ? problemText(logic, texts, p) : "";
    }
    const target = el.tagName === "FIELDSET" ? el : el.querySelector("input,select,textarea");
    const ids = (target?.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter((x) => x && x !== err?.id);
    if (p && err) ids.push(err.id);
    if (ids.length) target?.setAttribute("aria-describedby", ids.join(" "));
    else target?.removeAttribute("aria-describedby");
    for (const input of el.querySelectorAll("input,select,textarea"))
      if (p) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
  }

  /** Shows the problems, announces them and takes the person to the first one. */
  function showProblems(problems: Problem[]) {
    for (const name of [...shown.keys()]) showProblem(name, null);
    const seen = new Set<string>();
    for (const p of problems) {
      if (seen.has(p.question)) continue;
      seen.add(p.question);
      showProblem(p.question, p);
    }
    form.querySelector(".hl-summary")?.remove();
    if (problems.length === 0) return;
    const first = qEl(problems[0]!.question);
    const firstPage = byName.get(problems[0]!.question)?.q.p;
    if (firstPage !== undefined && firstPage !== page) go(firstPage, false);
    say(fill(texts["form.errors.title"], { n: seen.size }));
    first?.scrollIntoView({ block: "center" });
    first
      ?.querySelector<HTMLElement>("input:not([type=hidden]),select,textarea")
      ?.focus({ preventScroll: true });
  }

  function say(text: string, alert = false) {
    status.textContent = text;
    status.setAttribute("role", alert ? "alert" : "status");
  }

  // ---- pages ---------------------------------------------------------------------------
  const shownList = () => view.pages.flatMap((s, i) => (s ? [i] : []));

  function go(to: number, push = o.history) {
    page = to;
    sections.forEach((s, i) => (s.hidden = i !== to));
    const list = shownList();
    const at = Math.max(0, list.indexOf(to));
    const last = at >= list.length - 1;
    const pageField = field("_page");
    if (pageField) pageField.value = String(to);
    primary.value = last ? "submit" : "next";
    primary.textContent = last ? o.labels.submit : o.labels.next;
    back.hidden = at === 0;
    if (step) step.textContent = fill(texts["form.page"], { n: at + 1, total: list.length });
    if (bar) {
      bar.max = list.length;
      bar.value = at + 1;
    }
    form.querySelector<HTMLElement>(".hl-progress")!.hidden = list.length <= 1;
    if (push && history.state?.hlPage !== to) history.pushState({ hlPage: to }, "");
    o.changed?.();
  }

  /** To the top of what holds the form: the page, or the kiosk's scrolling box. */
  function toTop() {
    (form.parentElement ?? form).scrollIntoView({ block: "start" });
  }

  function turn(by: 1 | -1) {
    const list = shownList();
    const to = list[list.indexOf(page) + by];
    if (to === undefined) return;
    go(to);
    toTop();
    (step ?? sections[to])?.focus({ preventScroll: true });
  }

  // ---- sending -----------------------------------------------------------------------------
  async function submit() {
    if (sending) return;
    refresh();
    const problems = checkAnswers(logic, view.answers, view.states);
    if (problems.length > 0) return showProblems(problems);
    sending = true;
    primary.disabled = true;
    say(texts["form.sending"]);
    const website = field("website")?.value;
    const outcome = await o
      .send({
        id: field("_id")!.value,
        token: o.token,
        answers: view.answers,
        startedAt: field("_started")!.value,
        locale: o.locale,
        ...(website ? { website } : {}),
      })
      .catch((): SendOutcome => ({ kind: "retry" }));
    sending = false;
    primary.disabled = false;
    if (outcome.kind === "stored") return o.done();
    if (outcome.kind === "retry") {
      say(texts["form.offline"], true);
      return o.retry?.();
    }
    const refused = problemsOf(outcome.errors ?? []);
    if (refused.length > 0) return showProblems(refused);
    say(`${texts["form.failed"]} ${outcome.message ?? ""}`.trim(), true);
  }

  // ---- reading aloud -------------------------------------------------------------------------
  function readAloud() {
    const synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === "undefined") return;
    const lang = o.locale.toLowerCase();
    const attach = () => {
      const voice = synth
        .getVoices()
        .find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === lang.split("-")[0]);
      if (!voice || form.querySelector(".hl-listen")) return;
      for (const q of form.querySelectorAll<HTMLElement>(".hl-q")) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "hl-listen";
        button.textContent = texts["form.listen"];
        button.addEventListener("click", () => {
          const options = [...q.querySelectorAll(".hl-choice span, option:not([value=''])")].map(
            (x) => x.textContent,
          );
          const u = new SpeechSynthesisUtterance(
            [q.querySelector(".hl-text")?.textContent, ...options].filter(Boolean).join(". "),
          );
          u.lang = voice.lang;
          u.voice = voice;
          u.rate = 0.9;
          synth.cancel();
          synth.speak(u);
        });
        q.querySelector(":scope > .hl-title")?.after(button);
      }
    };
    attach();
    synth.addEventListener?.("voiceschanged", attach);
  }

  // ---- wiring ------------------------------------------------------------------------------
  const onChange = (e: Event) => {
    if (!(e.target as HTMLInputElement).name?.startsWith("q:")) return;
    refresh();
    o.changed?.();
  };
  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const nav = (e.submitter as HTMLButtonElement | null)?.value ?? primary.value;
    refresh();
    if (nav === "prev") return turn(-1);
    const problems = checkAnswers(logic, view.answers, view.states, [page]);
    if (problems.length > 0) return showProblems(problems);
    showProblems([]);
    const list = shownList();
    if (nav === "next" && list.indexOf(page) < list.length - 1) return turn(1);
    void submit();
  });
  const onPop = (e: PopStateEvent) =>
    go((e.state as { hlPage?: number } | null)?.hlPage ?? shownList()[0] ?? 0, false);
  if (o.history) window.addEventListener("popstate", onPop);
  form.querySelector(".hl-summary")?.remove();
  refresh();
  readAloud();

  return {
    /** Shows page `to` (once the answers are in place): the first shown page when it is hidden. */
    start(to = page) {
      refresh();
      go(view.pages[to] ? to : (shownList()[0] ?? 0), false);
      if (o.history) history.replaceState({ hlPage: page }, "");
    },
    submit,
    toTop,
    say,
    page: () => page,
    /** The fields the person filled (for a draft). */
    fields(): Array<[string, string]> {
      const out: Array<[string, string]> = [];
      for (const [k, v] of new FormData(form))
        if (k.startsWith("q:") && typeof v === "string" && v !== "") out.push([k, v]);
      return out;
    },
    /** Fills the fields back in, with the client id and start time they were given under. */
    restore(fields: Array<[string, string]>, id: string, startedAt: string) {
      const values = new Map<string, string[]>();
      for (const [k, v] of fields) values.set(k, [...(values.get(k) ?? []), v]);
      for (const el of form.elements) {
        const input = el as HTMLInputElement;
        if (!input.name?.startsWith("q:")) continue;
        const vs = values.get(input.name) ?? [];
        if (input.type === "radio" || input.type === "checkbox")
          input.checked = vs.includes(input.value);
        else input.value = vs[0] ?? "";
      }
      field("_id")!.value = id;
      field("_started")!.value = startedAt;
    },
    id: () => field("_id")!.value,
    startedAt: () => field("_started")!.value,
    /** An empty form for the next person (a kiosk after a submission or an idle time). */
    reset() {
      form.reset();
      field("_id")!.value = newClientId();
      field("_started")!.value = new Date().toISOString();
      for (const name of [...shown.keys()]) showProblem(name, null);
      say("");
      refresh();
      go(shownList()[0] ?? 0, false);
    },
    /** Something was answered (the kiosk asks an idle person whether to go on). */
    started: () => Object.keys(read()).length > 0 || shownList().indexOf(page) > 0,
    destroy() {
      window.removeEventListener("popstate", onPop);
    },
  };
}
