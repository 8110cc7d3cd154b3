/**
 * Group commit: submissions that arrive while a transaction is being written wait
 * and go together in the next one. Each caller is answered only after the
 * transaction holding its response and rollup rows has committed (synchronous=FULL
 * on SQLite), so an acknowledged response is on disk, and one fsync serves many.
 */
import type { Kysely } from "kysely";
import { insertResponses, type ResponseToStore } from "#db/queries/responses";
import type { Database } from "#db/schema";
import { inTransaction } from "#db/transaction";

const MAX_BATCH = 2000;

interface Pending {
  item: ResponseToStore;
  resolve: (inserted: boolean) => void;
  reject: (e: unknown) => void;
}

export class ResponseWriter {
  private queue: Pending[] = [];
  private running = false;

  constructor(private readonly db: Kysely<Database>) {}

  /** Resolves true when stored now, false when this client id was already stored. */
  write(item: ResponseToStore): Promise<boolean> {
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
        const inserted = await inTransaction(this.db, (trx) =>
          insertResponses(
            trx,
            batch.map((p) => p.item),
          ),
        );
        // Within one batch the first of two equal client ids wins, like across batches.
        const answered = new Set<string>();
        for (const p of batch) {
          const id = p.item.row.client_id;
          p.resolve(inserted.has(id) && !answered.has(id));
          answered.add(id);
        }
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    this.running = false;
  }
}
