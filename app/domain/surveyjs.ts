/**
 * Reading questions, titles, rows and answer values out of SurveyJS JSON (pure, no
 * survey-core). The one place that knows what answers a question can hold: the validator
 * and the scoring methods both ask here.
 */
import { dict, own } from "./dict";
import type { LocalizedText, QuestionnaireDefinition, ScoredItem } from "./questionnaire";

type Json = Record<string, unknown>;

export interface Choice {
  /** The value as a string: how rollups key it. */
  value: string;
  /** The value as the form stores it in answers (number codes stay numbers). */
  raw: string | number | boolean;
  text: LocalizedText;
}

/** A question (not a page or panel) by name, searched through pages and panels. */
export function findQuestion(elements: unknown[], name: string): Json | undefined {
  for (const raw of elements) {
    if (!raw || typeof raw !== "object") continue;
    const el = raw as Json;
    if (el.name === name && typeof el.type === "string" && el.type !== "panel") return el;
    if (Array.isArray(el.elements)) {
      const found = findQuestion(el.elements, name);
      if (found) return found;
    }
  }
  return undefined;
}

export function surveyQuestion(
  definition: QuestionnaireDefinition,
  name: string,
): Json | undefined {
  return findQuestion(definition.survey.pages, name);
}

function text(v: unknown, fallback: string): LocalizedText {
  if (typeof v === "string" && v !== "") return v;
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, string>;
  return fallback;
}

/**
 * A choice as survey-core reads it: "v|text" and {value: "v|text"} split at the first "|"
 * (settings.itemValueSeparator); {text} alone is its own value. Checked questionnaires are
 * already written so (questionnaire-check.ts); the split here keeps older readers right.
 */
function choiceOf(raw: unknown): Choice | undefined {
  const split = (v: string | number) => {
    const s = String(v);
    const i = s.indexOf("|");
    return i > -1 ? { raw: s.slice(0, i), text: s.slice(i + 1) } : { raw: v, text: undefined };
  };
  if (typeof raw === "string" || typeof raw === "number") {
    const s = split(raw);
    return { value: String(s.raw), raw: s.raw, text: s.text || String(s.raw) };
  }
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const o = raw as Json;
    const v = o.value === undefined && Object.keys(o).length === 1 ? o.text : o.value;
    if (typeof v === "string" || typeof v === "number") {
      const s = split(v);
      return { value: String(s.raw), raw: s.raw, text: text(o.text ?? s.text, String(s.raw)) };
    }
  }
  return undefined;
}

function choices(list: unknown): Choice[] {
  return Array.isArray(list) ? list.map(choiceOf).filter((c): c is Choice => c !== undefined) : [];
}

export function questionTitle(q: Json | undefined, name: string): LocalizedText {
  return text(q?.title, name);
}

/** Matrix rows. */
export function questionRows(q: Json | undefined): Choice[] {
  return choices(q?.rows);
}

export function isMatrix(q: Json | undefined): boolean {
  return q?.type === "matrix";
}

export function isMultiSelect(q: Json | undefined): boolean {
  return q?.type === "checkbox" || q?.type === "tagbox";
}

/** The input boxes of a multipletext question: name → title. */
export function multipleTextItems(q: Json | undefined): Choice[] {
  if (q?.type !== "multipletext" || !Array.isArray(q.items)) return [];
  return (q.items as unknown[]).flatMap((raw) => {
    const o = raw as Json;
    return o && typeof o.name === "string"
      ? [{ value: o.name, raw: o.name, text: text(o.title, o.name) }]
      : [];
  });
}

/** survey-core's settings.ratingMaximumRateValueCount: a generated scale stops there. */
const RATING_MAX_GENERATED = 20;

interface RatingScale {
  /** Explicit rateValues are offered (autoGenerate off). */
  explicit: boolean;
  min: number;
  max: number;
  step: number;
  smileys: boolean;
}

/** How survey-core 3.0 reads a rating's scale (QuestionRatingModel.endLoadingFromJson). */
function ratingScale(q: Json): RatingScale {
  const hasValues = Array.isArray(q.rateValues) && q.rateValues.length > 0;
  const autoGenerate =
    typeof q.autoGenerate === "boolean"
      ? q.autoGenerate
      : q.rateValues !== undefined
        ? !hasValues
        : true;
  const num = (v: unknown, d: number) => (typeof v === "number" ? v : d);
  let min = num(q.rateMin, 1);
  let max = num(q.rateMax, 5);
  const step = num(q.rateStep, 1);
  const count = typeof q.rateCount === "number" ? q.rateCount : undefined;
  // rateCount counts only beside one end of the scale: rateCount alone keeps 1–5.
  if (q.rateMin !== undefined && count !== undefined && q.rateMax === undefined)
    max = min + step * (count - 1);
  if (q.rateMax !== undefined && count !== undefined && q.rateMin === undefined)
    min = max - step * (count - 1);
  return {
    explicit: hasValues && !autoGenerate,
    min,
    max,
    step,
    smileys: q.rateType === "smileys",
  };
}

/**
 * How many levels a rating offers, counted without listing them (a rateMax of 1e7 must not
 * become a list anywhere); survey-core caps a generated scale at 20 and smileys at 10.
 */
export function ratingLevelCount(q: Json): number {
  const s = ratingScale(q);
  const n = s.explicit
    ? (q.rateValues as unknown[]).length
    : Math.trunc((s.max - s.min) / (s.step || 1)) + 1;
  return s.smileys ? Math.min(n, 10) : n;
}

/** survey-core's correctValue: a fractional step keeps as many decimals as the step has. */
function correctValue(value: number, step: number): number {
  if (!value || Math.round(value) === value) return value;
  let fr = 0;
  while (Math.round(step) !== step) {
    step *= 10;
    fr++;
  }
  return parseFloat(value.toFixed(fr));
}

/** The levels a rating offers, exactly as survey-core 3.0 generates or lists them. */
export function ratingValues(q: Json): Choice[] {
  const s = ratingScale(q);
  const cap = s.smileys ? 10 : Infinity;
  if (s.explicit) return choices(q.rateValues).slice(0, cap);
  const out: Choice[] = [];
  if (!(s.step > 0)) return out;
  for (let v = s.min; v <= s.max && out.length < Math.min(RATING_MAX_GENERATED, cap);) {
    out.push({ value: String(v), raw: v, text: String(v) });
    v = correctValue(v + s.step, s.step);
  }
  return out;
}

export function isTextInput(q: Json | undefined): boolean {
  return q?.type === "text";
}

/**
 * The answer values a question can store, in display order: matrix columns, choices
 * (with the special items SurveyJS adds), rating values, or true/false.
 */
export function questionValues(q: Json | undefined): Choice[] {
  if (!q) return [];
  if (q.type === "matrix") return choices(q.columns);
  if (q.type === "boolean") {
    const scalar = (v: unknown, d: boolean) =>
      typeof v === "string" || typeof v === "number" ? v : d;
    const t = scalar(q.valueTrue, true);
    const f = scalar(q.valueFalse, false);
    return [
      { value: String(t), raw: t, text: text(q.labelTrue, String(t)) },
      { value: String(f), raw: f, text: text(q.labelFalse, String(f)) },
    ];
  }
  if (q.type === "rating") return ratingValues(q);
  const out = choices(q.choices);
  const special = (value: string, label: unknown) =>
    out.push({ value, raw: value, text: text(label, value) });
  if (q.showOtherItem === true || q.hasOther === true) special("other", q.otherText);
  if (q.showNoneItem === true || q.hasNone === true) special("none", q.noneText);
  if (q.showRefuseItem === true) special("refused", q.refuseText);
  if (q.showDontKnowItem === true) special("dontknow", q.dontKnowText);
  return out;
}

/** Title of a scored item: its matrix row text or its question title. */
export function itemTitle(definition: QuestionnaireDefinition, item: ScoredItem): LocalizedText {
  const q = surveyQuestion(definition, item.question);
  if (!q) return item.code;
  if (item.row !== undefined) {
    return withoutCode(
      questionRows(q).find((r) => r.value === item.row)?.text ?? item.row,
      item.code,
    );
  }
  return withoutCode(questionTitle(q, item.question), item.code);
}

/**
 * "A1. Các biển báo…" → "Các biển báo…" for item A1: results show the code in its own
 * column (and charts as "A1. …"), so a title that repeats it would read "A1. A1. …".
 */
function withoutCode(title: LocalizedText, code: string): LocalizedText {
  const strip = (s: string) => {
    const rest = s.startsWith(code) ? s.slice(code.length) : null;
    const m = rest === null ? null : /^\s*[.:)\-–]\s+/.exec(rest);
    return m && rest!.length > m[0].length ? rest!.slice(m[0].length) : s;
  };
  if (typeof title === "string") return strip(title);
  return Object.fromEntries(Object.entries(title).map(([k, v]) => [k, strip(v)]));
}

/** Join texts per locale ("Câu 1 — Rất quan tâm"), keeping every locale either side has. */
export function joinText(parts: LocalizedText[], sep = " — "): LocalizedText {
  if (parts.every((p) => typeof p === "string")) return (parts as string[]).join(sep);
  const locales = new Set<string>(["default"]);
  for (const p of parts) if (typeof p !== "string") for (const k of Object.keys(p)) locales.add(k);
  // Locales are the questionnaire's own keys: a dict, read without inherited names.
  const out = dict<string>();
  const text = (p: Record<string, string>, loc: string) => own(p, loc) as string | undefined;
  for (const loc of locales) {
    out[loc] = parts
      .map((p) =>
        typeof p === "string"
          ? p
          : (text(p, loc) ?? text(p, "default") ?? text(p, "vi") ?? Object.values(p)[0] ?? ""),
      )
      .join(sep);
  }
  return out;
}
