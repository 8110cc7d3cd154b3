/** Satisfaction targets: per sector and validity dates, a unit's own or the default. */
import type { Kysely } from "kysely";
import { uuidv7 } from "../ids";
import type { Database } from "../schema";

/** Every target, with the path of its unit (null for the defaults). */
export function listTargets(db: Kysely<Database>) {
  return db
    .selectFrom("target as t")
    .leftJoin("unit as u", "u.id", "t.unit_id")
    .select([
      "t.id",
      "t.sector",
      "t.unit_id",
      "u.path as unit_path",
      "u.name as unit_name",
      "t.pct",
      "t.metric",
      "t.comparator",
      "t.valid_from",
      "t.valid_to",
      "t.source",
      "t.verification",
      "t.created_at",
    ])
    .orderBy("t.sector")
    .orderBy("t.valid_to")
    .execute();
}

export interface TargetInput {
  sector: string;
  unitId: string | null;
  pct: number;
  metric: "rate" | "index";
  comparator: "gt" | "gte";
  validFrom: string;
  validTo: string;
  source: string;
  verification: "verified" | "reported" | "unverified";
  createdBy: string | null;
}

export async function insertTarget(db: Kysely<Database>, t: TargetInput) {
  const row = {
    id: uuidv7(),
    sector: t.sector,
    unit_id: t.unitId,
    pct: t.pct,
    metric: t.metric,
    comparator: t.comparator,
    valid_from: t.validFrom,
    valid_to: t.validTo,
    source: t.source,
    verification: t.verification,
    created_at: new Date().toISOString(),
    created_by: t.createdBy,
  };
  await db.insertInto("target").values(row).execute();
  return row;
}

export function findTarget(db: Kysely<Database>, id: string) {
  return db.selectFrom("target").selectAll().where("id", "=", id).executeTakeFirst();
}

export function deleteTarget(db: Kysely<Database>, id: string) {
  return db.deleteFrom("target").where("id", "=", id).execute();
}
