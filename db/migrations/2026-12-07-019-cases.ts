// Frozen: follow-up cases ("phản ánh" being handled): a dissatisfied response or an alert taken
// up by a unit, its timeline, and each unit's rule for due dates and its apology-letter text.
// See docs/decisions/019-follow-up-cases.md.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("follow_up_case")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    // response | alert
    .addColumn("source", "text", (c) => c.notNull())
    // No foreign key: a response deleted on its respondent's request leaves the case behind.
    // Unique: one case per response, one per alert (NULLs never clash).
    .addColumn("response_id", "text", (c) => c.unique())
    .addColumn("alert_id", "text", (c) => c.unique())
    // What an alert said (a response's own text is read from the response, never copied).
    .addColumn("title", "text")
    // open | closed
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("assignee_id", "text", (c) => c.references("app_user.id"))
    .addColumn("opened_by", "text", (c) => c.references("app_user.id"))
    .addColumn("opened_at", "text", (c) => c.notNull())
    // The instant the last working day ends (Asia/Ho_Chi_Minh), per the unit's rule.
    .addColumn("due_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .addColumn("outcome", "text")
    .execute();
  await db.schema
    .createIndex("follow_up_case_unit_idx")
    .on("follow_up_case")
    .columns(["unit_id", "status", "due_at"])
    .execute();
  await db.schema
    .createIndex("follow_up_case_assignee_idx")
    .on("follow_up_case")
    .columns(["assignee_id", "status"])
    .execute();

  await db.schema
    .createTable("case_event")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) =>
      c.notNull().references("follow_up_case.id").onDelete("cascade"),
    )
    // 1, 2, … within the case: the timeline's order (steps of one instant included).
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.references("app_user.id"))
    // opened | assigned | note | reply | closed
    .addColumn("kind", "text", (c) => c.notNull())
    // A note, a reply's or letter's text, a closing outcome's explanation.
    .addColumn("body", "text")
    // JSON: { assignee } | { channel, letter, subject } | { outcome } — never a contact.
    .addColumn("data", "text")
    // The mail job of a reply sent by email (its state is the delivery's).
    .addColumn("job_id", "text")
    .execute();
  await db.schema
    .createIndex("case_event_case_idx")
    .on("case_event")
    .columns(["case_id", "seq"])
    .unique()
    .execute();

  await db.schema
    .createTable("case_rule")
    .addColumn("unit_id", "text", (c) => c.primaryKey().references("unit.id"))
    .addColumn("working_days", "integer", (c) => c.notNull())
    // JSON list of 'yyyy-mm-dd' days off besides weekends.
    .addColumn("holidays", "text", (c) => c.notNull())
    // The unit's apology letter; null: the built-in template.
    .addColumn("letter_template", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("app_user.id"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("case_rule").execute();
  await db.schema.dropTable("case_event").execute();
  await db.schema.dropTable("follow_up_case").execute();
}
