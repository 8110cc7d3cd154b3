// Frozen: counter kiosks, opening hours, single-use invitation codes, and where a response
// came from (the kiosk, or a salted daily hash of the client address — never the address).
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("kiosk")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("campaign_id", "text", (c) => c.notNull().references("campaign.id"))
    // The kiosk's own access link: revoking the kiosk refuses its submissions.
    .addColumn("access_token", "text", (c) => c.notNull().unique().references("access_link.token"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("min_interval_seconds", "integer", (c) => c.notNull())
    .addColumn("idle_seconds", "integer", (c) => c.notNull())
    // sha256 of the device's token and of the one-time pairing code: a copy of the table pairs nothing.
    .addColumn("device_token_hash", "text", (c) => c.unique())
    .addColumn("pairing_code_hash", "text", (c) => c.unique())
    .addColumn("pairing_expires_at", "text")
    .addColumn("paired_at", "text")
    .addColumn("last_seen_at", "text")
    .addColumn("queued", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("kiosk_unit_idx").on("kiosk").column("unit_id").execute();

  await db.schema
    .createTable("opening_hours")
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    // ISO weekday: 1 = Monday … 7 = Sunday; times are 'HH:MM' in Vietnam time.
    .addColumn("weekday", "integer", (c) => c.notNull())
    .addColumn("opens", "text", (c) => c.notNull())
    .addColumn("closes", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("opening_hours_pk", ["unit_id", "weekday", "opens"])
    .execute();

  await db.schema
    .createTable("invitation_batch")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("campaign_id", "text", (c) => c.notNull().references("campaign.id"))
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .execute();

  await db.schema
    .createTable("invitation")
    // The code is the access link's token: /s/<code> and the API work unchanged.
    .addColumn("token", "text", (c) => c.primaryKey().references("access_link.token"))
    .addColumn("batch_id", "text", (c) => c.notNull().references("invitation_batch.id"))
    .addColumn("used_at", "text")
    // The client id of the response that used it, so that response's retries still pass.
    .addColumn("used_by", "text")
    .execute();
  await db.schema.createIndex("invitation_batch_idx").on("invitation").column("batch_id").execute();

  await db.schema.alterTable("response").addColumn("kiosk_id", "text").execute();
  await db.schema.alterTable("response").addColumn("source_hash", "text").execute();
  await db.schema
    .createIndex("response_kiosk_idx")
    .on("response")
    .columns(["kiosk_id", "started_at"])
    .where("kiosk_id", "is not", null)
    .execute();
  await db.schema
    .createIndex("response_source_idx")
    .on("response")
    .columns(["source_hash", "submitted_at"])
    .where("source_hash", "is not", null)
    .execute();

  await db.schema
    .createTable("address_salt")
    // 'YYYY-MM-DD' in Vietnam; salts older than a day are deleted, so old hashes link to nothing.
    .addColumn("day", "text", (c) => c.primaryKey())
    .addColumn("salt", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("response_source_idx").execute();
  await db.schema.dropIndex("response_kiosk_idx").execute();
  await db.schema.alterTable("response").dropColumn("source_hash").execute();
  await db.schema.alterTable("response").dropColumn("kiosk_id").execute();
  for (const t of ["address_salt", "invitation", "invitation_batch", "opening_hours", "kiosk"]) {
    await db.schema.dropTable(t).execute();
  }
}
