/**
 * The outbox's old events go: a recurring job deletes events older than OUTBOX_RETENTION_DAYS
 * (90 by default) with their delivery log, once no webhook needs them. An event still waiting
 * for a delivery (a retry, a replay) is never deleted, and one dead-lettered is kept as long
 * again after it died, so the administrator's "send again" still finds it (docs/webhooks.md).
 */
import { pruneEvents } from "#db/queries/outbox";
import { inTransaction } from "#db/transaction";
import type { AppContext } from "./context.server";
import { defineRecurring } from "./recurring.server";

const DAY_MS = 86_400_000;
export const DEFAULT_RETENTION_DAYS = 90;
/** Events per transaction: short transactions, so ingestion never waits long behind one. */
const CHUNK = 500;

/** OUTBOX_RETENTION_DAYS, checked (README, "Configuration"). */
export function outboxRetentionDays(): number {
  const raw = process.env.OUTBOX_RETENTION_DAYS;
  if (raw === undefined || raw === "") return DEFAULT_RETENTION_DAYS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3650)
    throw new Error("OUTBOX_RETENTION_DAYS must be a whole number of days from 1 to 3650");
  return n;
}

/** Deletes what no webhook needs any more; returns how many events went. */
export async function pruneOutbox(
  ctx: AppContext,
  now = new Date(),
  days = outboxRetentionDays(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  let total = 0;
  for (;;) {
    const n = await inTransaction(ctx.db, (trx) =>
      pruneEvents(trx, { before: cutoff, deadSince: cutoff, limit: CHUNK }),
    );
    total += n;
    if (n < CHUNK) return total;
    // Let other work run between chunks.
    await new Promise((r) => setImmediate(r));
  }
}

/** Every six hours. */
export const outboxPruning = defineRecurring({
  name: "outbox.prune",
  describe: (_s, t) => t("webhooks.job.prune"),
  maxAttempts: 3,
  timeoutSeconds: 600,
  everyMs: () => 6 * 3_600_000,
  run: (ctx) => pruneOutbox(ctx),
});
