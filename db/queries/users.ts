import type { Kysely } from "kysely";
import { uuidv7 } from "../ids";
import type { AppUser, Database, Role } from "../schema";

export function findUserByLogin(db: Kysely<Database>, login: string) {
  return db.selectFrom("app_user").selectAll().where("login", "=", login).executeTakeFirst();
}

export function findUser(db: Kysely<Database>, id: string) {
  return db.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Database>,
  u: { login: string; name: string; passwordHash: string },
): Promise<AppUser> {
  const now = new Date().toISOString();
  const row = {
    id: uuidv7(),
    login: u.login,
    name: u.name,
    password_hash: u.passwordHash,
    disabled_at: null,
    password_changed_at: now,
    created_at: now,
  };
  await db.insertInto("app_user").values(row).execute();
  return row;
}

export function insertGrant(
  db: Kysely<Database>,
  m: { userId: string; unitId: string; role: Role },
) {
  return db
    .insertInto("membership")
    .values({
      user_id: m.userId,
      unit_id: m.unitId,
      role: m.role,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A user's roles with the paths of the units they are held over. */
export function listGrants(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("membership as m")
    .innerJoin("unit as u", "u.id", "m.unit_id")
    .select(["m.role", "u.path as unitPath", "u.id as unitId", "u.name as unitName"])
    .where("m.user_id", "=", userId)
    .execute();
}

export function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom("app_user")
    .select(["id", "login", "name", "disabled_at"])
    .orderBy("login")
    .execute();
}

export async function setUserPassword(
  db: Kysely<Database>,
  userId: string,
  passwordHash: string,
  changedAt: string,
) {
  await db
    .updateTable("app_user")
    .set({ password_hash: passwordHash, password_changed_at: changedAt })
    .where("id", "=", userId)
    .execute();
}
