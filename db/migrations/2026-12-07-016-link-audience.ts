// Frozen: who fills a form in through an access link (a link, a QR code, a kiosk's own
// link): "respondent" (self-completed, the default) or "surveyor" (an interviewer or staff,
// who also sees the questions marked "audience": "surveyor"; docs/decisions/012).
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("access_link")
    .addColumn("audience", "text", (c) => c.notNull().defaultTo("respondent"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("access_link").dropColumn("audience").execute();
}
