import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, NewResponse } from "../schema";
import { applyToDashboardRollups } from "./dashboard-rollups";
import { lockUnitsForRollups } from "./rollup-moves";

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
    return true;
  });
  await applyToRollups(trx, fresh, 1);
  return inserted;
}

/**
 * Adds (sign 1) or removes (sign -1) responses' answers to or from every rollup table.
 * The one place rollups change: ingestion adds; flagging, deletion and corrections
 * remove or re-add; a rebuild starts from empty tables and adds. Entries of one call
 * are folded into one delta per key first.
 */
export async function applyToRollups(
  trx: Transaction<Database> | Kysely<Database>,
  items: ResponseToStore[],
  sign: 1 | -1,
) {
  if (items.length === 0) return;
  // PostgreSQL: a unit move in progress finishes first, or waits for this transaction, so
  // the ancestors read below are the ones the move leaves (rollup-moves.ts). Units before
  // any rollup row, in id order, in every transaction.
  await lockUnitsForRollups(
    trx,
    items.map((i) => i.row.unit_id),
  );
  const deltas = new Map<
    string,
    { key: [string, string, string, string, string, string]; n: number }
  >();
  for (const { row, rollup } of items) {
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
      if (d) d.n += sign;
      else deltas.set(k, { key, n: sign });
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
  // The dashboards' subtree, respondent-group and weekday × hour rollups (dashboard-rollups.ts).
  await applyToDashboardRollups(trx, items, sign);
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

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const rollupKey = (d: RollupDelta) =>
  [d.campaign_id, d.unit_id, d.period, d.channel, d.question, d.value].join("\u0000");

/**
 * Upsert that adds: atomic per row on both SQLite and PostgreSQL, so concurrent writers lose
 * nothing. Rows are locked in key order, the same in every transaction, so writers in several
 * processes queue behind each other on PostgreSQL instead of deadlocking (tests/db/concurrency).
 */
export async function addToRollups(
  trx: Transaction<Database> | Kysely<Database>,
  deltas: RollupDelta[],
) {
  const ordered = deltas
    .map((d) => ({ d, k: rollupKey(d) }))
    .sort((a, b) => compare(a.k, b.k))
    .map((x) => x.d);
  for (let i = 0; i < ordered.length; i += CHUNK) {
    await trx
      .insertInto("rollup")
      .values(ordered.slice(i, i + CHUNK))
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
