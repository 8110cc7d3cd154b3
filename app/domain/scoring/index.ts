/**
 * Scoring: from answer counts (the rollups) to rates. One method per questionnaire
 * family, chosen by scoring.method; every method works on counts only, so the same code
 * serves ten responses or ten million. Per-respondent facts that counts cannot give are
 * derived at ingestion (deriveIndicators, see derive.ts) and rolled up under `$` keys.
 *
 * Methods: sipas.ts, health.ts, education.ts, counter.ts, generic.ts. Shared formulas:
 * rates.ts (one implementation each), structure.ts, indicators.ts. Each method's header
 * comment gives its formulas, options and reference labels; every result states the
 * options it ran with.
 */
import type { QuestionnaireDefinition, ScoringMethod } from "../questionnaire";
import { counter } from "./counter";
import type { Answers } from "./derive";
import { education } from "./education";
import { generic } from "./generic";
import { groupMarkers, respondentGroups } from "./groups";
import { health } from "./health";
import type { ScoringMethodImpl } from "./method";
import { OptionReader } from "./options";
import { DEFAULT_MIN_N, maxPoints } from "./rates";
import { sipas } from "./sipas";
import type { CountTable, QuestionnaireResult } from "./types";

export type {
  Aggregation,
  CountTable,
  GroupResult,
  Indicator,
  ItemResult,
  OverallResult,
  QuestionnaireResult,
  Rate,
  RateBasis,
  ScoreFigures,
} from "./types";
export { DEFAULT_MIN_N } from "./rates";
export { addCount, addCounts, emptyCounts, foldCounts } from "./counts";
export { TT01_CLASSES } from "./counter";

export interface ScoreOptions {
  minN?: number;
  /** Overrides of the method's named options (variants from the reference). */
  options?: Record<string, unknown>;
}

const METHODS: Record<ScoringMethod, ScoringMethodImpl> = {
  generic,
  sipas,
  health,
  education,
  counter,
};

export function computeResults(
  definition: QuestionnaireDefinition,
  counts: CountTable,
  responses: number,
  opts: ScoreOptions = {},
): QuestionnaireResult {
  const minN =
    opts.minN !== undefined && Number.isFinite(opts.minN) && opts.minN >= 0
      ? opts.minN
      : DEFAULT_MIN_N;
  const warnings: string[] = [];
  const opt = new OptionReader({ ...definition.scoring.options, ...opts.options }, warnings);
  const method = definition.scoring.method;
  const out = METHODS[method].score({ definition, counts, responses, minN, opt });
  respondentGroups(definition, opt); // not a formula option, but stated with the others
  for (const key of Object.keys(opt.raw)) {
    if (key in opt.used || warnings.some((w) => w.startsWith(`${key}:`) || w.startsWith(`${key}.`)))
      continue;
    warnings.push(`${key}: not used by the ${method} method; ignored`);
  }
  const max = maxPoints(definition.scoring.scale);
  return { method, options: opt.used, minN, responses, warnings, maxPoints: max, ...out };
}

/**
 * The `$` facts one response adds to the rollups (derive.ts lists them). Reads the
 * definition's own options; option problems are reported by computeResults, not here.
 */
export function deriveIndicators(
  definition: QuestionnaireDefinition,
  answers: Record<string, unknown>,
): Array<[question: string, value: string]> {
  const opt = new OptionReader(definition.scoring.options, []);
  return [
    ...METHODS[definition.scoring.method].derive(definition, answers as Answers, opt),
    ...groupMarkers(definition, answers),
  ];
}
