// Frozen: the outbox of events that concern other systems, the webhooks that receive them, and
// each delivery of an event to a webhook (issue 16, docs/webhooks.md).
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per event, written in the same transaction as what it describes.
  await db.schema
    .createTable("event")
    // UUIDv7: the stable id receivers deduplicate by; time-ordered, so inserts append.
    .addColumn("id", "text", (c) => c.primaryKey())
    // response.accepted | response.flagged | response.restored | dossier.rated
    .addColumn("type", "text", (c) => c.notNull())
    // Webhooks of this unit's subtree (and of its ancestors) receive it.
    .addColumn("unit_id", "text", (c) => c.notNull())
    // JSON: what the event says; never contact details, never answers (added per webhook).
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // Replay of a time range: events of a unit between two instants.
  await db.schema
    .createIndex("event_created_idx")
    .on("event")
    .columns(["created_at", "id"])
    .execute();

  await db.schema
    .createTable("webhook")
    .addColumn("id", "text", (c) => c.primaryKey())
    // Events of this unit's subtree are sent.
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("url", "text", (c) => c.notNull())
    // The HMAC key of X-HaiLong-Signature; the receiver holds the same.
    .addColumn("secret", "text", (c) => c.notNull())
    // JSON array of event types.
    .addColumn("events", "text", (c) => c.notNull())
    // 1: response events carry the answers (without questions asking for personal data).
    .addColumn("include_answers", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("description", "text")
    // Who registered it: a person at /admin, or a system client through the API.
    .addColumn("created_by_user_id", "text")
    .addColumn("created_by_client_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    // After a failed attempt nothing more is tried until then: one receiver that is down (or
    // lets connections hang) costs the job runner one attempt per pause, not one per event.
    .addColumn("failing_until", "text")
    // Deleted webhooks stay for their delivery log; nothing is sent to them any more.
    .addColumn("deleted_at", "text")
    .execute();

  await db.schema
    .createTable("webhook_delivery")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("webhook_id", "text", (c) => c.notNull().references("webhook.id"))
    .addColumn("event_id", "text", (c) => c.notNull().references("event.id"))
    // The job that sends it (job.name 'webhook.deliver').
    .addColumn("job_id", "text")
    // pending | delivered | dead
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    // The receiver's last HTTP status, or null when it could not be reached.
    .addColumn("response_status", "integer")
    .addColumn("last_error", "text")
    // 1: sent again at an administrator's request.
    .addColumn("replay", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("delivered_at", "text")
    .execute();
  await db.schema
    .createIndex("webhook_delivery_log_idx")
    .on("webhook_delivery")
    .columns(["webhook_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("webhook_delivery").execute();
  await db.schema.dropTable("webhook").execute();
  await db.schema.dropTable("event").execute();
}
