/**
 * System clients: another system (a one-stop system, a hospital information system) acting
 * through `Authorization: Bearer hlc_…` over one unit's subtree. An administrator of that unit
 * creates one at /admin/clients (or the server's operator with `npm run create-client`); the
 * token is 32 random bytes shown once, stored only as its sha256. Revoking stops it at once;
 * creating and revoking are audited, and each dossier a client writes is audited under it.
 */
import { randomBytes } from "node:crypto";
import { insertAudit } from "#db/queries/audit";
import {
  findSystemClient,
  findSystemClientByHash,
  insertSystemClient,
  listSystemClientsUnder,
  revokeSystemClient,
  touchSystemClient,
} from "#db/queries/system-clients";
import { findUnitByCode, listUnitsByIds } from "#db/queries/unit-tree";
import { inTransaction } from "#db/transaction";
import { can } from "~/domain/access";
import { isActiveOn, vietnamDate } from "~/domain/units";
import { sha256Hex } from "~/utils/hash.server";
import { apiError } from "~/utils/http.server";
import { DEFAULT_LOCALE, translator } from "~/utils/i18n";
import type { AppContext } from "./context.server";
import { NOT_FOUND, pathsWith, ServiceError, type Actor } from "./service-error.server";

export const CLIENT_TOKEN_PREFIX = "hlc_";
/** last_used_at is written at most this often per client. */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface AuthenticatedClient {
  clientId: string;
  unitId: string;
  name: string;
  /** The subtree it acts in: unit paths starting with this. */
  unitPath: string;
}

export interface NewClient {
  name: string;
  /** The unit by id (the page) or by code (the command). */
  unitId?: string;
  unitCode?: string;
}

/**
 * Creates a client over a unit. `actor` null: the server's operator (npm run create-client);
 * otherwise an administrator of the unit (404 for a unit outside their subtree).
 * Returns the token, which is never shown again.
 */
export async function createClient(ctx: AppContext, input: NewClient, actor: Actor | null) {
  const name = input.name.trim().replace(/\s+/g, " ");
  if (name.length < 2 || name.length > 120) throw new ServiceError(400, "clients.error.name");
  const unit = input.unitId
    ? (await listUnitsByIds(ctx.db, [input.unitId]))[0]
    : input.unitCode
      ? await findUnitByCode(ctx.db, input.unitCode)
      : undefined;
  if (!unit)
    throw new ServiceError(404, input.unitCode ? "clients.error.unitCode" : NOT_FOUND, {
      code: input.unitCode ?? "",
    });
  if (actor && !can(actor.grants, "users.manage", unit.path))
    throw new ServiceError(404, NOT_FOUND);
  if (!isActiveOn(unit, vietnamDate(new Date())))
    throw new ServiceError(409, "clients.error.unitInactive", { name: unit.name });
  const token = `${CLIENT_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await inTransaction(ctx.db, async (trx) => {
    const row = await insertSystemClient(trx, {
      name,
      unitId: unit.id,
      tokenHash: sha256Hex(token),
      prefix: token.slice(0, CLIENT_TOKEN_PREFIX.length + 6),
      createdBy: actor?.id ?? null,
    });
    await insertAudit(trx, {
      userId: actor?.id ?? null,
      action: "create",
      entity: "system_client",
      entityId: row.id,
      unitId: unit.id,
      after: { name, unitCode: unit.code, via: actor ? "admin" : "create-client" },
    });
    return row;
  });
  return { token, id: row.id, name, unitName: unit.name, unitCode: unit.code };
}

export async function revokeClient(ctx: AppContext, id: string, actor: Actor, now = new Date()) {
  await inTransaction(ctx.db, async (trx) => {
    const client = await findSystemClient(trx, id);
    if (!client || !can(actor.grants, "users.manage", client.unit_path))
      throw new ServiceError(404, NOT_FOUND);
    if (await revokeSystemClient(trx, id, now.toISOString()))
      await insertAudit(trx, {
        userId: actor.id,
        action: "revoke",
        entity: "system_client",
        entityId: id,
        unitId: client.unit_id,
        after: { name: client.name },
      });
  });
}

/** The clients of the administrator's subtrees. */
export function listClients(ctx: AppContext, actor: Actor) {
  return listSystemClientsUnder(ctx.db, pathsWith(actor, "users.manage"));
}

/**
 * The client behind `Authorization: Bearer hlc_…`. Throws ServiceError 401 without a valid,
 * unrevoked token, and 403 when its unit has been ended (it acts nowhere then).
 */
export async function authenticateClient(
  ctx: AppContext,
  request: Request,
  now = new Date(),
): Promise<AuthenticatedClient> {
  const m = /^Bearer\s+(hlc_[A-Za-z0-9_-]{20,100})\s*$/.exec(
    request.headers.get("Authorization") ?? "",
  );
  if (!m) throw new ServiceError(401, "clients.error.unauthorized");
  const client = await findSystemClientByHash(ctx.db, sha256Hex(m[1]!));
  if (!client || client.revoked_at) throw new ServiceError(401, "clients.error.unauthorized");
  if (!isActiveOn(client, vietnamDate(now))) throw new ServiceError(403, "clients.error.unitEnded");
  if (!client.last_used_at || now.getTime() - Date.parse(client.last_used_at) > TOUCH_EVERY_MS)
    await touchSystemClient(ctx.db, client.id, now.toISOString());
  return {
    clientId: client.id,
    unitId: client.unit_id,
    name: client.name,
    unitPath: client.unit_path,
  };
}

/** A refusal of a system client's API as JSON: its code is the message key's last part. */
export function apiRefusal(e: ServiceError): Response {
  const res = apiError(e.status, e.key.split(".").pop()!, e.in(translator(DEFAULT_LOCALE)));
  if (e.status === 401) res.headers.set("WWW-Authenticate", 'Bearer realm="hai-long"');
  return res;
}
