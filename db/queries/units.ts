import { sql, type Kysely } from "kysely";
import { uuidv7 } from "../ids";
import type { Database, Unit } from "../schema";

export interface UnitInput {
  code: string;
  name: string;
  kind: string;
  sector: string;
  parentId?: string | null;
  activeFrom?: string | null;
}

/** Insert a unit under its parent; the path is the parent's path plus the new id. */
export async function insertUnit(db: Kysely<Database>, input: UnitInput): Promise<Unit> {
  const id = uuidv7();
  let path = `/${id}/`;
  if (input.parentId) {
    const parent = await db
      .selectFrom("unit")
      .select("path")
      .where("id", "=", input.parentId)
      .executeTakeFirstOrThrow();
    path = `${parent.path}${id}/`;
  }
  const row = {
    id,
    parent_id: input.parentId ?? null,
    path,
    code: input.code,
    name: input.name,
    kind: input.kind,
    sector: input.sector,
    active_from: input.activeFrom ?? null,
    active_to: null,
    created_at: new Date().toISOString(),
  };
  await db.insertInto("unit").values(row).execute();
  return row;
}

/** Levels below the top of the deepest unit of the subtree at `path` (a path "/a/b/" is 2). */
export async function deepestLevelUnder(db: Kysely<Database>, path: string): Promise<number> {
  const r = await db
    .selectFrom("unit")
    .select(sql<number>`max(length(path) - length(replace(path, '/', '')))`.as("slashes"))
    .where("path", "like", `${path}%`)
    .executeTakeFirst();
  return Math.max(0, Number(r?.slashes ?? 1) - 1);
}

export function findUnit(db: Kysely<Database>, id: string) {
  return db.selectFrom("unit").selectAll().where("id", "=", id).executeTakeFirst();
}

export function countUnits(db: Kysely<Database>) {
  return db
    .selectFrom("unit")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}
