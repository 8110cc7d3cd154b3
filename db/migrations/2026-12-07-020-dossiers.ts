// Frozen: system clients (another system's bearer token over a unit subtree), dossiers (hồ sơ)
// posted by them with a one-time rating link, the one rating each dossier may take, and the
// messages that send its link. See docs/decisions/020-dossiers.md.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("system_client")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    // It acts inside this unit's subtree only.
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    // sha256 (hex) of the bearer token; the token is shown once and never stored.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("token_prefix", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema
    .createIndex("system_client_unit_idx")
    .on("system_client")
    .column("unit_id")
    .execute();

  // A campaign takes dossier ratings when this is set: each dossier's link lives so many days.
  await db.schema.alterTable("campaign").addColumn("dossier_link_days", "integer").execute();

  await db.schema
    .createTable("dossier")
    .addColumn("id", "text", (c) => c.primaryKey())
    // MaHoSo: the join key between systems; one row per code, updated by later calls.
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("client_id", "text", (c) => c.references("system_client.id"))
    .addColumn("procedure_code", "text", (c) => c.notNull())
    .addColumn("counter", "text")
    .addColumn("officer", "text")
    // truc_tiep | truc_tuyen | buu_chinh (the portal's KENH)
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("due_at", "text")
    .addColumn("returned_at", "text")
    .addColumn("campaign_id", "text", (c) => c.notNull().references("campaign.id"))
    // The dossier's one-time rating link (an access_link token).
    .addColumn("link_token", "text", (c) => c.notNull().unique())
    .addColumn("link_expires_at", "text", (c) => c.notNull())
    // The citizen's contact, only to send the link; erased once it is used or expires.
    .addColumn("contact_phone", "text")
    .addColumn("contact_email", "text")
    .addColumn("contact_erased_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dossier_unit_idx").on("dossier").column("unit_id").execute();
  await db.schema
    .createIndex("dossier_link_expiry_idx")
    .on("dossier")
    .column("link_expires_at")
    .execute();

  // One rating per dossier: the primary key refuses a second one in the transaction that
  // writes the response, so two concurrent ratings cannot both be stored.
  await db.schema
    .createTable("dossier_rating")
    .addColumn("dossier_id", "text", (c) => c.primaryKey().references("dossier.id"))
    // The response's client id (response.client_id).
    .addColumn("response_client_id", "text", (c) => c.notNull().unique())
    .addColumn("rated_at", "text", (c) => c.notNull())
    // 1 when the overall rating was at a level that is not satisfied ("không hài lòng").
    .addColumn("dissatisfied", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("dossier_message")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
    // email | sms | zalo
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("job_id", "text")
    // queued | sent | failed | skipped
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("dossier_message_dossier_idx")
    .on("dossier_message")
    .column("dossier_id")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("dossier_message").execute();
  await db.schema.dropTable("dossier_rating").execute();
  await db.schema.dropTable("dossier").execute();
  await db.schema.alterTable("campaign").dropColumn("dossier_link_days").execute();
  await db.schema.dropTable("system_client").execute();
}
