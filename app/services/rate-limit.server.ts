/**
 * Fixed-window request counters per key (client address + token).
 * Kiosks behind one NAT share an address but not a token, so the key includes the token.
 *
 * Two stores (RATE_LIMIT_STORE):
 * - `memory`: a Map in this process. Right for one process; with N processes behind a load
 *   balancer a client would get N times the limit.
 * - `database`: the `rate_limit` table, one atomic upsert per request, shared by every process
 *   and machine on the database (UNLOGGED on PostgreSQL, so it costs no WAL flush).
 * The default is `database` on PostgreSQL (deployments that run several processes) and
 * `memory` on SQLite; `npm run start:cluster` sets `database`.
 */
import { sha256Base64url } from "~/utils/hash.server";
import type { Kysely } from "kysely";
import { isPostgresUrl } from "#db/create-db";
import { countRequest, deleteWindowsBefore } from "#db/queries/rate-limit";
import type { Database } from "#db/schema";
import { envInt } from "~/utils/env.server";
import { appContext } from "./context.server";

export interface Limiter {
  /** True when the request may go on. */
  take(key: string, now?: number): boolean | Promise<boolean>;
}

export class RateLimiter implements Limiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** True when the request may go on. A limit of 0 turns the limiter off. */
  take(key: string, now = Date.now()): boolean {
    if (this.limit <= 0) return true;
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.sweep(now);
      this.windows.set(key, { start: now, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}

/**
 * The same limit kept in the database, so every process sees one count per key. Windows are
 * aligned to the clock (floor(now / window)), which all processes agree on without talking.
 * When the database does not answer, the request goes on (fail open): storing the response
 * needs the database anyway and will answer 503 by itself.
 */
export class DatabaseRateLimiter implements Limiter {
  private lastSweep = 0;
  private warned = false;

  constructor(
    private readonly db: () => Kysely<Database> | Promise<Kysely<Database>>,
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  async take(key: string, now = Date.now()): Promise<boolean> {
    if (this.limit <= 0) return true;
    const window = Math.floor(now / this.windowMs);
    try {
      const db = await this.db();
      const row = await countRequest(db, hashKey(key), window);
      if (now - this.lastSweep >= this.windowMs) {
        this.lastSweep = now;
        // Past windows are never read again; any process may delete them (once a window each).
        await deleteWindowsBefore(db, window);
      }
      this.warned = false;
      return Number(row.count) <= this.limit;
    } catch (e) {
      if (!this.warned) {
        // Once per outage, not once per request.
        this.warned = true;
        console.error("rate limit store unavailable, not limiting:", (e as Error).message);
      }
      return true;
    }
  }
}

/** The client address is personal data: only a digest of it is stored. */
function hashKey(key: string): string {
  return sha256Base64url(key).slice(0, 32);
}

export type RateLimitStore = "memory" | "database";

export function rateLimitStore(
  env: Record<string, string | undefined> = process.env,
): RateLimitStore {
  const chosen = env.RATE_LIMIT_STORE;
  if (chosen === "memory" || chosen === "database") return chosen;
  if (chosen) throw new Error(`RATE_LIMIT_STORE must be "memory" or "database", not "${chosen}"`);
  return isPostgresUrl(env.DATABASE_URL ?? "") ? "database" : "memory";
}

function makeLimiter(limit: number): Limiter {
  // RATE_LIMIT_PER_MINUTE=0 turns every submission limit off (benchmarks, load tests).
  if (process.env.RATE_LIMIT_PER_MINUTE === "0") return new RateLimiter(0);
  if (rateLimitStore() === "memory") return new RateLimiter(limit);
  return new DatabaseRateLimiter(async () => (await appContext()).db, limit);
}

/** The limits on submissions, per minute; where each applies is told in ingest.server.ts. */
export interface SubmissionLimits {
  /** Per client address and token: the first check, before anything is read. */
  client: Limiter;
  /** Per client address over every token (public links): a hall full of phones on one Wi-Fi. */
  address: Limiter | null;
  /**
   * Per token over every address (public links), once the answers passed validation: a link
   * passed around cannot be flooded from many machines, and a stream of invalid answers
   * cannot use it up and turn an honest respondent away.
   */
  token: Limiter | null;
}

export const submissionLimits: SubmissionLimits = {
  client: makeLimiter(envInt("RATE_LIMIT_PER_MINUTE", 120)),
  address: makeLimiter(envInt("RATE_LIMIT_PER_ADDRESS_PER_MINUTE", 300)),
  token: makeLimiter(envInt("RATE_LIMIT_PER_TOKEN_PER_MINUTE", 600)),
};
