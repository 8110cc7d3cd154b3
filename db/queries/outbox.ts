/**
 * The outbox of events for other systems (issue 16 item 6). Provisional: this records nothing
 * yet; the outbox table, its deliverers and webhooks replace this file, keeping the signature.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema";

export type EventType =
  "response.accepted" | "response.flagged" | "response.restored" | "dossier.rated";

/** Writes an event in the caller's transaction (it exists only if that transaction commits). */
export async function recordEvent(
  _trx: Kysely<Database> | Transaction<Database>,
  _event: { type: EventType; data: Record<string, unknown> },
): Promise<void> {}
