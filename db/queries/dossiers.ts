/** Dossiers, their one rating and the messages sending their link (app/services/dossiers.server.ts). */
import { sql, type Kysely, type Transaction } from "kysely";
import { uuidv7 } from "../ids";
import type { Database, Dossier } from "../schema";
import { recordEvent } from "./outbox";

type Db = Kysely<Database> | Transaction<Database>;

/** A dossier by its code or by its link's token, with its unit's path and when it was rated. */
function findDossierBy(db: Db, column: "d.code" | "d.link_token", value: string) {
  return db
    .selectFrom("dossier as d")
    .innerJoin("unit as u", "u.id", "d.unit_id")
    .leftJoin("dossier_rating as r", "r.dossier_id", "d.id")
    .selectAll("d")
    .select(["u.path as unit_path", "r.rated_at"])
    .where(column, "=", value)
    .executeTakeFirst();
}

export const findDossierByCode = (db: Db, code: string) => findDossierBy(db, "d.code", code);
export const findDossierByLink = (db: Db, token: string) =>
  findDossierBy(db, "d.link_token", token);
export type DossierWithRating = NonNullable<Awaited<ReturnType<typeof findDossierByCode>>>;

/**
 * Open campaigns taking dossier ratings (dossier_link_days set) whose scope holds the unit at
 * `path`, the nearest scope first (the deepest root), then the latest opened.
 */
export function findDossierCampaigns(db: Db, path: string, now: string) {
  return db
    .selectFrom("campaign as c")
    .innerJoin("campaign_unit as cu", "cu.campaign_id", "c.id")
    .innerJoin("unit as s", "s.id", "cu.unit_id")
    .select(["c.id", "c.dossier_link_days", "c.closes_at", "s.path as scope_path"])
    .where("c.status", "=", "open")
    .where("c.dossier_link_days", "is not", null)
    .where("c.opens_at", "<=", now)
    .where("c.closes_at", ">", now)
    .where(sql<string>`${path}`, "like", sql<string>`s.path || '%'`)
    .orderBy(sql`length(s.path)`, "desc")
    .orderBy("c.opens_at", "desc")
    .execute();
}

export async function insertDossier(db: Db, d: Omit<Dossier, "id">): Promise<Dossier> {
  const row = { id: uuidv7(), ...d };
  await db.insertInto("dossier").values(row).execute();
  return row;
}

export function updateDossier(
  db: Db,
  id: string,
  set: Partial<Omit<Dossier, "id" | "code" | "link_token">>,
) {
  return db.updateTable("dossier").set(set).where("id", "=", id).execute();
}

/** A claim on a dossier's one rating, written with the response (same transaction). */
export interface DossierClaim {
  dossierId: string;
  clientId: string;
  ratedAt: string;
  dissatisfied: boolean;
}

/**
 * Claims each dossier's rating for its response, in the caller's transaction. The primary key
 * on dossier_id decides: a dossier claimed already (committed, or earlier in this batch) is
 * refused, unless by the same response (a retry). Returns the client ids refused.
 * Dossiers are claimed in id order, the same in every transaction (no deadlock between
 * processes on PostgreSQL). A claimed dossier's contact is erased (Luật 91/2025/QH15).
 */
export async function claimDossierRatings(db: Db, claims: DossierClaim[]): Promise<Set<string>> {
  const refused = new Set<string>();
  const ordered = [...claims].sort((a, b) =>
    a.dossierId < b.dossierId ? -1 : a.dossierId > b.dossierId ? 1 : 0,
  );
  const won: DossierClaim[] = [];
  for (const c of ordered) {
    const r = await db
      .insertInto("dossier_rating")
      .values({
        dossier_id: c.dossierId,
        response_client_id: c.clientId,
        rated_at: c.ratedAt,
        dissatisfied: c.dissatisfied ? 1 : 0,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("dossier_id")
      .executeTakeFirst();
    if (r) {
      won.push(c);
      continue;
    }
    const holder = await db
      .selectFrom("dossier_rating")
      .select("response_client_id")
      .where("dossier_id", "=", c.dossierId)
      .executeTakeFirst();
    if (holder?.response_client_id !== c.clientId) refused.add(c.clientId);
  }
  if (won.length === 0) return refused;
  // What other systems learn of the rating (outbox, same transaction): never the contact.
  const facts = await db
    .selectFrom("dossier as d")
    .innerJoin("unit as u", "u.id", "d.unit_id")
    .select([
      "d.id",
      "d.code",
      "d.procedure_code",
      "d.counter",
      "d.officer",
      "d.channel",
      "d.campaign_id",
      "d.unit_id",
      "u.code as unit_code",
    ])
    .where(
      "d.id",
      "in",
      won.map((c) => c.dossierId),
    )
    .execute();
  const byId = new Map(facts.map((f) => [f.id, f]));
  for (const c of won) {
    const f = byId.get(c.dossierId);
    if (!f) continue;
    await recordEvent(db, {
      type: "dossier.rated",
      data: {
        unitId: f.unit_id,
        dossierCode: f.code,
        unitCode: f.unit_code,
        procedureCode: f.procedure_code,
        counter: f.counter,
        officer: f.officer,
        channel: f.channel,
        campaignId: f.campaign_id,
        responseClientId: c.clientId,
        ratedAt: c.ratedAt,
        dissatisfied: c.dissatisfied,
      },
    });
  }
  await db
    .updateTable("dossier")
    .set({ contact_phone: null, contact_email: null, contact_erased_at: won[0]!.ratedAt })
    .where(
      "id",
      "in",
      won.map((c) => c.dossierId),
    )
    .where("contact_erased_at", "is", null)
    .execute();
  return refused;
}

/** Erases the contact of dossiers whose link expired (Luật 91/2025/QH15). Returns how many. */
export async function eraseExpiredContacts(db: Db, now: string): Promise<number> {
  const r = await db
    .updateTable("dossier")
    .set({ contact_phone: null, contact_email: null, contact_erased_at: now })
    .where("link_expires_at", "<=", now)
    .where("contact_erased_at", "is", null)
    .where((eb) =>
      eb.or([eb("contact_phone", "is not", null), eb("contact_email", "is not", null)]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ------------------------------------------------------------------ messages

export function countDossierMessages(db: Db, dossierId: string, channel?: string) {
  let q = db
    .selectFrom("dossier_message")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("dossier_id", "=", dossierId);
  if (channel) q = q.where("channel", "=", channel);
  return q.executeTakeFirstOrThrow().then((r) => Number(r.n));
}

export async function insertDossierMessage(
  db: Db,
  m: { dossierId: string; channel: string; status: string; now: string; lastError?: string },
) {
  const id = uuidv7();
  await db
    .insertInto("dossier_message")
    .values({
      id,
      dossier_id: m.dossierId,
      channel: m.channel,
      job_id: null,
      status: m.status,
      attempts: 0,
      last_error: m.lastError ?? null,
      created_at: m.now,
      updated_at: m.now,
    })
    .execute();
  return id;
}

export function setMessageJob(db: Db, id: string, jobId: string) {
  return db.updateTable("dossier_message").set({ job_id: jobId }).where("id", "=", id).execute();
}

/** A message with what sending it needs: the dossier's contact, link and state. */
export function findMessageToSend(db: Db, id: string) {
  return db
    .selectFrom("dossier_message as m")
    .innerJoin("dossier as d", "d.id", "m.dossier_id")
    .innerJoin("unit as u", "u.id", "d.unit_id")
    .leftJoin("dossier_rating as r", "r.dossier_id", "d.id")
    .select([
      "m.id",
      "m.channel",
      "m.status",
      "m.attempts",
      "d.code",
      "d.contact_phone",
      "d.contact_email",
      "d.link_token",
      "d.link_expires_at",
      "u.name as unit_name",
      "r.rated_at",
    ])
    .where("m.id", "=", id)
    .executeTakeFirst();
}

export function recordMessageAttempt(
  db: Db,
  id: string,
  m: { status: string; error: string | null; now: string },
) {
  return db
    .updateTable("dossier_message")
    .set((eb) => ({
      status: m.status,
      last_error: m.error,
      attempts: eb("attempts", "+", 1),
      updated_at: m.now,
    }))
    .where("id", "=", id)
    .execute();
}

export function listDossierMessages(db: Db, dossierId: string) {
  return db
    .selectFrom("dossier_message")
    .select(["id", "channel", "status", "attempts", "last_error", "created_at", "updated_at"])
    .where("dossier_id", "=", dossierId)
    .orderBy("created_at")
    .execute();
}

/** The dossier link days of a link's campaign (null: it takes no dossier ratings). */
export async function linkDossierDays(db: Db, token: string) {
  const r = await db
    .selectFrom("access_link as l")
    .innerJoin("campaign as c", "c.id", "l.campaign_id")
    .select("c.dossier_link_days")
    .where("l.token", "=", token)
    .executeTakeFirst();
  return r?.dossier_link_days ?? null;
}

export async function unitPathOf(db: Db, unitId: string) {
  const r = await db.selectFrom("unit").select("path").where("id", "=", unitId).executeTakeFirst();
  return r?.path;
}

/** Has any response of the campaign rated a dossier? (Exports then add the dossier's columns.) */
export async function campaignHasDossierRatings(db: Db, campaignId: string): Promise<boolean> {
  const r = await db
    .selectFrom("dossier_rating as dr")
    .innerJoin("response as r", "r.client_id", "dr.response_client_id")
    .select("dr.dossier_id")
    .where("r.campaign_id", "=", campaignId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** The dossier each of these responses rated (by response id): what exports break down by. */
export async function dossiersOfResponses(db: Db, responseIds: readonly string[]) {
  if (responseIds.length === 0) return new Map<string, RatedDossier>();
  const rows = await db
    .selectFrom("response as r")
    .innerJoin("dossier_rating as dr", "dr.response_client_id", "r.client_id")
    .innerJoin("dossier as d", "d.id", "dr.dossier_id")
    .select([
      "r.id as response_id",
      "d.code",
      "d.procedure_code",
      "d.channel",
      "d.counter",
      "d.officer",
    ])
    .where("r.id", "in", responseIds)
    .execute();
  return new Map(rows.map(({ response_id, ...d }) => [response_id, d]));
}
export interface RatedDossier {
  code: string;
  procedure_code: string;
  channel: string;
  counter: string | null;
  officer: string | null;
}

/**
 * The dossiers under `path` that a month [from, to) may count (app/domain/qd766.ts): returned
 * in it, or not returned with a due date in it. Each with its unit's path and its rating:
 * dissatisfied is null when unrated, and a rating whose response was flagged counts as unrated.
 */
export async function listDossiersForMonth(db: Db, path: string, from: string, to: string) {
  const rows = await db
    .selectFrom("dossier as d")
    .innerJoin("unit as u", "u.id", "d.unit_id")
    .leftJoin("dossier_rating as dr", "dr.dossier_id", "d.id")
    .leftJoin("response as r", (j) =>
      j.onRef("r.client_id", "=", "dr.response_client_id").on("r.flag_reason", "is", null),
    )
    .select([
      "u.path as unit_path",
      "d.procedure_code",
      "d.channel",
      "d.officer",
      "d.due_at",
      "d.returned_at",
      "dr.dissatisfied",
      "r.id as response_id",
    ])
    .where("u.path", "like", `${path}%`)
    .where((eb) =>
      eb.or([
        eb.and([eb("d.returned_at", ">=", from), eb("d.returned_at", "<", to)]),
        eb.and([
          eb("d.returned_at", "is", null),
          eb("d.due_at", ">=", from),
          eb("d.due_at", "<", to),
        ]),
      ]),
    )
    .execute();
  return rows.map((r) => ({
    unitPath: r.unit_path,
    procedureCode: r.procedure_code,
    channel: r.channel,
    officer: r.officer,
    dueAt: r.due_at,
    returnedAt: r.returned_at,
    dissatisfied:
      r.dissatisfied === null || r.response_id === null ? null : Number(r.dissatisfied) === 1,
  }));
}
