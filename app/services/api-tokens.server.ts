/**
 * Personal API tokens for the analysts' API. A token is 32 random bytes shown once at
 * creation; only its sha256 is stored (a copy of the database gives nobody access). A
 * token acts with its owner's roles as they are at each request: a role taken away, a
 * disabled account or a revoked or expired token stops it at once. A password change and
 * disabling the account revoke every token of the owner (enabling it again revives none).
 */
import { randomBytes } from "node:crypto";
import { insertAudit } from "#db/queries/audit";
import {
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from "#db/queries/api-tokens";
import { findUser, listGrants } from "#db/queries/users";
import type { Role } from "~/domain/access";
import { MAX_TOKEN_DAYS, TOKEN_PREFIX } from "~/domain/api-token";
import { apiError } from "~/utils/http.server";
import type { SessionUser } from "./auth.server";
import { appContext, type AppContext } from "./context.server";
import { sha256Hex } from "~/utils/hash.server";

export { MAX_TOKEN_DAYS, TOKEN_PREFIX };
/** last_used_at is written at most this often per token (a write per API call is waste). */
const TOUCH_EVERY_MS = 5 * 60_000;

export async function createApiToken(
  ctx: AppContext,
  userId: string,
  name: string,
  days: number = MAX_TOKEN_DAYS,
  now = new Date(),
) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(
    now.getTime() + Math.min(Math.max(1, days), MAX_TOKEN_DAYS) * 86_400_000,
  ).toISOString();
  const row = await insertApiToken(ctx.db, {
    userId,
    name,
    tokenHash: sha256Hex(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    expiresAt,
  });
  await insertAudit(ctx.db, {
    userId,
    action: "create",
    entity: "api_token",
    entityId: row.id,
    after: { name, expiresAt },
  });
  return { token, id: row.id, expiresAt };
}

export async function revokeOwnApiToken(ctx: AppContext, userId: string, id: string) {
  const done = await revokeApiToken(ctx.db, userId, id);
  if (done)
    await insertAudit(ctx.db, { userId, action: "revoke", entity: "api_token", entityId: id });
  return done;
}

export function listOwnApiTokens(ctx: AppContext, userId: string) {
  return listApiTokens(ctx.db, userId);
}

/** The user behind `Authorization: Bearer hl_…`, with their current roles; null if none is valid. */
export async function findApiTokenUser(
  ctx: AppContext,
  request: Request,
  now = new Date(),
): Promise<SessionUser | null> {
  const m = /^Bearer\s+(hl_[A-Za-z0-9_-]{20,100})\s*$/.exec(
    request.headers.get("Authorization") ?? "",
  );
  if (!m) return null;
  const token = await findApiTokenByHash(ctx.db, sha256Hex(m[1]!));
  if (!token || token.revoked_at) return null;
  if (token.expires_at && token.expires_at <= now.toISOString()) return null;
  const user = await findUser(ctx.db, token.user_id);
  if (!user || user.disabled_at) return null;
  // Made before the owner's password last changed: revoked then; refused here as well.
  if (token.created_at < user.password_changed_at) return null;
  if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) > TOUCH_EVERY_MS)
    await touchApiToken(ctx.db, token.id, now.toISOString());
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

/** The token's user, or a 401 JSON answer (the API has no sign-in page to redirect to). */
export async function requireApiUser(request: Request): Promise<SessionUser> {
  const user = await findApiTokenUser(await appContext(), request);
  if (!user) {
    throw new Response(
      JSON.stringify({
        error: "unauthorized",
        message:
          "Cần mã truy cập API hợp lệ: tiêu đề Authorization: Bearer hl_… (tạo tại trang Xuất dữ liệu).",
      }),
      {
        status: 401,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Cache-Control": "no-store",
          "WWW-Authenticate": 'Bearer realm="hai-long"',
        },
      },
    );
  }
  return user;
}

export { apiError };
