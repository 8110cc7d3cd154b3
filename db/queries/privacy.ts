/** What deletion at a respondent's request and the retention limits read and write. */
import { sql, type Kysely } from "kysely";
import type { Database } from "../schema";

export function findResponseVersionByClientId(db: Kysely<Database>, clientId: string) {
  return db
    .selectFrom("response")
    .select("questionnaire_version_id")
    .where("client_id", "=", clientId)
    .executeTakeFirst();
}

export function findStoredResponseByClientId(db: Kysely<Database>, clientId: string) {
  return db.selectFrom("response").selectAll().where("client_id", "=", clientId).executeTakeFirst();
}

export async function deleteResponseRow(db: Kysely<Database>, id: string) {
  await db.deleteFrom("response").where("id", "=", id).execute();
}

export async function deleteResponseRows(db: Kysely<Database>, ids: readonly string[]) {
  await db.deleteFrom("response").where("id", "in", ids).execute();
}

/** Up to `limit` ids, in id order, of responses submitted before `before`. */
export async function listResponseIdsBefore(
  db: Kysely<Database>,
  before: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("response")
    .select("id")
    .where("submitted_at", "<", before)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Up to `limit` responses, in id order after `after`, submitted before `before` and (when
 * `notBefore` is given) not before `notBefore`.
 */
export function listResponsePageBefore(
  db: Kysely<Database>,
  p: { before: string; notBefore: string | null; after: string; limit: number },
) {
  let query = db
    .selectFrom("response")
    .select(["id", "questionnaire_version_id"])
    .where("submitted_at", "<", p.before)
    .where("id", ">", p.after);
  if (p.notBefore) query = query.where("submitted_at", ">=", p.notBefore);
  return query.orderBy("id").limit(p.limit).execute();
}

export function listResponsesByIds(db: Kysely<Database>, ids: readonly string[]) {
  return db.selectFrom("response").selectAll().where("id", "in", ids).execute();
}

export async function setResponseAnswers(db: Kysely<Database>, id: string, answers: string) {
  await db.updateTable("response").set({ answers }).where("id", "=", id).execute();
}

/** How many responses were submitted before `before`. */
export async function countResponsesBefore(db: Kysely<Database>, before: string) {
  const r = await db
    .selectFrom("response")
    .select(sql<number>`count(*)`.as("n"))
    .where("submitted_at", "<", before)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
