import type { Insertable, Kysely, Transaction } from "kysely";
import type { Database, InvitationBatchTable } from "../schema";

type Db = Kysely<Database> | Transaction<Database>;

export function findInvitation(db: Db, token: string) {
  return db.selectFrom("invitation").selectAll().where("token", "=", token).executeTakeFirst();
}

/**
 * Marks an unused code as used by `clientId`, atomically (one UPDATE … WHERE used_at IS NULL,
 * so two processes cannot both win), in the transaction that stores the response. True when
 * this client now holds the code: it claimed it now, or had claimed it before.
 */
export async function claimInvitation(db: Db, token: string, clientId: string, at: string) {
  const r = await db
    .updateTable("invitation")
    .set({ used_at: at, used_by: clientId })
    .where("token", "=", token)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return true;
  const row = await findInvitation(db, token);
  return row?.used_by === clientId;
}

export function insertInvitationBatch(db: Db, batch: Insertable<InvitationBatchTable>) {
  return db.insertInto("invitation_batch").values(batch).execute();
}

/** One single-use code of a batch: `token` is its access link's. */
export function insertInvitation(db: Db, token: string, batchId: string) {
  return db
    .insertInto("invitation")
    .values({ token, batch_id: batchId, used_at: null, used_by: null })
    .execute();
}

export function listBatchesUnder(db: Db, paths: readonly string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("invitation_batch as b")
    .innerJoin("unit as u", "u.id", "b.unit_id")
    .innerJoin("campaign as c", "c.id", "b.campaign_id")
    .select((eb) => [
      "b.id",
      "b.label",
      "b.size",
      "b.created_at",
      "b.campaign_id",
      "u.name as unit_name",
      "u.path as unit_path",
      "c.title as campaign_title",
      eb
        .selectFrom("invitation as i")
        .select((e2) => e2.fn.countAll<number>().as("n"))
        .whereRef("i.batch_id", "=", "b.id")
        .where("i.used_at", "is not", null)
        .as("used"),
    ])
    .where((eb) => eb.or(paths.map((p) => eb("u.path", "like", `${p}%`))))
    .orderBy("b.created_at", "desc")
    .execute();
}

export function findBatch(db: Db, id: string) {
  return db
    .selectFrom("invitation_batch as b")
    .innerJoin("unit as u", "u.id", "b.unit_id")
    .innerJoin("campaign as c", "c.id", "b.campaign_id")
    .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
    .select([
      "b.id",
      "b.label",
      "b.size",
      "b.campaign_id",
      "b.unit_id",
      "u.name as unit_name",
      "u.path as unit_path",
      "c.title as campaign_title",
      "c.anonymous",
      "q.definition",
    ])
    .where("b.id", "=", id)
    .executeTakeFirst();
}

export function listBatchCodes(db: Db, batchId: string) {
  return db
    .selectFrom("invitation")
    .select(["token", "used_at"])
    .where("batch_id", "=", batchId)
    .orderBy("token")
    .execute();
}
