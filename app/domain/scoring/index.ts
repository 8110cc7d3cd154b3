/**
 * Scoring: from answer counts (the rollups) to rates. One method per questionnaire
 * family, chosen by the scoring block; every method works on counts only, so the same
 * code serves ten responses or ten million.
 */
import type { QuestionnaireDefinition, ScoringMethod } from "../questionnaire";
import { DEFAULT_MIN_N, itemTitle, pooled, scoreItem } from "./rates";
import type { CountTable, GroupResult, QuestionnaireResult } from "./types";

export type { CountTable, GroupResult, ItemResult, QuestionnaireResult, Rate } from "./types";
export { DEFAULT_MIN_N } from "./rates";

export interface ScoreOptions {
  minN?: number;
  /** Overrides of the method's named options (variants from the reference). */
  options?: Record<string, unknown>;
}

type Method = (
  definition: QuestionnaireDefinition,
  counts: CountTable,
  responses: number,
  opts: Required<ScoreOptions>,
) => QuestionnaireResult;

/** Generic: item = satisfied levels among valid answers; element and overall pooled over their answers. */
const generic: Method = (definition, counts, responses, { minN, options }) => {
  const { scoring } = definition;
  const items = scoring.items.map((item) =>
    scoreItem(item, scoring.scale, counts, minN, itemTitle(definition, item)),
  );
  const byCode = new Map(items.map((i) => [i.code, i]));
  const elements: GroupResult[] = scoring.elements.map((el) => ({
    ...pooled(
      el.items.map((c) => byCode.get(c)!),
      minN,
    ),
    code: el.code,
    title: el.title,
    children: el.items,
  }));
  return {
    method: scoring.method,
    options: { aggregation: "pooled", ...scoring.options, ...options },
    minN,
    responses,
    items,
    elements,
    aspects: [],
    overall: pooled(items, minN),
  };
};

const METHODS: Record<ScoringMethod, Method> = {
  generic,
  sipas: generic,
  health: generic,
  education: generic,
  counter: generic,
};

export function computeResults(
  definition: QuestionnaireDefinition,
  counts: CountTable,
  responses: number,
  opts: ScoreOptions = {},
): QuestionnaireResult {
  const method = METHODS[definition.scoring.method];
  return method(definition, counts, responses, {
    minN: opts.minN ?? DEFAULT_MIN_N,
    options: opts.options ?? {},
  });
}

/**
 * Indicators a method needs per respondent (e.g. "satisfied on every item"), which
 * answer counts cannot give afterwards. Computed at ingestion and rolled up under
 * `$`-prefixed keys next to the answers.
 */
export function deriveIndicators(
  _definition: QuestionnaireDefinition,
  _answers: Record<string, unknown>,
): Array<[question: string, value: string]> {
  return [];
}
