/**
 * What every dashboard loader does first: sign-in (requireUser), then the scope, which checks
 * results.read on the unit shown (resolveScope). A unit outside the user's roles answers 404.
 */
import { data } from "@remix-run/node";
import { localeFromRequest } from "~/utils/i18n";
import { requireUser } from "./auth.server";
import { appContext } from "./context.server";
import { DashboardNotFound, readParams, resolveScope } from "./dashboard.server";

export async function dashboardContext(request: Request) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const locale = localeFromRequest(request);
  const url = new URL(request.url);
  try {
    const scope = await resolveScope(ctx, user.grants, readParams(url), locale);
    return { user, ctx, locale, url, scope };
  } catch (e) {
    if (e instanceof DashboardNotFound) throw data(null, { status: 404 });
    throw e;
  }
}
