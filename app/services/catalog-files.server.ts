/**
 * Reads the questionnaire catalog (surveys/*.json) from disk and checks every file.
 * A broken file stops the start with a message naming the file and the problem.
 */
import { sha256Hex } from "~/utils/hash.server";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DefinitionError, type QuestionnaireDefinition } from "~/domain/questionnaire";
import { checkQuestionnaire } from "~/domain/questionnaire-check";
import { compileQuestionnaire } from "~/domain/validator";
// The catalog is read by `npm run check:surveys` too, outside the app: its message keys.
import "~/utils/i18n-staff";
import type { MessageKey } from "~/utils/i18n";
import { ServiceError } from "./service-error.server";

export interface CatalogEntry {
  file: string;
  definition: QuestionnaireDefinition;
  /** sha256 of the canonical JSON: a new version is stored only when it changes. */
  contentHash: string;
}

/** A catalog that cannot be loaded stops the start (500): the server has no questionnaire to serve. */
export const CATALOG_BROKEN = "catalog.error.broken" satisfies MessageKey;

export const catalogBroken = (problems: string[]) =>
  new ServiceError(500, CATALOG_BROKEN, { list: problems.join("\n  ") }, { problems });

export const DEFAULT_SURVEYS_DIR = resolve(process.cwd(), "surveys");

/** JSON with object keys sorted, so formatting and key order do not make a new version. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export function hashDefinition(definition: QuestionnaireDefinition): string {
  return sha256Hex(canonicalJson(definition));
}

/**
 * Check (questionnaire-check.ts) and compile one catalog document; throws DefinitionError with
 * every problem found. Returns the checked definition: what is stored and shown.
 */
export function checkDefinition(raw: unknown): QuestionnaireDefinition {
  const definition = checkQuestionnaire(raw);
  compileQuestionnaire(definition);
  return definition;
}

export function readCatalog(dir: string = DEFAULT_SURVEYS_DIR): CatalogEntry[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const entries: CatalogEntry[] = [];
  const problems: string[] = [];
  const slugs = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      problems.push(`${path}: not valid JSON (${(e as Error).message})`);
      continue;
    }
    try {
      const definition = checkDefinition(raw);
      const other = slugs.get(definition.slug);
      if (other) {
        problems.push(`${path}: slug "${definition.slug}" is also used by ${other}`);
        continue;
      }
      slugs.set(definition.slug, file);
      entries.push({ file, definition, contentHash: hashDefinition(definition) });
    } catch (e) {
      const detail = e instanceof DefinitionError ? e.problems.join("\n    ") : String(e);
      problems.push(`${path}:\n    ${detail}`);
    }
  }
  if (problems.length > 0) {
    throw catalogBroken(problems);
  }
  return entries;
}
