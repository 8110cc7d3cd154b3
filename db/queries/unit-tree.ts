/** The organisation tree beyond insertUnit: subtrees, edits, moves and active periods. */
import { sql, type Kysely } from "kysely";
import type { Database, Unit } from "../schema";
import { RESPONSES_KEY } from "../rollups/keys";
import { lockUnitsForMove, moveSubtreeRollups } from "../rollups/move";

/**
 * Units inside any of these subtrees, parents before children:
 * SELECT * FROM unit WHERE path LIKE '<p1>%' OR … ORDER BY path
 */
export function listUnitsUnder(db: Kysely<Database>, paths: readonly string[]): Promise<Unit[]> {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("unit")
    .selectAll()
    .where((eb) => eb.or(paths.map((p) => eb("path", "like", `${p}%`))))
    .orderBy("path")
    .execute();
}

export function listUnitsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<Unit[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom("unit").selectAll().where("id", "in", ids).orderBy("path").execute();
}

export function findUnitByCode(db: Kysely<Database>, code: string) {
  return db.selectFrom("unit").selectAll().where("code", "=", code).executeTakeFirst();
}

/** Every unit code, for reporting a clash without telling whose unit it is. */
export async function listAllUnitCodes(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom("unit").select("code").execute();
  return new Set(rows.map((r) => r.code));
}

export function updateUnitFields(
  db: Kysely<Database>,
  id: string,
  fields: Partial<Pick<Unit, "code" | "name" | "kind" | "sector" | "active_from" | "active_to">>,
) {
  return db.updateTable("unit").set(fields).where("id", "=", id).execute();
}

/**
 * Move a unit and its whole subtree: one UPDATE rewrites the path prefix of every descendant.
 * UPDATE unit SET path = '<new>' || substr(path, length('<old>') + 1) WHERE path LIKE '<old>%'
 * The rollups keyed by ancestors move with it (db/rollups/move.ts): the old ancestors lose what
 * the subtree contributed, the new ones gain it, from the rollup rows themselves. The one
 * place a unit moves (moveUnit, the CSV import); run it in the caller's transaction, with
 * the audit entry.
 */
export async function moveSubtree(
  db: Kysely<Database>,
  unit: Pick<Unit, "id" | "path">,
  newParent: Pick<Unit, "id" | "path">,
): Promise<string> {
  const newPath = `${newParent.path}${unit.id}/`;
  await lockUnitsForMove(db, unit, newParent);
  await db
    .updateTable("unit")
    .set({
      path: sql<string>`cast(${newPath} as text) || substr(path, ${unit.path.length + 1})`,
    })
    .where("path", "like", `${unit.path}%`)
    .execute();
  await db.updateTable("unit").set({ parent_id: newParent.id }).where("id", "=", unit.id).execute();
  await moveSubtreeRollups(db, unit.id, unit.path, newPath);
  return newPath;
}

/**
 * End the active period of a subtree on `lastDay` (inclusive) where it ends later or not at all.
 * Returns the units changed, with their previous end.
 */
export async function endSubtree(db: Kysely<Database>, path: string, lastDay: string) {
  const changed = await db
    .selectFrom("unit")
    .select(["id", "code", "active_to"])
    .where("path", "like", `${path}%`)
    .where((eb) => eb.or([eb("active_to", "is", null), eb("active_to", ">", lastDay)]))
    .execute();
  if (changed.length > 0) {
    await db
      .updateTable("unit")
      .set({ active_to: lastDay })
      .where(
        "id",
        "in",
        changed.map((u) => u.id),
      )
      .execute();
  }
  return changed;
}

/** Revoke the unrevoked links of every unit in a subtree; returns how many. */
export async function revokeLinksUnder(db: Kysely<Database>, path: string, at: string) {
  const result = await db
    .updateTable("access_link")
    .set({ revoked_at: at })
    .where("revoked_at", "is", null)
    .where("unit_id", "in", (eb) =>
      eb.selectFrom("unit").select("id").where("path", "like", `${path}%`),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Responses given to the units of a subtree, read from the rollups. */
export async function countResponsesUnder(db: Kysely<Database>, path: string) {
  const row = await db
    .selectFrom("rollup as r")
    .innerJoin("unit as u", "u.id", "r.unit_id")
    .select((eb) => eb.fn.sum<number>("r.count").as("n"))
    .where("u.path", "like", `${path}%`)
    .where("r.question", "=", RESPONSES_KEY)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
