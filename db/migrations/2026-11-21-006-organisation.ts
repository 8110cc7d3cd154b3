// Frozen: unit lineage (mergers), agencies' own questionnaires, campaign targets and
// anonymity, and the unit an audit entry concerns.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Mergers and splits: the predecessor's responses stay with it, and reports for the
  // successor include them (e.g. two communes merged into one from 2025-07-01).
  await db.schema
    .createTable("unit_lineage")
    .addColumn("predecessor_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("successor_id", "text", (c) => c.notNull().references("unit.id"))
    .addColumn("effective_from", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("unit_lineage_pk", ["predecessor_id", "successor_id"])
    .execute();
  await db.schema
    .createIndex("unit_lineage_successor_idx")
    .on("unit_lineage")
    .column("successor_id")
    .execute();

  // null: the official catalog (surveys/); else the unit that uploaded its own questionnaire.
  await db.schema
    .alterTable("questionnaire_version")
    .addColumn("owner_unit_id", "text", (c) => c.references("unit.id"))
    .execute();

  // The number of responses aimed for (e.g. 90 per commune), beside the target rate.
  await db.schema.alterTable("campaign").addColumn("target_responses", "integer").execute();
  // 1: answers are never linked to a person (no invitation list kept with names).
  await db.schema
    .alterTable("campaign")
    .addColumn("anonymous", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  // Which unit a change concerns, so an administrator reads the history of their subtree only.
  await db.schema.alterTable("audit_log").addColumn("unit_id", "text").execute();
  await db.schema.createIndex("audit_log_unit_idx").on("audit_log").column("unit_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("audit_log_unit_idx").execute();
  await db.schema.alterTable("audit_log").dropColumn("unit_id").execute();
  await db.schema.alterTable("campaign").dropColumn("anonymous").execute();
  await db.schema.alterTable("campaign").dropColumn("target_responses").execute();
  await db.schema.alterTable("questionnaire_version").dropColumn("owner_unit_id").execute();
  await db.schema.dropTable("unit_lineage").execute();
}
