import type { Kysely } from "kysely";
import { uuidv7 } from "../ids";
import type { Database, QuestionnaireVersion } from "../schema";

export function findLatestVersion(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom("questionnaire_version")
    .selectAll()
    .where("slug", "=", slug)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

export function findVersion(db: Kysely<Database>, id: string) {
  return db.selectFrom("questionnaire_version").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listLatestVersions(db: Kysely<Database>) {
  return db
    .selectFrom("questionnaire_version as q")
    .selectAll("q")
    .where(({ eb, selectFrom }) =>
      eb(
        "q.version",
        "=",
        selectFrom("questionnaire_version as q2")
          .select((e) => e.fn.max("q2.version").as("v"))
          .whereRef("q2.slug", "=", "q.slug"),
      ),
    )
    .orderBy("q.slug")
    .execute();
}

/** Versions are immutable: a changed file becomes version N+1, never an update. */
export async function insertVersion(
  db: Kysely<Database>,
  v: {
    slug: string;
    title: string;
    contentHash: string;
    definition: string;
    /** The unit that uploaded its own questionnaire; omitted for the official catalog. */
    ownerUnitId?: string | null;
  },
): Promise<QuestionnaireVersion> {
  const latest = await findLatestVersion(db, v.slug);
  const row = {
    id: uuidv7(),
    slug: v.slug,
    version: (latest?.version ?? 0) + 1,
    title: v.title,
    content_hash: v.contentHash,
    definition: v.definition,
    created_at: new Date().toISOString(),
    owner_unit_id: v.ownerUnitId ?? null,
  };
  await db.insertInto("questionnaire_version").values(row).execute();
  return row;
}

/** Every version of the questionnaires owned by units under any of `roots` (unit paths). */
export function listOwnedVersionsUnder(db: Kysely<Database>, roots: readonly string[]) {
  return db
    .selectFrom("questionnaire_version as q")
    .innerJoin("unit as u", "u.id", "q.owner_unit_id")
    .select([
      "q.id",
      "q.slug",
      "q.version",
      "q.title",
      "q.created_at",
      "q.content_hash",
      "u.name as owner_name",
      "u.code as owner_code",
    ])
    .where((eb) => eb.or(roots.map((r) => eb("u.path", "like", `${r}%`))))
    .orderBy("q.slug")
    .orderBy("q.version", "desc")
    .execute();
}
