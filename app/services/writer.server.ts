/**
 * Group commit: submissions that arrive while a transaction is being written wait
 * and go together in the next one. Each caller is answered only after the
 * transaction holding its response and rollup rows has committed (synchronous=FULL
 * on SQLite), so an acknowledged response is on disk, and one fsync serves many
 * (docs/decisions/004-group-commit.md).
 */
import type { Kysely } from "kysely";
import { insertAudit } from "#db/queries/audit";
import { claimDossierRatings, type DossierClaim } from "#db/queries/dossiers";
import { claimInvitation } from "#db/queries/invitations";
import { recordAccepted } from "#db/queries/outbox";
import { insertResponses, type ResponseToStore } from "#db/queries/responses";
import type { Database } from "#db/schema";
import { inTransaction } from "#db/transaction";

const MAX_BATCH = 2000;

/** One submission to store: its row (flag_reason decided before), rollup entries, claims. */
export interface ResponseWrite extends ResponseToStore {
  /** A single-use invitation code to claim for this response in its transaction. */
  invitation?: string | null;
  /** The dossier this response rates: its one rating, claimed in the same transaction. */
  dossier?: DossierClaim;
}

/**
 * stored: written now. known: this client id was already stored (a retry). invitation_used:
 * another client holds the code, nothing was written. dossier_already_rated: another response
 * rated the dossier first, nothing was written.
 */
export type WriteOutcome = "stored" | "known" | "invitation_used" | "dossier_already_rated";

/**
 * The write step of a submission, for a batch in one transaction. Locks are taken in one
 * order in every transaction (dossiers by id, invitations by token, responses by client id,
 * then units and rollup rows), so concurrent writers on PostgreSQL queue instead of deadlocking.
 */
async function writeBatch(
  trx: Kysely<Database>,
  batch: readonly ResponseWrite[],
): Promise<WriteOutcome[]> {
  // 1. A dossier's one rating (db/queries/dossiers.ts, dossiers by id): a response whose
  //    dossier another response holds is not stored. Its dossier.rated event goes with it.
  const rated = batch.filter((w) => w.dossier);
  const taken =
    rated.length > 0
      ? await claimDossierRatings(
          trx,
          rated.map((w) => w.dossier!),
        )
      : new Set<string>();
  const ratedFirst = new Set(rated.filter((w) => taken.has(w.row.client_id)));
  // 1b. Single-use codes: a response whose code another client holds is not stored.
  const refused = new Set<ResponseWrite>();
  const claims = batch
    .filter((w) => w.invitation && !ratedFirst.has(w))
    .sort((a, b) => cmp(a.invitation!, b.invitation!));
  for (const w of claims) {
    const at = w.row.submitted_at;
    if (!(await claimInvitation(trx, w.invitation!, w.row.client_id, at))) refused.add(w);
  }
  const admitted = batch.filter((w) => !refused.has(w) && !ratedFirst.has(w));
  // 2. The responses and their rollups; a response flagged before the write is stored, not
  //    counted, and its flag is audited as moderation.server.ts audits one set afterwards.
  const inserted = await insertResponses(trx, admitted);
  // Within one batch the first of two equal client ids wins, like across batches.
  const stored: ResponseWrite[] = [];
  const seen = new Set<string>();
  const outcomes = batch.map((w): WriteOutcome => {
    if (refused.has(w)) return "invitation_used";
    if (ratedFirst.has(w)) return "dossier_already_rated";
    const id = w.row.client_id;
    const first = inserted.has(id) && !seen.has(id);
    seen.add(id);
    if (!first) return "known";
    stored.push(w);
    return "stored";
  });
  for (const { row } of stored) {
    if (row.flag_reason)
      await insertAudit(trx, {
        userId: null,
        action: "flag",
        entity: "response",
        entityId: row.id,
        after: { reason: row.flag_reason },
        unitId: row.unit_id,
      });
  }
  // 3. Writes that go with each stored response (`stored`) and must commit or roll back with
  //    it belong here, in this transaction: an outbox row per response, for instance.
  //    The outbox: response.accepted per stored response, and response.flagged for one stored
  //    flagged (db/queries/outbox.ts, docs/webhooks.md).
  await recordAccepted(
    trx,
    stored.map((w) => w.row),
  );
  return outcomes;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Pending {
  item: ResponseWrite;
  resolve: (outcome: WriteOutcome) => void;
  reject: (e: unknown) => void;
}

export class ResponseWriter {
  private queue: Pending[] = [];
  private running = false;

  constructor(private readonly db: Kysely<Database>) {}

  /** Resolves once the transaction holding this submission has committed. */
  write(item: ResponseWrite): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain() {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        // inTransaction, not db.transaction(): a failed batch reports its cause (SQLITE_FULL…).
        const outcomes = await inTransaction(this.db, (trx) =>
          writeBatch(
            trx,
            batch.map((p) => p.item),
          ),
        );
        batch.forEach((p, i) => p.resolve(outcomes[i]!));
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    this.running = false;
  }
}
