/**
 * Sign-in and sessions; the guards every protected loader and action calls itself (in Remix a
 * parent layout's check does not protect child loaders) are in app/utils/guards.server.ts.
 * Passwords: scrypt (node:crypto). Sessions: a random token in an HttpOnly cookie,
 * stored only as its sha256. State-changing requests of a signed-in user must come
 * from this origin (Origin header), which stops cross-site request forgery.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { findUser, findUserByLogin, listGrants } from "#db/queries/users";
import { insertAudit } from "#db/queries/audit";
import {
  deleteSession,
  deleteUserSessions,
  findSession,
  insertSession,
} from "#db/queries/sessions";
import type { Grant, Role } from "~/domain/access";
import { UserFacingError } from "~/utils/i18n";
import type { AppContext } from "./context.server";
import {
  activeLocks,
  clearThrottle,
  isKnownDevice,
  recordFailure,
  reserve,
  THROTTLES,
  throttleKey,
  type ThrottleKey,
} from "./sign-in-throttle.server";
import { sha256Hex } from "~/utils/hash.server";

const scryptAsync = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(pw, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 };
export const MIN_PASSWORD_LENGTH = 10;
export const SESSION_DAYS = 7;
export const SESSION_COOKIE = "hl_session";

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.keylen, {
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
  });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await scryptAsync(password, Buffer.from(salt, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(key, expected);
}

/** Why the password is too weak (a message to translate), or null. */
export function passwordProblem(password: string, login?: string): UserFacingError | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return new UserFacingError("password.error.short", { n: MIN_PASSWORD_LENGTH });
  if (login && password.toLowerCase().includes(login.toLowerCase()))
    return new UserFacingError("password.error.containsLogin");
  return null;
}

// A hash to compare against when the login does not exist, so timing does not tell.
const DUMMY_HASH = hashPassword(randomBytes(16).toString("hex"));

export type SignInResult =
  { ok: true; userId: string } | { ok: false; reason: "invalid" | "locked"; until?: string };

export interface SignInFrom {
  /** The client's address (Express req.ip); loopback is not counted. */
  address?: string;
  /** The browser's hl_device token, if it has one. */
  device?: string | null;
  now?: Date;
}

const isLoopback = (a: string) => a === "::1" || a.startsWith("127.") || a === "::ffff:127.0.0.1";

/**
 * Checks a password under the throttle (sign-in-throttle.server.ts). Every outcome, locked,
 * unknown, disabled or wrong, reserves its attempts and checks one scrypt hash, so neither
 * the answer nor its timing tells them apart (unknown logins lock like real ones).
 */
export async function signIn(
  ctx: AppContext,
  login: string,
  password: string,
  from: SignInFrom = {},
): Promise<SignInResult> {
  const now = from.now ?? new Date();
  const name = login.trim().toLowerCase();
  const found = await findUserByLogin(ctx.db, name);
  const user = found && !found.disabled_at ? found : undefined;
  const device = from.device ?? null;
  const keys: ThrottleKey[] =
    user && device && (await isKnownDevice(ctx.db, device, user.id))
      ? [{ kind: "device", key: throttleKey("device", device) }]
      : [
          { kind: "account", key: throttleKey("account", name) },
          ...(from.address && !isLoopback(from.address)
            ? [{ kind: "address" as const, key: throttleKey("address", from.address) }]
            : []),
        ];
  const reserved: Array<{ key: ThrottleKey; failures: number }> = [];
  let lockedUntil: string | null = null;
  for (const key of keys) {
    const r = await reserve(ctx.db, key, now);
    if (r.ok) reserved.push({ key, failures: r.failures });
    else if (!lockedUntil || r.lockedUntil > lockedUntil) lockedUntil = r.lockedUntil;
  }
  const right = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH));
  if (lockedUntil) {
    // The reservations that passed still count: a locked key must not open the others.
    for (const r of reserved) await recordFailure(ctx.db, r.key, r.failures, now);
    return { ok: false, reason: "locked", until: lockedUntil };
  }
  if (user && right) {
    await clearThrottle(
      ctx.db,
      reserved.filter((r) => r.key.kind !== "address").map((r) => r.key.key),
    );
    return { ok: true, userId: user.id };
  }
  let until: string | null = null;
  for (const r of reserved) {
    const u = await recordFailure(ctx.db, r.key, r.failures, now);
    if (u && (!until || u > until)) until = u;
    if (u && user && r.key.kind === "account" && r.failures === THROTTLES.account.max)
      await insertAudit(ctx.db, {
        userId: user.id,
        action: "lock",
        entity: "user",
        entityId: user.id,
      });
  }
  return until ? { ok: false, reason: "locked", until } : { ok: false, reason: "invalid" };
}

/** Lifts an account's lock (`npm run unlock`): its login's failures are forgotten. */
export async function unlockAccount(ctx: AppContext, login: string) {
  await clearThrottle(ctx.db, [throttleKey("account", login.trim().toLowerCase())]);
}

/** Until when each login is locked, for those that are now. */
export async function accountLocks(ctx: AppContext, logins: readonly string[], now = new Date()) {
  const keyOf = new Map(logins.map((l) => [throttleKey("account", l), l]));
  const locks = await activeLocks(ctx.db, [...keyOf.keys()], now);
  return new Map([...locks].map(([key, until]) => [keyOf.get(key)!, until]));
}

export function isSecure(request: Request) {
  return new URL(request.url).protocol === "https:" || process.env.COOKIE_SECURE === "1";
}

function cookie(request: Request, value: string, maxAgeSeconds: number) {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (isSecure(request)) parts.push("Secure");
  return parts.join("; ");
}

function readToken(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  const m = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]{20,100})`).exec(header);
  return m?.[1] ?? null;
}

/**
 * A new session (a new token at every sign-in, so a token planted before sign-in is
 * worthless); the old one, if any, is deleted. Returns the Set-Cookie header.
 */
export async function startSession(
  ctx: AppContext,
  request: Request,
  userId: string,
): Promise<string> {
  const old = readToken(request);
  if (old) await deleteSession(ctx.db, sha256Hex(old));
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await insertSession(ctx.db, {
    id: sha256Hex(token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
  });
  await insertAudit(ctx.db, { userId, action: "sign_in", entity: "user", entityId: userId });
  return cookie(request, token, SESSION_DAYS * 86_400);
}

export async function endSession(ctx: AppContext, request: Request): Promise<string> {
  const token = readToken(request);
  if (token) await deleteSession(ctx.db, sha256Hex(token));
  return cookie(request, "", 0);
}

/** Ends every session of a user (after a password change, a lock, a removal). */
export async function endAllSessions(ctx: AppContext, userId: string) {
  await deleteUserSessions(ctx.db, userId);
}

export interface SessionUser {
  id: string;
  login: string;
  name: string;
  grants: Array<Grant & { unitId: string; unitName: string }>;
}

export async function findSessionUser(
  ctx: AppContext,
  request: Request,
): Promise<SessionUser | null> {
  const token = readToken(request);
  if (!token) return null;
  const session = await findSession(ctx.db, sha256Hex(token));
  if (!session || session.expires_at <= new Date().toISOString()) return null;
  const user = await findUser(ctx.db, session.user_id);
  if (!user || user.disabled_at) return null;
  const grants = await listGrants(ctx.db, user.id);
  return {
    id: user.id,
    login: user.login,
    name: user.name,
    grants: grants.map((g) => ({
      role: g.role as Role,
      unitPath: g.unitPath,
      unitId: g.unitId,
      unitName: g.unitName,
    })),
  };
}
