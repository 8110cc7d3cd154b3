// Frozen: sign-in throttling that parallel guesses cannot outrun and an attacker cannot use
// to lock someone out for good; API tokens of disabled people revoked.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Failed sign-ins per account (by login, known or not), per client address and per known
  // browser; each key's count is reserved with one atomic upsert before a password is checked.
  await db.schema
    .createTable("sign_in_throttle")
    // sha256 of "account:<login>", "address:<client address>" or "device:<token>".
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("last_failure_at", "text", (c) => c.notNull())
    .execute();
  // Browsers that signed in to an account before: the account's lock does not stop them.
  await db.schema
    .createTable("sign_in_device")
    // sha256 of the token in the browser's hl_device cookie.
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("sign_in_device_pk", ["token_hash", "user_id"])
    .execute();
  await db.schema
    .createIndex("sign_in_device_user_idx")
    .on("sign_in_device")
    .column("user_id")
    .execute();
  // The account's counter moved to sign_in_throttle (read-then-write here let parallel guesses
  // through); SQLite drops one column per statement.
  await db.schema.alterTable("app_user").dropColumn("failed_attempts").execute();
  await db.schema.alterTable("app_user").dropColumn("locked_until").execute();
  // A token of a disabled person ends now: enabling the person again must not revive it.
  await sql`update api_token set revoked_at = ${new Date().toISOString()}
    where revoked_at is null
      and user_id in (select id from app_user where disabled_at is not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("app_user")
    .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("app_user").addColumn("locked_until", "text").execute();
  await db.schema.dropTable("sign_in_device").execute();
  await db.schema.dropTable("sign_in_throttle").execute();
}
