/**
 * Moderation: flagging, restoring and redacting stored responses. A flag never deletes:
 * it sets flag_reason and takes the response out of the rollups (applyToRollups −1), so
 * rates leave it out; restoring clears the reason and adds it back (+1). Every change is
 * in one transaction with its audit entry. Redaction replaces a free-text answer and keeps
 * an audit entry that names the question, never the text.
 */
import { insertAudit } from "#db/queries/audit";
import {
  findStoredResponse,
  listResponsesByIds,
  listVersionIdsOf,
  setAnswers,
  setFlagReason,
  type StoredResponse,
} from "#db/queries/moderation";
import { recordModerated } from "#db/queries/outbox";
import { applyToRollups } from "#db/rollups/apply";
import { flushErased, inTransaction } from "#db/transaction";
import { own } from "~/domain/dict";
import type { AuditActor } from "~/domain/access";
import { loadVersion, type AppContext } from "./context.server";
import { toRollupItems } from "./rollup-maintenance.server";

/**
 * Loads (and caches) the questionnaire versions of these responses before a transaction:
 * toRollupItems reads versions through ctx.db, which on SQLite is the one connection the
 * transaction holds.
 */
async function warmVersions(ctx: AppContext, ids: readonly string[]) {
  const versionIds = await listVersionIdsOf(ctx.db, ids);
  for (const v of versionIds) await loadVersion(ctx, v);
}

/**
 * Flags responses (by response id) that are not flagged yet; returns how many were flagged.
 * Already-flagged ones keep their first reason.
 */
export async function flagResponses(
  ctx: AppContext,
  ids: readonly string[],
  reason: string,
  actor: AuditActor,
): Promise<number> {
  if (ids.length === 0) return 0;
  await warmVersions(ctx, ids);
  return inTransaction(
    ctx.db,
    async (trx) => {
      const rows = await listResponsesByIds(trx, ids, false);
      if (rows.length === 0) return 0;
      const items = await toRollupItems(ctx, rows);
      await setFlagReason(
        trx,
        rows.map((r) => r.id),
        reason,
      );
      await applyToRollups(trx, items, -1);
      await recordModerated(trx, "response.flagged", rows, reason);
      for (const r of rows) {
        await insertAudit(trx, {
          userId: actor.userId,
          action: "flag",
          entity: "response",
          entityId: r.id,
          after: { reason },
          unitId: r.unit_id,
        });
      }
      return rows.length;
    },
    { immediate: true },
  );
}

/** Clears the flag of flagged responses and counts them again; returns how many. */
export async function restoreResponses(
  ctx: AppContext,
  ids: readonly string[],
  actor: AuditActor,
): Promise<number> {
  if (ids.length === 0) return 0;
  await warmVersions(ctx, ids);
  return inTransaction(
    ctx.db,
    async (trx) => {
      const rows = await listResponsesByIds(trx, ids, true);
      if (rows.length === 0) return 0;
      await setFlagReason(
        trx,
        rows.map((r) => r.id),
        null,
      );
      await applyToRollups(trx, await toRollupItems(ctx, rows), 1);
      await recordModerated(trx, "response.restored", rows);
      for (const r of rows) {
        await insertAudit(trx, {
          userId: actor.userId,
          action: "restore",
          entity: "response",
          entityId: r.id,
          before: { reason: r.flag_reason },
          unitId: r.unit_id,
        });
      }
      return rows.length;
    },
    { immediate: true },
  );
}

/** What a redacted answer reads afterwards: short enough for any text field's maxLength. */
export const REDACTED = "[đã ẩn]";

/**
 * Replaces the free-text answer `question` of a response with REDACTED. The rollups are
 * corrected through applyToRollups (−1 with the old answers, +1 with the new) when the
 * response counts. The audit entry names the question only.
 */
export async function redactAnswer(
  ctx: AppContext,
  id: string,
  question: string,
  actor: AuditActor,
): Promise<boolean> {
  await warmVersions(ctx, [id]);
  const done = await inTransaction(
    ctx.db,
    async (trx) => {
      const row = await findStoredResponse(trx, id);
      if (!row) return false;
      const answers = JSON.parse(row.answers) as Record<string, unknown>;
      const text = own(answers, question);
      if (typeof text !== "string" || text === REDACTED) return false;
      const redacted: StoredResponse = {
        ...row,
        answers: JSON.stringify({ ...answers, [question]: REDACTED }),
      };
      const counts = row.flag_reason === null;
      if (counts) await applyToRollups(trx, await toRollupItems(ctx, [row]), -1);
      await setAnswers(trx, id, redacted.answers);
      if (counts) await applyToRollups(trx, await toRollupItems(ctx, [redacted]), 1);
      await insertAudit(trx, {
        userId: actor.userId,
        action: "redact",
        entity: "response",
        entityId: id,
        after: { question },
        unitId: row.unit_id,
      });
      return true;
    },
    { immediate: true },
  );
  if (done) await flushErased(ctx.db);
  return done;
}
