// Frozen: personal API tokens for analysts, published (aggregated) results, and the index
// the exports page through a campaign's responses with (keyset pagination over response.id).
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("api_token")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id"))
    .addColumn("name", "text", (c) => c.notNull())
    // sha256 (hex) of the token: the token itself is shown once and never stored.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    // The first characters, to recognise a token in the list ("hl_AbC1…").
    .addColumn("token_prefix", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("api_token_user_idx").on("api_token").column("user_id").execute();

  await db.schema
    .createTable("published_result")
    .addColumn("campaign_id", "text", (c) => c.primaryKey().references("campaign.id"))
    .addColumn("period_from", "text")
    .addColumn("period_to", "text")
    // Aggregates only, rates under the minimum n already removed (JSON text).
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("published_by", "text", (c) => c.references("app_user.id"))
    .addColumn("published_at", "text", (c) => c.notNull())
    .execute();

  // WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT n: a range scan, no sort, per page.
  await db.schema
    .createIndex("response_campaign_id_idx")
    .on("response")
    .columns(["campaign_id", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("response_campaign_id_idx").execute();
  await db.schema.dropTable("published_result").execute();
  await db.schema.dropTable("api_token").execute();
}
