/**
 * The route's own checks on a request, which answer with a response: sign-in (a redirect to
 * the sign-in page), the same-origin rule for state-changing requests, and permissions (403;
 * 404 for what lies outside the user's subtrees, whose existence is not told). Services take
 * the user these return and throw ServiceError; only routes and this module make responses.
 */
import { data, redirect } from "@remix-run/node";
import { can, type Permission } from "~/domain/access";
import { findSessionUser, type SessionUser } from "~/services/auth.server";
import { appContext } from "~/services/context.server";
import { DEFAULT_LOCALE, requestTranslator, t } from "~/utils/i18n";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Cross-site request forgery: a state-changing request must name this origin. */
export function assertSameOrigin(request: Request) {
  if (SAFE_METHODS.has(request.method)) return;
  const expected = new URL(request.url).origin;
  const origin = request.headers.get("Origin") ?? request.headers.get("Referer");
  let actual: string | null = null;
  try {
    actual = origin ? new URL(origin).origin : null;
  } catch {
    actual = null;
  }
  if (actual !== expected) {
    throw data({ message: requestTranslator(request)("error.crossSite") }, { status: 403 });
  }
}

/** The signed-in user, or a redirect to the sign-in page (which comes back here afterwards). */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await findSessionUser(await appContext(), request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  assertSameOrigin(request);
  return user;
}

/** Throws 403 unless the user holds `permission` on the unit at `unitPath`. */
export function assertCan(user: SessionUser, permission: Permission, unitPath: string) {
  if (!can(user.grants, permission, unitPath)) {
    throw data({ message: t(DEFAULT_LOCALE, "error.forbiddenUnit") }, { status: 403 });
  }
}

/** Throws 403 unless the user holds `permission` somewhere (for pages that list what they reach). */
export function assertCanAnywhere(user: SessionUser, permission: Permission) {
  if (!user.grants.some((g) => can([g], permission, g.unitPath))) {
    throw data({ message: t(DEFAULT_LOCALE, "error.forbidden") }, { status: 403 });
  }
}

/** 404 for what lies outside the user's subtrees (its existence is not told). */
export const notFound = () =>
  data({ message: t(DEFAULT_LOCALE, "error.notFound") }, { status: 404 });
