/**
 * What every dashboard loader does first: sign-in (requireUser), then the selection, which checks
 * results.read on the unit shown (resolveSelection). A unit outside the user's roles is a
 * ServiceError 404, which the loader answers (`.catch(loaderFailure)`).
 */
import { requireUser } from "~/utils/guards.server";
import { localeFromRequest } from "~/utils/i18n";
import { appContext } from "./context.server";
import { readParams, resolveSelection } from "./dashboard/selection.server";

export async function dashboardContext(request: Request) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const locale = localeFromRequest(request);
  const url = new URL(request.url);
  const selection = await resolveSelection(ctx, user.grants, readParams(url), locale);
  return { user, ctx, locale, url, selection };
}
