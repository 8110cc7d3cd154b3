/** Campaign administration: inserts that run in the caller's transaction, scopes, links with paths. */
import type { Kysely } from "kysely";
import type { Campaign, Database } from "../schema";

/** The campaign row and its scope roots, in the caller's transaction (with its audit entry). */
export async function insertCampaignWithScope(
  db: Kysely<Database>,
  row: Campaign,
  scopeUnitIds: readonly string[],
) {
  await db.insertInto("campaign").values(row).execute();
  await db
    .insertInto("campaign_unit")
    .values(scopeUnitIds.map((unit_id) => ({ campaign_id: row.id, unit_id })))
    .execute();
}

/** Every campaign's scope roots with their paths: SELECT cu.campaign_id, u.path FROM campaign_unit … */
export function listAllCampaignScopes(db: Kysely<Database>) {
  return db
    .selectFrom("campaign_unit as cu")
    .innerJoin("unit as u", "u.id", "cu.unit_id")
    .select(["cu.campaign_id", "u.id", "u.name", "u.code", "u.path"])
    .orderBy("u.path")
    .execute();
}

/** A campaign with its questionnaire version's slug, number, title and owner. */
export function findCampaignWithVersion(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("campaign as c")
    .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
    .selectAll("c")
    .select([
      "q.slug",
      "q.version",
      "q.title as questionnaire_title",
      "q.owner_unit_id as questionnaire_owner_id",
    ])
    .where("c.id", "=", id)
    .executeTakeFirst();
}

export function updateCampaignStatus(db: Kysely<Database>, id: string, status: Campaign["status"]) {
  return db.updateTable("campaign").set({ status }).where("id", "=", id).execute();
}

/** A campaign's links with their units' paths (so the caller shows only what a role reaches). */
export function listLinksWithUnits(db: Kysely<Database>, campaignId: string) {
  return db
    .selectFrom("access_link as l")
    .innerJoin("unit as u", "u.id", "l.unit_id")
    .select([
      "l.token",
      "l.channel",
      "l.label",
      "l.created_at",
      "l.revoked_at",
      "u.id as unit_id",
      "u.name as unit_name",
      "u.code as unit_code",
      "u.path as unit_path",
    ])
    .where("l.campaign_id", "=", campaignId)
    .orderBy("l.created_at")
    .execute();
}

/** A link with the names a poster needs and the unit's path (for the permission check). */
export function findAccessLinkDetails(db: Kysely<Database>, token: string) {
  return db
    .selectFrom("access_link as l")
    .innerJoin("unit as u", "u.id", "l.unit_id")
    .innerJoin("campaign as c", "c.id", "l.campaign_id")
    .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
    .select([
      "l.token",
      "l.channel",
      "l.label",
      "l.revoked_at",
      "l.campaign_id",
      "u.name as unit_name",
      "u.path as unit_path",
      "c.title as campaign_title",
      "c.anonymous",
      "q.definition",
    ])
    .where("l.token", "=", token)
    .executeTakeFirst();
}

export function findAccessLinkWithUnit(db: Kysely<Database>, token: string) {
  return db
    .selectFrom("access_link as l")
    .innerJoin("unit as u", "u.id", "l.unit_id")
    .select([
      "l.token",
      "l.campaign_id",
      "l.unit_id",
      "l.channel",
      "l.revoked_at",
      "u.path as unit_path",
    ])
    .where("l.token", "=", token)
    .executeTakeFirst();
}

export function revokeAccessLinkRow(db: Kysely<Database>, token: string, at: string) {
  return db
    .updateTable("access_link")
    .set({ revoked_at: at })
    .where("token", "=", token)
    .where("revoked_at", "is", null)
    .execute();
}
