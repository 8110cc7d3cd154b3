/**
 * Alert rules and alerts (migration 018). An alert is unique per rule, unit and Vietnam day:
 * inserting one that exists inserts nothing, which is how "at most once a day" holds when two
 * evaluations overlap or one runs again.
 */
import type { Kysely } from "kysely";
import { uuidv7 } from "../ids";
import type { Database } from "../schema";

export interface NewAlertRule {
  unitId: string;
  kind: string;
  settings: string;
  delivery: string;
  recipients: string[];
  baseUrl: string;
  createdBy: string;
  now: string;
}

export async function insertAlertRule(db: Kysely<Database>, r: NewAlertRule): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto("alert_rule")
    .values({
      id,
      unit_id: r.unitId,
      kind: r.kind,
      settings: r.settings,
      delivery: r.delivery,
      recipients: JSON.stringify(r.recipients),
      base_url: r.baseUrl,
      // Bursts and words are looked for from the rule's making on.
      checked_until: r.now,
      paused_at: null,
      created_by: r.createdBy,
      created_at: r.now,
      updated_at: r.now,
    })
    .execute();
  return id;
}

function rules(db: Kysely<Database>) {
  return db
    .selectFrom("alert_rule as a")
    .innerJoin("unit as u", "u.id", "a.unit_id")
    .select([
      "a.id",
      "a.unit_id",
      "a.kind",
      "a.settings",
      "a.delivery",
      "a.recipients",
      "a.base_url",
      "a.checked_until",
      "a.paused_at",
      "a.created_by",
      "a.created_at",
      "u.name as unit_name",
      "u.path as unit_path",
    ]);
}

export type AlertRuleRow = NonNullable<Awaited<ReturnType<typeof findAlertRule>>>;

export function findAlertRule(db: Kysely<Database>, id: string) {
  return rules(db).where("a.id", "=", id).executeTakeFirst();
}

export function listAlertRulesUnder(db: Kysely<Database>, paths: readonly string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return rules(db)
    .where((eb) => eb.or(paths.map((p) => eb("u.path", "like", `${p}%`))))
    .orderBy("a.created_at", "desc")
    .limit(500)
    .execute();
}

export function listActiveAlertRules(db: Kysely<Database>) {
  return rules(db).where("a.paused_at", "is", null).orderBy("a.id").execute();
}

export function setAlertRulePaused(db: Kysely<Database>, id: string, pausedAt: string | null) {
  return db
    .updateTable("alert_rule")
    .set({ paused_at: pausedAt, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export function deleteAlertRule(db: Kysely<Database>, id: string) {
  return db.deleteFrom("alert_rule").where("id", "=", id).execute();
}

export function setCheckedUntil(db: Kysely<Database>, id: string, at: string) {
  return db.updateTable("alert_rule").set({ checked_until: at }).where("id", "=", id).execute();
}

export interface NewAlert {
  id: string;
  ruleId: string;
  unitId: string;
  day: string;
  kind: string;
  detail: string;
  now: string;
}

/** Inserts the alert unless the rule already raised one for that unit and day; true if new. */
export async function insertAlertOnce(db: Kysely<Database>, a: NewAlert): Promise<boolean> {
  const row = await db
    .insertInto("alert")
    .values({
      id: a.id,
      rule_id: a.ruleId,
      unit_id: a.unitId,
      day: a.day,
      kind: a.kind,
      detail: a.detail,
      mail_job_id: null,
      created_at: a.now,
    })
    .onConflict((oc) => oc.columns(["rule_id", "unit_id", "day"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

export function setAlertMailJob(db: Kysely<Database>, id: string, jobId: string) {
  return db.updateTable("alert").set({ mail_job_id: jobId }).where("id", "=", id).execute();
}

/** Alerts of rules whose units are inside `paths`, newest first, with their mail's state. */
export function listAlertsUnder(db: Kysely<Database>, paths: readonly string[], limit = 200) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("alert as a")
    .innerJoin("alert_rule as r", "r.id", "a.rule_id")
    .innerJoin("unit as ru", "ru.id", "r.unit_id")
    .innerJoin("unit as u", "u.id", "a.unit_id")
    .leftJoin("job as m", "m.id", "a.mail_job_id")
    .select([
      "a.id",
      "a.rule_id",
      "a.day",
      "a.kind",
      "a.detail",
      "a.created_at",
      "a.mail_job_id",
      "r.delivery",
      "u.name as unit_name",
      "m.status as mail_status",
    ])
    .where((eb) => eb.or(paths.map((p) => eb("ru.path", "like", `${p}%`))))
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
}

/** A rule's alerts of one day (a digest), oldest first. */
export function listAlertsOfDay(db: Kysely<Database>, ruleId: string, day: string) {
  return db
    .selectFrom("alert as a")
    .innerJoin("unit as u", "u.id", "a.unit_id")
    .select(["a.id", "a.kind", "a.detail", "a.created_at", "u.name as unit_name"])
    .where("a.rule_id", "=", ruleId)
    .where("a.day", "=", day)
    .orderBy("a.created_at")
    .orderBy("a.id")
    .execute();
}

/** Units of a subtree with their sector (which target applies). */
export function listUnitsWithSector(db: Kysely<Database>, path: string) {
  return db
    .selectFrom("unit")
    .select(["id", "name", "path", "sector"])
    .where("path", "like", `${path}%`)
    .execute();
}

/** Campaigns (not drafts) with the paths of their scope roots, one row per root. */
export function listCampaignScopes(db: Kysely<Database>) {
  return db
    .selectFrom("campaign as c")
    .innerJoin("campaign_unit as cu", "cu.campaign_id", "c.id")
    .innerJoin("unit as su", "su.id", "cu.unit_id")
    .select(["c.id", "c.title", "su.path as scope_path"])
    .where("c.status", "!=", "draft")
    .orderBy("c.created_at")
    .execute();
}

/** The smallest UUIDv7 made at `ms` or later: response ids are time-ordered (db/ids.ts). */
export function uuidv7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/**
 * Counted responses in a subtree received in (after, until] — by their ids, which are
 * UUIDv7 made on arrival, so the primary key serves the range — oldest first, a page at a
 * time after `afterId`: what bursts and word lists are looked for in.
 */
export function listResponsesReceived(
  db: Kysely<Database>,
  f: { unitPath: string; afterMs: number; untilMs: number; afterId: string | null; limit: number },
) {
  const low = uuidv7Floor(f.afterMs + 1);
  let q = db
    .selectFrom("response as r")
    .innerJoin("unit as u", "u.id", "r.unit_id")
    .select([
      "r.id",
      "r.unit_id",
      "r.submitted_at",
      "r.questionnaire_version_id",
      "r.answers",
      "u.name as unit_name",
    ])
    .where("r.flag_reason", "is", null)
    .where("r.id", ">=", f.afterId && f.afterId > low ? f.afterId : low)
    .where("r.id", "<", uuidv7Floor(f.untilMs + 1))
    .where("u.path", "like", `${f.unitPath}%`);
  if (f.afterId) q = q.where("r.id", "!=", f.afterId);
  return q.orderBy("r.id").limit(f.limit).execute();
}
