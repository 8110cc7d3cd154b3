/**
 * Report schedules and their sendings (migration 018). A sending's state after it was handed
 * to the mail job is read from that job (job table), not copied.
 */
import type { Kysely } from "kysely";
import { uuidv7 } from "../ids";
import type { Database } from "../schema";

export interface NewSchedule {
  unitId: string;
  campaignId: string | null;
  periodKind: string;
  sendDay: number;
  recipients: string[];
  formats: string[];
  baseUrl: string;
  createdBy: string;
  now: string;
}

export async function insertSchedule(db: Kysely<Database>, s: NewSchedule): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto("report_schedule")
    .values({
      id,
      unit_id: s.unitId,
      campaign_id: s.campaignId,
      period_kind: s.periodKind,
      send_day: s.sendDay,
      recipients: JSON.stringify(s.recipients),
      formats: JSON.stringify(s.formats),
      base_url: s.baseUrl,
      paused_at: null,
      created_by: s.createdBy,
      created_at: s.now,
      updated_at: s.now,
    })
    .execute();
  return id;
}

const scheduleColumns = [
  "s.id",
  "s.unit_id",
  "s.campaign_id",
  "s.period_kind",
  "s.send_day",
  "s.recipients",
  "s.formats",
  "s.base_url",
  "s.paused_at",
  "s.created_by",
  "s.created_at",
  "s.updated_at",
  "u.name as unit_name",
  "u.code as unit_code",
  "u.path as unit_path",
  "c.title as campaign_title",
  "p.name as created_by_name",
] as const;

function schedules(db: Kysely<Database>) {
  return db
    .selectFrom("report_schedule as s")
    .innerJoin("unit as u", "u.id", "s.unit_id")
    .leftJoin("campaign as c", "c.id", "s.campaign_id")
    .innerJoin("app_user as p", "p.id", "s.created_by")
    .select(scheduleColumns);
}

export type ScheduleRow = NonNullable<Awaited<ReturnType<typeof findSchedule>>>;

export function findSchedule(db: Kysely<Database>, id: string) {
  return schedules(db).where("s.id", "=", id).executeTakeFirst();
}

/** Schedules of units inside any of `paths` (a manager's subtrees), newest first. */
export function listSchedulesUnder(db: Kysely<Database>, paths: readonly string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return schedules(db)
    .where((eb) => eb.or(paths.map((p) => eb("u.path", "like", `${p}%`))))
    .orderBy("s.created_at", "desc")
    .limit(500)
    .execute();
}

/** Schedules not paused: what the dispatcher looks at. */
export function listActiveSchedules(db: Kysely<Database>) {
  return schedules(db).where("s.paused_at", "is", null).orderBy("s.id").execute();
}

export function setSchedulePaused(db: Kysely<Database>, id: string, pausedAt: string | null) {
  return db
    .updateTable("report_schedule")
    .set({ paused_at: pausedAt, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export function deleteSchedule(db: Kysely<Database>, id: string) {
  return db.deleteFrom("report_schedule").where("id", "=", id).execute();
}

export interface NewSending {
  id: string;
  scheduleId: string;
  period: string;
  trigger: "schedule" | "now";
  requestedBy: string | null;
  jobId: string;
  recipients: string[];
  now: string;
}

export function insertSending(db: Kysely<Database>, s: NewSending) {
  return db
    .insertInto("report_sending")
    .values({
      id: s.id,
      schedule_id: s.scheduleId,
      period: s.period,
      trigger: s.trigger,
      requested_by: s.requestedBy,
      status: "preparing",
      error: null,
      job_id: s.jobId,
      mail_job_id: null,
      recipients: JSON.stringify(s.recipients),
      files: null,
      created_at: s.now,
      finished_at: null,
    })
    .execute();
}

export function findSending(db: Kysely<Database>, id: string) {
  return db.selectFrom("report_sending").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A sending handed to the mail job, or one that could not be made (`error`). */
export function finishSending(
  db: Kysely<Database>,
  id: string,
  f:
    | { status: "mailed"; mailJobId: string; files: string[]; now: string }
    | { status: "failed"; error: string; files: string[]; now: string },
) {
  return db
    .updateTable("report_sending")
    .set({
      status: f.status,
      mail_job_id: f.status === "mailed" ? f.mailJobId : null,
      error: f.status === "failed" ? f.error : null,
      files: JSON.stringify(f.files),
      finished_at: f.now,
    })
    .where("id", "=", id)
    .where("status", "=", "preparing")
    .execute();
}

/** A schedule's sendings, newest first, with the states of their two jobs. */
export function listSendings(db: Kysely<Database>, scheduleId: string, limit = 100) {
  return db
    .selectFrom("report_sending as r")
    .leftJoin("job as j", "j.id", "r.job_id")
    .leftJoin("job as m", "m.id", "r.mail_job_id")
    .leftJoin("app_user as p", "p.id", "r.requested_by")
    .select([
      "r.id",
      "r.period",
      "r.trigger",
      "r.status",
      "r.error",
      "r.recipients",
      "r.files",
      "r.created_at",
      "r.finished_at",
      "p.name as requested_by_name",
      "j.status as job_status",
      "j.last_error as job_error",
      "m.status as mail_status",
      "m.last_error as mail_error",
      "m.finished_at as mail_finished_at",
    ])
    .where("r.schedule_id", "=", scheduleId)
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc")
    .limit(limit)
    .execute();
}

/** Campaigns with counted responses (rollups) in a subtree over months [from, to] (for "all campaigns"). */
export function listCampaignsWithResponses(
  db: Kysely<Database>,
  unitPath: string,
  from: string,
  to: string,
) {
  return db
    .selectFrom("campaign as c")
    .select(["c.id", "c.title"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("rollup as r")
          .innerJoin("unit as u", "u.id", "r.unit_id")
          .select("r.unit_id")
          .whereRef("r.campaign_id", "=", "c.id")
          .where("r.period", ">=", from)
          .where("r.period", "<=", to)
          .where("u.path", "like", `${unitPath}%`),
      ),
    )
    .orderBy("c.created_at")
    .execute();
}
