/**
 * How many passwords may be tried, and by whom. Three counters (sign_in_throttle):
 *
 * | key      | counts failures of                  | locked after | forgotten after |
 * |----------|-------------------------------------|--------------|-----------------|
 * | account  | a login (known or not) from browsers | 5            | 24 h quiet      |
 * |          | that never signed in to it          |              |                 |
 * | address  | one client address, any login        | 50           | 1 h quiet       |
 * | device   | a browser that signed in before      | 10           | 24 h quiet      |
 *
 * Past its limit a key waits 1, 2, 4, 8, then 15 minutes per further failure. A browser that
 * signed in to the account before (its hl_device cookie) is counted on its own key only, so
 * guesses from elsewhere never lock the owner out of their usual browser, the only top
 * administrator included; administrators also unlock the accounts they manage, and
 * `npm run unlock -- --login …` does it from the server.
 *
 * An attempt is reserved before the password is checked, with one upsert per key that adds
 * the attempt and returns the count, or returns nothing while the key is locked (its WHERE
 * is checked again on the row as it is once concurrent writers committed, on SQLite and
 * PostgreSQL alike). So 30 parallel guesses check at most 5 passwords (reading the count and
 * writing it afterwards let 27 through).
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import {
  deleteSignInDevices,
  deleteThrottles,
  findSignInDevice,
  findThrottleLock,
  insertSignInDevice,
  listThrottleLocks,
  setThrottleLock,
  upsertThrottleAttempt,
} from "#db/queries/sign-in-throttle";
import type { Database } from "#db/schema";
import { sha256Hex } from "~/utils/hash.server";

export type ThrottleKind = "account" | "address" | "device";

export const THROTTLES: Record<ThrottleKind, { max: number; forgetAfterMs: number }> = {
  account: { max: 5, forgetAfterMs: 24 * 3600_000 },
  address: { max: 50, forgetAfterMs: 3600_000 },
  device: { max: 10, forgetAfterMs: 24 * 3600_000 },
};
export const MAX_LOCK_MINUTES = 15;

/** Minutes a key waits after its `failures`-th failure: 1, 2, 4, 8, then 15. */
export function lockMinutes(kind: ThrottleKind, failures: number): number {
  const past = failures - THROTTLES[kind].max;
  return past < 0 ? 0 : Math.min(MAX_LOCK_MINUTES, 2 ** past);
}

/** The stored key: a digest, so the table names no login or address. */
export const throttleKey = (kind: ThrottleKind, value: string) => sha256Hex(`${kind}:${value}`);

export interface ThrottleKey {
  kind: ThrottleKind;
  key: string;
}

export type Reservation = { ok: true; failures: number } | { ok: false; lockedUntil: string };

/** One attempt on `key`, counted before the password is checked; refused while locked. */
export async function reserve(
  db: Kysely<Database>,
  { kind, key }: ThrottleKey,
  now: Date,
): Promise<Reservation> {
  const { max, forgetAfterMs } = THROTTLES[kind];
  const at = now.toISOString();
  const stale = new Date(now.getTime() - forgetAfterMs).toISOString();
  // Held locked while the password is checked; the failure then sets the real wait.
  const checking = new Date(now.getTime() + MAX_LOCK_MINUTES * 60_000).toISOString();
  const row = await upsertThrottleAttempt(db, { key, max, at, stale, checking });
  if (row) return { ok: true, failures: Number(row.failures) };
  const held = await findThrottleLock(db, key);
  return { ok: false, lockedUntil: held?.locked_until ?? checking };
}

/** After a wrong password: the key's wait, when it is past its limit (else the lock is lifted). */
export async function recordFailure(
  db: Kysely<Database>,
  { kind, key }: ThrottleKey,
  failures: number,
  now: Date,
): Promise<string | null> {
  const minutes = lockMinutes(kind, failures);
  const until = minutes > 0 ? new Date(now.getTime() + minutes * 60_000).toISOString() : null;
  await setThrottleLock(db, key, until);
  return until;
}

/** Forgets the keys' failures (the right password, or an administrator's unlock). */
export async function clearThrottle(db: Kysely<Database>, keys: readonly string[]) {
  if (keys.length > 0) await deleteThrottles(db, keys);
}

/** Locks still running, by key. */
export async function activeLocks(
  db: Kysely<Database>,
  keys: readonly string[],
  now: Date,
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await listThrottleLocks(db, keys, now.toISOString());
  return new Map(rows.map((r) => [r.key, r.locked_until!]));
}

// ---------------------------------------------------------------- known browsers

export const DEVICE_COOKIE = "hl_device";
const DEVICE_DAYS = 365;

export function readDeviceCookie(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  const m = new RegExp(`(?:^|;\\s*)${DEVICE_COOKIE}=([A-Za-z0-9_-]{43})(?:;|$)`).exec(header);
  return m?.[1] ?? null;
}

/** Has this browser signed in to this account before? */
export async function isKnownDevice(db: Kysely<Database>, token: string | null, userId: string) {
  if (!token) return false;
  const row = await findSignInDevice(db, sha256Hex(token), userId);
  return row !== undefined;
}

/**
 * Remembers the browser for this account after a successful sign-in. Returns the cookie to
 * set when the browser had none yet (one token per browser, for every account used on it).
 */
export async function rememberDevice(
  db: Kysely<Database>,
  token: string | null,
  userId: string,
  secure: boolean,
): Promise<string | null> {
  const kept = token ?? randomBytes(32).toString("base64url");
  await insertSignInDevice(db, {
    tokenHash: sha256Hex(kept),
    userId,
    createdAt: new Date().toISOString(),
  });
  if (token) return null;
  const parts = [
    `${DEVICE_COOKIE}=${kept}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${DEVICE_DAYS * 86_400}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** Forgets every browser of the account (a password change: trust is earned again). */
export async function forgetDevices(db: Kysely<Database>, userId: string) {
  await deleteSignInDevices(db, userId);
}
