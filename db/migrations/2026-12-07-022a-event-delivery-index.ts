// Frozen: the deliveries of an event, found by the event (the outbox's pruning asks, per old
// event, whether a delivery is still pending or recently dead-lettered).
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("webhook_delivery_event_idx")
    .on("webhook_delivery")
    .columns(["event_id", "status"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("webhook_delivery_event_idx").execute();
}
