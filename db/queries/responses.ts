import type { Kysely, Transaction } from "kysely";
import { applyToRollups } from "../rollups/apply";
import type { RollupEntry } from "../rollups/keys";
import type { Database, NewResponse } from "../schema";

/** Rows per INSERT statement: well under SQLite's 32,766 bound parameters. */
const CHUNK = 400;

export interface ResponseToStore {
  row: NewResponse;
  /** Rollup entries [question key, value] of this response, `$responses` included. */
  rollup: RollupEntry[];
}

/**
 * Insert responses and add their answers to the rollups, in the caller's transaction.
 * A client id already stored is skipped (first one wins) and adds nothing to the rollups;
 * a response stored flagged (flag_reason decided before the write) is never counted.
 * Returns the client ids that were new.
 */
export async function insertResponses(
  trx: Transaction<Database> | Kysely<Database>,
  batch: ResponseToStore[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  // Rows in client id order (stable, so the first of two equal ids still wins): concurrent
  // transactions from other processes then wait on each other's ids in one order, never in a cycle.
  const ordered = [...batch].sort((a, b) => compare(a.row.client_id, b.row.client_id));
  for (let i = 0; i < ordered.length; i += CHUNK) {
    const chunk = ordered.slice(i, i + CHUNK);
    const rows = await trx
      .insertInto("response")
      .values(chunk.map((b) => b.row))
      .onConflict((oc) => oc.column("client_id").doNothing())
      .returning("client_id")
      .execute();
    for (const r of rows) inserted.add(r.client_id);
  }
  // A client id sent twice in one batch is inserted once: count only its first occurrence.
  const counted = new Set<string>();
  const fresh = batch.filter((b) => {
    const id = b.row.client_id;
    if (!inserted.has(id) || counted.has(id)) return false;
    counted.add(id);
    return !b.row.flag_reason;
  });
  await applyToRollups(trx, fresh, 1);
  return inserted;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function findResponseByClientId(db: Kysely<Database>, clientId: string) {
  return db
    .selectFrom("response")
    .select(["id", "client_id"])
    .where("client_id", "=", clientId)
    .executeTakeFirst();
}

export function countResponses(db: Kysely<Database>, campaignId?: string) {
  let q = db.selectFrom("response").select((eb) => eb.fn.countAll<number>().as("n"));
  if (campaignId) q = q.where("campaign_id", "=", campaignId);
  return q.executeTakeFirstOrThrow().then((r) => Number(r.n));
}
