import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, NewResponse } from "../schema";

/** Rows per INSERT statement: well under SQLite's 32,766 bound parameters. */
const CHUNK = 400;

export interface ResponseToStore {
  row: NewResponse;
  /** Rollup entries [question key, value] of this response, `$responses` included. */
  rollup: Array<[string, string]>;
}

/**
 * Insert responses and add their answers to the rollups, in the caller's transaction.
 * A client id already stored is skipped (first one wins) and adds nothing to the rollups.
 * Returns the client ids that were new.
 */
export async function insertResponses(
  trx: Transaction<Database> | Kysely<Database>,
  batch: ResponseToStore[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < batch.length; i += CHUNK) {
    const chunk = batch.slice(i, i + CHUNK);
    const rows = await trx
      .insertInto("response")
      .values(chunk.map((b) => b.row))
      .onConflict((oc) => oc.column("client_id").doNothing())
      .returning("client_id")
      .execute();
    for (const r of rows) inserted.add(r.client_id);
  }
  // Fold the new responses into one delta per rollup key before touching the table.
  const deltas = new Map<
    string,
    { key: [string, string, string, string, string, string]; n: number }
  >();
  // A client id sent twice in one batch is inserted once: count only its first occurrence.
  const counted = new Set<string>();
  for (const { row, rollup } of batch) {
    if (!inserted.has(row.client_id) || counted.has(row.client_id)) continue;
    counted.add(row.client_id);
    for (const [question, value] of rollup) {
      const key: [string, string, string, string, string, string] = [
        row.campaign_id,
        row.unit_id,
        row.period,
        row.channel,
        question,
        value,
      ];
      const k = key.join("\u0000");
      const d = deltas.get(k);
      if (d) d.n += 1;
      else deltas.set(k, { key, n: 1 });
    }
  }
  await addToRollups(
    trx,
    [...deltas.values()].map(({ key, n }) => ({
      campaign_id: key[0],
      unit_id: key[1],
      period: key[2],
      channel: key[3],
      question: key[4],
      value: key[5],
      count: n,
    })),
  );
  return inserted;
}

type RollupDelta = {
  campaign_id: string;
  unit_id: string;
  period: string;
  channel: string;
  question: string;
  value: string;
  count: number;
};

/** Upsert that adds: atomic per row on both SQLite and PostgreSQL, so concurrent writers lose nothing. */
export async function addToRollups(
  trx: Transaction<Database> | Kysely<Database>,
  deltas: RollupDelta[],
) {
  for (let i = 0; i < deltas.length; i += CHUNK) {
    await trx
      .insertInto("rollup")
      .values(deltas.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .columns(["campaign_id", "unit_id", "period", "channel", "question", "value"])
          .doUpdateSet({ count: sql`rollup.count + excluded.count` }),
      )
      .execute();
  }
}

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
