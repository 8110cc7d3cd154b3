/**
 * Follow-up cases, their timelines and the units' rules (migration 019). Visibility is the
 * caller's: a list is bounded by unit paths (a subtree each) and, for the person a case is
 * assigned to, by their id.
 */
import type { Kysely } from "kysely";
import { uuidv7 } from "../ids";
import type { CaseSource, Database } from "../schema";

type Db = Kysely<Database>;

export interface NewCase {
  unitId: string;
  source: CaseSource;
  responseId?: string | null;
  alertId?: string | null;
  title?: string | null;
  assigneeId?: string | null;
  openedBy: string | null;
  openedAt: string;
  dueAt: string;
}

/** Inserts an open case; null when its response or alert has one already. */
export async function insertCase(db: Db, c: NewCase): Promise<string | null> {
  const id = uuidv7(Date.parse(c.openedAt));
  const inserted = await db
    .insertInto("follow_up_case")
    .values({
      id,
      unit_id: c.unitId,
      source: c.source,
      response_id: c.responseId ?? null,
      alert_id: c.alertId ?? null,
      title: c.title ?? null,
      status: "open",
      assignee_id: c.assigneeId ?? null,
      opened_by: c.openedBy,
      opened_at: c.openedAt,
      due_at: c.dueAt,
      closed_at: null,
      outcome: null,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? id : null;
}

/** The case already opened from this response or alert, if any. */
export async function findCaseBySource(
  db: Db,
  s: { responseId?: string | null; alertId?: string | null },
): Promise<string | undefined> {
  const q = db.selectFrom("follow_up_case").select("id");
  const row = s.responseId
    ? await q.where("response_id", "=", s.responseId).executeTakeFirst()
    : s.alertId
      ? await q.where("alert_id", "=", s.alertId).executeTakeFirst()
      : undefined;
  return row?.id;
}

const caseColumns = [
  "c.id",
  "c.unit_id",
  "c.source",
  "c.response_id",
  "c.alert_id",
  "c.title",
  "c.status",
  "c.assignee_id",
  "c.opened_by",
  "c.opened_at",
  "c.due_at",
  "c.closed_at",
  "c.outcome",
  "u.name as unit_name",
  "u.path as unit_path",
  "a.name as assignee_name",
] as const;

function cases(db: Db) {
  return db
    .selectFrom("follow_up_case as c")
    .innerJoin("unit as u", "u.id", "c.unit_id")
    .leftJoin("app_user as a", "a.id", "c.assignee_id");
}

export function findCase(db: Db, id: string) {
  return cases(db).select(caseColumns).where("c.id", "=", id).executeTakeFirst();
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

export interface CaseListQuery {
  /** Subtrees the reader manages. */
  paths: readonly string[];
  /** The reader: cases assigned to them are listed wherever they are. */
  userId: string;
  filter: "open" | "overdue" | "closed";
  now: string;
  limit: number;
}

export function listCases(db: Db, q: CaseListQuery) {
  let query = cases(db)
    .select(caseColumns)
    .where((eb) =>
      eb.or([
        eb("c.assignee_id", "=", q.userId),
        ...q.paths.map((p) => eb("u.path", "like", `${p}%`)),
      ]),
    );
  if (q.filter === "closed")
    query = query.where("c.status", "=", "closed").orderBy("c.closed_at", "desc");
  else {
    query = query.where("c.status", "=", "open");
    if (q.filter === "overdue") query = query.where("c.due_at", "<", q.now);
    query = query.orderBy("c.due_at", "asc");
  }
  return query.orderBy("c.id").limit(q.limit).execute();
}

/** Counts for the list's filters, over the same cases. */
export async function countCases(db: Db, q: Omit<CaseListQuery, "filter" | "limit">) {
  const rows = await db
    .selectFrom("follow_up_case as c")
    .innerJoin("unit as u", "u.id", "c.unit_id")
    .select((eb) => [
      "c.status",
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>(eb.case().when("c.due_at", "<", q.now).then(1).else(0).end()).as("late"),
    ])
    .where((eb) =>
      eb.or([
        eb("c.assignee_id", "=", q.userId),
        ...q.paths.map((p) => eb("u.path", "like", `${p}%`)),
      ]),
    )
    .groupBy("c.status")
    .execute();
  const open = rows.find((r) => r.status === "open");
  return {
    open: Number(open?.n ?? 0),
    overdue: Number(open?.late ?? 0),
    closed: Number(rows.find((r) => r.status === "closed")?.n ?? 0),
  };
}

/** Which of these responses have a case, and its id. */
export async function casesOfResponses(
  db: Db,
  responseIds: readonly string[],
): Promise<Map<string, string>> {
  if (responseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("follow_up_case")
    .select(["id", "response_id"])
    .where("response_id", "in", responseIds)
    .execute();
  return new Map(rows.map((r) => [r.response_id!, r.id]));
}

/** The unit paths of these responses (the comments page's rows). */
export async function responseUnitPaths(
  db: Db,
  responseIds: readonly string[],
): Promise<Map<string, string>> {
  if (responseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("response as r")
    .innerJoin("unit as u", "u.id", "r.unit_id")
    .select(["r.id", "u.path"])
    .where("r.id", "in", responseIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

/**
 * Takes the case's row lock for the rest of the transaction (PostgreSQL: concurrent steps on
 * one case wait for each other; SQLite's write lock already does) if it is still open.
 */
export async function lockOpenCase(db: Db, id: string): Promise<boolean> {
  const r = await db
    .updateTable("follow_up_case")
    .set((eb) => ({ status: eb.ref("status") }))
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Changes an open case; 0 when it was closed meanwhile. */
export async function updateOpenCase(
  db: Db,
  id: string,
  patch: { assignee_id?: string | null; status?: "closed"; closed_at?: string; outcome?: string },
): Promise<number> {
  const r = await db
    .updateTable("follow_up_case")
    .set(patch)
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface NewCaseEvent {
  caseId: string;
  at: string;
  userId: string | null;
  kind: "opened" | "assigned" | "note" | "reply" | "closed";
  body?: string | null;
  data?: unknown;
  jobId?: string | null;
}

/** Appends to a case's timeline; call it in the step's transaction (the case row is written first). */
export async function insertCaseEvent(db: Db, e: NewCaseEvent): Promise<string> {
  const id = uuidv7(Date.parse(e.at));
  const last = await db
    .selectFrom("case_event")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .where("case_id", "=", e.caseId)
    .executeTakeFirst();
  await db
    .insertInto("case_event")
    .values({
      id,
      case_id: e.caseId,
      seq: Number(last?.seq ?? 0) + 1,
      at: e.at,
      user_id: e.userId,
      kind: e.kind,
      body: e.body ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
      job_id: e.jobId ?? null,
    })
    .execute();
  return id;
}

/** A case's timeline, oldest first, with who acted and the state of each reply's mail job. */
export function listCaseEvents(db: Db, caseId: string) {
  return db
    .selectFrom("case_event as e")
    .leftJoin("app_user as p", "p.id", "e.user_id")
    .leftJoin("job as j", "j.id", "e.job_id")
    .select([
      "e.id",
      "e.at",
      "e.kind",
      "e.body",
      "e.data",
      "e.job_id",
      "p.name as user_name",
      "j.status as job_status",
      "j.attempts as job_attempts",
      "j.last_error as job_error",
    ])
    .where("e.case_id", "=", caseId)
    .orderBy("e.seq")
    .execute();
}

// ----------------------------------------------------------------------- people

/**
 * People who can take a unit's case: active accounts with a role over the unit (at it or
 * above) or inside its subtree.
 */
export function listAssignable(db: Db, unitPath: string) {
  const ancestors = unitPath.split("/").filter(Boolean);
  return db
    .selectFrom("app_user as p")
    .innerJoin("membership as m", "m.user_id", "p.id")
    .innerJoin("unit as u", "u.id", "m.unit_id")
    .select(["p.id", "p.name", "p.login"])
    .distinct()
    .where("p.disabled_at", "is", null)
    .where((eb) => eb.or([eb("u.path", "like", `${unitPath}%`), eb("u.id", "in", ancestors)]))
    .orderBy("p.name")
    .orderBy("p.id")
    .execute();
}

// ----------------------------------------------------------------------- rules

/** The rule that applies at a unit: its own, else that of the nearest unit above with one. */
export async function findRuleFor(db: Db, unitPath: string) {
  const ancestors = unitPath.split("/").filter(Boolean);
  const rows = await db
    .selectFrom("case_rule as r")
    .innerJoin("unit as u", "u.id", "r.unit_id")
    .select([
      "r.unit_id",
      "r.working_days",
      "r.holidays",
      "r.letter_template",
      "r.updated_at",
      "u.name as unit_name",
      "u.path as unit_path",
    ])
    .where("r.unit_id", "in", ancestors)
    .execute();
  return rows.sort((a, b) => b.unit_path.length - a.unit_path.length)[0];
}

export async function saveRule(
  db: Db,
  r: {
    unitId: string;
    workingDays: number;
    holidays: readonly string[];
    letterTemplate: string | null;
    at: string;
    by: string;
  },
) {
  const values = {
    working_days: r.workingDays,
    holidays: JSON.stringify(r.holidays),
    letter_template: r.letterTemplate,
    updated_at: r.at,
    updated_by: r.by,
  };
  await db
    .insertInto("case_rule")
    .values({ unit_id: r.unitId, ...values })
    .onConflict((oc) => oc.column("unit_id").doUpdateSet(values))
    .execute();
}

// ----------------------------------------------------------------------- sources and summary

/** What a case from a response needs of it: where it was given, its answers, its campaign. */
export function findResponseForCase(db: Db, responseId: string) {
  return db
    .selectFrom("response as r")
    .innerJoin("unit as u", "u.id", "r.unit_id")
    .innerJoin("campaign as c", "c.id", "r.campaign_id")
    .select([
      "r.id",
      "r.unit_id",
      "r.answers",
      "r.submitted_at",
      "r.channel",
      "r.questionnaire_version_id",
      "r.flag_reason",
      "u.path as unit_path",
      "u.name as unit_name",
      "c.title as campaign_title",
      "c.anonymous",
    ])
    .where("r.id", "=", responseId)
    .executeTakeFirst();
}

/** The cases opened in [from, to) under the paths, for the summary. */
export function listCasesOpenedBetween(
  db: Db,
  q: { paths: readonly string[]; from: string; to: string },
) {
  return db
    .selectFrom("follow_up_case as c")
    .innerJoin("unit as u", "u.id", "c.unit_id")
    .select([
      "c.unit_id",
      "u.name as unit_name",
      "u.path as unit_path",
      "c.status",
      "c.opened_at",
      "c.due_at",
      "c.closed_at",
    ])
    .where((eb) => eb.or(q.paths.map((p) => eb("u.path", "like", `${p}%`))))
    .where("c.opened_at", ">=", q.from)
    .where("c.opened_at", "<", q.to)
    .orderBy("u.path")
    .execute();
}
