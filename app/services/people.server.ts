/**
 * Users ("người dùng", the people who sign in) and their roles, as administrators manage them
 * (users.manage over a subtree): the /admin/people pages.
 * An administrator sees the people holding a role inside their subtree, and only those roles;
 * they change roles inside it, and disable or unlock someone only when every role of that
 * person is inside it (otherwise another administrator shares the account). Nobody changes
 * their own account here. Every change is audited in the same transaction.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { insertAudit } from "#db/queries/audit";
import { revokeAllApiTokens } from "#db/queries/api-tokens";
import {
  deleteGrant,
  listGrantHoldersUnder,
  listGrantsOfUsers,
  listUsersByIds,
  setUserDisabledAt,
} from "#db/queries/people";
import { deleteUserSessions } from "#db/queries/sessions";
import { findUnit } from "#db/queries/units";
import { findUser, insertGrant } from "#db/queries/users";
import { inTransaction } from "#db/transaction";
import { ROLES, type Role } from "~/domain/access";
import { accountLocks } from "./auth.server";
import type { AppContext } from "./context.server";
import { clearThrottle, throttleKey } from "./sign-in-throttle.server";
import {
  assertReach,
  invalidInput,
  NOT_FOUND,
  pathsWith,
  ServiceError,
  type Actor,
} from "./service-error.server";
import { createUser } from "./users.server";

const inside = (path: string, roots: readonly string[]) => roots.some((r) => path.startsWith(r));

async function grantsOfUsers(ctx: AppContext, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return listGrantsOfUsers(ctx.db, userIds);
}

export interface UserView {
  id: string;
  login: string;
  name: string;
  disabled: boolean;
  lockedUntil: string | null;
  /** Only the roles inside the administrator's subtree. */
  roles: Array<{ unitId: string; unitName: string; unitCode: string; role: Role }>;
  /** Roles elsewhere: counted, never named. */
  otherRoles: number;
  /** Every role is inside the subtree: the administrator may disable or unlock the account. */
  fullyManaged: boolean;
}

/** The people who hold a role inside the actor's users.manage subtree. */
export async function listManagedUsers(ctx: AppContext, actor: Actor, now = new Date()) {
  const roots = pathsWith(actor, "users.manage");
  if (roots.length === 0) return [];
  const ids = await listGrantHoldersUnder(ctx.db, roots);
  const userIds = ids.map((r) => r.user_id);
  if (userIds.length === 0) return [];
  const users = await listUsersByIds(ctx.db, userIds);
  const heldGrants = await grantsOfUsers(ctx, userIds);
  const locks = await accountLocks(
    ctx,
    users.map((u) => u.login),
    now,
  );
  return users.map((u): UserView => {
    const mine = heldGrants.filter((m) => m.user_id === u.id);
    const visible = mine.filter((m) => inside(m.path, roots));
    return {
      id: u.id,
      login: u.login,
      name: u.name,
      disabled: u.disabled_at !== null,
      lockedUntil: locks.get(u.login) ?? null,
      roles: visible.map((m) => ({
        unitId: m.unit_id,
        unitName: m.unit_name,
        unitCode: m.unit_code,
        role: m.role as Role,
      })),
      otherRoles: mine.length - visible.length,
      fullyManaged: visible.length === mine.length,
    };
  });
}

/** One person, or 404 when they hold no role inside the actor's subtree. */
export async function getManagedUser(
  ctx: AppContext,
  userId: string,
  actor: Actor,
  now = new Date(),
) {
  const person = (await listManagedUsers(ctx, actor, now)).find((p) => p.id === userId);
  if (!person) throw new ServiceError(404, NOT_FOUND);
  return person;
}

const role = z.enum(ROLES);

const CreateSchema = z.object({
  login: z.string().trim().min(1, "person.error.login").max(64),
  name: z.string().trim().max(200).default(""),
  password: z.string().max(200).default(""),
  unitId: z.string().min(1, "person.error.unit"),
  role,
});

/**
 * A new user with one role over a unit the actor manages (createUser writes it). Without a
 * password one is generated and returned, to be handed over once (it is stored only as a hash).
 */
export async function createManagedUser(ctx: AppContext, input: unknown, actor: Actor) {
  const parsed = CreateSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const v = parsed.data;
  const unit = await findUnit(ctx.db, v.unitId);
  assertReach(actor, "users.manage", unit?.path);
  const generated = v.password === "";
  const password = generated ? randomBytes(12).toString("base64url") : v.password;
  const user = await createUser(
    ctx,
    { login: v.login, name: v.name, password, grants: [{ unitId: unit!.id, role: v.role }] },
    actor.id,
  );
  return { user, password: generated ? password : null };
}

const GrantSchema = z.object({ unitId: z.string().min(1, "person.error.unit"), role });

function notSelf(userId: string, actor: Actor) {
  if (userId === actor.id) throw new ServiceError(409, "person.error.self");
}

export async function addRole(ctx: AppContext, userId: string, input: unknown, actor: Actor) {
  const parsed = GrantSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  await getManagedUser(ctx, userId, actor);
  notSelf(userId, actor);
  const unit = await findUnit(ctx.db, parsed.data.unitId);
  assertReach(actor, "users.manage", unit?.path);
  await inTransaction(ctx.db, async (trx) => {
    await insertGrant(trx, { userId, unitId: unit!.id, role: parsed.data.role });
    await insertAudit(trx, {
      userId: actor.id,
      action: "grant",
      entity: "user",
      entityId: userId,
      unitId: unit!.id,
      after: { role: parsed.data.role, unitCode: unit!.code },
    });
  });
}

export async function removeRole(ctx: AppContext, userId: string, input: unknown, actor: Actor) {
  const parsed = GrantSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const person = await getManagedUser(ctx, userId, actor);
  notSelf(userId, actor);
  const held = person.roles.find(
    (r) => r.unitId === parsed.data.unitId && r.role === parsed.data.role,
  );
  if (!held) throw new ServiceError(404, NOT_FOUND);
  if (person.roles.length + person.otherRoles === 1)
    throw new ServiceError(409, "person.error.lastRole");
  await inTransaction(ctx.db, async (trx) => {
    await deleteGrant(trx, { userId, unitId: held.unitId, role: held.role });
    await insertAudit(trx, {
      userId: actor.id,
      action: "revoke",
      entity: "user",
      entityId: userId,
      unitId: held.unitId,
      before: { role: held.role, unitCode: held.unitCode },
    });
  });
}

async function changeAccount(
  ctx: AppContext,
  userId: string,
  actor: Actor,
  action: "disable" | "enable" | "unlock",
  now: Date,
) {
  const person = await getManagedUser(ctx, userId, actor, now);
  notSelf(userId, actor);
  if (!person.fullyManaged) throw new ServiceError(403, "person.error.shared");
  const user = (await findUser(ctx.db, userId))!;
  await inTransaction(ctx.db, async (trx) => {
    if (action === "disable") {
      await setUserDisabledAt(trx, userId, now.toISOString());
      // A disabled account is signed out everywhere at once, and its API tokens end for good:
      // enabling the person again does not revive them.
      await deleteUserSessions(trx, userId);
      await revokeAllApiTokens(trx, userId, now.toISOString());
    } else if (action === "enable") {
      await setUserDisabledAt(trx, userId, null);
    } else {
      await clearThrottle(trx, [throttleKey("account", user.login)]);
    }
    await insertAudit(trx, {
      userId: actor.id,
      action,
      entity: "user",
      entityId: userId,
      unitId: person.roles[0]?.unitId ?? null,
      before: { disabledAt: user.disabled_at, lockedUntil: person.lockedUntil },
    });
  });
}

export const disableUser = (ctx: AppContext, userId: string, actor: Actor, now = new Date()) =>
  changeAccount(ctx, userId, actor, "disable", now);
export const enableUser = (ctx: AppContext, userId: string, actor: Actor, now = new Date()) =>
  changeAccount(ctx, userId, actor, "enable", now);
export const unlockUser = (ctx: AppContext, userId: string, actor: Actor, now = new Date()) =>
  changeAccount(ctx, userId, actor, "unlock", now);
