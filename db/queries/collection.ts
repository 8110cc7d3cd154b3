/** What the collection channels' checks read and write (app/services/collection.server.ts). */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

/** The path of one unit (the opening hours that apply to a QR answer are found by it). */
export async function findUnitPath(db: Kysely<Database>, unitId: string) {
  const r = await db.selectFrom("unit").select("path").where("id", "=", unitId).executeTakeFirst();
  return r?.path;
}

/** Responses from one address hash to one campaign since `since` (at most 5 000). */
export function listAddressResponsesSince(
  db: Kysely<Database>,
  hash: string,
  campaignId: string,
  since: string,
) {
  return db
    .selectFrom("response")
    .select(["id", "flag_reason"])
    .where("source_hash", "=", hash)
    .where("campaign_id", "=", campaignId)
    .where("submitted_at", ">=", since)
    .limit(5000)
    .execute();
}

/**
 * The salt of address hashes for `day`: `candidate` unless another process stored one first.
 * Older days' salts are deleted, so yesterday's hashes cannot be recomputed.
 */
export async function daySalt(db: Kysely<Database>, day: string, candidate: string) {
  await db
    .insertInto("address_salt")
    .values({ day, salt: candidate })
    .onConflict((oc) => oc.column("day").doNothing())
    .execute();
  await db.deleteFrom("address_salt").where("day", "<", day).execute();
  const row = await db
    .selectFrom("address_salt")
    .select("salt")
    .where("day", "=", day)
    .executeTakeFirstOrThrow();
  return row.salt;
}
