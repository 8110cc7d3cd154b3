/** People and their roles; every change goes to the audit log in the same transaction. */
import { insertAudit } from "#db/queries/audit";
import { revokeAllApiTokens } from "#db/queries/api-tokens";
import {
  findUser,
  findUserByLogin,
  insertGrant,
  insertUser,
  setUserPassword,
} from "#db/queries/users";
import type { Role } from "~/domain/access";
import { UserFacingError } from "~/utils/i18n";
import { endAllSessions, hashPassword, passwordProblem, verifyPassword } from "./auth.server";
import type { AppContext } from "./context.server";
import { ServiceError } from "./service-error.server";
import { forgetDevices } from "./sign-in-throttle.server";

const LOGIN = /^[a-z0-9][a-z0-9._@-]{2,63}$/;

/**
 * The one place a user is written, with their roles and the audit entry: for the admin page
 * (createManagedUser, which checks the actor's reach first), create-admin and the demo.
 */
export async function createUser(
  ctx: AppContext,
  input: {
    login: string;
    name: string;
    password: string;
    grants: Array<{ unitId: string; role: Role }>;
  },
  actorId: string | null,
) {
  const login = input.login.trim().toLowerCase();
  if (!LOGIN.test(login)) throw new ServiceError(400, "person.error.loginFormat");
  const weak = passwordProblem(input.password, login);
  if (weak) throw new ServiceError(400, weak.key, weak.params);
  if (await findUserByLogin(ctx.db, login))
    throw new ServiceError(400, "person.error.loginTaken", { login });
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, { login, name: input.name.trim() || login, passwordHash });
    for (const g of input.grants)
      await insertGrant(trx, { userId: user.id, unitId: g.unitId, role: g.role });
    await insertAudit(trx, {
      userId: actorId,
      action: "create",
      entity: "user",
      entityId: user.id,
      // Filed under the first role's unit: its administrators read the entry.
      unitId: input.grants[0]?.unitId ?? null,
      after: { login, name: user.name, grants: input.grants },
    });
    return user;
  });
}

export async function changePassword(
  ctx: AppContext,
  userId: string,
  current: string,
  next: string,
): Promise<UserFacingError | null> {
  const user = await findUser(ctx.db, userId);
  if (!user || !(await verifyPassword(current, user.password_hash)))
    return new UserFacingError("password.error.current");
  const weak = passwordProblem(next, user.login);
  if (weak) return weak;
  const hash = await hashPassword(next);
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await setUserPassword(trx, userId, hash, at);
    // Whoever knew the old password may have made API tokens or signed in elsewhere with it.
    await revokeAllApiTokens(trx, userId, at);
    await forgetDevices(trx, userId);
    await insertAudit(trx, { userId, action: "change_password", entity: "user", entityId: userId });
  });
  await endAllSessions(ctx, userId);
  return null;
}
