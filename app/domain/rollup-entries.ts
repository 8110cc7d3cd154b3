/**
 * The pure part of storing a response: its answers validated against the questionnaire,
 * and what it adds to the rollups (the count of responses, the answers, the derived `$`
 * facts). Ingestion, flags, corrections, rebuilds and the rollup check all go through here,
 * so a stored response always contributes what ingestion counted.
 */
import { RESPONSES_KEY, type RollupEntry } from "#db/rollups/keys";
import type { QuestionnaireDefinition } from "./questionnaire";
import { deriveIndicators } from "./scoring";
import type { AnswerError, AudienceOption, CompiledQuestionnaire } from "./validator";

export type RollupEntries =
  { ok: true; rollup: RollupEntry[] } | { ok: false; errors: AnswerError[] };

/**
 * Through a self-completed link the surveyor's fields are not shown, so never asked for;
 * without an audience (a stored response read again) every question counts as shown.
 */
export function toRollupEntries(
  version: { compiled: CompiledQuestionnaire; definition: QuestionnaireDefinition },
  answers: Record<string, unknown>,
  audience?: AudienceOption["audience"],
): RollupEntries {
  const result = version.compiled.validate(answers, audience ? { audience } : undefined);
  if (!result.ok) return { ok: false, errors: result.errors };
  return {
    ok: true,
    rollup: [
      [RESPONSES_KEY, ""],
      ...result.rollup,
      ...deriveIndicators(version.definition, answers),
    ],
  };
}
