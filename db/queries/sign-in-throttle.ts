import { sql, type Kysely } from "kysely";
import type { Database } from "../schema";

/**
 * Adds one failure to the key (from 1 again when its last one is older than `stale`), holding
 * it locked until `checking` once it reaches `max`; returns nothing while the key is locked
 * at `at` (the WHERE is checked again on the row as concurrent writers left it).
 */
export function upsertThrottleAttempt(
  db: Kysely<Database>,
  a: { key: string; max: number; at: string; stale: string; checking: string },
) {
  const { key, max, at, stale, checking } = a;
  const next = sql<number>`case when sign_in_throttle.last_failure_at < ${stale} then 1
    else sign_in_throttle.failures + 1 end`;
  return db
    .insertInto("sign_in_throttle")
    .values({ key, failures: 1, locked_until: max <= 1 ? checking : null, last_failure_at: at })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({
          failures: next,
          locked_until: sql<
            string | null
          >`case when ${next} >= ${max} then ${checking} else null end`,
          last_failure_at: at,
        })
        .where((eb) =>
          eb.or([
            eb("sign_in_throttle.locked_until", "is", null),
            eb("sign_in_throttle.locked_until", "<=", at),
          ]),
        ),
    )
    .returning("failures")
    .executeTakeFirst();
}

export function findThrottleLock(db: Kysely<Database>, key: string) {
  return db
    .selectFrom("sign_in_throttle")
    .select("locked_until")
    .where("key", "=", key)
    .executeTakeFirst();
}

export async function setThrottleLock(db: Kysely<Database>, key: string, until: string | null) {
  await db
    .updateTable("sign_in_throttle")
    .set({ locked_until: until })
    .where("key", "=", key)
    .execute();
}

export async function deleteThrottles(db: Kysely<Database>, keys: readonly string[]) {
  await db.deleteFrom("sign_in_throttle").where("key", "in", keys).execute();
}

/** The keys' locks running after `at`. */
export function listThrottleLocks(db: Kysely<Database>, keys: readonly string[], at: string) {
  return db
    .selectFrom("sign_in_throttle")
    .select(["key", "locked_until"])
    .where("key", "in", keys)
    .where("locked_until", ">", at)
    .execute();
}

export function findSignInDevice(db: Kysely<Database>, tokenHash: string, userId: string) {
  return db
    .selectFrom("sign_in_device")
    .select("user_id")
    .where("token_hash", "=", tokenHash)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export async function insertSignInDevice(
  db: Kysely<Database>,
  d: { tokenHash: string; userId: string; createdAt: string },
) {
  await db
    .insertInto("sign_in_device")
    .values({ token_hash: d.tokenHash, user_id: d.userId, created_at: d.createdAt })
    .onConflict((oc) => oc.columns(["token_hash", "user_id"]).doNothing())
    .execute();
}

export async function deleteSignInDevices(db: Kysely<Database>, userId: string) {
  await db.deleteFrom("sign_in_device").where("user_id", "=", userId).execute();
}
