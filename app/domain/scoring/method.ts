/** The shape of a scoring method. */
import type { QuestionnaireDefinition } from "../questionnaire";
import type { Answers, Derived } from "./derive";
import type { OptionReader } from "./options";
import type { Context } from "./structure";
import type { QuestionnaireResult } from "./types";

export type MethodOutput = Omit<
  QuestionnaireResult,
  "method" | "options" | "minN" | "responses" | "warnings" | "maxPoints"
>;

export interface ScoringMethodImpl {
  /** Scores the counts; reads its options through ctx.opt (which records them). */
  score(ctx: Context): MethodOutput;
  /** The `$` facts of one response (see derive.ts); `opt` reads the definition's options. */
  derive(definition: QuestionnaireDefinition, answers: Answers, opt: OptionReader): Derived;
}
