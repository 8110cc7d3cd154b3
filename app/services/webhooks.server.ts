/**
 * Webhooks (issue 16 item 6, docs/webhooks.md): registered over a unit subtree by an
 * administrator (/admin/webhooks) or by a system client (POST /api/v1/webhooks); every event of
 * that subtree with a type the webhook takes is delivered at least once, signed, retried with
 * exponential back-off for more than 72 hours, then left dead in the delivery log, from which
 * an administrator sends one event or a time range again.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { insertAudit } from "#db/queries/audit";
import {
  deleteWebhook,
  DELIVERY_ATTEMPTS,
  enqueueDeliveries,
  eventsForWebhook,
  findDelivery,
  findResponseAnswers,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  recordDeliveryAttempt,
  setWebhookFailing,
  WEBHOOK_DELIVER_JOB,
} from "#db/queries/outbox";
import { listUnitsUnder } from "#db/queries/unit-tree";
import { findUnit } from "#db/queries/units";
import { inTransaction } from "#db/transaction";
import { withoutAnswers } from "~/domain/anonymity";
import { PATH_SEPARATOR, unitPathNames } from "~/domain/units";
import {
  EVENT_TYPES,
  MAX_SECRET_LENGTH,
  MIN_SECRET_LENGTH,
  urlProblem,
  WEBHOOK_BACKOFF,
  type EventEnvelope,
  type EventType,
} from "~/domain/webhooks";
import type { BackoffPolicy } from "~/domain/jobs";
import { DEFAULT_LOCALE, t as translate, type Translate } from "~/utils/i18n";
import { loadVersion, type AppContext } from "./context.server";
import { defineJob } from "./jobs.server";
import {
  NOT_FOUND,
  pathsWith,
  ServiceError,
  assertReach,
  type Actor,
} from "./service-error.server";
import { allowPrivateTargets, postSigned } from "./webhook-sender.server";

// ---------------------------------------------------------------- delivery

/**
 * The retry policy, with WEBHOOK_RETRY_BASE_SECONDS / WEBHOOK_RETRY_MAX_SECONDS to shorten it
 * (tests, a rehearsal); read at each failure, so a running process follows a change.
 */
export function webhookBackoff(env: NodeJS.ProcessEnv = process.env): BackoffPolicy {
  const read = (name: string, fallback: number) => {
    const n = Number(env[name]);
    return env[name] && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    ...WEBHOOK_BACKOFF,
    baseSeconds: read("WEBHOOK_RETRY_BASE_SECONDS", WEBHOOK_BACKOFF.baseSeconds),
    maxSeconds: read("WEBHOOK_RETRY_MAX_SECONDS", WEBHOOK_BACKOFF.maxSeconds),
  };
}

/** Keys of an event's data never sent, whoever wrote the event: contact details. */
const CONTACT_KEYS = new Set(["contact", "phone", "email", "address", "contacts"]);

/**
 * The body of a delivery: the event as stored, without contact details; with the response's
 * answers (minus every question asking for personal data) when the webhook was allowed them.
 */
export async function envelopeOf(
  ctx: AppContext,
  e: { event_id: string; type: string; created_at: string; data: string; include_answers: number },
): Promise<EventEnvelope> {
  const stored = JSON.parse(e.data) as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stored)) if (!CONTACT_KEYS.has(k)) data[k] = v;
  if (e.include_answers === 1 && typeof data.responseId === "string")
    data.answers = await answersOf(ctx, data.responseId);
  return { id: e.event_id, type: e.type, createdAt: e.created_at, data };
}

async function answersOf(ctx: AppContext, responseId: string) {
  const row = await findResponseAnswers(ctx.db, responseId);
  if (!row) return null; // erased since (a deletion request): nothing to send
  const version = await loadVersion(ctx, row.questionnaire_version_id);
  return withoutAnswers(
    JSON.parse(row.answers) as Record<string, unknown>,
    version?.identifying ?? [],
  );
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const webhookDeliverJob = defineJob({
  name: WEBHOOK_DELIVER_JOB,
  payload: z.object({ deliveryId: z.string() }),
  describe: (s: { eventType?: string; host?: string }, t: Translate) =>
    t("webhooks.job", {
      event: EVENT_TYPES.includes(s.eventType as EventType)
        ? t(`webhooks.event.${s.eventType as EventType}`)
        : (s.eventType ?? ""),
      host: s.host ?? "",
    }),
  maxAttempts: DELIVERY_ATTEMPTS,
  get backoff() {
    return webhookBackoff();
  },
  timeoutSeconds: 30,
  run: async ({ deliveryId }, job) => {
    const db = job.ctx.db;
    const d = await findDelivery(db, deliveryId);
    if (!d)
      throw new ServiceError(404, "webhooks.failure.deliveryMissing", {}, { permanent: true });
    if (d.status === "delivered") return; // a repeat of a job whose end was not recorded
    const record = (
      status: "pending" | "delivered" | "dead",
      responseStatus: number | null,
      error: string | null,
    ) =>
      recordDeliveryAttempt(db, {
        id: d.id,
        status,
        responseStatus,
        error,
        now: new Date().toISOString(),
      });
    if (d.webhook_deleted_at) {
      await record("dead", null, translate(DEFAULT_LOCALE, "webhooks.failure.deleted"));
      return;
    }
    const startedAt = new Date();
    if (d.failing_until && d.failing_until > startedAt.toISOString()) {
      // Another delivery to this receiver just failed: wait with it instead of trying (and
      // perhaps hanging for the whole timeout) once per event.
      const wait = Date.parse(d.failing_until) - startedAt.getTime();
      const waiting = new ServiceError(503, "webhooks.failure.waiting", {}, { retryAfterMs: wait });
      if (job.attempt >= job.maxAttempts) await record("dead", null, waiting.message);
      throw waiting;
    }
    const body = JSON.stringify(await envelopeOf(job.ctx, d));
    let failure: ServiceError;
    let status: number | null = null;
    try {
      const res = await postSigned({
        url: d.url,
        secret: d.secret,
        body,
        headers: { "X-HaiLong-Event-Id": d.event_id, "X-HaiLong-Event-Type": d.type },
        signal: job.signal,
      });
      status = res.status;
      if (res.status >= 200 && res.status < 300) {
        await record("delivered", res.status, null);
        if (d.failing_until) await setWebhookFailing(db, d.webhook_id, null);
        return;
      }
      failure = new ServiceError(
        503,
        res.status >= 300 && res.status < 400
          ? "webhooks.failure.redirect"
          : "webhooks.failure.status",
        { status: res.status },
        { retryAfterMs: res.retryAfterMs },
      );
    } catch (e) {
      failure =
        e instanceof ServiceError
          ? e
          : new ServiceError(503, "webhooks.failure.unreachable", { detail: message(e) });
    }
    const pause = webhookBackoff().baseSeconds * 1000;
    await setWebhookFailing(db, d.webhook_id, new Date(Date.now() + pause).toISOString());
    const last = failure.permanent || job.attempt >= job.maxAttempts;
    await record(last ? "dead" : "pending", status, failure.message);
    throw failure;
  },
});

// ---------------------------------------------------------------- registration

const secretSchema = z
  .string()
  .min(MIN_SECRET_LENGTH, "webhooks.error.secret")
  .max(MAX_SECRET_LENGTH, "webhooks.error.secret");

export const webhookInput = z.object({
  url: z.string().trim().min(1, "webhooks.error.url"),
  secret: secretSchema,
  events: z
    .array(z.enum(EVENT_TYPES, { message: "webhooks.error.events" }))
    .min(1, "webhooks.error.events")
    .max(EVENT_TYPES.length * 2, "webhooks.error.events"),
  includeAnswers: z.boolean().default(false),
  description: z.string().trim().max(200).optional(),
});
export type WebhookInput = z.input<typeof webhookInput>;

/** 32 random bytes, hex: what /admin gives when the administrator leaves the secret empty. */
export const newSecret = () => `whsec_${randomBytes(32).toString("hex")}`;

interface Creator {
  userId: string | null;
  clientId: string | null;
}

async function create(ctx: AppContext, unitId: string, raw: WebhookInput, by: Creator) {
  const parsed = webhookInput.safeParse(raw);
  if (!parsed.success) {
    const key = parsed.error.issues[0]?.message;
    throw new ServiceError(
      400,
      key?.startsWith("webhooks.error.")
        ? (key as "webhooks.error.url")
        : ("webhooks.error.invalid" as const),
    );
  }
  const w = parsed.data;
  const problem = urlProblem(w.url, allowPrivateTargets());
  if (problem) throw new ServiceError(400, problem);
  const events = [...new Set(w.events)];
  return inTransaction(ctx.db, async (trx) => {
    const id = await insertWebhook(trx, {
      unitId,
      url: w.url,
      secret: w.secret,
      events,
      includeAnswers: w.includeAnswers,
      description: w.description || null,
      userId: by.userId,
      clientId: by.clientId,
    });
    await insertAudit(trx, {
      userId: by.userId,
      action: "create",
      entity: "webhook",
      entityId: id,
      unitId,
      // Never the secret.
      after: { url: w.url, events, includeAnswers: w.includeAnswers, client: by.clientId },
    });
    return { id, url: w.url, events, includeAnswers: w.includeAnswers };
  });
}

/** A client registers a webhook over its own unit's subtree. */
export function createClientWebhook(
  ctx: AppContext,
  client: { clientId: string; unitId: string },
  raw: WebhookInput,
) {
  return create(ctx, client.unitId, raw, { userId: null, clientId: client.clientId });
}

export async function listClientWebhooks(
  ctx: AppContext,
  client: { clientId: string; unitId: string },
) {
  const unit = await findUnit(ctx.db, client.unitId);
  if (!unit) return [];
  const rows = await listWebhooks(ctx.db, { paths: [unit.path], clientId: client.clientId });
  return rows.map(apiView);
}

export async function deleteClientWebhook(
  ctx: AppContext,
  client: { clientId: string; unitId: string },
  id: string,
) {
  const row = await findWebhook(ctx.db, id);
  if (!row || row.created_by_client_id !== client.clientId) throw new ServiceError(404, NOT_FOUND);
  await remove(ctx, row, { userId: null, clientId: client.clientId });
}

function apiView(r: Awaited<ReturnType<typeof listWebhooks>>[number]) {
  return {
    id: r.id,
    url: r.url,
    events: JSON.parse(r.events) as string[],
    includeAnswers: r.include_answers === 1,
    unitId: r.unit_id,
    createdAt: r.created_at,
    pendingDeliveries: Number(r.pending),
    deadDeliveries: Number(r.dead),
  };
}

async function remove(
  ctx: AppContext,
  row: { id: string; unit_id: string; url: string },
  by: Creator,
) {
  await inTransaction(ctx.db, async (trx) => {
    if (!(await deleteWebhook(trx, row.id))) throw new ServiceError(404, NOT_FOUND);
    await insertAudit(trx, {
      userId: by.userId,
      action: "delete",
      entity: "webhook",
      entityId: row.id,
      unitId: row.unit_id,
      before: { url: row.url, client: by.clientId },
    });
  });
}

// ---------------------------------------------------------------- the administrators' page

/** The webhooks of the administrator's subtrees, and the units a new one may be set on. */
export async function webhooksPage(ctx: AppContext, actor: Actor) {
  const paths = pathsWith(actor, "webhooks.manage");
  const [rows, units] = await Promise.all([
    listWebhooks(ctx.db, { paths }),
    listUnitsUnder(ctx.db, paths),
  ]);
  const names = unitPathNames(units);
  return {
    webhooks: rows.map((r) => ({
      ...apiView(r),
      unitName: r.unit_name,
      description: r.description,
    })),
    units: units.map((u) => ({
      id: u.id,
      label: (names.get(u.id) ?? [u.name]).join(PATH_SEPARATOR),
    })),
  };
}

/** Registers a webhook at /admin; an empty secret is made here and shown once. */
export async function createWebhookAsAdmin(
  ctx: AppContext,
  actor: Actor,
  unitId: string,
  raw: Omit<WebhookInput, "secret"> & { secret?: string },
) {
  const unit = await findUnit(ctx.db, unitId);
  assertReach(actor, "webhooks.manage", unit?.path);
  const secret = raw.secret?.trim() || newSecret();
  const made = await create(ctx, unitId, { ...raw, secret }, { userId: actor.id, clientId: null });
  return { ...made, secret: raw.secret?.trim() ? undefined : secret };
}

async function reachableWebhook(ctx: AppContext, actor: Actor, id: string) {
  const row = await findWebhook(ctx.db, id);
  assertReach(actor, "webhooks.manage", row?.unit_path);
  return row!;
}

export async function deleteWebhookAsAdmin(ctx: AppContext, actor: Actor, id: string) {
  const row = await reachableWebhook(ctx, actor, id);
  await remove(ctx, row, { userId: actor.id, clientId: null });
}

export async function webhookDetail(ctx: AppContext, actor: Actor, id: string) {
  const row = await reachableWebhook(ctx, actor, id);
  const deliveries = await listDeliveries(ctx.db, id);
  return {
    webhook: {
      id: row.id,
      url: row.url,
      unitName: row.unit_name,
      description: row.description,
      events: JSON.parse(row.events) as EventType[],
      includeAnswers: row.include_answers === 1,
      createdAt: row.created_at,
    },
    deliveries: deliveries.map((d) => ({
      id: d.id,
      eventId: d.event_id,
      type: d.type,
      eventCreatedAt: d.event_created_at,
      status: d.status,
      attempts: d.attempts,
      responseStatus: d.response_status,
      lastError: d.last_error,
      replay: d.replay === 1,
      createdAt: d.created_at,
      deliveredAt: d.delivered_at,
      nextAttemptAt: d.status === "pending" && d.job_status === "queued" ? d.next_attempt_at : null,
    })),
  };
}

/** At most this many events are sent again by one replay of a time range. */
export const REPLAY_LIMIT = 5000;

/**
 * Sends again one event, or every event of [from, to) the webhook takes, as new deliveries
 * (with the same event ids: receivers drop what they already have). Returns how many.
 */
export async function replay(
  ctx: AppContext,
  actor: Actor,
  id: string,
  what: { eventId: string } | { from: Date; to: Date },
): Promise<number> {
  const row = await reachableWebhook(ctx, actor, id);
  const filter =
    "eventId" in what
      ? { eventId: what.eventId }
      : { from: what.from.toISOString(), to: what.to.toISOString(), limit: REPLAY_LIMIT + 1 };
  if (!("eventId" in what) && !(what.from < what.to))
    throw new ServiceError(400, "webhooks.error.range");
  const events = await eventsForWebhook(
    ctx.db,
    { types: JSON.parse(row.events) as string[], path: row.unit_path },
    filter,
  );
  if ("eventId" in what && events.length === 0) throw new ServiceError(404, NOT_FOUND);
  if (events.length > REPLAY_LIMIT)
    throw new ServiceError(400, "webhooks.error.rangeTooLarge", { n: REPLAY_LIMIT });
  const host = new URL(row.url).host;
  return inTransaction(ctx.db, async (trx) => {
    // The administrator says the receiver is back: try it now, not after the pause.
    await setWebhookFailing(trx, row.id, null);
    await enqueueDeliveries(
      trx,
      events.map((e) => ({
        webhookId: row.id,
        unitId: row.unit_id,
        eventId: e.id,
        eventType: e.type,
        host,
        replay: true,
      })),
    );
    await insertAudit(trx, {
      userId: actor.id,
      action: "replay",
      entity: "webhook",
      entityId: row.id,
      unitId: row.unit_id,
      after:
        "eventId" in what
          ? { event: what.eventId }
          : { from: filter.from, to: filter.to, events: events.length },
    });
    return events.length;
  });
}
