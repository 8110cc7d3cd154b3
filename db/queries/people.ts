import type { Kysely } from "kysely";
import type { Database, Role } from "../schema";

/** The users' roles with their units, by unit path. */
export function listGrantsOfUsers(db: Kysely<Database>, userIds: readonly string[]) {
  return db
    .selectFrom("membership as m")
    .innerJoin("unit as u", "u.id", "m.unit_id")
    .select([
      "m.user_id",
      "m.role",
      "m.unit_id",
      "u.name as unit_name",
      "u.code as unit_code",
      "u.path",
    ])
    .where("m.user_id", "in", userIds)
    .orderBy("u.path")
    .execute();
}

/** The users holding a role in a unit under any of `roots` (unit paths). */
export function listGrantHoldersUnder(db: Kysely<Database>, roots: readonly string[]) {
  return db
    .selectFrom("membership as m")
    .innerJoin("unit as u", "u.id", "m.unit_id")
    .select("m.user_id")
    .distinct()
    .where((eb) => eb.or(roots.map((r) => eb("u.path", "like", `${r}%`))))
    .execute();
}

export function listUsersByIds(db: Kysely<Database>, userIds: readonly string[]) {
  return db
    .selectFrom("app_user")
    .select(["id", "login", "name", "disabled_at"])
    .where("id", "in", userIds)
    .orderBy("login")
    .execute();
}

export async function deleteGrant(
  db: Kysely<Database>,
  m: { userId: string; unitId: string; role: Role },
) {
  await db
    .deleteFrom("membership")
    .where("user_id", "=", m.userId)
    .where("unit_id", "=", m.unitId)
    .where("role", "=", m.role)
    .execute();
}

export async function setUserDisabledAt(
  db: Kysely<Database>,
  userId: string,
  disabledAt: string | null,
) {
  await db
    .updateTable("app_user")
    .set({ disabled_at: disabledAt })
    .where("id", "=", userId)
    .execute();
}
