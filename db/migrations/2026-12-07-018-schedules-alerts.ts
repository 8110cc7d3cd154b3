// Frozen: report schedules and their sendings; alert rules and the alerts they raised.
// See docs/decisions/018-schedules-alerts.md.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("report_schedule")
    .addColumn("id", "text", (c) => c.primaryKey())
    // The subtree reported on (and whose managers see the schedule).
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    // One campaign, or null: every campaign with responses in the subtree for the period.
    .addColumn("campaign_id", "text", (c) => c.references("campaign.id"))
    // month | quarter | half | year
    .addColumn("period_kind", "text", (c) => c.notNull())
    // Days after the period's last day; sent at 07:00 Vietnam time that day.
    .addColumn("send_day", "integer", (c) => c.notNull())
    // JSON arrays: e-mail addresses; "pdf", "xlsx".
    .addColumn("recipients", "text", (c) => c.notNull())
    .addColumn("formats", "text", (c) => c.notNull())
    // The site's address when the schedule was made, for links in mail (PUBLIC_URL wins).
    .addColumn("base_url", "text", (c) => c.notNull())
    .addColumn("paused_at", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("report_schedule_unit_idx")
    .on("report_schedule")
    .column("unit_id")
    .execute();

  await db.schema
    .createTable("report_sending")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("schedule_id", "text", (c) =>
      c.notNull().references("report_schedule.id").onDelete("cascade"),
    )
    // '2026-Q1', '2026-M03', '2026-H2', '2026-Y'
    .addColumn("period", "text", (c) => c.notNull())
    // schedule (due) | now ("Gửi thử ngay")
    .addColumn("trigger", "text", (c) => c.notNull())
    .addColumn("requested_by", "text", (c) => c.references("app_user.id"))
    // preparing | mailed | failed
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("error", "text")
    // The job preparing the files, and the mail job sending them (their states tell the rest).
    .addColumn("job_id", "text")
    .addColumn("mail_job_id", "text")
    // JSON: recipients and attached file names, as sent.
    .addColumn("recipients", "text", (c) => c.notNull())
    .addColumn("files", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema
    .createIndex("report_sending_schedule_idx")
    .on("report_sending")
    .columns(["schedule_id", "created_at"])
    .execute();

  await db.schema
    .createTable("alert_rule")
    .addColumn("id", "text", (c) => c.primaryKey())
    // The subtree watched.
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    // below_target | drop | burst | words
    .addColumn("kind", "text", (c) => c.notNull())
    // JSON, by kind: window; threshold; words.
    .addColumn("settings", "text", (c) => c.notNull())
    // each | digest
    .addColumn("delivery", "text", (c) => c.notNull())
    .addColumn("recipients", "text", (c) => c.notNull())
    .addColumn("base_url", "text", (c) => c.notNull())
    // Responses submitted up to here have been read for bursts and words.
    .addColumn("checked_until", "text")
    .addColumn("paused_at", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("alert_rule_unit_idx").on("alert_rule").column("unit_id").execute();

  await db.schema
    .createTable("alert")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("rule_id", "text", (c) =>
      c.notNull().references("alert_rule.id").onDelete("cascade"),
    )
    .addColumn("unit_id", "text", (c) => c.notNull().references("unit.id"))
    // The Vietnam calendar day it concerns: at most one alert per rule, unit and day.
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    // The mail that told it (each), or null (a digest tells it; or mail not configured).
    .addColumn("mail_job_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("alert_once_idx", ["rule_id", "unit_id", "day"])
    .execute();
  await db.schema.createIndex("alert_day_idx").on("alert").columns(["day", "rule_id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("alert").execute();
  await db.schema.dropTable("alert_rule").execute();
  await db.schema.dropTable("report_sending").execute();
  await db.schema.dropTable("report_schedule").execute();
}
