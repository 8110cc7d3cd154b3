/**
 * What a manager reaches: the subtrees where they hold a permission, the campaigns that
 * touch them, and guards that answer 404 for anything outside (its existence is not told).
 */
import { listCampaignScope, listOpenCampaigns } from "#db/queries/campaigns";
import { isInside, roleAllows, type Permission } from "~/domain/access";
import type { AppContext } from "./context.server";
import type { SessionUser } from "./auth.server";

/** Paths of the units where the user holds `permission`, without ones nested in another. */
export function managedPaths(user: SessionUser, permission: Permission): string[] {
  const all = [
    ...new Set(user.grants.filter((g) => roleAllows(g.role, permission)).map((g) => g.unitPath)),
  ];
  return all.filter((p) => !all.some((q) => q !== p && isInside(p, q))).sort();
}

export function reaches(paths: readonly string[], unitPath: string): boolean {
  return paths.some((p) => isInside(unitPath, p));
}

/** Campaigns whose scope overlaps the user's subtrees (a scope root above or below them). */
export async function listTouchingCampaigns(ctx: AppContext, paths: readonly string[]) {
  const campaigns = await listOpenCampaigns(ctx.db);
  const out = [];
  for (const c of campaigns) {
    const scope = await listCampaignScope(ctx.db, c.id);
    const touches = scope.some((s) =>
      paths.some((p) => isInside(s.path, p) || isInside(p, s.path)),
    );
    if (touches) out.push({ ...c, scopePaths: scope.map((s) => s.path) });
  }
  return out;
}
