/** System clients: other systems' bearer tokens over a unit subtree (app/services/clients.server.ts). */
import type { Kysely, Transaction } from "kysely";
import { uuidv7 } from "../ids";
import type { Database, SystemClient } from "../schema";

type Db = Kysely<Database> | Transaction<Database>;

export async function insertSystemClient(
  db: Db,
  c: { name: string; unitId: string; tokenHash: string; prefix: string; createdBy: string | null },
): Promise<SystemClient> {
  const row: SystemClient = {
    id: uuidv7(),
    name: c.name,
    unit_id: c.unitId,
    token_hash: c.tokenHash,
    token_prefix: c.prefix,
    created_at: new Date().toISOString(),
    created_by: c.createdBy,
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto("system_client").values(row).execute();
  return row;
}

/** A client with its unit's path and code (for the subtree check), by token hash. */
export function findSystemClientByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom("system_client as c")
    .innerJoin("unit as u", "u.id", "c.unit_id")
    .select([
      "c.id",
      "c.name",
      "c.unit_id",
      "c.revoked_at",
      "c.last_used_at",
      "u.path as unit_path",
      "u.active_from",
      "u.active_to",
    ])
    .where("c.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

export function findSystemClient(db: Db, id: string) {
  return db
    .selectFrom("system_client as c")
    .innerJoin("unit as u", "u.id", "c.unit_id")
    .select(["c.id", "c.name", "c.unit_id", "c.revoked_at", "u.path as unit_path"])
    .where("c.id", "=", id)
    .executeTakeFirst();
}

export function touchSystemClient(db: Db, id: string, at: string) {
  return db.updateTable("system_client").set({ last_used_at: at }).where("id", "=", id).execute();
}

export async function revokeSystemClient(db: Db, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("system_client")
    .set({ revoked_at: at })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Clients whose unit is inside one of `paths`, newest first, with their unit's name and code. */
export function listSystemClientsUnder(db: Db, paths: readonly string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("system_client as c")
    .innerJoin("unit as u", "u.id", "c.unit_id")
    .leftJoin("app_user as p", "p.id", "c.created_by")
    .select([
      "c.id",
      "c.name",
      "c.token_prefix",
      "c.created_at",
      "c.last_used_at",
      "c.revoked_at",
      "u.name as unit_name",
      "u.code as unit_code",
      "p.name as created_by_name",
    ])
    .where((eb) => eb.or(paths.map((p) => eb("u.path", "like", `${p}%`))))
    .orderBy("c.created_at", "desc")
    .execute();
}
