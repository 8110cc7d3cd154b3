// Frozen: an access link may be owned by a higher unit than the one it is posted at (the
// Department of Health's own QR codes in a hospital): the independent channel. Its links carry
// channel "independent", so every rollup (which has a channel column) counts it apart at no
// extra cost; owner_unit_id names the unit that made it and alone may revoke it
// (docs/decisions/023-independent-channel-sdg.md).
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("access_link")
    .addColumn("owner_unit_id", "text", (c) => c.references("unit.id"))
    .execute();
  await db.schema
    .createIndex("access_link_owner_idx")
    .on("access_link")
    .columns(["campaign_id", "owner_unit_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("access_link_owner_idx").execute();
  await db.schema.alterTable("access_link").dropColumn("owner_unit_id").execute();
}
