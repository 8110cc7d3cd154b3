/**
 * What every dashboard loader does first: sign-in (requireUser), then the scope, which checks
 * results.read on the unit shown (resolveScope). A unit outside the user's roles is a
 * ServiceError 404, which the loader answers (`.catch(loaderFailure)`).
 */
import { requireUser } from "~/utils/guards.server";
import { localeFromRequest } from "~/utils/i18n";
import { appContext } from "./context.server";
import { DashboardNotFound, readParams, resolveScope } from "./dashboard.server";
import { ServiceError } from "./service-error.server";

export async function dashboardContext(request: Request) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const locale = localeFromRequest(request);
  const url = new URL(request.url);
  try {
    const scope = await resolveScope(ctx, user.grants, readParams(url), locale);
    return { user, ctx, locale, url, scope };
  } catch (e) {
    if (e instanceof DashboardNotFound) throw new ServiceError(404, "error.notFound");
    throw e;
  }
}
