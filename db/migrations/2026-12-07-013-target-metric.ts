// Frozen: which metric a target is set on. Health forms have two (health-byt.md §9.2): the
// rate ("tỷ lệ hài lòng", answers at the satisfied levels among valid answers) and the index
// ("chỉ số hài lòng", mean score / maximum × 100). Every target so far was meant as a rate.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("target")
    .addColumn("metric", "text", (c) => c.notNull().defaultTo("rate"))
    .execute();
  await db.schema
    .alterTable("campaign")
    .addColumn("target_metric", "text", (c) => c.notNull().defaultTo("rate"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("campaign").dropColumn("target_metric").execute();
  await db.schema.alterTable("target").dropColumn("metric").execute();
}
