/** What the rollup check and rebuild read and write (app/services/rollup-*.server.ts). */
import type { Kysely } from "kysely";
import { ROLLUP_TABLES } from "../rollups/keys";
import type { Database } from "../schema";

/** Up to `limit` responses with ids after `after`, by id (keyset pagination). */
export function listResponsesAfter(db: Kysely<Database>, after: string, limit: number) {
  return db
    .selectFrom("response")
    .selectAll()
    .where("id", ">", after)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** As listResponsesAfter, without the flagged responses. */
export function listUnflaggedResponsesAfter(db: Kysely<Database>, after: string, limit: number) {
  return db
    .selectFrom("response")
    .selectAll()
    .where("id", ">", after)
    .where("flag_reason", "is", null)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** The questionnaire versions that stored responses answer. */
export function listResponseVersionIds(db: Kysely<Database>) {
  return db.selectFrom("response").select("questionnaire_version_id").distinct().execute();
}

export function listRollupRows(db: Kysely<Database>) {
  return db.selectFrom("rollup").selectAll().execute();
}

/** Empties every rollup table. */
export async function clearRollupTables(db: Kysely<Database>) {
  for (const t of ROLLUP_TABLES) await db.deleteFrom(t).execute();
}

/** The `after` of the audit log's retention entries. */
export function listRetentionAudits(db: Kysely<Database>) {
  return db.selectFrom("audit_log").select("after").where("action", "=", "retention").execute();
}
