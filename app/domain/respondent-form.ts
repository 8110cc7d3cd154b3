/**
 * The respondent's form read out of a questionnaire's SurveyJS JSON, for the light renderer
 * that draws it as plain HTML on the server (components/respondent/form.tsx) and the small
 * script that runs its logic in the browser (form-logic.ts). Built once per form.
 *
 * The renderer covers what the catalog uses and a little more. Anything else — a question
 * type it does not draw, or a property that changes what a question does (enableIf,
 * defaultValue, validators, triggers, text piped from answers…) — makes the form
 * unsupported, and the page then falls back to the SurveyJS form: a form is never shown in
 * a way that would behave differently from SurveyJS.
 */
import { compileExpression, expressionVariables } from "./expression-compile";
import type { Tree } from "./expression";
import type { AnswerKind, FormLogic, LogicQuestion } from "./form-logic";
import type { LocalizedText, QuestionnaireDefinition } from "./questionnaire";
import { questionRows, questionValues } from "./surveyjs";

type Json = Record<string, unknown>;

/** Question types the light renderer draws (besides panels and pages). */
export const LIGHT_QUESTION_TYPES = [
  "rating",
  "radiogroup",
  "dropdown",
  "checkbox",
  "tagbox",
  "boolean",
  "matrix",
  "text",
  "comment",
  "html",
  "image",
] as const;
export type LightType = (typeof LIGHT_QUESTION_TYPES)[number];

/** Text inputs it draws; others (colour, month, time…) fall back to SurveyJS. */
const INPUT_TYPES = new Set(["text", "number", "range", "tel", "email", "url", "date"]);

// Properties that only change how SurveyJS lays a question out: the light renderer has its
// own layout and may ignore them. Anything not listed here or below is not understood.
const LAYOUT = [
  "startWithNewLine",
  "titleLocation",
  "descriptionLocation",
  "width",
  "minWidth",
  "maxWidth",
  "indent",
  "hideNumber",
  "colCount",
  "displayMode",
  "rateType",
  "rateDisplayMode",
  "scaleColorMode",
  "rateColorMode",
  "alternateRows",
  "columnMinWidth",
  "rowTitleWidth",
  "showHeader",
  "autoGrow",
  "allowResize",
  "rows",
  "size",
  "renderAs",
  "state",
  "innerIndent",
  "showNumber",
  "showQuestionNumbers",
  "questionTitleLocation",
  "navigationTitle",
  "navigationDescription",
  "requiredErrorText",
  "allowClear",
  "searchEnabled",
  "placeholder",
  "otherPlaceholder",
  "commentPlaceholder",
  "autocomplete",
  "step",
  "imageHeight",
  "imageWidth",
  "imageFit",
  "contentMode",
];
// Hài Lòng's own marks (shared decisions): who fills the field in, and personal data.
const OWN = ["audience", "personalData"];
const COMMON = [
  "type",
  "name",
  "title",
  "description",
  "isRequired",
  "visibleIf",
  "requiredIf",
  "visible",
  ...OWN,
  ...LAYOUT,
];
const COMMENT = ["showCommentArea", "hasComment", "commentText"];
const CHOICES = ["choices", "showOtherItem", "hasOther", "otherText", ...COMMENT];
const BY_TYPE: Record<string, string[]> = {
  rating: [
    "rateValues",
    "rateMin",
    "rateMax",
    "rateStep",
    "rateCount",
    "minRateDescription",
    "maxRateDescription",
    ...COMMENT,
  ],
  radiogroup: CHOICES,
  dropdown: CHOICES,
  checkbox: [...CHOICES, "maxSelectedChoices", "minSelectedChoices"],
  boolean: ["labelTrue", "labelFalse", "valueTrue", "valueFalse"],
  matrix: ["columns", "rows", "isAllRowRequired", "eachRowRequired"],
  text: ["inputType", "maxLength", "min", "max"],
  comment: ["maxLength"],
  html: ["html"],
  image: ["imageLink", "altText"],
  panel: ["elements"],
};
BY_TYPE.tagbox = BY_TYPE.checkbox!;
const PAGE = ["name", "title", "description", "elements", "visibleIf", "visible", ...LAYOUT];
const SURVEY = [
  "pages",
  "title",
  "description",
  "locale",
  "showQuestionNumbers",
  "completeText",
  "pageNextText",
  "pagePrevText",
  "completedHtml",
  "showProgressBar",
  "progressBarType",
  "questionErrorLocation",
  "widthMode",
  "width",
  "showTitle",
  "logoPosition",
  "questionTitleLocation",
  "questionDescriptionLocation",
  "showPageTitles",
  "showPageNumbers",
  "showCompletedPage",
  "focusFirstQuestionAutomatic",
  "checkErrorsMode",
  "textUpdateMode",
  "requiredText",
];
// Allowed only with the value SurveyJS takes by default.
const DEFAULT_ONLY: Record<string, unknown> = {
  choicesOrder: "none",
  clearInvisibleValues: "onComplete",
  questionsOrder: "initial",
  rowsOrder: "initial",
};

export interface FormChoice {
  value: string;
  text: LocalizedText;
  /** A "not used / no opinion" level: shown apart from the scale. */
  apart?: boolean;
}

export interface FormQuestion {
  name: string;
  type: Exclude<LightType, "html" | "image">;
  /** Its title without an item code in front ("TT_A1. Giới tính" → "Giới tính"). */
  title: LocalizedText;
  description?: LocalizedText;
  choices: FormChoice[];
  rows: FormChoice[];
  /** The "other" choice's value; choosing it asks for a text. */
  other?: string;
  /** A comment area under the question (showCommentArea), with its title. */
  comment?: LocalizedText;
  inputType?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  minRate?: LocalizedText;
  maxRate?: LocalizedText;
  /** Marked `"audience": "surveyor"` (present only in forms made for interviewers). */
  surveyor?: boolean;
  /**
   * Shown or required depending on an answer on its own page: without JavaScript it is
   * shown whatever that answer (the server drops its answer if it turns out hidden).
   */
  live?: boolean;
}

export type FormElement =
  | { kind: "question"; question: FormQuestion }
  | {
      kind: "panel";
      name: string;
      title?: LocalizedText;
      description?: LocalizedText;
      elements: FormElement[];
    }
  | { kind: "html"; name: string; html: LocalizedText; conditions: string[]; hidden: boolean }
  | {
      kind: "image";
      name: string;
      src: string;
      alt: LocalizedText;
      conditions: string[];
      hidden: boolean;
    };

export interface FormPage {
  name: string;
  title?: LocalizedText;
  description?: LocalizedText;
  elements: FormElement[];
  /** The page's own visibleIf (checked by the server for pages holding only text). */
  conditions: string[];
  hidden: boolean;
}

export interface RespondentForm {
  /** Why the light renderer cannot draw this form (empty: it can). */
  unsupported: string[];
  title?: LocalizedText;
  description?: LocalizedText;
  pages: FormPage[];
  texts: { complete?: LocalizedText; next?: LocalizedText; prev?: LocalizedText };
  /** Every locale its texts carry ("default" is Vietnamese, written "vi"). */
  locales: string[];
  logic: FormLogic;
}

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function asText(v: unknown): LocalizedText | undefined {
  if (typeof v === "string" && v !== "") return v;
  if (isObject(v) && Object.values(v).every((x) => typeof x === "string"))
    return v as LocalizedText;
  return undefined;
}

/** A code in front of an item's wording: "A1. ", "TT_A4. ", "D2) ", or the question's name. */
const CODE_PREFIX = /^\s*([A-ZĐ]{1,3}(?:_[A-Z]{1,3})?\d{1,3}[a-z]?)[.):]\s+/u;

export function withoutItemCode(text: LocalizedText, name: string): LocalizedText {
  const strip = (s: string) => {
    const m = CODE_PREFIX.exec(s);
    if (m) return s.slice(m[0].length);
    const own = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[.):]\\s+`, "i");
    return s.replace(own, "");
  };
  if (typeof text === "string") return strip(text);
  return Object.fromEntries(Object.entries(text).map(([k, v]) => [k, strip(v)]));
}

/** Answer kinds as form fields carry them. */
function kindOf(type: string, inputType: unknown): AnswerKind {
  if (type === "checkbox" || type === "tagbox") return "many";
  if (type === "matrix") return "matrix";
  if (type === "text") return inputType === "number" || inputType === "range" ? "number" : "text";
  if (type === "comment") return "text";
  return "one";
}

interface Walk {
  problems: string[];
  locales: Set<string>;
  questions: LogicQuestion[];
  notApplicable: Map<string, Set<string>>;
  /** The questions each question's conditions read (lower case). */
  deps: Map<string, string[]>;
  elements: FormLogic["elements"];
}

function noteLocales(walk: Walk, v: unknown) {
  if (!isObject(v)) return;
  for (const k of Object.keys(v)) walk.locales.add(k === "default" ? "vi" : k);
}

/** A text SurveyJS would fill from answers ("{q1}") cannot be printed as it is. */
function checkText(walk: Walk, where: string, v: unknown) {
  noteLocales(walk, v);
  const strings = typeof v === "string" ? [v] : isObject(v) ? Object.values(v) : [];
  if (strings.some((s) => typeof s === "string" && /\{[^}]+\}/.test(s)))
    walk.problems.push(`${where}: text taken from answers`);
}

function checkProps(walk: Walk, where: string, el: Json, allowed: readonly string[]) {
  for (const [k, v] of Object.entries(el)) {
    if (allowed.includes(k)) continue;
    if (k in DEFAULT_ONLY && v === DEFAULT_ONLY[k]) continue;
    walk.problems.push(`${where}: "${k}" is not supported by the light form`);
  }
}

function conditionList(v: unknown): string[] {
  return typeof v === "string" && v.trim() !== "" ? [v] : [];
}

const trees = (exprs: readonly string[]): Array<Tree | null> => exprs.map(compileExpression);

function choiceTexts(walk: Walk, where: string, list: ReturnType<typeof questionValues>) {
  for (const c of list) checkText(walk, where, c.text);
}

function buildQuestion(
  walk: Walk,
  el: Json,
  page: number,
  conditions: string[],
  hidden: boolean,
): FormQuestion | undefined {
  const type = String(el.type);
  const name = String(el.name ?? "");
  const where = `question "${name}"`;
  checkProps(walk, where, el, [...COMMON, ...(BY_TYPE[type] ?? [])]);
  checkText(walk, where, el.title);
  checkText(walk, where, el.description);
  if (type === "text" && el.inputType !== undefined && !INPUT_TYPES.has(String(el.inputType)))
    walk.problems.push(`${where}: input type "${String(el.inputType)}" is not supported`);
  const values = questionValues(el);
  choiceTexts(walk, where, values);
  const rows = questionRows(el);
  choiceTexts(walk, where, rows);
  const other =
    (el.showOtherItem === true || el.hasOther === true) && values.some((c) => c.value === "other")
      ? "other"
      : undefined;
  const commentArea = el.showCommentArea === true || el.hasComment === true;
  const apart = walk.notApplicable.get(name) ?? new Set<string>();
  const own = conditionList(el.visibleIf);
  const requiredIf =
    typeof el.requiredIf === "string" && el.requiredIf.trim() ? el.requiredIf : undefined;
  const numberOrUndefined = (v: unknown) => (typeof v === "number" ? v : undefined);
  const kind = kindOf(type, el.inputType);
  const maxLength = numberOrUndefined(el.maxLength);
  const logic: LogicQuestion = {
    n: name,
    k: kind,
    p: page,
    ...(values.length > 0
      ? { v: values.map((c) => [c.value, c.raw] as [string, string | number | boolean]) }
      : {}),
    ...(type === "matrix" ? { r: rows.map((r) => r.value) } : {}),
    ...(other || commentArea ? { c: 1 as const } : {}),
    ...(other ? { o: other } : {}),
    ...(conditions.length + own.length > 0 ? { if: trees([...conditions, ...own]) } : {}),
    ...(hidden || el.visible === false ? { h: 1 as const } : {}),
    ...(el.isRequired === true ? { req: 1 as const } : {}),
    ...(requiredIf ? { rif: compileExpression(requiredIf) } : {}),
    ...(el.isAllRowRequired === true || el.eachRowRequired === true ? { all: 1 as const } : {}),
    ...(maxLength && maxLength > 0 ? { maxLen: maxLength } : {}),
    ...(numberOrUndefined(el.min) !== undefined ? { min: el.min as number } : {}),
    ...(numberOrUndefined(el.max) !== undefined ? { max: el.max as number } : {}),
    ...(numberOrUndefined(el.minSelectedChoices)
      ? { minSel: el.minSelectedChoices as number }
      : {}),
    ...(numberOrUndefined(el.maxSelectedChoices)
      ? { maxSel: el.maxSelectedChoices as number }
      : {}),
  };
  walk.questions.push(logic);
  const deps = [...conditions, ...own, ...(requiredIf ? [requiredIf] : [])].flatMap((e) =>
    expressionVariables(e).map(rootName),
  );
  if (deps.length > 0) walk.deps.set(name, deps);
  const title = asText(el.title) ?? name;
  return {
    name,
    type: type as FormQuestion["type"],
    title: withoutItemCode(title, name),
    description: asText(el.description),
    choices: values.map((c) => ({
      value: c.value,
      text: c.text,
      ...(apart.has(c.value) ? { apart: true } : {}),
    })),
    rows: rows.map((r) => ({ value: r.value, text: r.text })),
    ...(other ? { other } : {}),
    ...(commentArea ? { comment: asText(el.commentText) ?? "" } : {}),
    ...(type === "text" ? { inputType: String(el.inputType ?? "text") } : {}),
    ...(maxLength && maxLength > 0 ? { maxLength } : {}),
    ...(numberOrUndefined(el.min) !== undefined ? { min: el.min as number } : {}),
    ...(numberOrUndefined(el.max) !== undefined ? { max: el.max as number } : {}),
    ...(asText(el.minRateDescription) ? { minRate: asText(el.minRateDescription) } : {}),
    ...(asText(el.maxRateDescription) ? { maxRate: asText(el.maxRateDescription) } : {}),
    ...(el.audience === "surveyor" ? { surveyor: true } : {}),
  };
}

/** The question a variable reads: "{m.r1}" → m, "{q-Comment}" → q, "{list[0]}" → list. */
function rootName(variable: string): string {
  return variable
    .split(".")[0]!
    .replace(/\[[^\]]*\]$/, "")
    .replace(/-Comment$/i, "")
    .toLowerCase();
}

/** Marks the questions whose conditions read an answer given on the same page. */
function markLive(walk: Walk, pages: FormPage[]) {
  const visit = (elements: FormElement[], onPage: Set<string>) => {
    for (const el of elements) {
      if (el.kind === "panel") visit(el.elements, onPage);
      else if (el.kind === "question") {
        const deps = walk.deps.get(el.question.name) ?? [];
        if (deps.some((d) => onPage.has(d))) el.question.live = true;
      }
    }
  };
  for (const [i, page] of pages.entries()) {
    const onPage = new Set(walk.questions.filter((q) => q.p === i).map((q) => q.n.toLowerCase()));
    visit(page.elements, onPage);
  }
}

function buildElements(
  walk: Walk,
  list: unknown,
  page: number,
  conditions: string[],
  hidden: boolean,
): FormElement[] {
  const out: FormElement[] = [];
  for (const raw of Array.isArray(list) ? list : []) {
    if (!isObject(raw)) continue;
    const type = typeof raw.type === "string" ? raw.type : "";
    const name = String(raw.name ?? "");
    if (type === "panel") {
      checkProps(walk, `panel "${name}"`, raw, [...COMMON, ...BY_TYPE.panel!]);
      checkText(walk, `panel "${name}"`, raw.title);
      checkText(walk, `panel "${name}"`, raw.description);
      out.push({
        kind: "panel",
        name,
        title: asText(raw.title),
        description: asText(raw.description),
        elements: buildElements(
          walk,
          raw.elements,
          page,
          [...conditions, ...conditionList(raw.visibleIf)],
          hidden || raw.visible === false,
        ),
      });
    } else if (type === "html" || type === "image") {
      checkProps(walk, `${type} "${name}"`, raw, [...COMMON, ...BY_TYPE[type]!]);
      const own = [...conditions, ...conditionList(raw.visibleIf)];
      const isHidden = hidden || raw.visible === false;
      if (own.length > 0 || isHidden)
        walk.elements.push({
          n: name,
          ...(own.length > 0 ? { if: trees(own) } : {}),
          ...(isHidden ? { h: 1 as const } : {}),
        });
      if (type === "html") {
        noteLocales(walk, raw.html);
        out.push({
          kind: "html",
          name,
          html: asText(raw.html) ?? "",
          conditions: own,
          hidden: isHidden,
        });
      } else {
        checkText(walk, `image "${name}"`, raw.altText);
        out.push({
          kind: "image",
          name,
          src: typeof raw.imageLink === "string" ? raw.imageLink : "",
          alt: asText(raw.altText) ?? "",
          conditions: own,
          hidden: isHidden,
        });
      }
    } else if ((LIGHT_QUESTION_TYPES as readonly string[]).includes(type)) {
      const q = buildQuestion(walk, raw, page, conditions, hidden);
      if (q) out.push({ kind: "question", question: q });
    } else {
      walk.problems.push(`question "${name}": type "${type}" is not drawn by the light form`);
    }
  }
  return out;
}

/** Values of a scored question that mean "not used / no opinion", by question name. */
function notApplicableLevels(definition: QuestionnaireDefinition | undefined) {
  const out = new Map<string, Set<string>>();
  if (!definition) return out;
  for (const item of definition.scoring.items) {
    const scale = item.scale ?? definition.scoring.scale;
    if (scale.notApplicable.length === 0) continue;
    const set = out.get(item.question) ?? new Set<string>();
    for (const v of scale.notApplicable) set.add(String(v));
    out.set(item.question, set);
  }
  return out;
}

/**
 * The light form of a survey (the one a campaign shows: see forms.server.ts formFor), with
 * its scoring block when known, to set "no opinion" levels apart from the scale.
 */
export function buildRespondentForm(
  survey: Json,
  definition?: QuestionnaireDefinition,
): RespondentForm {
  const walk: Walk = {
    problems: [],
    locales: new Set(["vi"]),
    questions: [],
    notApplicable: notApplicableLevels(definition),
    deps: new Map(),
    elements: [],
  };
  checkProps(walk, "survey", survey, SURVEY);
  for (const key of ["title", "description", "completeText", "pageNextText", "pagePrevText"])
    checkText(walk, `survey ${key}`, survey[key]);
  const pages: FormPage[] = [];
  const logicPages: FormLogic["pages"] = [];
  for (const [i, raw] of (Array.isArray(survey.pages) ? survey.pages : []).entries()) {
    if (!isObject(raw)) continue;
    checkProps(walk, `page ${i + 1}`, raw, PAGE);
    checkText(walk, `page ${i + 1}`, raw.title);
    checkText(walk, `page ${i + 1}`, raw.description);
    const own = conditionList(raw.visibleIf);
    const hidden = raw.visible === false;
    pages.push({
      name: String(raw.name ?? `p${i + 1}`),
      title: asText(raw.title),
      description: asText(raw.description),
      elements: buildElements(walk, raw.elements, pages.length, own, hidden),
      conditions: own,
      hidden,
    });
    logicPages.push(own.length > 0 ? { if: trees(own) } : {});
  }
  markLive(walk, pages);
  return {
    unsupported: walk.problems,
    title: asText(survey.title),
    description: asText(survey.description),
    pages,
    texts: {
      complete: asText(survey.completeText),
      next: asText(survey.pageNextText),
      prev: asText(survey.pagePrevText),
    },
    locales: [...walk.locales],
    logic: { questions: walk.questions, pages: logicPages, elements: walk.elements },
  };
}

/** Every question type used by these surveys, panels and pages aside. */
export function questionTypesIn(survey: Json): Set<string> {
  const out = new Set<string>();
  const visit = (list: unknown) => {
    for (const el of Array.isArray(list) ? list : []) {
      if (!isObject(el)) continue;
      if (el.type === "panel") visit(el.elements);
      else if (typeof el.type === "string") out.add(el.type);
    }
  };
  for (const p of Array.isArray(survey.pages) ? survey.pages : [])
    if (isObject(p)) visit(p.elements);
  return out;
}
