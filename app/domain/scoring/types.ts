import type { LocalizedText, ScoringMethod } from "../questionnaire";

/**
 * Answer counts as the rollups hold them: key → answer value (as a string) → count.
 * The key is a question name, `question.row` for a matrix row, or a `$`-prefixed key
 * that deriveIndicators produced at ingestion (see derive.ts for the list).
 */
export type CountTable = Record<string, Record<string, number>>;

export interface Rate {
  /**
   * Phiếu (forms) behind the figure. For an item: its valid answers. For a group
   * (element, aspect, overall): the largest n among the parts that have answers, i.e.
   * the number of forms that answered at least one of its parts (a lower bound; counts
   * cannot say more). The minimum-n rule is applied to this n.
   */
  n: number;
  /** Satisfied answers, pooled over the parts for a group. */
  satisfied: number;
  /** Valid answers, pooled over the parts for a group (equals n for an item). */
  answers: number;
  /** Proportion 0–1, or null when nothing was answered. */
  rate: number | null;
  /**
   * 95 % interval. Items: Wilson. Groups: the weighted mean of their parts' bounds with
   * the weights of the rate (see rates.ts `combine`), which holds whatever the
   * correlation between items answered by the same people.
   */
  low: number | null;
  high: number | null;
  /** n reaches the minimum; below it the rate is shown as "chưa đủ số phiếu", never ranked. */
  sufficient: boolean;
  /**
   * What `rate` is computed from. "answers": satisfied / answers, valid answers (an item, or
   * pooled); "respondents": satisfied / answers, both counting respondents; "mean": the plain
   * mean of `parts` rates (SIPAS elements and index), so `satisfied` / `answers` (pooled) are
   * not its numerator and denominator and are never shown beside it as such.
   */
  basis: RateBasis;
  /** For basis "mean": how many parts' rates were averaged. */
  parts?: number;
}

export type RateBasis = "answers" | "respondents" | "mean";

/** Mean points (with a 95 % interval) and the answers at the scale's top level ("Rất hài lòng"). */
export interface ScoreFigures {
  /** Mean of the level points among valid answers, with a normal 95 % interval. */
  mean: number | null;
  meanLow: number | null;
  meanHigh: number | null;
  /** Valid answers at the scale's highest level ("Rất hài lòng"); its share is top / answers. */
  top: number;
}

export interface ItemResult extends Rate, ScoreFigures {
  code: string;
  key: string;
  title: LocalizedText;
  /** Answers per level, in scale order (not-applicable levels included). */
  levels: Array<{ value: string; count: number }>;
  notApplicable: number;
}

/** Mean points and top-level answers are pooled over the children's valid answers. */
export interface GroupResult extends Rate, ScoreFigures {
  code: string;
  title: LocalizedText;
  /** Codes of the items (elements) or elements (aspects) it combines. */
  children: string[];
  /** How the rate combines the children: pooled answers, or the mean of their rates. */
  aggregation: Aggregation;
}

/**
 * The headline rate with the figures shown beside it: mean points and the top-level share
 * over the same answers (the criteria pooled; the overall question's when the rate is that
 * question's). The satisfaction index ("chỉ số hài lòng") is mean / maxPoints.
 */
export interface OverallResult extends Rate, ScoreFigures {}

export type Aggregation = "pooled" | "mean" | "respondent";

/** A figure besides the item/element/overall rates (perception shares, health indices, TT 01 points…). */
export interface Indicator {
  /** Unique within the result, e.g. "all_satisfied", "perception.cau1.2.positive", "tt01.3". */
  code: string;
  /** Family for the report's layout: "health", "perception", "expectation", "tt01", "qd766"… */
  group: string;
  title: LocalizedText;
  /** A proportion 0–1 (unit "proportion", shown as %) or a score (unit "points"). */
  value: number | null;
  unit: "proportion" | "points";
  /** Largest possible value of a score (5 for a mean on 1–5, 18 for TT 01/2018…). */
  max?: number;
  /** Respondents or answers behind the value. */
  n: number;
  low?: number | null;
  high?: number | null;
  sufficient: boolean;
  /** The count key the value was read from, and for a share the answer value it counts. */
  key?: string;
  level?: string;
  /** 1 = first; only sufficient values are ranked (expectations). */
  rank?: number;
  /** A classification of the value (TT 01/2018: Xuất sắc / Tốt / Khá / Trung bình / Yếu). */
  label?: LocalizedText;
}

export interface QuestionnaireResult {
  method: ScoringMethod;
  /** The options the method ran with, defaults filled in: every report states them. */
  options: Record<string, unknown>;
  minN: number;
  responses: number;
  items: ItemResult[];
  elements: GroupResult[];
  aspects: GroupResult[];
  /** The headline rate of the method (see each method for what it is). */
  overall: OverallResult;
  /** Points of the scale's highest level (5 on 1–5): the divisor of the satisfaction index. */
  maxPoints: number | null;
  indicators: Indicator[];
  /** Option values that were unusable and replaced by their default. */
  warnings: string[];
}
