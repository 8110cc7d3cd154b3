/**
 * The outbox (issue 16, docs/webhooks.md): an event is a row of `event` written in the caller's
 * transaction, so it exists exactly when what it describes was committed. In the same
 * transaction each webhook of the event's unit subtree that takes its type gets a delivery row
 * and a 'webhook.deliver' job: the job runner (docs/decisions/015-jobs.md) claims each job for one
 * process at a time (FOR UPDATE SKIP LOCKED on PostgreSQL), retries it with back-off and takes
 * it back from a killed process. With no webhook registered an event costs one small insert
 * and one read of the (empty) webhook table per transaction.
 */
import type { Kysely, Transaction } from "kysely";
import { uuidv7 } from "../ids";
import type { Database } from "../schema";

type Db = Kysely<Database> | Transaction<Database>;

/** The job kind that sends one delivery (app/services/webhooks.server.ts defines it). */
export const WEBHOOK_DELIVER_JOB = "webhook.deliver";
/** Attempts of a delivery before it is dead: app/domain/webhooks.ts shows this spans ≥ 72 h. */
export const DELIVERY_ATTEMPTS = 25;

const CHUNK = 400;

export interface EventInput {
  /** response.accepted | response.flagged | response.restored | dossier.rated | alert.raised */
  type: string;
  /** What the event says (no contact details, no answers); `unitId` places it in the tree. */
  data: { unitId: string } & Record<string, unknown>;
}

/** Writes one event (and its deliveries) in the caller's transaction; returns its id. */
export async function recordEvent(trx: Db, event: EventInput, now = new Date()): Promise<string> {
  return (await recordEvents(trx, [event], now))[0]!;
}

/** Several events in one statement (a group-commit batch of responses); their ids in order. */
export async function recordEvents(
  trx: Db,
  events: readonly EventInput[],
  now = new Date(),
): Promise<string[]> {
  if (events.length === 0) return [];
  const createdAt = now.toISOString();
  const rows = events.map((e) => ({
    id: uuidv7(now.getTime()),
    type: e.type,
    unit_id: e.data.unitId,
    data: JSON.stringify(e.data),
    created_at: createdAt,
  }));
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto("event")
      .values(rows.slice(i, i + CHUNK))
      .execute();
  const hooks = await activeWebhooks(trx);
  if (hooks.length > 0) {
    const paths = await unitPaths(trx, [...new Set(rows.map((r) => r.unit_id))]);
    const deliveries: DeliveryInput[] = [];
    for (const r of rows) {
      const path = paths.get(r.unit_id);
      if (path === undefined) continue;
      for (const h of hooks)
        if (h.types.has(r.type) && path.startsWith(h.path))
          deliveries.push({
            webhookId: h.id,
            unitId: h.unitId,
            eventId: r.id,
            eventType: r.type,
            host: h.host,
          });
    }
    await enqueueDeliveries(trx, deliveries, now);
  }
  return rows.map((r) => r.id);
}

async function activeWebhooks(db: Db) {
  const rows = await db
    .selectFrom("webhook as w")
    .innerJoin("unit as u", "u.id", "w.unit_id")
    .select(["w.id", "w.unit_id", "w.url", "w.events", "u.path"])
    .where("w.deleted_at", "is", null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    path: r.path,
    host: hostOf(r.url),
    types: new Set(JSON.parse(r.events) as string[]),
  }));
}

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

async function unitPaths(db: Db, ids: string[]) {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom("unit")
      .select(["id", "path"])
      .where("id", "in", ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, r.path);
  }
  return out;
}

export interface DeliveryInput {
  webhookId: string;
  /** The webhook's unit: its administrators see the job on /admin/jobs. */
  unitId: string;
  eventId: string;
  /** For the job's line on /admin/jobs. */
  eventType: string;
  host: string;
  replay?: boolean;
}

/** A delivery row and the job that sends it, per input, in the caller's transaction. */
export async function enqueueDeliveries(db: Db, list: readonly DeliveryInput[], now = new Date()) {
  const iso = now.toISOString();
  for (let i = 0; i < list.length; i += CHUNK) {
    const slice = list.slice(i, i + CHUNK).map((d) => ({ ...d, id: uuidv7(), jobId: uuidv7() }));
    await db
      .insertInto("job")
      .values(
        slice.map((d) => ({
          id: d.jobId,
          name: WEBHOOK_DELIVER_JOB,
          payload: JSON.stringify({ deliveryId: d.id }),
          summary: JSON.stringify({ eventType: d.eventType, host: d.host }),
          unique_key: null,
          unit_id: d.unitId,
          status: "queued",
          attempts: 0,
          max_attempts: DELIVERY_ATTEMPTS,
          run_at: iso,
          created_at: iso,
          updated_at: iso,
        })),
      )
      .execute();
    await db
      .insertInto("webhook_delivery")
      .values(
        slice.map((d) => ({
          id: d.id,
          webhook_id: d.webhookId,
          event_id: d.eventId,
          job_id: d.jobId,
          status: "pending",
          attempts: 0,
          replay: d.replay ? 1 : 0,
          created_at: iso,
          updated_at: iso,
        })),
      )
      .execute();
  }
  return list.length;
}

// ---------------------------------------------------------------- webhooks

export interface NewWebhook {
  unitId: string;
  url: string;
  secret: string;
  events: readonly string[];
  includeAnswers: boolean;
  description: string | null;
  userId: string | null;
  clientId: string | null;
}

export async function insertWebhook(db: Db, w: NewWebhook, now = new Date()) {
  const id = uuidv7();
  await db
    .insertInto("webhook")
    .values({
      id,
      unit_id: w.unitId,
      url: w.url,
      secret: w.secret,
      events: JSON.stringify(w.events),
      include_answers: w.includeAnswers ? 1 : 0,
      description: w.description,
      created_by_user_id: w.userId,
      created_by_client_id: w.clientId,
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}

const WEBHOOK_COLUMNS = [
  "w.id",
  "w.unit_id",
  "w.url",
  "w.events",
  "w.include_answers",
  "w.description",
  "w.created_by_user_id",
  "w.created_by_client_id",
  "w.created_at",
  "w.deleted_at",
  "u.name as unit_name",
  "u.path as unit_path",
] as const;

/** Webhooks of units inside `paths` (not deleted), with the counts of their deliveries. */
export function listWebhooks(db: Db, f: { paths: readonly string[]; clientId?: string }) {
  if (f.paths.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom("webhook as w")
    .innerJoin("unit as u", "u.id", "w.unit_id")
    .select(WEBHOOK_COLUMNS)
    .select((eb) => [
      eb
        .selectFrom("webhook_delivery as d")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("d.webhook_id", "=", "w.id")
        .where("d.status", "=", "pending")
        .as("pending"),
      eb
        .selectFrom("webhook_delivery as d")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("d.webhook_id", "=", "w.id")
        .where("d.status", "=", "dead")
        .as("dead"),
    ])
    .where("w.deleted_at", "is", null)
    .where((eb) => eb.or(f.paths.map((p) => eb("u.path", "like", `${p}%`))));
  if (f.clientId) q = q.where("w.created_by_client_id", "=", f.clientId);
  return q.orderBy("w.created_at", "desc").execute();
}

export function findWebhook(db: Db, id: string) {
  return db
    .selectFrom("webhook as w")
    .innerJoin("unit as u", "u.id", "w.unit_id")
    .select(WEBHOOK_COLUMNS)
    .where("w.id", "=", id)
    .where("w.deleted_at", "is", null)
    .executeTakeFirst();
}

/** Stops sending to a webhook; its pending deliveries end as dead when their job next runs. */
export async function deleteWebhook(db: Db, id: string, now = new Date()) {
  const r = await db
    .updateTable("webhook")
    .set({ deleted_at: now.toISOString() })
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------- deliveries

/** What the sender needs for one delivery: the delivery, its webhook and its event. */
export function findDelivery(db: Db, id: string) {
  return db
    .selectFrom("webhook_delivery as d")
    .innerJoin("webhook as w", "w.id", "d.webhook_id")
    .innerJoin("event as e", "e.id", "d.event_id")
    .select([
      "d.id",
      "d.status",
      "d.attempts",
      "w.id as webhook_id",
      "w.url",
      "w.secret",
      "w.include_answers",
      "w.deleted_at as webhook_deleted_at",
      "w.failing_until",
      "e.id as event_id",
      "e.type",
      "e.data",
      "e.created_at",
    ])
    .where("d.id", "=", id)
    .executeTakeFirst();
}

export async function recordDeliveryAttempt(
  db: Db,
  a: {
    id: string;
    status: "pending" | "delivered" | "dead";
    responseStatus: number | null;
    error: string | null;
    now: string;
  },
) {
  await db
    .updateTable("webhook_delivery")
    .set((eb) => ({
      status: a.status,
      attempts: eb("attempts", "+", 1),
      response_status: a.responseStatus,
      last_error: a.error,
      updated_at: a.now,
      ...(a.status === "delivered" ? { delivered_at: a.now } : {}),
    }))
    .where("id", "=", a.id)
    .execute();
}

/**
 * After a failed attempt (`until`: the other deliveries wait until then), or after a success
 * (null: the receiver is back).
 */
export async function setWebhookFailing(db: Db, id: string, until: string | null) {
  await db.updateTable("webhook").set({ failing_until: until }).where("id", "=", id).execute();
}

/** A response's answers and version, for a webhook allowed them (undefined once erased). */
export function findResponseAnswers(db: Db, responseId: string) {
  return db
    .selectFrom("response")
    .select(["answers", "questionnaire_version_id"])
    .where("id", "=", responseId)
    .executeTakeFirst();
}

/** The delivery log of a webhook, newest first. */
export function listDeliveries(db: Db, webhookId: string, limit = 200) {
  return db
    .selectFrom("webhook_delivery as d")
    .innerJoin("event as e", "e.id", "d.event_id")
    .leftJoin("job as j", "j.id", "d.job_id")
    .select([
      "d.id",
      "d.status",
      "d.attempts",
      "d.response_status",
      "d.last_error",
      "d.replay",
      "d.created_at",
      "d.updated_at",
      "d.delivered_at",
      "e.id as event_id",
      "e.type",
      "e.created_at as event_created_at",
      "j.run_at as next_attempt_at",
      "j.status as job_status",
    ])
    .where("d.webhook_id", "=", webhookId)
    .orderBy("d.created_at", "desc")
    .orderBy("d.id", "desc")
    .limit(limit)
    .execute();
}

/**
 * Events a webhook takes (its types, its unit subtree): one by id, or those created in
 * [from, to), oldest first, at most `limit`.
 */
export function eventsForWebhook(
  db: Db,
  w: { types: readonly string[]; path: string },
  f: { eventId: string } | { from: string; to: string; limit: number },
) {
  let q = db
    .selectFrom("event as e")
    .innerJoin("unit as u", "u.id", "e.unit_id")
    .select(["e.id", "e.type", "e.created_at"])
    .where("e.type", "in", w.types as string[])
    .where("u.path", "like", `${w.path}%`);
  if ("eventId" in f) return q.where("e.id", "=", f.eventId).execute();
  q = q.where("e.created_at", ">=", f.from).where("e.created_at", "<", f.to);
  return q.orderBy("e.created_at").orderBy("e.id").limit(f.limit).execute();
}

// ---------------------------------------------------------------- response events

/** The stored facts of a response an event tells (never its answers, address hash or token). */
export interface ResponseFacts {
  id: string;
  campaign_id: string;
  unit_id: string;
  questionnaire_version_id: string;
  channel: string;
  submitted_at: string;
  period: string;
  flag_reason?: string | null;
}

export function responseEventData(r: ResponseFacts) {
  return {
    responseId: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    questionnaireVersionId: r.questionnaire_version_id,
    channel: r.channel,
    submittedAt: r.submitted_at,
    period: r.period,
  };
}

/**
 * response.accepted for each response a group-commit batch stored, in the batch's transaction;
 * one stored already flagged (by the checks before the write) also gets response.flagged.
 */
export function recordAccepted(trx: Db, rows: readonly ResponseFacts[]) {
  return recordEvents(trx, [
    ...rows.map((r) => ({ type: "response.accepted", data: responseEventData(r) })),
    ...rows
      .filter((r) => r.flag_reason)
      .map((r) => ({
        type: "response.flagged",
        data: { ...responseEventData(r), reason: r.flag_reason },
      })),
  ]);
}

/** response.flagged (with the reason) or response.restored for moderated responses. */
export function recordModerated(
  trx: Db,
  type: "response.flagged" | "response.restored",
  rows: readonly ResponseFacts[],
  reason?: string,
) {
  return recordEvents(
    trx,
    rows.map((r) => ({
      type,
      data: { ...responseEventData(r), ...(type === "response.flagged" ? { reason } : {}) },
    })),
  );
}

/**
 * Deletes events created before `before` (and their delivery log) that no webhook still needs:
 * none of their deliveries is pending (waiting for a retry, or a replay), and none was
 * dead-lettered on or after `deadSince` (an administrator may still send it again). At most
 * `limit` events per call, in one transaction of the caller's; returns how many went.
 */
export async function pruneEvents(
  db: Db,
  opts: { before: string; deadSince: string; limit: number },
): Promise<number> {
  const ids = (
    await db
      .selectFrom("event as e")
      .select("e.id")
      .where("e.created_at", "<", opts.before)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("webhook_delivery as d")
              .select("d.id")
              .whereRef("d.event_id", "=", "e.id")
              .where((eb) =>
                eb.or([
                  eb("d.status", "=", "pending"),
                  eb.and([eb("d.status", "=", "dead"), eb("d.updated_at", ">=", opts.deadSince)]),
                ]),
              ),
          ),
        ),
      )
      .orderBy("e.created_at")
      .limit(opts.limit)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) return 0;
  await db.deleteFrom("webhook_delivery").where("event_id", "in", ids).execute();
  await db.deleteFrom("event").where("id", "in", ids).execute();
  return ids.length;
}
