/**
 * The catalog file format: a SurveyJS questionnaire plus its metadata and scoring block.
 * Parsing is pure (no file system, no database) so it is tested on its own and reused
 * for uploads. See surveys/README.md for the authoring guide.
 */
import { z } from "zod";

/** A string shown to people: plain Vietnamese, or per locale ({"default"|"vi": …, "en": …}). */
export const localizedText = z.union([z.string().min(1), z.record(z.string())]);
export type LocalizedText = z.infer<typeof localizedText>;

export const SECTORS = ["administrative", "health", "education", "generic"] as const;
export const METHODS = ["generic", "sipas", "health", "education", "counter"] as const;
/** "own": an agency's own questionnaire, uploaded by the unit that owns it (no official source). */
export const VERIFICATION = ["official", "transcribed", "paraphrase", "own"] as const;

export type Sector = (typeof SECTORS)[number];
export type ScoringMethod = (typeof METHODS)[number];
export type Verification = (typeof VERIFICATION)[number];

const answerValue = z.union([z.number(), z.string()]);

export const scaleSchema = z.object({
  /** Every answer level, in display order (values as stored in answers). */
  levels: z.array(answerValue).min(2),
  /** Levels that count as satisfied. */
  satisfied: z.array(answerValue).min(1),
  /** Levels that mean "not applicable / not used": left out of the valid answers. */
  notApplicable: z.array(answerValue).default([]),
  /** Level → points for mean scores; by default the numeric level itself. */
  points: z.record(z.number()).optional(),
});
export type Scale = z.infer<typeof scaleSchema>;

export const itemSchema = z.object({
  /** Item code as in the reference (e.g. "A1", "P5", "S11"). */
  code: z.string().min(1),
  /** The question that holds the answer… */
  question: z.string().min(1),
  /** …and, for a matrix question, the row value. */
  row: z.string().optional(),
  /** A scale of its own, when it differs from the questionnaire's. */
  scale: scaleSchema.optional(),
});
export type ScoredItem = z.infer<typeof itemSchema>;

export const elementSchema = z.object({
  code: z.string().min(1),
  title: localizedText,
  items: z.array(z.string()).min(1),
});
export type ScoredElement = z.infer<typeof elementSchema>;

export const aspectSchema = z.object({
  code: z.string().min(1),
  title: localizedText,
  elements: z.array(z.string()).min(1),
});

export const scoringSchema = z.object({
  method: z.enum(METHODS),
  scale: scaleSchema,
  items: z.array(itemSchema).min(1),
  elements: z.array(elementSchema).default([]),
  aspects: z.array(aspectSchema).default([]),
  /** Method-specific options (variants named in the reference); each method documents its own. */
  options: z.record(z.unknown()).default({}),
});
export type Scoring = z.infer<typeof scoringSchema>;

export const metaSchema = z.object({
  title: localizedText,
  sector: z.enum(SECTORS),
  /** The decision that issued the form, e.g. "QĐ 1001/QĐ-BNV". */
  issuedBy: z.string().optional(),
  formNumber: z.string().optional(),
  /** dd/MM/yyyy is for display; the file holds ISO dates. */
  validFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "validFrom must be an ISO date (YYYY-MM-DD)")
    .optional(),
  /** Where in ../shared/reference the wording and formulas come from. */
  referenceSection: z.string().optional(),
  verification: z.enum(VERIFICATION),
  /** What administrators must know about this form (e.g. which parts are paraphrased). */
  note: localizedText.optional(),
});
export type QuestionnaireMeta = z.infer<typeof metaSchema>;

/**
 * A questionnaire without a scoring block collects answers only: no rated items, no
 * satisfaction rate; its results are counts and distributions of the answers.
 */
export const COLLECTION_ONLY: Scoring = {
  method: "generic",
  scale: { levels: [], satisfied: [], notApplicable: [] },
  items: [],
  elements: [],
  aspects: [],
  options: {},
};

export const definitionSchema = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "slug: lowercase letters, digits and hyphens only"),
    meta: metaSchema,
    survey: z.object({ pages: z.array(z.record(z.unknown())).min(1) }).passthrough(),
    // A block with no item (as stored for a collection-only questionnaire) is no block.
    scoring: z.preprocess(
      (v) =>
        v &&
        typeof v === "object" &&
        Array.isArray((v as { items?: unknown }).items) &&
        (v as { items: unknown[] }).items.length === 0
          ? undefined
          : v,
      scoringSchema.optional(),
    ),
  })
  .transform((d) => ({ ...d, scoring: d.scoring ?? COLLECTION_ONLY }));
export type QuestionnaireDefinition = z.infer<typeof definitionSchema>;

/** No scored item: the questionnaire only collects answers (COLLECTION_ONLY). */
export function isCollectionOnly(definition: { scoring: Scoring }): boolean {
  return definition.scoring.items.length === 0;
}

/** Pick the text for a locale from a LocalizedText ("default" is the Vietnamese text). */
export function localize(text: LocalizedText | undefined, locale: string): string {
  if (text === undefined) return "";
  if (typeof text === "string") return text;
  return text[locale] ?? text.default ?? text.vi ?? Object.values(text)[0] ?? "";
}

/** The rollup key of a scored item: its question, or question.row for a matrix row. */
export function itemKey(item: Pick<ScoredItem, "question" | "row">): string {
  return item.row === undefined ? item.question : `${item.question}.${item.row}`;
}

/**
 * A questionnaire that cannot be read, with every problem. Not a ServiceError: the domain is
 * pure and imports no service; the service that reads a file turns it into one (400 on upload).
 */
export class DefinitionError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

/** Parse the file's JSON shape. Cross-checks against the questions live in compileQuestionnaire. */
export function parseDefinition(input: unknown): QuestionnaireDefinition {
  const result = definitionSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${i.path.join(".") || "(root)"}: ${i.message}`,
    );
    throw new DefinitionError(problems.join("; "), problems);
  }
  return result.data;
}
