/**
 * Rollups from stored responses: what a stored response contributes (recomputed from its
 * answers through ingestion's own toRollupEntries), and a rebuild of every rollup table
 * from the raw responses. Flagged responses (flag_reason set) contribute nothing.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import { applyToRollups } from "#db/rollups/apply";
import { ROLLUP_TABLES, type RollupEntry } from "#db/rollups/keys";
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
  const rows = await ctx.db
    .selectFrom("audit_log")
    .select("after")
    .where("action", "=", "retention")
    .execute();
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
  const used = await ctx.db
    .selectFrom("response")
    .select("questionnaire_version_id")
    .distinct()
    .execute();
  for (const v of used) await loadVersion(ctx, v.questionnaire_version_id);
  await ctx.db.transaction().execute(async (trx: Transaction<Database>) => {
    for (const t of ROLLUP_TABLES) await (trx as Kysely<Database>).deleteFrom(t).execute();
    let after = "";
    for (;;) {
      const rows = await trx
        .selectFrom("response")
        .selectAll()
        .where("id", ">", after)
        .where("flag_reason", "is", null)
        .orderBy("id")
        .limit(PAGE)
        .execute();
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      await applyToRollups(trx, await toRollupItems(ctx, rows), 1);
      responses += rows.length;
    }
  });
  return { responses };
}
