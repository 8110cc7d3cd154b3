import type { Kysely, Transaction } from "kysely";
import { uuidv7 } from "../ids";
import type { Database } from "../schema";

export interface AuditInput {
  userId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** The unit the change concerns: administrators of its subtree read the entry. */
  unitId?: string | null;
}

/** One line of the audit log; call it in the same transaction as the change. */
export function insertAudit(db: Kysely<Database> | Transaction<Database>, a: AuditInput) {
  return db
    .insertInto("audit_log")
    .values({
      id: uuidv7(),
      at: new Date().toISOString(),
      user_id: a.userId,
      action: a.action,
      entity: a.entity,
      entity_id: a.entityId ?? null,
      before: a.before === undefined ? null : JSON.stringify(a.before),
      after: a.after === undefined ? null : JSON.stringify(a.after),
      unit_id: a.unitId ?? null,
    })
    .execute();
}

export function listAudit(db: Kysely<Database>, limit = 200) {
  return db
    .selectFrom("audit_log as a")
    .leftJoin("app_user as u", "u.id", "a.user_id")
    .select([
      "a.id",
      "a.at",
      "a.action",
      "a.entity",
      "a.entity_id",
      "a.before",
      "a.after",
      "u.login",
    ])
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
}

/** A unit's latest audit entries, newest first, with the author's login. */
export function listUnitHistory(db: Kysely<Database>, unitId: string, limit = 100) {
  return db
    .selectFrom("audit_log as a")
    .leftJoin("app_user as u", "u.id", "a.user_id")
    .select(["a.id", "a.at", "a.action", "a.before", "a.after", "u.login"])
    .where("a.unit_id", "=", unitId)
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
}
