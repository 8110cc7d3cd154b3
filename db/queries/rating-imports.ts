/** What an import of ratings reads before sending each row through the submission path. */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

const CHUNK = 400;

/** The campaign as the submission path reads it from a link (without one): dates, status, form. */
export function findImportCampaign(db: Kysely<Database>, campaignId: string) {
  return db
    .selectFrom("campaign as c")
    .select([
      "c.id as campaign_id",
      "c.title as campaign_title",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "c.questionnaire_version_id",
      "c.anonymous",
    ])
    .where("c.id", "=", campaignId)
    .executeTakeFirst();
}

/** Units by code (those named in a file). */
export async function listUnitsByCodes(db: Kysely<Database>, codes: readonly string[]) {
  const out = [];
  for (let i = 0; i < codes.length; i += CHUNK)
    out.push(
      ...(await db
        .selectFrom("unit")
        .select(["id", "code", "name", "path", "active_from", "active_to"])
        .where("code", "in", codes.slice(i, i + CHUNK))
        .execute()),
    );
  return out;
}

/** The unit of each dossier named in a file (a row without a unit code is its dossier's). */
export async function listDossierUnits(db: Kysely<Database>, codes: readonly string[]) {
  const out = [];
  for (let i = 0; i < codes.length; i += CHUNK)
    out.push(
      ...(await db
        .selectFrom("dossier as d")
        .innerJoin("unit as u", "u.id", "d.unit_id")
        .select(["d.code", "u.code as unit_code"])
        .where("d.code", "in", codes.slice(i, i + CHUNK))
        .execute()),
    );
  return out;
}
