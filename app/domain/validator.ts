/**
 * Compiles a questionnaire's SurveyJS JSON into a validator for submitted answers.
 * Built once per questionnaire version: building a survey-core Model per request
 * costs ~5 ms and its validate() misses unknown choices, out-of-scale ratings and
 * over-long texts (docs/decisions/002-compiled-validator.md). Only the expression
 * engine (ConditionRunner) is borrowed from survey-core, so visibleIf means here
 * exactly what it means in the browser.
 */
import { ConditionRunner, ConditionsParser } from "survey-core";
import { DefinitionError, itemKey, localize, type QuestionnaireDefinition } from "./questionnaire";
import { questionRows, questionValues } from "./surveyjs";

export type AnswerErrorCode =
  | "unknown_question"
  | "not_visible"
  | "required"
  | "invalid_choice"
  | "out_of_scale"
  | "wrong_type"
  | "too_long"
  | "too_many_choices"
  | "too_few_choices"
  | "out_of_range";

export interface AnswerError {
  question: string;
  code: AnswerErrorCode;
  message: string;
}

type Kind = "choice" | "multi" | "rating" | "text" | "comment" | "boolean" | "matrix" | "free";

export interface CompiledQuestion {
  name: string;
  title: string;
  kind: Kind;
  required: boolean;
  /** visibleIf of the question and of every panel and page around it. */
  conditions: ConditionRunner[];
  requiredIf?: ConditionRunner;
  alwaysHidden: boolean;
  values: Map<string, string | number>;
  rows: Set<string>;
  allRowsRequired: boolean;
  /** Accepts `${name}-Comment` (an "other" text or a comment area). */
  commentKey?: string;
  otherValue?: string;
  maxLength: number;
  numeric: boolean;
  /** Every answer value is a number (a numeric scale or numeric choice codes). */
  numericValues: boolean;
  min?: number;
  max?: number;
  minSelected?: number;
  maxSelected?: number;
}

/** What the form shows of a question for a given set of answers. */
export interface QuestionState {
  visible: boolean;
  required: boolean;
}

export interface CompiledQuestionnaire {
  /** Question names in form order. */
  questions: readonly CompiledQuestion[];
  validate(answers: Record<string, unknown>): ValidationResult;
  /**
   * Each question's visibility and requiredness for these answers, by the same reading of
   * SurveyJS as validate(): the server-rendered form and the validator never disagree.
   */
  states(answers: Record<string, unknown>): Map<string, QuestionState>;
}

export type ValidationResult =
  | { ok: true; rollup: Array<[question: string, value: string]> }
  | { ok: false; errors: AnswerError[] };

/** Limits for free text when the form sets none; the 64 KB body limit caps the rest. */
export const DEFAULT_TEXT_MAX = 500;
export const DEFAULT_COMMENT_MAX = 4000;

const CHOICE_TYPES = new Set(["radiogroup", "dropdown"]);
const MULTI_TYPES = new Set(["checkbox", "tagbox"]);
const NO_ANSWER_TYPES = new Set(["html", "image"]);
type Json = Record<string, unknown>;

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function condition(expression: unknown, where: string, problems: string[]) {
  if (typeof expression !== "string" || expression.trim() === "") return undefined;
  if (!new ConditionsParser().parseExpression(expression)) {
    problems.push(`${where}: cannot parse expression "${expression}"`);
    return undefined;
  }
  return new ConditionRunner(expression);
}

function compileQuestion(
  q: Json,
  conditions: ConditionRunner[],
  hiddenAbove: boolean,
  problems: string[],
): CompiledQuestion | undefined {
  const name = typeof q.name === "string" ? q.name : "";
  const type = typeof q.type === "string" ? q.type : "";
  const where = `question "${name}"`;
  if (!name) {
    problems.push(`a ${type || "untyped"} element has no name`);
    return undefined;
  }
  const own = condition(q.visibleIf, `${where} visibleIf`, problems);
  const base: CompiledQuestion = {
    name,
    title: localize(q.title as never, "vi") || name,
    kind: "free",
    required: q.isRequired === true,
    conditions: own ? [...conditions, own] : conditions,
    requiredIf: condition(q.requiredIf, `${where} requiredIf`, problems),
    alwaysHidden: hiddenAbove || q.visible === false,
    values: new Map(),
    rows: new Set(),
    // `eachRowRequired` is SurveyJS 3's name; `isAllRowRequired` the older alias.
    allRowsRequired: q.isAllRowRequired === true || q.eachRowRequired === true,
    maxLength: 0,
    numeric: false,
    numericValues: false,
  };
  for (const c of questionValues(q)) base.values.set(c.value, c.raw as string | number);
  if (q.showCommentArea === true || q.hasComment === true) base.commentKey = `${name}-Comment`;

  if (type === "rating") {
    base.kind = "rating";
  } else if (CHOICE_TYPES.has(type) || MULTI_TYPES.has(type)) {
    base.kind = CHOICE_TYPES.has(type) ? "choice" : "multi";
    if (q.choicesByUrl || q.choicesFromQuestion) {
      problems.push(
        `${where}: choices must be listed in the form (choicesByUrl/choicesFromQuestion are not supported)`,
      );
    }
    if (base.values.has("other") && (q.showOtherItem === true || q.hasOther === true)) {
      base.otherValue = "other";
      base.commentKey = `${name}-Comment`;
    }
    if (base.kind === "multi") {
      if (typeof q.maxSelectedChoices === "number" && q.maxSelectedChoices > 0)
        base.maxSelected = q.maxSelectedChoices;
      if (typeof q.minSelectedChoices === "number" && q.minSelectedChoices > 0)
        base.minSelected = q.minSelectedChoices;
    }
    if (base.values.size === 0) problems.push(`${where}: no choices`);
  } else if (type === "boolean") {
    base.kind = "boolean";
  } else if (type === "matrix") {
    base.kind = "matrix";
    for (const r of questionRows(q)) base.rows.add(r.value);
    if (base.rows.size === 0 || base.values.size === 0)
      problems.push(`${where}: a matrix needs rows and columns`);
  } else if (type === "text") {
    base.kind = "text";
    base.numeric = q.inputType === "number" || q.inputType === "range";
    base.maxLength =
      typeof q.maxLength === "number" && q.maxLength > 0 ? q.maxLength : DEFAULT_TEXT_MAX;
    if (typeof q.min === "number") base.min = q.min;
    if (typeof q.max === "number") base.max = q.max;
  } else if (type === "comment") {
    base.kind = "comment";
    base.maxLength =
      typeof q.maxLength === "number" && q.maxLength > 0 ? q.maxLength : DEFAULT_COMMENT_MAX;
  } else if (type === "expression") {
    base.kind = "free";
  } else {
    problems.push(`${where}: question type "${type}" is not supported`);
    return undefined;
  }
  base.numericValues =
    base.values.size > 0 && [...base.values.values()].every((v) => typeof v === "number");
  return base;
}

function walk(
  elements: unknown,
  conditions: ConditionRunner[],
  hidden: boolean,
  out: CompiledQuestion[],
  problems: string[],
) {
  for (const raw of asArray(elements)) {
    if (!raw || typeof raw !== "object") continue;
    const el = raw as Json;
    if (el.type === "panel") {
      const c = condition(el.visibleIf, `panel "${String(el.name)}" visibleIf`, problems);
      walk(
        el.elements,
        c ? [...conditions, c] : conditions,
        hidden || el.visible === false,
        out,
        problems,
      );
    } else if (typeof el.type === "string" && NO_ANSWER_TYPES.has(el.type)) {
      continue;
    } else {
      const q = compileQuestion(el, conditions, hidden, problems);
      if (q) out.push(q);
    }
  }
}

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);

const MSG: Record<AnswerErrorCode, (title: string, detail?: string) => string> = {
  unknown_question: (t) => `Câu hỏi «${t}» không có trong phiếu khảo sát này.`,
  not_visible: (t) =>
    `Câu hỏi «${t}» không hiển thị với các câu trả lời đã chọn, nên không được trả lời.`,
  required: (t) => `Câu hỏi «${t}» là bắt buộc, xin hãy trả lời.`,
  invalid_choice: (t, d) =>
    `Câu trả lời ${d ?? ""} không có trong các lựa chọn của câu hỏi «${t}».`,
  out_of_scale: (t, d) => `Mức đánh giá ${d ?? ""} nằm ngoài thang điểm của câu hỏi «${t}».`,
  wrong_type: (t, d) => `Câu trả lời cho «${t}» sai kiểu dữ liệu${d ? ` (cần ${d})` : ""}.`,
  too_long: (t, d) => `Câu trả lời cho «${t}» quá dài (tối đa ${d ?? "?"} ký tự).`,
  too_many_choices: (t, d) => `Câu hỏi «${t}» chỉ được chọn tối đa ${d ?? "?"} lựa chọn.`,
  too_few_choices: (t, d) => `Câu hỏi «${t}» cần chọn ít nhất ${d ?? "?"} lựa chọn.`,
  out_of_range: (t, d) => `Giá trị của «${t}» nằm ngoài khoảng cho phép (${d ?? ""}).`,
};

function err(
  q: { name: string; title: string },
  code: AnswerErrorCode,
  detail?: string,
): AnswerError {
  return { question: q.name, code, message: MSG[code](q.title, detail) };
}

const isScalar = (v: unknown): v is string | number =>
  typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

/**
 * Half of a UTF-16 surrogate pair on its own (JSON allows "\ud800"): not a character, cannot
 * be written as UTF-8, and breaks exports. No keyboard produces one, so it is refused.
 */
const LONE_SURROGATE = /\p{Cs}/u;

const isPlain = (v: unknown) => isScalar(v) || typeof v === "boolean" || v === null;

/**
 * An answer of a shape some question can take: a value, a list of values, or a matrix's
 * row → value object naming only its rows. Only such answers are shown to survey-core's
 * expression engine, which recurses into values (a 10,000-deep object overflowed the stack)
 * and converts them to numbers (an object whose own "toString" is not a function threw).
 */
function saneAnswer(q: CompiledQuestion, v: unknown): boolean {
  if (isPlain(v)) return true;
  if (Array.isArray(v)) return v.every(isPlain);
  if (typeof v !== "object" || q.kind !== "matrix") return false;
  return Object.entries(v as Json).every(([row, col]) => q.rows.has(row) && isPlain(col));
}

function checkAnswer(
  q: CompiledQuestion,
  v: unknown,
  errors: AnswerError[],
  rollup: Array<[string, string]>,
) {
  const before = errors.length;
  switch (q.kind) {
    case "rating":
    case "choice":
    case "boolean": {
      if (!isScalar(v) && typeof v !== "boolean")
        return void errors.push(err(q, "wrong_type", "một giá trị"));
      if (typeof v === "string" && q.numericValues && !Number.isFinite(Number(v)))
        return void errors.push(err(q, "wrong_type", "một số"));
      if (!q.values.has(String(v)))
        return void errors.push(
          err(q, q.kind === "rating" ? "out_of_scale" : "invalid_choice", JSON.stringify(v)),
        );
      rollup.push([q.name, String(v)]);
      return;
    }
    case "multi": {
      if (!Array.isArray(v) || !v.every(isScalar))
        return void errors.push(err(q, "wrong_type", "một danh sách"));
      const seen = new Set<string>();
      for (const item of v) {
        if (!q.values.has(String(item)))
          errors.push(err(q, "invalid_choice", JSON.stringify(item)));
        seen.add(String(item));
      }
      if (seen.size !== v.length)
        errors.push(err(q, "wrong_type", "các lựa chọn không trùng nhau"));
      if (q.maxSelected !== undefined && v.length > q.maxSelected)
        errors.push(err(q, "too_many_choices", String(q.maxSelected)));
      if (q.minSelected !== undefined && v.length < q.minSelected)
        errors.push(err(q, "too_few_choices", String(q.minSelected)));
      if (errors.length === before) for (const item of seen) rollup.push([q.name, item]);
      return;
    }
    case "matrix": {
      if (typeof v !== "object" || v === null || Array.isArray(v))
        return void errors.push(err(q, "wrong_type", "một bảng hàng → cột"));
      for (const [row, col] of Object.entries(v as Json)) {
        if (!q.rows.has(row)) errors.push(err(q, "invalid_choice", `hàng ${JSON.stringify(row)}`));
        else if (!isScalar(col)) errors.push(err(q, "wrong_type", "một giá trị"));
        else if (!q.values.has(String(col)))
          errors.push(err(q, "out_of_scale", JSON.stringify(col)));
      }
      if (q.allRowsRequired && errors.length === before) {
        for (const row of q.rows) if (isEmpty((v as Json)[row])) errors.push(err(q, "required"));
      }
      if (errors.length === before)
        for (const [row, col] of Object.entries(v as Json))
          rollup.push([`${q.name}.${row}`, String(col)]);
      return;
    }
    case "text":
    case "comment": {
      if (q.numeric) {
        const n =
          typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
        if (!Number.isFinite(n)) return void errors.push(err(q, "wrong_type", "một số"));
        if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max))
          errors.push(err(q, "out_of_range", `${q.min ?? "…"}–${q.max ?? "…"}`));
        return;
      }
      if (typeof v !== "string") return void errors.push(err(q, "wrong_type", "văn bản"));
      if (LONE_SURROGATE.test(v))
        return void errors.push(err(q, "wrong_type", "văn bản Unicode hợp lệ"));
      if ([...v].length > q.maxLength) errors.push(err(q, "too_long", String(q.maxLength)));
      return;
    }
    case "free":
      if (!isScalar(v) && typeof v !== "boolean") errors.push(err(q, "wrong_type", "một giá trị"));
      if (typeof v === "string" && LONE_SURROGATE.test(v))
        errors.push(err(q, "wrong_type", "văn bản Unicode hợp lệ"));
      if (typeof v === "string" && v.length > DEFAULT_TEXT_MAX)
        errors.push(err(q, "too_long", String(DEFAULT_TEXT_MAX)));
      return;
  }
}

export function compileQuestionnaire(definition: QuestionnaireDefinition): CompiledQuestionnaire {
  const problems: string[] = [];
  const questions: CompiledQuestion[] = [];
  for (const [i, rawPage] of definition.survey.pages.entries()) {
    const page = rawPage as Json;
    const c = condition(page.visibleIf, `page ${i + 1} visibleIf`, problems);
    walk(page.elements, c ? [c] : [], page.visible === false, questions, problems);
  }
  const byName = new Map<string, CompiledQuestion>();
  for (const q of questions) {
    if (byName.has(q.name)) problems.push(`question "${q.name}" appears twice`);
    byName.set(q.name, q);
  }
  // Values SurveyJS puts into the result besides questions.
  const extraKeys = new Map<string, CompiledQuestion>();
  for (const cv of asArray((definition.survey as Json).calculatedValues)) {
    const c = cv as Json;
    if (c.includeIntoResult === true && typeof c.name === "string") {
      extraKeys.set(c.name, { ...compileFree(c.name), kind: "free" });
    }
  }
  for (const q of questions) {
    if (q.commentKey)
      extraKeys.set(q.commentKey, {
        ...compileFree(q.commentKey),
        title: q.title,
        kind: "comment",
        maxLength: DEFAULT_COMMENT_MAX,
      });
  }
  checkScoring(definition, byName, problems);
  if (problems.length > 0) {
    throw new DefinitionError(problems.join("; "), problems);
  }

  // What conditions see: known questions' answers of a sane shape, nothing else.
  const conditionValues = (answers: Record<string, unknown>, unknown?: (key: string) => void) => {
    const values: Record<string, unknown> = {};
    for (const key of Object.keys(answers)) {
      const q = byName.get(key) ?? extraKeys.get(key);
      if (!q) unknown?.(key);
      else if (saneAnswer(q, answers[key])) values[key] = answers[key];
    }
    return values;
  };
  const isVisible = (q: CompiledQuestion, values: Record<string, unknown>) =>
    !q.alwaysHidden && q.conditions.every((c) => c.runValues(values, {}) === true);
  const isRequired = (q: CompiledQuestion, values: Record<string, unknown>) =>
    q.required || (q.requiredIf?.runValues(values, {}) ?? false);

  const states = (answers: Record<string, unknown>): Map<string, QuestionState> => {
    const values = conditionValues(answers);
    const out = new Map<string, QuestionState>();
    for (const q of questions)
      out.set(q.name, { visible: isVisible(q, values), required: isRequired(q, values) });
    return out;
  };

  const validate = (answers: Record<string, unknown>): ValidationResult => {
    const errors: AnswerError[] = [];
    const rollup: Array<[string, string]> = [];
    const values = conditionValues(answers, (key) =>
      errors.push(err({ name: key, title: key }, "unknown_question")),
    );
    for (const q of questions) {
      const v = answers[q.name];
      const shown = isVisible(q, values);
      if (isEmpty(v)) {
        if (shown && isRequired(q, values)) errors.push(err(q, "required"));
        continue;
      }
      if (!shown) {
        errors.push(err(q, "not_visible"));
        continue;
      }
      const before = errors.length;
      checkAnswer(q, v, errors, rollup);
      // As in the browser: choosing "other" asks for the text (of a well-typed answer only).
      if (q.otherValue !== undefined && q.commentKey && errors.length === before) {
        const chosen = Array.isArray(v) ? v.map(String) : [String(v)];
        if (chosen.includes(q.otherValue) && isEmpty(answers[q.commentKey]))
          errors.push(err({ name: q.commentKey, title: q.title }, "required"));
      }
    }
    for (const [key, q] of extraKeys) {
      const v = answers[key];
      if (!isEmpty(v)) checkAnswer(q, v, errors, rollup);
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, rollup };
  };
  return { questions, validate, states };
}

function compileFree(name: string): CompiledQuestion {
  return {
    name,
    title: name,
    kind: "free",
    required: false,
    conditions: [],
    alwaysHidden: false,
    values: new Map(),
    rows: new Set(),
    allRowsRequired: false,
    maxLength: DEFAULT_TEXT_MAX,
    numeric: false,
    numericValues: false,
  };
}

/** The scoring block must point at questions that exist and can hold every level of its scale. */
function checkScoring(
  definition: QuestionnaireDefinition,
  byName: Map<string, CompiledQuestion>,
  problems: string[],
) {
  const { scoring } = definition;
  const codes = new Set<string>();
  for (const item of scoring.items) {
    const where = `scoring item "${item.code}"`;
    if (codes.has(item.code)) problems.push(`${where} is listed twice`);
    codes.add(item.code);
    const q = byName.get(item.question);
    if (!q) {
      problems.push(`${where}: question "${item.question}" does not exist`);
      continue;
    }
    if (q.kind === "matrix") {
      if (item.row === undefined)
        problems.push(`${where}: question "${item.question}" is a matrix; give the row`);
      else if (!q.rows.has(item.row))
        problems.push(`${where}: matrix "${item.question}" has no row "${item.row}"`);
    } else if (q.kind !== "rating" && q.kind !== "choice" && q.kind !== "boolean") {
      problems.push(`${where}: question "${item.question}" is not a rating or single choice`);
      continue;
    }
    const scale = item.scale ?? scoring.scale;
    for (const level of scale.levels) {
      if (!q.values.has(String(level)))
        problems.push(
          `${where}: level ${JSON.stringify(level)} is not an answer of "${itemKey(item)}"`,
        );
    }
    for (const level of [...scale.satisfied, ...scale.notApplicable]) {
      if (!scale.levels.map(String).includes(String(level)))
        problems.push(`${where}: ${JSON.stringify(level)} is not one of the scale's levels`);
    }
  }
  const elementCodes = new Set<string>();
  for (const el of scoring.elements) {
    if (elementCodes.has(el.code) || codes.has(el.code))
      problems.push(`scoring element "${el.code}": code used twice`);
    elementCodes.add(el.code);
    for (const code of el.items)
      if (!codes.has(code)) problems.push(`scoring element "${el.code}": unknown item "${code}"`);
  }
  for (const aspect of scoring.aspects) {
    for (const code of aspect.elements)
      if (!elementCodes.has(code))
        problems.push(`scoring aspect "${aspect.code}": unknown element "${code}"`);
  }
}
