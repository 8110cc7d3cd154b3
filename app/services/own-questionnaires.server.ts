/**
 * Agencies' own questionnaires: a unit uploads a catalog document (SurveyJS JSON with its
 * meta and scoring block), checked exactly as the official catalog is (parseDefinition, then
 * compileQuestionnaire), and versioned by the same rule: a new version only when the canonical
 * content hash changes. The uploading unit owns the slug; its verification is always "own".
 */
import { insertAudit } from "#db/queries/audit";
import {
  findLatestVersion,
  insertVersion,
  listOwnedVersionsUnder,
} from "#db/queries/questionnaires";
import { findUnit } from "#db/queries/units";
import type { QuestionnaireVersion } from "#db/schema";
import { inTransaction } from "#db/transaction";
import { DefinitionError, localize } from "~/domain/questionnaire";
import { checkDefinition, hashDefinition } from "./catalog-files.server";
import type { AppContext } from "./context.server";
import { assertReach, pathsWith, ServiceError, type Actor } from "./service-error.server";

export const MAX_UPLOAD_BYTES = 1_000_000;

/** Slugs of a unit's own questionnaires start with its code: no clash with the catalog or another unit. */
export function slugPrefix(unitCode: string): string {
  return `${unitCode
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")}-`;
}

export interface UploadResult {
  version: QuestionnaireVersion;
  /** false: the same content as the latest version, nothing stored. */
  created: boolean;
}

export async function uploadQuestionnaire(
  ctx: AppContext,
  input: { ownerUnitId: string; text: string },
  actor: Actor,
): Promise<UploadResult> {
  const unit = await findUnit(ctx.db, input.ownerUnitId);
  assertReach(actor, "campaigns.manage", unit?.path);
  if (input.text.length > MAX_UPLOAD_BYTES) throw new ServiceError(400, "own.error.tooLarge");
  let raw: unknown;
  try {
    raw = JSON.parse(input.text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new ServiceError(400, "own.error.json", { detail: (e as Error).message });
  }
  // An agency cannot certify its own form as an official text.
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const doc = raw as { meta?: unknown };
    if (doc.meta && typeof doc.meta === "object" && !Array.isArray(doc.meta))
      doc.meta = { ...(doc.meta as object), verification: "own" };
  }
  let definition;
  try {
    definition = checkDefinition(raw);
  } catch (e) {
    if (e instanceof DefinitionError)
      throw new ServiceError(400, "own.error.problems", {}, { problems: e.problems });
    throw e;
  }
  const prefix = slugPrefix(unit!.code);
  const contentHash = hashDefinition(definition);
  return inTransaction(
    ctx.db,
    async (trx) => {
      const latest = await findLatestVersion(trx, definition.slug);
      if (latest && latest.owner_unit_id !== unit!.id)
        throw new ServiceError(409, "own.error.slugTaken", { slug: definition.slug });
      if (!latest && !definition.slug.startsWith(prefix))
        throw new ServiceError(400, "own.error.slugPrefix", { prefix });
      if (latest && latest.content_hash === contentHash) return { version: latest, created: false };
      const version = await insertVersion(trx, {
        slug: definition.slug,
        title: localize(definition.meta.title, "vi"),
        contentHash,
        definition: JSON.stringify(definition),
        ownerUnitId: unit!.id,
      });
      await insertAudit(trx, {
        userId: actor.id,
        action: "upload",
        entity: "questionnaire",
        entityId: version.id,
        unitId: unit!.id,
        after: { slug: version.slug, version: version.version, contentHash },
      });
      return { version, created: true };
    },
    { immediate: true },
  );
}

/** Every version of the own questionnaires of units in the actor's campaigns.manage subtree. */
export async function listOwnQuestionnaires(ctx: AppContext, actor: Actor) {
  const roots = pathsWith(actor, "campaigns.manage");
  if (roots.length === 0) return [];
  return listOwnedVersionsUnder(ctx.db, roots);
}
