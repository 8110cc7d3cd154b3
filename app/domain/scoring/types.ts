import type { LocalizedText, ScoringMethod } from "../questionnaire";

/** Answer counts as the rollups hold them: question key → answer value → count. */
export type CountTable = Record<string, Record<string, number>>;

export interface Rate {
  /** Valid answers (or respondents) behind the rate. */
  n: number;
  satisfied: number;
  /** Proportion 0–1, or null when n = 0. */
  rate: number | null;
  low: number | null;
  high: number | null;
  /** n reaches the minimum; below it the rate is shown as "chưa đủ số phiếu", never ranked. */
  sufficient: boolean;
}

export interface ItemResult extends Rate {
  code: string;
  key: string;
  title: LocalizedText;
  /** Answers per level, in scale order. */
  levels: Array<{ value: string; count: number }>;
  notApplicable: number;
  /** Mean of the level points among valid answers. */
  mean: number | null;
}

export interface GroupResult extends Rate {
  code: string;
  title: LocalizedText;
  children: string[];
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
  overall: Rate;
}
