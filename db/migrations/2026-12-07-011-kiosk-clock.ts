// Frozen: kiosks' clocks and refused ratings (docs/decisions/008-kiosks-offline-and-flags.md).
// What each kiosk's heartbeat says about its clock and queue; the device's own time of each
// kiosk rating beside the tap time the server placed; ratings the server refused from a
// kiosk's queue, kept for a manager to accept or discard.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("kiosk")
    // Server time minus the device's time, measured at its last heartbeat.
    .addColumn("clock_skew_ms", "integer")
    .execute();
  await db.schema.alterTable("kiosk").addColumn("clock_checked_at", "text").execute();
  // The last heartbeat at which the device said its queue was empty: it holds no older tap.
  await db.schema.alterTable("kiosk").addColumn("queue_empty_at", "text").execute();
  // Refused ratings the device holds, as its last heartbeat said.
  await db.schema
    .alterTable("kiosk")
    .addColumn("rejected", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  // The device's clock at the tap, as it read; and server time minus device time at delivery.
  await db.schema.alterTable("response").addColumn("device_started_at", "text").execute();
  await db.schema.alterTable("response").addColumn("device_skew_ms", "integer").execute();

  await db.schema
    .createTable("kiosk_rejection")
    .addColumn("kiosk_id", "text", (c) => c.notNull().references("kiosk.id"))
    // The rating's own id (response.client_id once accepted).
    .addColumn("client_id", "text", (c) => c.notNull())
    // The submission as the device holds it (JSON), sent again through the API when accepted.
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("status", "integer", (c) => c.notNull())
    .addColumn("error", "text", (c) => c.notNull())
    // The tap on the server's clock, as placed from the device's report; null when it cannot be.
    .addColumn("tapped_at", "text")
    .addColumn("refused_at", "text")
    .addColumn("reported_at", "text", (c) => c.notNull())
    // null while waiting; "accepted" or "discarded" by a manager.
    .addColumn("resolution", "text")
    .addColumn("resolved_at", "text")
    .addColumn("resolved_by", "text")
    .addPrimaryKeyConstraint("kiosk_rejection_pk", ["kiosk_id", "client_id"])
    .execute();
  await db.schema
    .createIndex("kiosk_rejection_waiting_idx")
    .on("kiosk_rejection")
    .columns(["resolution", "kiosk_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("kiosk_rejection").execute();
  for (const c of ["device_skew_ms", "device_started_at"])
    await db.schema.alterTable("response").dropColumn(c).execute();
  for (const c of ["rejected", "queue_empty_at", "clock_checked_at", "clock_skew_ms"])
    await db.schema.alterTable("kiosk").dropColumn(c).execute();
}
