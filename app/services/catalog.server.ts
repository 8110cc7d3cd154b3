/** Stores the catalog's questionnaires as versions: a new version only when a file's content changed. */
import type { Kysely } from "kysely";
import { findLatestVersion, insertVersion, listLatestVersions } from "#db/queries/questionnaires";
import type { Database, QuestionnaireVersion } from "#db/schema";
import { localize } from "~/domain/questionnaire";
import type { AppContext } from "./context.server";
import { catalogBroken, readCatalog, type CatalogEntry } from "./catalog-files.server";

export interface SyncedVersion {
  slug: string;
  version: QuestionnaireVersion;
  created: boolean;
}

export async function syncCatalog(
  db: Kysely<Database>,
  entries: CatalogEntry[],
): Promise<SyncedVersion[]> {
  const out: SyncedVersion[] = [];
  for (const e of entries) {
    const latest = await findLatestVersion(db, e.definition.slug);
    // Agencies' own questionnaires carry their unit's code in the slug; never version over one.
    if (latest?.owner_unit_id)
      throw catalogBroken([
        `${e.file}: slug "${e.definition.slug}" is an agency's own questionnaire`,
      ]);
    if (latest && latest.content_hash === e.contentHash) {
      out.push({ slug: e.definition.slug, version: latest, created: false });
      continue;
    }
    const version = await insertVersion(db, {
      slug: e.definition.slug,
      title: localize(e.definition.meta.title, "vi"),
      contentHash: e.contentHash,
      definition: JSON.stringify(e.definition),
    });
    out.push({ slug: e.definition.slug, version, created: true });
  }
  return out;
}

/** Read surveys/ and store what changed. Throws CATALOG_BROKEN naming the broken file. */
export async function loadCatalog(db: Kysely<Database>, dir?: string) {
  return syncCatalog(db, readCatalog(dir));
}

/** The newest version of every questionnaire in the catalog. */
export const listLatestQuestionnaires = (ctx: AppContext) => listLatestVersions(ctx.db);

/** The newest version of the questionnaire `slug`, or undefined. */
export const findLatestQuestionnaire = (ctx: AppContext, slug: string) =>
  findLatestVersion(ctx.db, slug);
