/** The analysts' API tokens: only their hashes are stored. */
import type { Kysely } from "kysely";
import { uuidv7 } from "../ids";
import type { Database } from "../schema";

export async function insertApiToken(
  db: Kysely<Database>,
  t: { userId: string; name: string; tokenHash: string; prefix: string; expiresAt: string | null },
) {
  const row = {
    id: uuidv7(),
    user_id: t.userId,
    name: t.name,
    token_hash: t.tokenHash,
    token_prefix: t.prefix,
    created_at: new Date().toISOString(),
    expires_at: t.expiresAt,
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto("api_token").values(row).execute();
  return row;
}

export function findApiTokenByHash(db: Kysely<Database>, hash: string) {
  return db.selectFrom("api_token").selectAll().where("token_hash", "=", hash).executeTakeFirst();
}

export function listApiTokens(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("api_token")
    .select([
      "id",
      "name",
      "token_prefix",
      "created_at",
      "expires_at",
      "last_used_at",
      "revoked_at",
    ])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .execute();
}

/** Revokes one of the user's own tokens; returns whether there was one to revoke. */
export async function revokeApiToken(db: Kysely<Database>, userId: string, id: string) {
  const r = await db
    .updateTable("api_token")
    .set({ revoked_at: new Date().toISOString() })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Revokes every token of the user still live (a password change, a disabled account). */
export function revokeAllApiTokens(db: Kysely<Database>, userId: string, at: string) {
  return db
    .updateTable("api_token")
    .set({ revoked_at: at })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
}

export function touchApiToken(db: Kysely<Database>, id: string, at: string) {
  return db.updateTable("api_token").set({ last_used_at: at }).where("id", "=", id).execute();
}
