/**
 * What the administration services share: who acts (id and roles), and the error they throw
 * when a request cannot be done. Routes turn 403/404 into an error page and 400/409 into a
 * message beside the form (app/utils/outcome.server.ts). A unit outside the actor's subtree
 * answers 404, as the results pages do: its existence is not told either.
 */
import type { ZodError } from "zod";
import { findUser, listGrants } from "#db/queries/users";
import { can, type Actor, type Permission, type Role } from "~/domain/access";
import { isMessageKey, UserFacingError, type MessageKey, type Params } from "~/utils/i18n";
import type { AppContext } from "./context.server";

/**
 * The statuses a service refuses with. Background jobs use them too: 503 for a failure worth
 * another attempt (a mail server that does not answer), a 4xx with `permanent` for one that is not.
 */
export type ServiceStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503;

export interface ServiceErrorOptions {
  /** Several problems (a questionnaire upload), each shown on its own line. */
  problems?: string[];
  /** A background job's failure that no further attempt can mend (a refused recipient). */
  permanent?: boolean;
  /** A background job's failure: wait at least this long before the next attempt. */
  retryAfterMs?: number;
}

/**
 * The one error a service throws: its status, and the message (a key with its parameters) the
 * route translates. Callers that must tell kinds apart compare the key, never a subclass. Its
 * `message` is the Vietnamese text: what logs and a background job's record keep.
 */
export class ServiceError extends UserFacingError {
  readonly problems: string[];
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly status: ServiceStatus,
    key: MessageKey,
    params: Params = {},
    opts: ServiceErrorOptions = {},
  ) {
    super(key, params);
    this.problems = opts.problems ?? [];
    this.permanent = opts.permanent ?? false;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** `e` is a ServiceError with this message key. */
export const isServiceError = (e: unknown, key: MessageKey): e is ServiceError =>
  e instanceof ServiceError && e.key === key;

/**
 * A form that did not pass its zod schema: the first problem, whose message is a key
 * (schemas name their messages by key); a check without one says which field is wrong.
 */
export function invalidInput(e: ZodError): ServiceError {
  const issue = e.issues[0];
  if (issue && isMessageKey(issue.message)) return new ServiceError(400, issue.message);
  const field = issue?.path.join(".");
  return field
    ? new ServiceError(400, "form.invalidField", { field })
    : new ServiceError(400, "form.invalid");
}

export type { Actor };

/** The actor's roles read from the database (for callers that hold only an id). */
export async function loadActor(ctx: AppContext, actor: string | Actor): Promise<Actor> {
  if (typeof actor !== "string") return actor;
  const user = await findUser(ctx.db, actor);
  if (!user || user.disabled_at) throw new ServiceError(403, "error.accountInactive");
  const grants = await listGrants(ctx.db, actor);
  return { id: actor, grants: grants.map((g) => ({ role: g.role as Role, unitPath: g.unitPath })) };
}

/** Paths of the units over which the actor holds `permission`. */
export function pathsWith(actor: Actor, permission: Permission): string[] {
  const paths = actor.grants.filter((g) => can([g], permission, g.unitPath)).map((g) => g.unitPath);
  return [...new Set(paths)].filter((p) => !paths.some((q) => q !== p && p.startsWith(q))).sort();
}

export const NOT_FOUND = "error.notYours" satisfies MessageKey;

/** 404 unless the actor holds `permission` on the unit at `path`. */
export function assertReach(actor: Actor, permission: Permission, path: string | undefined) {
  if (!path || !can(actor.grants, permission, path)) throw new ServiceError(404, NOT_FOUND);
}
