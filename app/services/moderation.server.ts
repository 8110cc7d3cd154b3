/**
 * Moderation: flagging, restoring and redacting stored responses. A flag never deletes:
 * it sets flag_reason and takes the response out of the rollups (applyToRollups −1), so
 * rates leave it out; restoring clears the reason and adds it back (+1). Every change is
 * in one transaction with its audit entry. Redaction replaces a free-text answer and keeps
 * an audit entry that names the question, never the text.
 */
import type { Kysely, Selectable } from "kysely";
import { insertAudit } from "#db/queries/audit";
import { recordModerated } from "#db/queries/outbox";
import { applyToRollups } from "#db/rollups/apply";
import type { Database, ResponseTable } from "#db/schema";
import { flushErased, inTransaction } from "#db/transaction";
import { own } from "~/domain/dict";
import type { AuditActor } from "~/domain/access";
import { loadVersion, type AppContext } from "./context.server";
import { toRollupItems } from "./rollup-maintenance.server";

type Stored = Selectable<ResponseTable>;
const CHUNK = 400;

async function selectByIds(
  trx: Kysely<Database>,
  ids: readonly string[],
  flagged: boolean,
): Promise<Stored[]> {
  const out: Stored[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await trx
      .selectFrom("response")
      .selectAll()
      .where("id", "in", ids.slice(i, i + CHUNK))
      .where("flag_reason", flagged ? "is not" : "is", null)
      .execute();
    out.push(...(rows as Stored[]));
  }
  return out;
}

/**
 * Loads (and caches) the questionnaire versions of these responses before a transaction:
 * toRollupItems reads versions through ctx.db, which on SQLite is the one connection the
 * transaction holds.
 */
async function warmVersions(ctx: AppContext, ids: readonly string[]) {
  const versionIds = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await ctx.db
      .selectFrom("response")
      .select("questionnaire_version_id")
      .distinct()
      .where("id", "in", ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) versionIds.add(r.questionnaire_version_id);
  }
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
      const rows = await selectByIds(trx, ids, false);
      if (rows.length === 0) return 0;
      const items = await toRollupItems(ctx, rows);
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .updateTable("response")
          .set({ flag_reason: reason })
          .where(
            "id",
            "in",
            rows.slice(i, i + CHUNK).map((r) => r.id),
          )
          .execute();
      }
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
      const rows = await selectByIds(trx, ids, true);
      if (rows.length === 0) return 0;
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .updateTable("response")
          .set({ flag_reason: null })
          .where(
            "id",
            "in",
            rows.slice(i, i + CHUNK).map((r) => r.id),
          )
          .execute();
      }
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
      const row = (await trx
        .selectFrom("response")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst()) as Stored | undefined;
      if (!row) return false;
      const answers = JSON.parse(row.answers) as Record<string, unknown>;
      const text = own(answers, question);
      if (typeof text !== "string" || text === REDACTED) return false;
      const redacted: Stored = {
        ...row,
        answers: JSON.stringify({ ...answers, [question]: REDACTED }),
      };
      const counts = row.flag_reason === null;
      if (counts) await applyToRollups(trx, await toRollupItems(ctx, [row]), -1);
      await trx
        .updateTable("response")
        .set({ answers: redacted.answers })
        .where("id", "=", id)
        .execute();
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
