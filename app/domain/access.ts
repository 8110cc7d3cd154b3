/**
 * Who may do what where. A role is held over a unit and covers its whole subtree
 * (unit paths are '/id/…/id/', so "inside" is a prefix test). Roles are ordered:
 * viewer < analyst < manager < admin; each can do what the ones below it can.
 */
export const ROLES = ["viewer", "analyst", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | "results.read" // results pages and dashboards
  | "results.export" // exports and the analysts' API
  | "results.publish" // a campaign's aggregated results on the public page
  | "campaigns.manage" // campaigns, links, kiosks, invitation codes
  | "responses.moderate" // flags, redaction, deletion on request
  | "units.manage" // the organisation tree
  | "users.manage" // people and roles
  | "audit.read"
  | "jobs.manage" // background jobs: see, run again, cancel
  | "cases.manage" // follow-up cases: open, assign, reply, close; the unit's rule
  | "webhooks.manage"; // addresses that receive events, their delivery log, replay

const LEAST_ROLE: Record<Permission, Role> = {
  "results.read": "viewer",
  "results.export": "analyst",
  "results.publish": "admin",
  "campaigns.manage": "manager",
  "responses.moderate": "manager",
  "units.manage": "admin",
  "users.manage": "admin",
  "audit.read": "admin",
  "jobs.manage": "admin",
  "cases.manage": "manager",
  "webhooks.manage": "admin",
};

export interface Grant {
  role: Role;
  /** Path of the unit the role is held over. */
  unitPath: string;
}

/** A signed-in person acting through a service: their roles decide what they may do. */
export interface Actor {
  id: string;
  grants: readonly Grant[];
}

/** Whom an audit entry names: a person, or null for the command line, jobs and automatic checks. */
export interface AuditActor {
  userId: string | null;
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(LEAST_ROLE[permission]);
}

export function isInside(unitPath: string, ancestorPath: string): boolean {
  return unitPath.startsWith(ancestorPath);
}

/** May the holder of these grants do `permission` on the unit at `unitPath`? */
export function can(grants: readonly Grant[], permission: Permission, unitPath: string): boolean {
  return grants.some((g) => roleAllows(g.role, permission) && isInside(unitPath, g.unitPath));
}

/**
 * The parts of a scope (e.g. a campaign's root units) that the grants reach for a
 * permission: a scope root the user covers entirely, or the user's own units inside it.
 * Duplicates and units nested in another returned unit are dropped.
 */
export function reachableWithin(
  grants: readonly Grant[],
  permission: Permission,
  scopePaths: readonly string[],
): string[] {
  const out = new Set<string>();
  for (const scope of scopePaths) {
    for (const g of grants) {
      if (!roleAllows(g.role, permission)) continue;
      if (isInside(scope, g.unitPath)) out.add(scope);
      else if (isInside(g.unitPath, scope)) out.add(g.unitPath);
    }
  }
  const all = [...out];
  return all.filter((p) => !all.some((q) => q !== p && isInside(p, q))).sort();
}
