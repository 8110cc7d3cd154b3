import type { Kysely } from "kysely";
import type { Database } from "../schema";

/** Sessions are stored by their token's digest (`id`). */
export async function deleteSession(db: Kysely<Database>, id: string) {
  await db.deleteFrom("session").where("id", "=", id).execute();
}

export async function deleteUserSessions(db: Kysely<Database>, userId: string) {
  await db.deleteFrom("session").where("user_id", "=", userId).execute();
}

export async function insertSession(
  db: Kysely<Database>,
  s: { id: string; userId: string; createdAt: string; expiresAt: string },
) {
  await db
    .insertInto("session")
    .values({
      id: s.id,
      user_id: s.userId,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
    })
    .execute();
}

export function findSession(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("session")
    .select(["user_id", "expires_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}
