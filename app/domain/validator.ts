/**
 * Compiles a questionnaire's SurveyJS JSON into a validator for submitted answers.
 * Built once per questionnaire version: building a survey-core Model per request
 * costs ~5 ms and its validate() misses unknown choices, out-of-scale ratings and
 * over-long texts (docs/decisions/002-compiled-validator.md). It reads the subset of SurveyJS
 * the questionnaire checker passes exactly as survey-core 3.0 does (docs/decisions/012):
 * visibleIf decides over `visible`, requiredIf over `isRequired`, enableIf over `readOnly`,
 * a disabled question is not validated, validators run on visible enabled answers.
 * Only the expression engine (ConditionRunner) and value helpers are borrowed from
 * survey-core, so a condition means here exactly what it means in the browser.
 */
import { ConditionRunner, ConditionsParser, ExpressionRunner, Helpers } from "survey-core";
import { DefinitionError, itemKey, localize, type QuestionnaireDefinition } from "./questionnaire";
import { multipleTextItems, questionRows, questionValues } from "./surveyjs";

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
  | "out_of_range"
  | "validator";

export interface AnswerError {
  question: string;
  code: AnswerErrorCode;
  message: string;
}

type Kind =
  | "choice"
  | "multi"
  | "ranking"
  | "rating"
  | "text"
  | "comment"
  | "boolean"
  | "matrix"
  | "multipletext"
  | "free";

/** A visible/enabled/required flag: a fixed value, or a condition that overrides it. */
interface Gate {
  when?: ConditionRunner;
  fixed: boolean;
}

/** A page or panel: questions inside are shown and enabled only when it is. */
interface Container {
  visible: Gate;
  enabled: Gate;
  parent?: Container;
}

export type CompiledValidator =
  | { kind: "numeric"; min?: number; max?: number; text?: string }
  | { kind: "text"; minLength: number; maxLength: number; allowDigits: boolean; text?: string }
  | { kind: "email"; text?: string }
  | { kind: "answercount"; minCount: number; maxCount: number; text?: string }
  | { kind: "regex"; re: RegExp; text?: string }
  | { kind: "expression"; runner: ConditionRunner; text?: string };

/** A box of a multipletext question: a text input of its own. */
export interface CompiledItem {
  name: string;
  title: string;
  required: boolean;
  numeric: boolean;
  maxLength: number;
  validators: CompiledValidator[];
}

export interface CompiledQuestion {
  name: string;
  title: string;
  kind: Kind;
  /** isRequired, or the requiredIf that overrides it. */
  required: Gate;
  /** visible, or the visibleIf that overrides it. */
  visible: Gate;
  /** readOnly (inverted), or the enableIf that overrides it. */
  enabled: Gate;
  container?: Container;
  /** `"audience": "surveyor"`: filled by an interviewer, never shown to a self-completing respondent. */
  surveyorOnly: boolean;
  values: Map<string, string | number>;
  rows: Set<string>;
  allRowsRequired: boolean;
  rowsUnique: boolean;
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
  /** A ranking without select-to-rank orders every choice. */
  rankAll: boolean;
  items: CompiledItem[];
  validators: CompiledValidator[];
}

/** What the form shows of a question for a given set of answers. */
export interface QuestionState {
  visible: boolean;
  /** isRequired as the form reads it (requiredIf decides); demanded only when visible and enabled. */
  required: boolean;
  /** false: read-only (readOnly/enableIf of the question or a panel or page around it). */
  enabled: boolean;
}

/**
 * Who fills the form in: a self-completing respondent never sees (nor is asked for) the
 * questions marked `"audience": "surveyor"`; an interviewer (or staff) sees them all.
 * Without it every question counts as shown to whoever fills the form.
 */
export interface AudienceOption {
  audience?: "respondent" | "surveyor";
}

export interface CompiledQuestionnaire {
  /** Question names in form order. */
  questions: readonly CompiledQuestion[];
  validate(answers: Record<string, unknown>, opts?: AudienceOption): ValidationResult;
  /**
   * Each question's visibility, requiredness and enabledness for these answers, by the same
   * reading of SurveyJS as validate(): the server-rendered form and the validator never disagree.
   */
  states(answers: Record<string, unknown>, opts?: AudienceOption): Map<string, QuestionState>;
  /** One question's state for well-shaped answers (no shape check): for generating answers. */
  stateOf(
    question: CompiledQuestion,
    answers: Record<string, unknown>,
    opts?: AudienceOption,
  ): QuestionState;
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

/** survey-core: `visible = visibleIf === true` when there is a visibleIf, else the property. */
function gate(expression: unknown, fixed: boolean, where: string, problems: string[]): Gate {
  const when = condition(expression, where, problems);
  return when ? { when, fixed } : { fixed };
}

const localText = (v: unknown): string | undefined =>
  v === undefined ? undefined : localize(v as never, "vi") || undefined;

function compileValidators(list: unknown, where: string, problems: string[]) {
  const out: CompiledValidator[] = [];
  for (const raw of asArray(list)) {
    const v = raw as Json;
    const kind = String(v.type ?? "").replace(/validator$/, "");
    const text = localText(v.text);
    const num = (x: unknown) => (typeof x === "number" ? x : undefined);
    if (kind === "numeric") out.push({ kind, min: num(v.minValue), max: num(v.maxValue), text });
    else if (kind === "text")
      out.push({
        kind,
        minLength: num(v.minLength) ?? 0,
        maxLength: num(v.maxLength) ?? 0,
        allowDigits: v.allowDigits !== false,
        text,
      });
    else if (kind === "email") out.push({ kind, text });
    else if (kind === "answercount")
      out.push({ kind, minCount: num(v.minCount) ?? 0, maxCount: num(v.maxCount) ?? 0, text });
    else if (kind === "regex" && typeof v.regex === "string" && v.regex !== "") {
      const flags = v.caseInsensitive === true || v.insensitive === true ? "i" : "";
      out.push({ kind, re: new RegExp(v.regex, flags), text });
    } else if (kind === "expression") {
      const runner = condition(v.expression, `${where} validator`, problems);
      if (runner) out.push({ kind, runner, text });
    } else if (kind !== "regex") problems.push(`${where}: validator "${kind}" is not supported`);
  }
  return out;
}

interface SurveyDefaults {
  maxTextLength: number;
  maxCommentLength: number;
}

function compileQuestion(
  q: Json,
  container: Container | undefined,
  defaults: SurveyDefaults,
  problems: string[],
): CompiledQuestion | undefined {
  const name = typeof q.name === "string" ? q.name : "";
  const type = typeof q.type === "string" ? q.type : "";
  const where = `question "${name}"`;
  if (!name) {
    problems.push(`a ${type || "untyped"} element has no name`);
    return undefined;
  }
  const base: CompiledQuestion = {
    name,
    title: localize(q.title as never, "vi") || name,
    kind: "free",
    required: gate(q.requiredIf, q.isRequired === true, `${where} requiredIf`, problems),
    visible: gate(q.visibleIf, q.visible !== false, `${where} visibleIf`, problems),
    enabled: gate(q.enableIf, q.readOnly !== true, `${where} enableIf`, problems),
    container,
    surveyorOnly: q.audience === "surveyor",
    values: new Map(),
    rows: new Set(),
    // `eachRowRequired` is SurveyJS 3's name; `isAllRowRequired` the older alias.
    allRowsRequired: q.isAllRowRequired === true || q.eachRowRequired === true,
    rowsUnique: q.eachRowUnique === true,
    maxLength: 0,
    numeric: false,
    numericValues: false,
    rankAll: false,
    items: [],
    validators: compileValidators(q.validators, where, problems),
  };
  for (const c of questionValues(q)) base.values.set(c.value, c.raw as string | number);
  if (q.showCommentArea === true || q.hasComment === true) base.commentKey = `${name}-Comment`;
  const textMax = (v: unknown, d: number) => (typeof v === "number" && v > 0 ? v : d);

  if (type === "rating") {
    base.kind = "rating";
  } else if (CHOICE_TYPES.has(type) || MULTI_TYPES.has(type) || type === "ranking") {
    base.kind = CHOICE_TYPES.has(type) ? "choice" : type === "ranking" ? "ranking" : "multi";
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
    if (base.kind === "ranking") {
      base.rankAll = q.selectToRankEnabled !== true;
      for (const v of base.values.keys()) base.rows.add(v);
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
    base.maxLength = textMax(q.maxLength, defaults.maxTextLength);
    if (typeof q.min === "number") base.min = q.min;
    if (typeof q.max === "number") base.max = q.max;
  } else if (type === "comment") {
    base.kind = "comment";
    base.maxLength = textMax(q.maxLength, defaults.maxCommentLength);
  } else if (type === "multipletext") {
    base.kind = "multipletext";
    base.items = asArray(q.items).map((raw) => {
      const it = raw as Json;
      const itemName = String(it.name);
      return {
        name: itemName,
        title: localize(it.title as never, "vi") || itemName,
        required: it.isRequired === true,
        numeric: it.inputType === "number" || it.inputType === "range",
        maxLength: textMax(it.maxLength, defaults.maxTextLength),
        validators: compileValidators(it.validators, `${where} item "${itemName}"`, problems),
      };
    });
    for (const it of multipleTextItems(q)) base.rows.add(it.value);
    if (base.items.length === 0) problems.push(`${where}: a multipletext needs items`);
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
  container: Container | undefined,
  defaults: SurveyDefaults,
  out: CompiledQuestion[],
  problems: string[],
) {
  for (const raw of asArray(elements)) {
    if (!raw || typeof raw !== "object") continue;
    const el = raw as Json;
    if (el.type === "panel") {
      const where = `panel "${String(el.name)}"`;
      const panel: Container = {
        visible: gate(el.visibleIf, el.visible !== false, `${where} visibleIf`, problems),
        enabled: gate(el.enableIf, el.readOnly !== true, `${where} enableIf`, problems),
        parent: container,
      };
      walk(el.elements, panel, defaults, out, problems);
    } else if (typeof el.type === "string" && NO_ANSWER_TYPES.has(el.type)) {
      continue;
    } else {
      const q = compileQuestion(el, container, defaults, problems);
      if (q) out.push(q);
    }
  }
}

/** Answers nest at most two levels (matrix rows, multipletext items); a few more are spare. */
const MAX_ANSWER_DEPTH = 4;

/** Whether `v` nests deeper than `limit` objects or arrays (bounded recursion). */
function nestsDeeper(v: unknown, limit: number): boolean {
  if (v === null || typeof v !== "object") return false;
  if (limit === 0) return true;
  for (const x of Object.values(v)) if (nestsDeeper(x, limit - 1)) return true;
  return false;
}

/**
 * survey-core's isValueEmpty for a question: strings are trimmed, {} and [] are empty. It
 * recurses into objects without a limit, so a deeply nested answer (a 10,000-deep object in
 * a 64 KB body) would overflow the stack: such an answer is not empty, and its shape check
 * refuses it.
 */
const isEmpty = (v: unknown) =>
  !nestsDeeper(v, MAX_ANSWER_DEPTH) && Helpers.isValueEmpty(typeof v === "string" ? v.trim() : v);

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
  validator: (t, d) => `Câu trả lời cho «${t}» chưa đúng: ${d ?? "không đạt yêu cầu của phiếu"}.`,
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

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** survey-core's e-mail rule (EmailValidator). */
const EMAIL =
  /^(([^<>()[\]\.,;:\s@"]+(\.[^<>()[\]\.,;:\s@"]+)*)|(".+"))@(([^<>()=[\]\.,;:\s@"]+\.)+[^<>()=[\]\.,;:\s@"]{2,})$/i;

const DEFAULT_VALIDATOR_TEXT: Record<CompiledValidator["kind"], (v: never) => string> = {
  numeric: (v: { min?: number; max?: number }) =>
    v.min !== undefined && v.max !== undefined
      ? `cần một số từ ${v.min} đến ${v.max}`
      : v.min !== undefined
        ? `cần một số không nhỏ hơn ${v.min}`
        : v.max !== undefined
          ? `cần một số không lớn hơn ${v.max}`
          : "cần một số",
  text: (v: { minLength: number; maxLength: number }) =>
    v.minLength > 0 && v.maxLength > 0
      ? `cần từ ${v.minLength} đến ${v.maxLength} ký tự`
      : v.minLength > 0
        ? `cần ít nhất ${v.minLength} ký tự`
        : `tối đa ${v.maxLength} ký tự`,
  email: () => "cần một địa chỉ thư điện tử hợp lệ",
  answercount: (v: { minCount: number; maxCount: number }) =>
    v.minCount && v.maxCount
      ? `cần chọn từ ${v.minCount} đến ${v.maxCount} lựa chọn`
      : v.minCount
        ? `cần chọn ít nhất ${v.minCount} lựa chọn`
        : `chọn tối đa ${v.maxCount} lựa chọn`,
  regex: () => "không đúng định dạng yêu cầu",
  expression: () => "không thoả điều kiện của phiếu",
};

/**
 * A validator as survey-core runs it (validator.ts): each skips an empty answer; the first
 * that fails gives the message the form would show (its own text, else ours in Vietnamese).
 */
function failedValidator(
  list: readonly CompiledValidator[],
  v: unknown,
  values: Record<string, unknown>,
): string | undefined {
  for (const val of list) {
    let ok = true;
    switch (val.kind) {
      case "numeric":
        if (isEmpty(v)) break;
        if (!Helpers.isNumber(v)) ok = false;
        else {
          const n = Helpers.getNumber(v);
          if ((val.min !== undefined && val.min > n) || (val.max !== undefined && val.max < n))
            ok = false;
        }
        break;
      case "text":
        if (isEmpty(v) || typeof v !== "string") break;
        if (!val.allowDigits && /\d+$/.test(v)) ok = false;
        else if (val.minLength > 0 && v.length < val.minLength) ok = false;
        else if (val.maxLength > 0 && v.length > val.maxLength) ok = false;
        break;
      case "email":
        if (v && !EMAIL.test(String(v))) ok = false;
        break;
      case "answercount":
        if (!Array.isArray(v) || v.length === 0) break;
        if ((val.minCount && v.length < val.minCount) || (val.maxCount && v.length > val.maxCount))
          ok = false;
        break;
      case "regex":
        if (isEmpty(v)) break;
        ok = (Array.isArray(v) ? v : [v]).every((x) => val.re.test(String(x)));
        break;
      case "expression":
        ok = val.runner.runValues(values, {});
        break;
    }
    if (!ok) return val.text ?? DEFAULT_VALIDATOR_TEXT[val.kind](val as never);
  }
  return undefined;
}

/** Text of a text input, comment or multipletext box: a string within its length (a number box: a number). */
function checkText(
  q: { name: string; title: string },
  v: unknown,
  numeric: boolean,
  maxLength: number,
  errors: AnswerError[],
  min?: number,
  max?: number,
) {
  if (numeric) {
    const n =
      typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) return void errors.push(err(q, "wrong_type", "một số"));
    if ((min !== undefined && n < min) || (max !== undefined && n > max))
      errors.push(err(q, "out_of_range", `${min ?? "…"}–${max ?? "…"}`));
    return;
  }
  if (typeof v !== "string") return void errors.push(err(q, "wrong_type", "văn bản"));
  if (LONE_SURROGATE.test(v))
    return void errors.push(err(q, "wrong_type", "văn bản Unicode hợp lệ"));
  if ([...v].length > maxLength) errors.push(err(q, "too_long", String(maxLength)));
}

/**
 * The answer's shape against the questionnaire, before any condition sees it: a value of
 * the question's type, each choice known, no duplicates, at most as many items as choices,
 * texts within their length. Costs at most the size of the questionnaire.
 */
function checkShape(
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
    case "multi":
    case "ranking": {
      if (!Array.isArray(v)) return void errors.push(err(q, "wrong_type", "một danh sách"));
      if (v.length > q.values.size)
        return void errors.push(err(q, "too_many_choices", String(q.values.size)));
      if (!v.every(isScalar)) return void errors.push(err(q, "wrong_type", "một danh sách"));
      const seen = new Set<string>();
      for (const item of v) {
        if (!q.values.has(String(item)))
          errors.push(err(q, "invalid_choice", JSON.stringify(item)));
        seen.add(String(item));
      }
      if (seen.size !== v.length)
        errors.push(err(q, "wrong_type", "các lựa chọn không trùng nhau"));
      if (q.kind === "ranking") {
        if (q.rankAll && v.length > 0 && seen.size !== q.values.size)
          errors.push(err(q, "too_few_choices", String(q.values.size)));
        if (errors.length === before)
          v.forEach((item, i) => rollup.push([`${q.name}.${String(item)}`, String(i + 1)]));
        return;
      }
      if (q.maxSelected !== undefined && v.length > q.maxSelected)
        errors.push(err(q, "too_many_choices", String(q.maxSelected)));
      if (errors.length === before) for (const item of seen) rollup.push([q.name, item]);
      return;
    }
    case "matrix": {
      if (typeof v !== "object" || v === null || Array.isArray(v))
        return void errors.push(err(q, "wrong_type", "một bảng hàng → cột"));
      const cols: string[] = [];
      for (const [row, col] of Object.entries(v as Json)) {
        if (!q.rows.has(row)) errors.push(err(q, "invalid_choice", `hàng ${JSON.stringify(row)}`));
        else if (!isScalar(col)) errors.push(err(q, "wrong_type", "một giá trị"));
        else if (!q.values.has(String(col)))
          errors.push(err(q, "out_of_scale", JSON.stringify(col)));
        else cols.push(String(col));
      }
      if (errors.length === before)
        for (const [row, col] of Object.entries(v as Json))
          rollup.push([`${q.name}.${row}`, String(col)]);
      return;
    }
    case "multipletext": {
      if (typeof v !== "object" || v === null || Array.isArray(v))
        return void errors.push(err(q, "wrong_type", "một bảng ô → giá trị"));
      for (const [key, x] of Object.entries(v as Json)) {
        const item = q.items.find((it) => it.name === key);
        if (!item) errors.push(err(q, "invalid_choice", `ô ${JSON.stringify(key)}`));
        else if (x !== null && x !== "")
          checkText(
            { name: q.name, title: `${q.title} — ${item.title}` },
            x,
            item.numeric,
            item.maxLength,
            errors,
          );
      }
      return;
    }
    case "text":
    case "comment":
      return checkText(q, v, q.numeric, q.maxLength, errors, q.min, q.max);
    case "free":
      if (!isScalar(v) && typeof v !== "boolean") errors.push(err(q, "wrong_type", "một giá trị"));
      if (typeof v === "string" && LONE_SURROGATE.test(v))
        errors.push(err(q, "wrong_type", "văn bản Unicode hợp lệ"));
      if (typeof v === "string" && v.length > DEFAULT_TEXT_MAX)
        errors.push(err(q, "too_long", String(DEFAULT_TEXT_MAX)));
      return;
  }
}

/** What survey-core demands of a visible, enabled question beyond its shape (onCheckForErrors, validators). */
function checkDemands(
  q: CompiledQuestion,
  v: unknown,
  values: Record<string, unknown>,
  errors: AnswerError[],
) {
  if (q.kind === "matrix") {
    const row = (r: string) => (v as Json | undefined)?.[r];
    // eachRowRequired asks for every row, also of an unanswered matrix.
    if (q.allRowsRequired && [...q.rows].some((r) => isEmpty(row(r))))
      errors.push(err(q, "required"));
    if (q.rowsUnique && v && typeof v === "object") {
      const cols = Object.values(v as Json)
        .filter((c) => !isEmpty(c))
        .map(String);
      if (new Set(cols).size !== cols.length)
        errors.push(err(q, "validator", "mỗi hàng cần một lựa chọn khác nhau"));
    }
  }
  if (q.kind === "multipletext") {
    const answer = (v ?? {}) as Json;
    for (const item of q.items) {
      const x = own(answer, item.name) ? answer[item.name] : undefined;
      const where = { name: q.name, title: `${q.title} — ${item.title}` };
      if (isEmpty(x)) {
        if (item.required) errors.push(err(where, "required"));
        continue;
      }
      const failed = failedValidator(item.validators, x, values);
      if (failed) errors.push(err(where, "validator", failed));
    }
  }
  if (isEmpty(v)) return;
  const failed = failedValidator(q.validators, v, values);
  if (failed) errors.push(err(q, "validator", failed));
}

export function compileQuestionnaire(definition: QuestionnaireDefinition): CompiledQuestionnaire {
  const problems: string[] = [];
  const questions: CompiledQuestion[] = [];
  const survey = definition.survey as Json;
  const defaults: SurveyDefaults = {
    maxTextLength:
      typeof survey.maxTextLength === "number" && survey.maxTextLength > 0
        ? survey.maxTextLength
        : DEFAULT_TEXT_MAX,
    maxCommentLength:
      typeof survey.maxCommentLength === "number" && survey.maxCommentLength > 0
        ? survey.maxCommentLength
        : DEFAULT_COMMENT_MAX,
  };
  for (const [i, rawPage] of definition.survey.pages.entries()) {
    const page = rawPage as Json;
    const where = `page ${i + 1}`;
    const container: Container = {
      visible: gate(page.visibleIf, page.visible !== false, `${where} visibleIf`, problems),
      enabled: gate(page.enableIf, page.readOnly !== true, `${where} enableIf`, problems),
    };
    // `questions` is survey-core's alias of a page's `elements`.
    walk(page.elements ?? page.questions, container, defaults, questions, problems);
  }
  const byName = new Map<string, CompiledQuestion>();
  for (const q of questions) {
    if (byName.has(q.name)) problems.push(`question "${q.name}" appears twice`);
    byName.set(q.name, q);
  }
  // Values SurveyJS puts into the result besides questions, and the calculated values
  // conditions may read (computed here as survey-core computes them, never taken from the client).
  const extraKeys = new Map<string, CompiledQuestion>();
  const calculated: Array<{ name: string; runner: ExpressionRunner }> = [];
  for (const cv of asArray(survey.calculatedValues)) {
    const c = cv as Json;
    if (typeof c.name !== "string") continue;
    if (typeof c.expression === "string" && c.expression.trim() !== "")
      calculated.push({ name: c.name, runner: new ExpressionRunner(c.expression) });
    if (c.includeIntoResult === true)
      extraKeys.set(c.name, { ...compileFree(c.name), kind: "free" });
  }
  for (const q of questions) {
    if (q.commentKey)
      extraKeys.set(q.commentKey, {
        ...compileFree(q.commentKey),
        title: q.title,
        kind: "comment",
        maxLength: defaults.maxCommentLength,
      });
  }
  checkScoring(definition, byName, problems);
  if (problems.length > 0) {
    throw new DefinitionError(problems.join("; "), problems);
  }

  /** What conditions see: the answers of known questions (already shape-checked), and the calculated values. */
  const conditionValues = (answers: Record<string, unknown>) => {
    const values: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(answers))
      if (byName.has(key) || extraKeys.has(key)) values[key] = answers[key];
    for (const c of calculated) values[c.name] = c.runner.runValues(values, {});
    return values;
  };
  const on = (g: Gate, values: Record<string, unknown>) =>
    g.when ? g.when.runValues(values, {}) : g.fixed;

  /** Each question's state; every page and panel evaluated once. */
  const evaluate = (
    values: Record<string, unknown>,
    opts?: AudienceOption,
    only?: CompiledQuestion,
  ) => {
    const memo = new Map<Container, { visible: boolean; enabled: boolean }>();
    const ofContainer = (c: Container | undefined): { visible: boolean; enabled: boolean } => {
      if (!c) return { visible: true, enabled: true };
      let s = memo.get(c);
      if (!s) {
        const up = ofContainer(c.parent);
        s = {
          visible: up.visible && on(c.visible, values),
          enabled: up.enabled && on(c.enabled, values),
        };
        memo.set(c, s);
      }
      return s;
    };
    const out = new Map<string, QuestionState>();
    for (const q of only ? [only] : questions) {
      const c = ofContainer(q.container);
      out.set(q.name, {
        visible:
          c.visible &&
          !(q.surveyorOnly && opts?.audience === "respondent") &&
          on(q.visible, values),
        required: on(q.required, values),
        enabled: c.enabled && on(q.enabled, values),
      });
    }
    return out;
  };

  const states = (
    answers: Record<string, unknown>,
    opts?: AudienceOption,
  ): Map<string, QuestionState> => {
    // Only well-shaped answers reach the expression engine.
    const sane: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(answers)) {
      const q = byName.get(key) ?? extraKeys.get(key);
      if (q && !isEmpty(answers[key])) {
        const e: AnswerError[] = [];
        checkShape(q, answers[key], e, []);
        if (e.length === 0) sane[key] = answers[key];
      }
    }
    return evaluate(conditionValues(sane), opts);
  };

  const validate = (answers: Record<string, unknown>, opts?: AudienceOption): ValidationResult => {
    const errors: AnswerError[] = [];
    const rollup: Array<[string, string]> = [];
    // Shape before cost: every answer checked against the questionnaire first.
    for (const key of Object.keys(answers)) {
      const q = byName.get(key) ?? extraKeys.get(key);
      if (!q) errors.push(err({ name: key, title: key }, "unknown_question"));
      else if (!isEmpty(answers[key])) checkShape(q, answers[key], errors, rollup);
    }
    if (errors.length > 0) return { ok: false, errors };
    const values = conditionValues(answers);
    const state = evaluate(values, opts);
    for (const q of questions) {
      const v = own(answers, q.name) ? answers[q.name] : undefined;
      const s = state.get(q.name)!;
      if (!s.visible) {
        if (!isEmpty(v)) errors.push(err(q, "not_visible"));
        continue;
      }
      // A read-only question is not validated (survey-core: settings.readOnly.enableValidation).
      if (!s.enabled) continue;
      // survey-core asks for minSelectedChoices even of an empty answer; "none" alone suffices.
      if (q.kind === "multi" && q.minSelected !== undefined) {
        const n = Array.isArray(v) ? v.length : 0;
        if (n < q.minSelected && !(n === 1 && String((v as unknown[])[0]) === "none")) {
          errors.push(err(q, "too_few_choices", String(q.minSelected)));
          continue;
        }
      }
      if (isEmpty(v)) {
        if (s.required) errors.push(err(q, "required"));
        else if (q.kind === "multipletext" || q.kind === "matrix")
          checkDemands(q, v, values, errors);
        continue;
      }
      const before = errors.length;
      // As in the browser: choosing "other" asks for the text.
      if (q.otherValue !== undefined && q.commentKey) {
        const chosen = Array.isArray(v) ? v.map(String) : [String(v)];
        if (chosen.includes(q.otherValue) && isEmpty(answers[q.commentKey]))
          errors.push(err({ name: q.commentKey, title: q.title }, "required"));
      }
      if (errors.length === before) checkDemands(q, v, values, errors);
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, rollup };
  };
  const stateOf = (q: CompiledQuestion, answers: Record<string, unknown>, opts?: AudienceOption) =>
    evaluate(conditionValues(answers), opts, q).get(q.name)!;
  return { questions, validate, states, stateOf };
}

function compileFree(name: string): CompiledQuestion {
  return {
    name,
    title: name,
    kind: "free",
    required: { fixed: false },
    visible: { fixed: true },
    enabled: { fixed: true },
    surveyorOnly: false,
    values: new Map(),
    rows: new Set(),
    allRowsRequired: false,
    rowsUnique: false,
    maxLength: DEFAULT_TEXT_MAX,
    numeric: false,
    numericValues: false,
    rankAll: false,
    items: [],
    validators: [],
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
