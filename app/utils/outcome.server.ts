/**
 * A service's outcome as the route answers it: a ServiceError's 403 and 404 become the error
 * page (thrown), 400 and 409 a message beside the form (returned with that status, in the
 * request's language); a success, a confirmation. Services never build responses.
 */
import { data } from "@remix-run/node";
import { ServiceError } from "~/services/service-error.server";
import type { Translate } from "~/utils/i18n";

/** What an administration action answers: a message for the page, or why it failed. */
export type ActionResult =
  | { ok: true; message: string; secret?: string }
  | { ok: false; message: string; problems: string[] };

/** For an action's catch; anything but a ServiceError is rethrown. */
export function failure(e: unknown, t: Translate) {
  if (e instanceof ServiceError) {
    if (e.status === 403 || e.status === 404)
      throw data({ message: e.in(t) }, { status: e.status });
    return data<ActionResult>(
      { ok: false, message: e.in(t), problems: e.problems },
      { status: e.status },
    );
  }
  throw e;
}

/** For a loader's catch (`.catch(loaderFailure)`): a ServiceError becomes the error page with its status. */
export function loaderFailure(e: unknown): never {
  if (e instanceof ServiceError) throw data({ message: e.message }, { status: e.status });
  throw e;
}

export const done = (message: string, secret?: string) =>
  data<ActionResult>({ ok: true, message, ...(secret ? { secret } : {}) });
