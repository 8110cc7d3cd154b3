/**
 * Personal data in responses (Luật 91/2025/QH15 and Nghị định 356/2025/NĐ-CP, in force
 * since 1/1/2026, replacing Nghị định 13/2023/NĐ-CP): a response deleted at its
 * respondent's request, and retention limits for free text and raw responses.
 *
 * - deleteResponse: the response row goes, and what it added to the rollups is taken
 *   away (applyToRollups −1) in the same transaction, so rates stay exact.
 * - applyRetention: free-text answers (text and comment questions, "other" texts) older
 *   than RETENTION_COMMENTS_DAYS are replaced by REDACTED; raw responses older than
 *   RETENTION_RAW_DAYS are deleted. Rollups are kept as they are: they hold counts, not
 *   people. Once raw responses are deleted, their months cannot be recomputed from raw
 *   responses any more (a rollup rebuild would drop them), and a client id older than the
 *   limit is no longer recognised as already sent.
 * Each run or deletion leaves one audit entry, which names no answer.
 */
import type { Selectable } from "kysely";
import { insertAudit } from "#db/queries/audit";
import {
  countResponsesBefore,
  deleteResponseRow,
  deleteResponseRows,
  findResponseVersionByClientId,
  findStoredResponseByClientId,
  listResponseIdsBefore,
  listResponsePageBefore,
  listResponsesByIds,
  setResponseAnswers,
} from "#db/queries/privacy";
import { applyToRollups } from "#db/rollups/apply";
import type { ResponseToStore } from "#db/queries/responses";
import type { ResponseTable } from "#db/schema";
import { flushErased, inTransaction } from "#db/transaction";
import { own } from "~/domain/dict";
import { DEFAULT_COMMENT_MAX, type CompiledQuestionnaire } from "~/domain/validator";
import type { AuditActor } from "~/domain/access";
import { loadVersion, type AppContext } from "./context.server";
import { REDACTED } from "./moderation.server";
import { toRollupItems } from "./rollup-maintenance.server";

type Stored = Selectable<ResponseTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 500;
const DAY_MS = 86_400_000;

export type DeleteResult = { deleted: true; responseId: string } | { deleted: false };

/** Deletes the response a client sent with this id and subtracts it from the rollups. */
export async function deleteResponse(
  ctx: AppContext,
  clientId: string,
  actor: AuditActor = { userId: null },
): Promise<DeleteResult> {
  if (!UUID.test(clientId)) return { deleted: false };
  const id = clientId.toLowerCase();
  // Compile the version before the transaction: on SQLite ctx.db is the connection it holds.
  const found = await findResponseVersionByClientId(ctx.db, id);
  if (!found) return { deleted: false };
  await loadVersion(ctx, found.questionnaire_version_id);
  const result = await inTransaction(
    ctx.db,
    async (trx) => {
      const row = (await findStoredResponseByClientId(trx, id)) as Stored | undefined;
      if (!row) return { deleted: false } as const;
      // A flagged response was taken out of the rollups already.
      if (row.flag_reason === null) await applyToRollups(trx, [await rollupItemOf(ctx, row)], -1);
      await deleteResponseRow(trx, row.id);
      await insertAudit(trx, {
        userId: actor.userId,
        action: "delete",
        entity: "response",
        entityId: row.id,
        after: { reason: "data_subject_request" },
        unitId: row.unit_id,
      });
      return { deleted: true, responseId: row.id } as const;
    },
    { immediate: true },
  );
  if (result.deleted) await flushErased(ctx.db);
  return result;
}

export interface RetentionPolicy {
  /** Free-text answers older than this many days are replaced by REDACTED. */
  commentsDays: number | null;
  /** Responses older than this many days are deleted (rollups kept). */
  rawDays: number | null;
}

function days(name: string, value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number of days, at least 1 (got "${value}")`);
  return n;
}

/** RETENTION_COMMENTS_DAYS and RETENTION_RAW_DAYS; unset means "keep". */
export function retentionFromEnv(
  env: Record<string, string | undefined> = process.env,
): RetentionPolicy {
  return {
    commentsDays: days("RETENTION_COMMENTS_DAYS", env.RETENTION_COMMENTS_DAYS),
    rawDays: days("RETENTION_RAW_DAYS", env.RETENTION_RAW_DAYS),
  };
}

/**
 * The answer keys that hold free text a person typed (text questions that are not numbers,
 * comment questions, "other" texts), each with what replaces it: REDACTED, cut to the
 * question's length limit so the answers still pass the validator.
 */
export function freeTextKeys(
  compiled: CompiledQuestionnaire,
): Array<[key: string, marker: string]> {
  const keys: Array<[string, string]> = [];
  const marker = (max: number) => [...REDACTED].slice(0, max).join("");
  for (const q of compiled.questions) {
    if ((q.kind === "text" && !q.numeric) || q.kind === "comment")
      keys.push([q.name, marker(q.maxLength)]);
    if (q.commentKey) keys.push([q.commentKey, marker(DEFAULT_COMMENT_MAX)]);
  }
  return keys;
}

/** The answers with every non-empty free text replaced, or null when nothing changes. */
export function redactFreeText(compiled: CompiledQuestionnaire, answers: Record<string, unknown>) {
  let changed = false;
  const out = { ...answers };
  for (const [k, marker] of freeTextKeys(compiled)) {
    const v = own(out, k);
    if (typeof v === "string" && v !== "" && v !== marker) {
      out[k] = marker;
      changed = true;
    }
  }
  return changed ? out : null;
}

/**
 * What a stored response adds to the rollups. Answers stored before the validator grew
 * stricter about free text (lone surrogates) no longer validate as they are; free text
 * adds nothing to the rollups, so they are computed with it redacted.
 */
async function rollupItemOf(ctx: AppContext, row: Stored): Promise<ResponseToStore> {
  try {
    return (await toRollupItems(ctx, [row]))[0]!;
  } catch (e) {
    const version = await loadVersion(ctx, row.questionnaire_version_id);
    const next = version && redactFreeText(version.compiled, JSON.parse(row.answers));
    if (!next) throw e;
    const item = (await toRollupItems(ctx, [{ ...row, answers: JSON.stringify(next) }]))[0]!;
    return { ...item, row };
  }
}

export interface RetentionResult {
  /** Responses whose free text was replaced. */
  redacted: number;
  /** Responses deleted. */
  deleted: number;
  commentsBefore: string | null;
  rawBefore: string | null;
}

export async function applyRetention(
  ctx: AppContext,
  policy: RetentionPolicy,
  opts: { now?: Date; dryRun?: boolean; actor?: AuditActor } = {},
): Promise<RetentionResult> {
  const now = (opts.now ?? new Date()).getTime();
  const commentsBefore =
    policy.commentsDays === null
      ? null
      : new Date(now - policy.commentsDays * DAY_MS).toISOString();
  const rawBefore =
    policy.rawDays === null ? null : new Date(now - policy.rawDays * DAY_MS).toISOString();
  const result: RetentionResult = { redacted: 0, deleted: 0, commentsBefore, rawBefore };

  // Raw responses first: what is deleted need not be redacted.
  if (rawBefore) {
    if (opts.dryRun) result.deleted = await countOlderThan(ctx, rawBefore);
    else
      for (;;) {
        const ids = await listResponseIdsBefore(ctx.db, rawBefore, PAGE);
        if (ids.length === 0) break;
        await inTransaction(ctx.db, (trx) => deleteResponseRows(trx, ids));
        result.deleted += ids.length;
      }
  }

  if (commentsBefore) {
    let after = "";
    for (;;) {
      // Pages in id order (time-ordered UUIDv7), each in a transaction of its own, so
      // ingestion waits at most one page.
      // Not those the raw limit deletes (already gone, unless this is a dry run).
      const page = await listResponsePageBefore(ctx.db, {
        before: commentsBefore,
        notBefore: rawBefore,
        after,
        limit: PAGE,
      });
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      // Compiled before the transaction: on SQLite ctx.db is the connection it holds.
      for (const v of new Set(page.map((r) => r.questionnaire_version_id)))
        await loadVersion(ctx, v);
      result.redacted += await inTransaction(
        ctx.db,
        async (trx) => {
          const rows = (await listResponsesByIds(
            trx,
            page.map((r) => r.id),
          )) as Stored[];
          const changes: Array<{ row: Stored; next: Stored }> = [];
          for (const row of rows) {
            const version = await loadVersion(ctx, row.questionnaire_version_id);
            const next = version && redactFreeText(version.compiled, JSON.parse(row.answers));
            if (next) changes.push({ row, next: { ...row, answers: JSON.stringify(next) } });
          }
          if (opts.dryRun) return changes.length;
          for (const c of changes) await setResponseAnswers(trx, c.row.id, c.next.answers);
          // Free text adds nothing to the rollups, but a condition on it could change what
          // a response counts for: any difference is applied (−1 before, +1 after).
          const differ: Array<{ b: ResponseToStore; a: ResponseToStore }> = [];
          for (const c of changes) {
            if (c.row.flag_reason !== null) continue;
            const b = await rollupItemOf(ctx, c.row);
            const a = await rollupItemOf(ctx, c.next);
            if (JSON.stringify(b.rollup) !== JSON.stringify(a.rollup)) differ.push({ b, a });
          }
          if (differ.length > 0) {
            await applyToRollups(
              trx,
              differ.map((d) => d.b),
              -1,
            );
            await applyToRollups(
              trx,
              differ.map((d) => d.a),
              1,
            );
          }
          return changes.length;
        },
        { immediate: true },
      );
    }
  }

  if (!opts.dryRun && (result.redacted > 0 || result.deleted > 0)) {
    await flushErased(ctx.db);
    await insertAudit(ctx.db, {
      userId: opts.actor?.userId ?? null,
      action: "retention",
      entity: "response",
      after: {
        commentsDays: policy.commentsDays,
        rawDays: policy.rawDays,
        redacted: result.redacted,
        deleted: result.deleted,
      },
    });
  }
  return result;
}

/** How many responses hold answers older than a cut-off (for reports and the CLI). */
export async function countOlderThan(ctx: AppContext, iso: string): Promise<number> {
  return countResponsesBefore(ctx.db, iso);
}
