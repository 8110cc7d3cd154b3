import type { Kysely, Transaction } from "kysely";
import type { Database, Kiosk, KioskRejection, OpeningHours } from "../schema";

type Db = Kysely<Database> | Transaction<Database>;

export function insertKiosk(db: Db, row: Kiosk) {
  return db.insertInto("kiosk").values(row).execute();
}

export function findKiosk(db: Db, id: string) {
  return db.selectFrom("kiosk").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findKioskByDeviceHash(db: Db, hash: string) {
  return db
    .selectFrom("kiosk")
    .selectAll()
    .where("device_token_hash", "=", hash)
    .executeTakeFirst();
}

export function findKioskByPairingHash(db: Db, hash: string) {
  return db
    .selectFrom("kiosk")
    .selectAll()
    .where("pairing_code_hash", "=", hash)
    .executeTakeFirst();
}

export function findKioskByAccessToken(db: Db, token: string) {
  return db.selectFrom("kiosk").selectAll().where("access_token", "=", token).executeTakeFirst();
}

/** Kiosks of units whose path starts with one of `paths`, with unit and campaign names. */
export function listKiosksUnder(db: Db, paths: readonly string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("kiosk as k")
    .innerJoin("unit as u", "u.id", "k.unit_id")
    .innerJoin("campaign as c", "c.id", "k.campaign_id")
    .select([
      "k.id",
      "k.label",
      "k.unit_id",
      "k.campaign_id",
      "k.min_interval_seconds",
      "k.idle_seconds",
      "k.paired_at",
      "k.pairing_expires_at",
      "k.last_seen_at",
      "k.queued",
      "k.rejected",
      "k.clock_skew_ms",
      "k.clock_checked_at",
      "k.created_at",
      "k.revoked_at",
      "u.name as unit_name",
      "u.path as unit_path",
      "c.title as campaign_title",
      // Refused ratings recorded and waiting for a manager.
      (eb) =>
        eb
          .selectFrom("kiosk_rejection as r")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("r.kiosk_id", "=", "k.id")
          .where("r.resolution", "is", null)
          .as("waiting"),
    ])
    .where((eb) => eb.or(paths.map((p) => eb("u.path", "like", `${p}%`))))
    .orderBy("u.path")
    .orderBy("k.created_at")
    .execute();
}

export function updateKiosk(
  db: Db,
  id: string,
  set: Partial<Omit<Kiosk, "id" | "created_at" | "queued" | "rejected">> & {
    queued?: number;
    rejected?: number;
  },
) {
  return db.updateTable("kiosk").set(set).where("id", "=", id).execute();
}

/** The most recent response of a kiosk tapped within `fromIso`…`toIso` (exclusive), if any. */
export function findKioskResponseBetween(db: Db, kioskId: string, fromIso: string, toIso: string) {
  return db
    .selectFrom("response")
    .select(["id", "started_at"])
    .where("kiosk_id", "=", kioskId)
    .where("started_at", ">", fromIso)
    .where("started_at", "<", toIso)
    .limit(1)
    .executeTakeFirst();
}

/** A kiosk's responses tapped since `sinceIso`: what burst detection looks at. */
export function listKioskResponsesSince(db: Db, kioskId: string, sinceIso: string) {
  return db
    .selectFrom("response")
    .select(["id", "started_at", "submitted_at", "answers", "flag_reason"])
    .where("kiosk_id", "=", kioskId)
    .where("started_at", ">=", sinceIso)
    .orderBy("started_at")
    .limit(500)
    .execute();
}

/** Opening hours of the units at `ids` (a unit and its ancestors, say). */
export function listOpeningHours(db: Db, unitIds: readonly string[]): Promise<OpeningHours[]> {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("opening_hours")
    .selectAll()
    .where("unit_id", "in", unitIds)
    .orderBy("weekday")
    .orderBy("opens")
    .execute();
}

export async function replaceOpeningHours(
  db: Transaction<Database> | Kysely<Database>,
  unitId: string,
  rows: Array<{ weekday: number; opens: string; closes: string }>,
) {
  await db.deleteFrom("opening_hours").where("unit_id", "=", unitId).execute();
  if (rows.length > 0)
    await db
      .insertInto("opening_hours")
      .values(rows.map((r) => ({ unit_id: unitId, ...r })))
      .execute();
}

// ---------------------------------------------------------------------------
// Refused ratings reported by kiosks

/** Records reported refusals; one already recorded (the same kiosk and id) is left as it is. */
export async function insertRejections(db: Db, rows: KioskRejection[]) {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto("kiosk_rejection")
      .values(rows.slice(i, i + 100))
      .onConflict((oc) => oc.columns(["kiosk_id", "client_id"]).doNothing())
      .execute();
}

/** Of these ids, the ones recorded for the kiosk, with their resolution (null: waiting). */
export function rejectionStates(db: Db, kioskId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("kiosk_rejection")
    .select(["client_id", "resolution"])
    .where("kiosk_id", "=", kioskId)
    .where("client_id", "in", ids)
    .execute();
}

export function countWaitingRejections(db: Db, kioskId: string) {
  return db
    .selectFrom("kiosk_rejection")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("kiosk_id", "=", kioskId)
    .where("resolution", "is", null)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function findRejection(db: Db, kioskId: string, clientId: string) {
  return db
    .selectFrom("kiosk_rejection")
    .selectAll()
    .where("kiosk_id", "=", kioskId)
    .where("client_id", "=", clientId)
    .executeTakeFirst();
}

/** Refusals waiting for a manager, of kiosks of units under `paths`, oldest tap first. */
export function listWaitingRejections(db: Db, paths: readonly string[], limit: number) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("kiosk_rejection as r")
    .innerJoin("kiosk as k", "k.id", "r.kiosk_id")
    .innerJoin("unit as u", "u.id", "k.unit_id")
    .innerJoin("campaign as c", "c.id", "k.campaign_id")
    .select([
      "r.kiosk_id",
      "r.client_id",
      "r.body",
      "r.status",
      "r.error",
      "r.tapped_at",
      "r.reported_at",
      "k.label as kiosk_label",
      "u.name as unit_name",
      "c.questionnaire_version_id",
    ])
    .where("r.resolution", "is", null)
    .where((eb) => eb.or(paths.map((p) => eb("u.path", "like", `${p}%`))))
    .orderBy("r.tapped_at")
    .orderBy("r.client_id")
    .limit(limit)
    .execute();
}

/** Marks a waiting refusal resolved; false when it was not waiting (resolved meanwhile). */
export async function resolveRejection(
  db: Db,
  kioskId: string,
  clientId: string,
  set: { resolution: "accepted" | "discarded"; resolved_at: string; resolved_by: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable("kiosk_rejection")
    .set(set)
    .where("kiosk_id", "=", kioskId)
    .where("client_id", "=", clientId)
    .where("resolution", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
