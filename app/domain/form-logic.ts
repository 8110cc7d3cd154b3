/**
 * What the respondent's form needs to run its logic, the same on the server and in the
 * browser (pure, no imports besides the expression interpreter): reading answers from form
 * fields, showing and requiring questions from their conditions, letting hidden questions'
 * answers go, and the checks made before a page is left. The server decides with
 * compiled.states() (survey-core's ConditionRunner); the browser with the trees shipped in
 * FormLogic (expression.ts). tests/unit/form-logic.test.ts compares the two on every form in
 * surveys/.
 */
import { runCondition, type Tree } from "./expression";

/** How a question's answer is held: one value, several, a row → value object, text, a number. */
export type AnswerKind = "one" | "many" | "matrix" | "text" | "number";

/** One question's logic, compactly (it travels in every respondent page). */
export interface LogicQuestion {
  /** name */
  n: string;
  k: AnswerKind;
  /** page index */
  p: number;
  /** Answer values: field text → the value stored (numbers stay numbers). */
  v?: Array<[string, string | number | boolean]>;
  /** matrix rows */
  r?: string[];
  /** Takes a `${name}-Comment` text (an "other" answer or a comment area). */
  c?: 1;
  /** The "other" value, whose choice asks for the text. */
  o?: string;
  /** visibleIf of the page, the panels around it and the question; null: only the server knows. */
  if?: Array<Tree | null>;
  /** visible: false (on the question, a panel or the page) */
  h?: 1;
  req?: 1;
  rif?: Tree | null;
  /** every matrix row required */
  all?: 1;
  maxLen?: number;
  min?: number;
  max?: number;
  minSel?: number;
  maxSel?: number;
}

export interface FormLogic {
  questions: LogicQuestion[];
  /** Per page: its own visibleIf, for pages with no question (only text). */
  pages: Array<{ if?: Array<Tree | null> }>;
  /** Text and image elements with conditions (by name): shown when all hold. */
  elements: Array<{ n: string; if?: Array<Tree | null>; h?: 1 }>;
}

export interface ShownState {
  visible: boolean;
  required: boolean;
  /** False when a condition only the server can evaluate decided nothing yet. */
  known?: boolean;
}

export type Answers = Record<string, unknown>;
export type States = Map<string, ShownState>;

/** Field names: one per question (q:name), per matrix row (q:name/row) and per comment. */
export const fieldName = (question: string) => `q:${question}`;
export const rowFieldName = (question: string, row: string) => `q:${question}/${row}`;
export const commentKey = (question: string) => `${question}-Comment`;

const typed = (q: LogicQuestion, text: string): unknown => {
  const hit = q.v?.find(([k]) => k === text);
  return hit ? hit[1] : text;
};

/**
 * The answers a filled form's fields hold, typed as the API takes them: choice codes as the
 * questionnaire writes them (numbers stay numbers), several values as a list, matrix rows
 * as an object, numeric text as a number. Empty fields are left out. `getAll` reads one
 * field's values (FormData.getAll on both sides).
 */
export function answersFromFields(
  logic: FormLogic,
  getAll: (name: string) => readonly unknown[],
): Answers {
  const out: Answers = {};
  const text = (name: string) => {
    const v = getAll(name).find((x) => typeof x === "string" && x.trim() !== "");
    return typeof v === "string" ? v : undefined;
  };
  for (const q of logic.questions) {
    const name = fieldName(q.n);
    if (q.k === "many") {
      const vs = getAll(name).filter((x): x is string => typeof x === "string" && x !== "");
      if (vs.length > 0) out[q.n] = [...new Set(vs)].map((v) => typed(q, v));
    } else if (q.k === "matrix") {
      const rows: Record<string, unknown> = {};
      for (const row of q.r ?? []) {
        const v = text(rowFieldName(q.n, row));
        if (v !== undefined) rows[row] = typed(q, v);
      }
      if (Object.keys(rows).length > 0) out[q.n] = rows;
    } else {
      const v = text(name);
      if (v === undefined) continue;
      if (q.k === "number") {
        const n = Number(v.trim().replace(",", "."));
        out[q.n] = Number.isFinite(n) ? n : v;
      } else out[q.n] = q.k === "one" ? typed(q, v) : v;
    }
    if (q.c) {
      const c = text(fieldName(commentKey(q.n)));
      if (c !== undefined) out[commentKey(q.n)] = c;
    }
  }
  return out;
}

/** The browser's reading of the conditions: shown, required, and whether it could decide. */
export function logicStates(logic: FormLogic, given: Answers): States {
  // As on the server: empty answers are no answers to the conditions.
  const answers: Answers = {};
  for (const [k, v] of Object.entries(given)) if (!empty(v)) answers[k] = v;
  const out: States = new Map();
  for (const q of logic.questions) {
    let known = true;
    let visible = !q.h;
    for (const tree of q.if ?? []) {
      if (!visible) break;
      if (tree === null) known = false;
      else visible = runCondition(tree, answers);
    }
    let required = Boolean(q.req);
    if (!required && q.rif !== undefined) {
      if (q.rif === null) known = false;
      else required = runCondition(q.rif, answers);
    }
    // Undecided: shown (the person may answer), never required here; the server decides.
    out.set(q.n, { visible, required: known ? required : false, known });
  }
  return out;
}

/**
 * The answers that count: a hidden question's answer goes (as SurveyJS clears invisible
 * values on completion), and with it whatever it showed, until nothing changes. The states
 * returned are those of the settled answers.
 */
export function settle(
  answers: Answers,
  statesOf: (answers: Answers) => States,
  questions: readonly string[],
): { answers: Answers; states: States } {
  let current = answers;
  for (let round = 0; round <= questions.length; round++) {
    const states = statesOf(current);
    const next: Answers = {};
    let dropped = false;
    for (const [k, v] of Object.entries(current)) {
      const owner = k.endsWith("-Comment") ? k.slice(0, -"-Comment".length) : k;
      if (states.get(owner)?.visible === false) dropped = true;
      else next[k] = v;
    }
    if (!dropped) return { answers: current, states };
    current = next;
  }
  return { answers: current, states: statesOf(current) };
}

const holds = (conditions: Array<Tree | null> | undefined, answers: Answers) =>
  (conditions ?? []).every((t) => t === null || runCondition(t, answers));

/** Text and image elements hidden for these answers (an undecidable condition shows them). */
export function hiddenElements(logic: FormLogic, answers: Answers): Set<string> {
  return new Set(logic.elements.filter((e) => e.h || !holds(e.if, answers)).map((e) => e.n));
}

/** Which pages are shown: those with a shown question, or with no question and their own conditions met. */
export function shownPages(logic: FormLogic, states: States, answers: Answers): boolean[] {
  return logic.pages.map((page, i) => {
    const questions = logic.questions.filter((q) => q.p === i);
    if (questions.length > 0) return questions.some((q) => states.get(q.n)?.visible);
    return holds(page.if, answers);
  });
}

export type CheckCode =
  | "required"
  | "too_long"
  | "out_of_range"
  | "wrong_type"
  | "too_many_choices"
  | "too_few_choices"
  | "other_text"
  /** An answer the server refused for another reason (not a choice, not shown…). */
  | "invalid";

export interface Problem {
  question: string;
  code: CheckCode;
}

const REFUSALS: ReadonlySet<string> = new Set<CheckCode>([
  "required",
  "too_long",
  "out_of_range",
  "wrong_type",
  "too_many_choices",
  "too_few_choices",
]);

/** The server's refusals (the validator's errors, a 422's body) as the form shows them, beside their question. */
export function problemsOf(errors: ReadonlyArray<{ question: string; code: string }>): Problem[] {
  return errors.map((e) => {
    const question = e.question.replace(/-Comment$/, "");
    if (question !== e.question && e.code === "required") return { question, code: "other_text" };
    return { question, code: REFUSALS.has(e.code) ? (e.code as CheckCode) : "invalid" };
  });
}

/** One problem per question, the first given winning (the form's own checks before the server's). */
export function oneProblemEach(...lists: Problem[][]): Problem[] {
  const seen = new Map<string, Problem>();
  for (const p of lists.flat()) if (!seen.has(p.question)) seen.set(p.question, p);
  return [...seen.values()];
}

/** survey-core's isValueEmpty, as the validator reads it: strings trimmed, {} and [] empty. */
const empty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === "string" && v.trim() === "") ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);

/**
 * What a person must put right before leaving the given pages (all pages when omitted):
 * a required answer missing, a text too long, a number out of range, too many or too few
 * choices, an "other" without its text. The server's validator has the last word.
 */
export function checkAnswers(
  logic: FormLogic,
  answers: Answers,
  states: States,
  pages?: readonly number[],
): Problem[] {
  const out: Problem[] = [];
  for (const q of logic.questions) {
    if (pages && !pages.includes(q.p)) continue;
    const s = states.get(q.n);
    if (!s?.visible) continue;
    const v = answers[q.n];
    const add = (code: CheckCode) => out.push({ question: q.n, code });
    if (empty(v)) {
      if (s.required) add("required");
      continue;
    }
    if (q.k === "matrix" && q.all && (q.r ?? []).some((r) => empty((v as Answers)[r]))) {
      add("required");
      continue;
    }
    if (q.k === "number") {
      if (typeof v !== "number") add("wrong_type");
      else if ((q.min !== undefined && v < q.min) || (q.max !== undefined && v > q.max))
        add("out_of_range");
      continue;
    }
    if (q.k === "text" && typeof v === "string" && q.maxLen && [...v].length > q.maxLen)
      add("too_long");
    if (Array.isArray(v)) {
      if (q.maxSel !== undefined && v.length > q.maxSel) add("too_many_choices");
      if (q.minSel !== undefined && v.length < q.minSel) add("too_few_choices");
    }
    if (q.o !== undefined) {
      const chosen = (Array.isArray(v) ? v : [v]).map(String);
      if (chosen.includes(q.o) && empty(answers[commentKey(q.n)])) add("other_text");
    }
  }
  return out;
}
