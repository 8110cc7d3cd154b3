// Frozen: a migration never imports app code and is never edited once released.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("unit")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("parent_id", "text", (c) => c.references("unit.id"))
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("sector", "text", (c) => c.notNull())
    .addColumn("active_from", "text")
    .addColumn("active_to", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("unit_parent_idx").on("unit").column("parent_id").execute();
  await db.schema.createIndex("unit_path_idx").on("unit").column("path").execute();

  await db.schema
    .createTable("questionnaire_version")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("questionnaire_version_slug_version_uq", ["slug", "version"])
    .execute();

  await db.schema
    .createTable("campaign")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("questionnaire_version_id", "text", (c) =>
      c.notNull().references("questionnaire_version.id"),
    )
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("opens_at", "text", (c) => c.notNull())
    .addColumn("closes_at", "text", (c) => c.notNull())
    .addColumn("target_pct", "real")
    .addColumn("channels", "text", (c) => c.notNull())
    .addColumn("min_n", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("campaign_unit")
    .addColumn("campaign_id", "text", (c) => c.notNull().references("campaign.id"))
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    .addPrimaryKeyConstraint("campaign_unit_pk", ["campaign_id", "unit_id"])
    .execute();

  await db.schema
    .createTable("access_link")
    .addColumn("token", "text", (c) => c.primaryKey())
    .addColumn("campaign_id", "text", (c) => c.notNull().references("campaign.id"))
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("label", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema
    .createIndex("access_link_campaign_idx")
    .on("access_link")
    .column("campaign_id")
    .execute();

  await db.schema
    .createTable("response")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("client_id", "text", (c) => c.notNull().unique())
    .addColumn("campaign_id", "text", (c) => c.notNull().references("campaign.id"))
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("questionnaire_version_id", "text", (c) =>
      c.notNull().references("questionnaire_version.id"),
    )
    .addColumn("access_token", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("flag_reason", "text")
    .execute();
  await db.schema
    .createIndex("response_campaign_period_idx")
    .on("response")
    .columns(["campaign_id", "period"])
    .execute();

  await db.schema
    .createTable("rollup")
    .addColumn("campaign_id", "text", (c) => c.notNull().references("campaign.id"))
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_pk", [
      "campaign_id",
      "unit_id",
      "period",
      "channel",
      "question",
      "value",
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "rollup",
    "response",
    "access_link",
    "campaign_unit",
    "campaign",
    "questionnaire_version",
    "unit",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
