/**
 * Rollups from stored responses: what a stored response contributes (recomputed from its
 * answers through ingestion's own toRollupEntries), and a rebuild of every rollup table
 * from the raw responses. Flagged responses (flag_reason set) contribute nothing.
 */
import type { Selectable, Transaction } from "kysely";
import {
  clearRollupTables,
  listResponseVersionIds,
  listRetentionAudits,
  listUnflaggedResponsesAfter,
} from "#db/queries/rollup-maintenance";
import { applyToRollups } from "#db/rollups/apply";
import type { RollupEntry } from "#db/rollups/keys";
import type { Database, ResponseTable } from "#db/schema";
import { toRollupEntries } from "~/domain/rollup-entries";
import { loadVersion, type AppContext } from "./context.server";

type StoredResponse = Selectable<ResponseTable>;

/** The rollup entries of stored responses, as ingestion computed them. */
export async function toRollupItems(
  ctx: AppContext,
  rows: StoredResponse[],
): Promise<Array<{ row: StoredResponse; rollup: RollupEntry[] }>> {
  const out: Array<{ row: StoredResponse; rollup: RollupEntry[] }> = [];
  for (const r of rows) {
    const version = await loadVersion(ctx, r.questionnaire_version_id);
    if (!version) throw new Error(`response ${r.id}: questionnaire version missing`);
    const entries = toRollupEntries(version, JSON.parse(r.answers) as Record<string, unknown>);
    if (!entries.ok) throw new Error(`response ${r.id}: stored answers no longer validate`);
    // The stored row keeps its own id, period and channel.
    out.push({ row: r, rollup: entries.rollup });
  }
  return out;
}

const PAGE = 2000;

/**
 * Raw responses deleted by retention so far, from the audit log (action "retention",
 * `deleted` in its after). Their counts live only in the rollups: a rebuild would drop them.
 */
export async function retentionDeletions(ctx: AppContext): Promise<number> {
  const rows = await listRetentionAudits(ctx.db);
  let deleted = 0;
  for (const r of rows) {
    const after = r.after ? (JSON.parse(r.after) as { deleted?: unknown }) : {};
    if (typeof after.deleted === "number") deleted += after.deleted;
  }
  return deleted;
}

/**
 * Empties the rollup tables and adds every unflagged response again, in one transaction.
 * For repairs (a questionnaire option that drives derived keys changed, a restore from an
 * older copy): unit moves keep the rollups exact by themselves (db/rollups/move.ts).
 * After retention deleted raw responses, a rebuild drops their counts (retentionDeletions).
 */
export async function rebuildRollups(ctx: AppContext): Promise<{ responses: number }> {
  let responses = 0;
  // Compile the versions first: inside the transaction, ctx.db on SQLite would wait for the
  // one connection the transaction holds.
  const used = await listResponseVersionIds(ctx.db);
  for (const v of used) await loadVersion(ctx, v.questionnaire_version_id);
  await ctx.db.transaction().execute(async (trx: Transaction<Database>) => {
    await clearRollupTables(trx);
    let after = "";
    for (;;) {
      const rows = await listUnflaggedResponsesAfter(trx, after, PAGE);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      await applyToRollups(trx, await toRollupItems(ctx, rows), 1);
      responses += rows.length;
    }
  });
  return { responses };
}
