/**
 * What JavaScript adds to the server-drawn respondent form (form-view.tsx), without React or
 * survey-core: conditions applied as the person answers (form-logic.ts, expression.ts), the
 * pages turned in the browser with the progress, messages beside their question, the draft
 * kept on the device, the submission sent (and sent again when the network comes back),
 * reading a question aloud where the device has a voice for the language. The same code
 * runs on /s/:token (enhance.entry.ts) and in the kiosk's long form (kiosk/long-form.tsx),
 * which sends through the kiosk's queue instead and keeps no draft.
 */
import {
  answersFromFields,
  checkAnswers,
  hiddenElements,
  logicStates,
  settle,
  shownPages,
  type Answers,
  type FormLogic,
  type Problem,
  type States,
} from "~/domain/form-logic";
import { fill, type FormTexts } from "~/utils/form-texts";
import { newClientId, type Outgoing } from "../kiosk/queue";
import { problemText } from "./problem-text";

export type SendOutcome =
  | { kind: "stored" }
  | { kind: "retry" }
  | {
      kind: "refused";
      errors?: Array<{ question: string; code: string }>;
      message?: string;
    };

export interface EnhanceOptions {
  logic: FormLogic;
  texts: FormTexts;
  /** The questionnaire's locale the page shows ("vi", "en", …): the response records it. */
  locale: string;
  token: string;
  /** The labels of the main button: "next" on a page, "submit" on the last. */
  labels: { next: string; submit: string };
  send(item: Outgoing): Promise<SendOutcome>;
  /** Called once the response is stored (or queued on a kiosk). */
  done(): void;
  /** Keep a draft on the device (localStorage), by link: not on a shared kiosk. */
  draft: boolean;
  /** Pages turned in the browser go into the history, so "back" turns back a page. */
  history: boolean;
}

interface Draft {
  id: string;
  startedAt: string;
  page: number;
  fields: Array<[string, string]>;
  /** The person pressed "send": send it again as soon as possible. */
  pending?: boolean;
}

const draftKey = (token: string) => `hl:draft:${token}`;
const sentKey = (token: string) => `hl:sent:${token}`;

function storageGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function storageSet(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: the form still works, without a draft.
  }
}

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
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retries = 0;
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
    saveDraft();
  }

  /** To the top of what holds the form: the page, or the kiosk's scrolling box. */
  function toTop() {
    (form.parentElement ?? form).scrollIntoView({ block: "start" });
  }

  function turn(by: 1 | -1) {
    const list = shownList();
    const at = list.indexOf(page);
    const to = list[at + by];
    if (to === undefined) return;
    go(to);
    toTop();
    (step ?? sections[to])?.focus({ preventScroll: true });
  }

  // ---- drafts ----------------------------------------------------------------------------
  function fields(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const [k, v] of new FormData(form))
      if (k.startsWith("q:") && typeof v === "string" && v !== "") out.push([k, v]);
    return out;
  }

  function saveDraft(pending?: boolean) {
    if (!o.draft) return;
    const previous = loadDraft();
    const entries = fields();
    if (entries.length === 0 && !pending && !previous?.pending)
      return storageSet(draftKey(o.token), null);
    const draft: Draft = {
      id: field("_id")!.value,
      startedAt: field("_started")!.value,
      page,
      fields: entries,
      ...((pending ?? previous?.pending) ? { pending: true } : {}),
    };
    storageSet(draftKey(o.token), JSON.stringify(draft));
  }

  function loadDraft(): Draft | null {
    try {
      const d = JSON.parse(storageGet(draftKey(o.token)) ?? "null") as Draft | null;
      return d && typeof d.id === "string" && Array.isArray(d.fields) ? d : null;
    } catch {
      return null;
    }
  }

  function restore(d: Draft) {
    const values = new Map<string, string[]>();
    for (const [k, v] of d.fields) values.set(k, [...(values.get(k) ?? []), v]);
    for (const el of form.elements) {
      const input = el as HTMLInputElement;
      if (!input.name?.startsWith("q:")) continue;
      const vs = values.get(input.name) ?? [];
      if (input.type === "radio" || input.type === "checkbox")
        input.checked = vs.includes(input.value);
      else input.value = vs[0] ?? "";
    }
    field("_id")!.value = d.id;
    field("_started")!.value = d.startedAt;
  }

  // ---- sending -----------------------------------------------------------------------------
  async function submit() {
    if (sending) return;
    const problems = checkAnswers(logic, view.answers, view.states);
    if (problems.length > 0) return showProblems(problems);
    sending = true;
    clearTimeout(retryTimer);
    saveDraft(true);
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
      } as Outgoing)
      .catch((): SendOutcome => ({ kind: "retry" }));
    sending = false;
    primary.disabled = false;
    if (outcome.kind === "stored") {
      if (o.draft) {
        storageSet(draftKey(o.token), null);
        storageSet(sentKey(o.token), new Date().toISOString());
      }
      retries = 0;
      return o.done();
    }
    if (outcome.kind === "retry") {
      // Kept on the device; tried again with a growing pause, and when the network is back.
      retries += 1;
      say(texts["form.offline"], true);
      showRetry(true);
      retryTimer = setTimeout(() => void submit(), Math.min(300_000, 5000 * 2 ** (retries - 1)));
      return;
    }
    saveDraft(false);
    const problems422 = (outcome.errors ?? []).map((e): Problem => ({
      question: e.question.replace(/-Comment$/, ""),
      code:
        e.question.endsWith("-Comment") && e.code === "required"
          ? "other_text"
          : (([
              "required",
              "too_long",
              "out_of_range",
              "wrong_type",
              "too_many_choices",
              "too_few_choices",
            ].includes(e.code)
              ? e.code
              : "invalid") as Problem["code"]),
    }));
    if (problems422.length > 0) return showProblems(problems422);
    say(`${texts["form.failed"]} ${outcome.message ?? ""}`.trim(), true);
  }

  let retryButton: HTMLButtonElement | null = null;
  function showRetry(on: boolean) {
    if (on && !retryButton) {
      retryButton = document.createElement("button");
      retryButton.type = "button";
      retryButton.className = "button secondary hl-retry";
      retryButton.textContent = texts["form.retry"];
      retryButton.addEventListener("click", () => void submit());
      status.after(retryButton);
    }
    if (!on) {
      retryButton?.remove();
      retryButton = null;
    }
  }

  // ---- reading aloud -------------------------------------------------------------------------
  function readAloud() {
    const synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === "undefined") return;
    const lang = o.locale === "vi" ? "vi" : o.locale;
    const attach = () => {
      const voice = synth
        .getVoices()
        .find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === lang.toLowerCase());
      if (!voice || form.querySelector(".hl-listen")) return;
      for (const q of form.querySelectorAll<HTMLElement>(".hl-q")) {
        const title = q.querySelector(":scope > .hl-title");
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
        title?.after(button);
      }
    };
    attach();
    synth.addEventListener?.("voiceschanged", attach);
  }

  // ---- wiring ------------------------------------------------------------------------------
  const onChange = (e: Event) => {
    const target = e.target as HTMLInputElement;
    if (!target.name?.startsWith("q:")) return;
    refresh();
    saveDraft();
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
    if (nav === "next" && shownList().indexOf(page) < shownList().length - 1) return turn(1);
    void submit();
  });
  const onPop = (e: PopStateEvent) => {
    const to = (e.state as { hlPage?: number } | null)?.hlPage ?? shownList()[0] ?? 0;
    go(to, false);
  };
  const onOnline = () => {
    if (retryTimer !== undefined && !sending) void submit();
  };
  if (o.history) window.addEventListener("popstate", onPop);
  window.addEventListener("online", onOnline);
  // The language switch keeps the answers: the draft goes first, the new page restores it.
  for (const a of document.querySelectorAll<HTMLAnchorElement>("a[data-lang]"))
    a.addEventListener("click", () => saveDraft());

  form.querySelector(".hl-summary")?.remove();
  let draftNotice: HTMLElement | null = null;
  const d = o.draft ? loadDraft() : null;
  if (d) {
    restore(d);
    draftNotice = notice(texts["form.draft"], texts["form.draft.clear"], () => {
      storageSet(draftKey(o.token), null);
      reset();
      draftNotice?.remove();
    });
  }
  refresh();
  go(d && view.pages[d.page] ? d.page : page, false);
  if (o.history) history.replaceState({ hlPage: page }, "");
  readAloud();
  if (d?.pending) void submit();
  else if (o.draft && !d && storageGet(sentKey(o.token))) {
    // Soft one-response-per-browser rule: a second person on the same phone may still answer.
    form.hidden = true;
    const again = notice(
      texts["form.again.body"],
      texts["form.again.action"],
      () => {
        form.hidden = false;
        again.remove();
      },
      texts["form.again.title"],
    );
  }

  function notice(text: string, action: string, onClick: () => void, title?: string) {
    const box = document.createElement("div");
    box.className = "hl-notice";
    box.setAttribute("role", "status");
    if (title) {
      const h = document.createElement("h2");
      h.textContent = title;
      box.append(h);
    }
    const p = document.createElement("p");
    p.textContent = text;
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button secondary";
    b.textContent = action;
    b.addEventListener("click", onClick);
    box.append(p, b);
    form.before(box);
    return box;
  }

  /** An empty form for the next person (a kiosk after a submission or an idle time). */
  function reset() {
    form.reset();
    field("_id")!.value = newClientId();
    field("_started")!.value = new Date().toISOString();
    for (const name of [...shown.keys()]) showProblem(name, null);
    showRetry(false);
    say("");
    refresh();
    go(shownList()[0] ?? 0, false);
  }

  return {
    reset,
    toTop,
    /** Something was answered (the kiosk asks an idle person whether to go on). */
    started: () => Object.keys(read()).length > 0 || shownList().indexOf(page) > 0,
    destroy() {
      clearTimeout(retryTimer);
      window.removeEventListener("popstate", onPop);
      window.removeEventListener("online", onOnline);
    },
  };
}
