/**
 * What every server module shares: the database handle, the group-commit writer and
 * compiled questionnaires. One per process; tests make their own with createAppContext.
 */
import "~/utils/i18n-staff";
import { createDb, type DbHandle } from "#db/create-db";
import { findVersion } from "#db/queries/questionnaires";
import { identifyingQuestions, withoutQuestions } from "~/domain/anonymity";
import type { QuestionnaireDefinition } from "~/domain/questionnaire";
import { readStoredQuestionnaire } from "~/domain/questionnaire-check";
import { compileQuestionnaire, type CompiledQuestionnaire } from "~/domain/validator";
import { ResponseWriter } from "./writer.server";

export interface LoadedVersion {
  id: string;
  slug: string;
  version: number;
  definition: QuestionnaireDefinition;
  compiled: CompiledQuestionnaire;
  /** Questions asking for contact details: neither shown nor kept in anonymous campaigns. */
  identifying: string[];
  /** The form without them, made once: what anonymous campaigns show. */
  anonymousSurvey: Record<string, unknown>;
}

export interface AppContext extends DbHandle {
  writer: ResponseWriter;
  /** Versions are immutable, so a compiled one is kept for the life of the process. */
  versions: Map<string, Promise<LoadedVersion | undefined>>;
}

export async function createAppContext(url = process.env.DATABASE_URL): Promise<AppContext> {
  const handle = await createDb(url);
  return { ...handle, writer: new ResponseWriter(handle.db), versions: new Map() };
}

export function loadVersion(ctx: AppContext, id: string): Promise<LoadedVersion | undefined> {
  let p = ctx.versions.get(id);
  if (!p) {
    p = findVersion(ctx.db, id).then((row) => {
      if (!row) return undefined;
      // Every stored version is read through the checker: one stored before it (or before a
      // rule was added) is shown in its harmless form, or refused when too costly to read.
      const { definition, problems } = readStoredQuestionnaire(JSON.parse(row.definition));
      if (problems.length > 0)
        console.warn(
          `questionnaire version ${row.id}: left out of the form: ${problems.join("; ")}`,
        );
      const identifying = identifyingQuestions(definition.survey);
      return {
        id: row.id,
        slug: row.slug,
        version: row.version,
        definition,
        compiled: compileQuestionnaire(definition),
        identifying,
        anonymousSurvey: withoutQuestions(definition.survey, identifying),
      };
    });
    p.catch(() => ctx.versions.delete(id));
    ctx.versions.set(id, p);
  }
  return p;
}

let current: Promise<AppContext> | undefined;

/** The process's context, created on first use (migrations run then). */
export function appContext(): Promise<AppContext> {
  current ??= createAppContext();
  return current;
}

/** For tests: use this context as the process's one. */
export function setAppContext(ctx: AppContext) {
  current = Promise.resolve(ctx);
}
