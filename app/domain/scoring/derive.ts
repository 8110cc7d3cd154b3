/**
 * Per-respondent facts that answer counts cannot give afterwards, computed at
 * ingestion (deriveIndicators) and rolled up under `$` keys next to the answers:
 *
 * | key                        | value                 | emitted by           | read for |
 * |----------------------------|-----------------------|----------------------|----------|
 * | `$all_satisfied`           | "1" / "0"             | health               | hài lòng toàn diện |
 * | `$respondent_mean`         | "sum/k" (exact ratio) | health, education    | per-respondent index, share with own mean ≥ θ |
 * | `$respondent_mean.<el>`    | "sum/k"               | education            | respondent-based element rate |
 * | `$value.<question>`        | the number, rounded   | health, education    | mean of a numeric answer (G1 %, HL2 %) |
 * | `$any_dissatisfied`        | "1" / "0"             | counter              | QĐ 766 rate per form |
 * | `$answered`                | question name         | sipas, counter       | denominator of a multi-select |
 * | `$group.<question>`        | the profile answer    | any (respondentGroups option, groups.ts) | respondent-group rollups of dashboards |
 * | `$users.<item key>`        | the item's answer     | sipas                | service items of service users only |
 *
 * All are emitted only for respondents for whom they are defined (e.g. at least one
 * valid rated answer; for health `$all_satisfied`, at least `comprehensiveMinValid`),
 * so the count of a key is its denominator. "sum/k" keeps the
 * respondent's mean exact (a rounded mean would misplace 3.996 against a threshold of
 * 4) and summable: Σ count·sum/k over keys is the sum of the respondents' means.
 * Numeric answers are rounded to whole numbers (G1 is asked as a whole %): the value
 * itself is the key, so the mean, its SD and any cap are computed exactly from counts.
 * Derived keys follow the definition's own options at ingestion; changing an option
 * that drives them (g1Question, serviceUserFilter…) applies to responses received after.
 */
import { own } from "../dict";
import type { QuestionnaireDefinition, Scale, ScoredItem } from "../questionnaire";
import { levelPoints } from "./rates";
import { ANSWERED_KEY } from "./indicators";
import { elementItemCodes, itemScale } from "./structure";

export const ALL_SATISFIED = "$all_satisfied";
export const ANY_DISSATISFIED = "$any_dissatisfied";
export const RESPONDENT_MEAN = "$respondent_mean";
export const valueKey = (question: string) => `$value.${question}`;
export const usersKey = (key: string) => `$users.${key}`;
export const respondentMeanKey = (element?: string) =>
  element === undefined ? RESPONDENT_MEAN : `${RESPONDENT_MEAN}.${element}`;

export type Answers = Record<string, unknown>;
export type Derived = Array<[question: string, value: string]>;

/** The stored answer of an item (a matrix cell for a row item), as a string. */
export function answerOf(
  answers: Answers,
  item: Pick<ScoredItem, "question" | "row">,
): string | undefined {
  let v = own(answers, item.question);
  if (item.row !== undefined)
    v = v && typeof v === "object" && !Array.isArray(v) ? own(v, item.row) : undefined;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return String(v);
  return undefined;
}

export interface RatedAnswer {
  item: ScoredItem;
  value: string;
  scale: Scale;
  points: number | null;
  satisfied: boolean;
}

/**
 * The respondent's valid answers (on the scale, not "not applicable") to the items in
 * `only`, by default the element items (an overall question outside the elements is left out,
 * as in structure.ts `elementItems`).
 */
export function ratedAnswers(
  definition: QuestionnaireDefinition,
  answers: Answers,
  satisfied?: string[],
  only: Set<string> = elementItemCodes(definition),
): RatedAnswer[] {
  const out: RatedAnswer[] = [];
  for (const item of definition.scoring.items) {
    if (!only.has(item.code)) continue;
    const value = answerOf(answers, item);
    if (value === undefined) continue;
    const scale = itemScale(definition, item, item.scale ? undefined : satisfied);
    if (!scale.levels.map(String).includes(value)) continue;
    if (scale.notApplicable.map(String).includes(value)) continue;
    out.push({
      item,
      value,
      scale,
      points: levelPoints(scale, value),
      satisfied: scale.satisfied.map(String).includes(value),
    });
  }
  return out;
}

/** "sum/k" for a respondent's mean points, or undefined without any points. */
export function ratioKey(rated: RatedAnswer[]): string | undefined {
  const pts = rated.map((r) => r.points).filter((p): p is number => p !== null);
  if (pts.length === 0) return undefined;
  const sum = pts.reduce((s, p) => s + p, 0);
  const s = Number.isInteger(sum) ? String(sum) : String(Math.round(sum * 1e6) / 1e6);
  return `${s}/${pts.length}`;
}

/** A numeric answer (number or numeric text), rounded to a whole number, if ≥ 0. */
export function numericAnswer(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0) return undefined;
  return Math.round(n);
}

/** `$answered` for each named multi-select the respondent answered. */
export function answeredMulti(names: Iterable<string>, answers: Answers): Derived {
  const out: Derived = [];
  for (const name of names) {
    const v = own(answers, name);
    if (Array.isArray(v) && v.length > 0) out.push([ANSWERED_KEY, name]);
  }
  return out;
}
