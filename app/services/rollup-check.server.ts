/**
 * Recomputes the rollups from the raw responses (their stored answers, through the same
 * toRollupEntries the API uses) and compares them with the rollup table. Used by the tests
 * that write from several processes at once, and after a restore or a data migration.
 */
import { listResponsesAfter, listRollupRows } from "#db/queries/rollup-maintenance";
import { RESPONSES_KEY } from "#db/rollups/keys";
import { toRollupEntries } from "~/domain/rollup-entries";
import { loadVersion, type AppContext } from "./context.server";

const PAGE = 2000;

const keyOf = (parts: string[]) => parts.join("\u0000");

/** campaign × unit × period × channel × question × value → count, from the raw responses. */
export async function recomputeRollups(ctx: AppContext): Promise<Map<string, number>> {
  const expected = new Map<string, number>();
  let after = "";
  for (;;) {
    // Keyset pagination on the primary key: constant memory however many responses there are.
    const rows = await listResponsesAfter(ctx.db, after, PAGE);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    for (const r of rows) {
      const version = await loadVersion(ctx, r.questionnaire_version_id);
      if (!version) throw new Error(`response ${r.id}: questionnaire version missing`);
      const entries = toRollupEntries(version, JSON.parse(r.answers) as Record<string, unknown>);
      if (!entries.ok) throw new Error(`response ${r.id}: stored answers do not validate`);
      for (const [question, value] of entries.rollup) {
        const k = keyOf([r.campaign_id, r.unit_id, r.period, r.channel, question, value]);
        expected.set(k, (expected.get(k) ?? 0) + 1);
      }
    }
  }
  return expected;
}

export async function storedRollups(ctx: AppContext): Promise<Map<string, number>> {
  const rows = await listRollupRows(ctx.db);
  return new Map(
    rows.map((r) => [
      keyOf([r.campaign_id, r.unit_id, r.period, r.channel, r.question, r.value]),
      Number(r.count),
    ]),
  );
}

export interface RollupCheck {
  responses: number;
  rollupRows: number;
  /** Keys whose stored count differs from the recomputation (at most 20 are listed). */
  mismatches: Array<{ key: string; stored: number; expected: number }>;
  mismatchCount: number;
}

export async function checkRollups(ctx: AppContext): Promise<RollupCheck> {
  const expected = await recomputeRollups(ctx);
  const stored = await storedRollups(ctx);
  const mismatches: RollupCheck["mismatches"] = [];
  let mismatchCount = 0;
  for (const key of new Set([...expected.keys(), ...stored.keys()])) {
    const e = expected.get(key) ?? 0;
    const s = stored.get(key) ?? 0;
    if (e === s) continue;
    mismatchCount += 1;
    if (mismatches.length < 20)
      mismatches.push({ key: key.replaceAll("\u0000", "|"), stored: s, expected: e });
  }
  let responses = 0;
  const marker = `\u0000${RESPONSES_KEY}\u0000`;
  for (const [k, n] of expected) if (k.endsWith(marker)) responses += n;
  return { responses, rollupRows: stored.size, mismatches, mismatchCount };
}
