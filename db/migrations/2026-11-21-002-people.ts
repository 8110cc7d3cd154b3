// Frozen: people, roles over the unit tree, sessions and the audit log.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("app_user")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("login", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "text")
    .addColumn("disabled_at", "text")
    .addColumn("password_changed_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("membership")
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id"))
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("membership_pk", ["user_id", "unit_id", "role"])
    .execute();

  await db.schema
    .createTable("session")
    // sha256 of the cookie's token: a copy of the table does not give anyone a session.
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("session_user_idx").on("session").column("user_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("user_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text")
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();
  await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["audit_log", "session", "membership", "app_user"]) {
    await db.schema.dropTable(t).execute();
  }
}
