/**
 * Targets: listing what a user may see, adding and deleting with the audit log.
 * A unit's own target needs campaigns.manage on that unit; a default (every unit) or an older
 * national plan needs an administrator of a top-level unit.
 */
import { z } from "zod";
import { insertAudit } from "#db/queries/audit";
import { listUnitsUnder } from "#db/queries/unit-tree";
import { findUnit } from "#db/queries/units";
import { deleteTarget, findTarget, insertTarget, listTargets } from "#db/queries/targets";
import { can, roleAllows, type Grant } from "~/domain/access";
import { METRICS, TARGET_SECTORS } from "~/domain/targets";
import type { AppContext } from "./context.server";
import type { SessionUser } from "./auth.server";
import { ServiceError } from "./service-error.server";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

export const targetFormSchema = z
  .object({
    unitId: z.string().max(64).default(""),
    sector: z.enum(TARGET_SECTORS),
    metric: z.enum(METRICS).default("rate"),
    comparator: z.enum(["gt", "gte"]),
    pct: z.coerce.number().min(0).max(100),
    validFrom: isoDate,
    validTo: isoDate,
    source: z.string().trim().min(3).max(500),
    verification: z.enum(["verified", "reported", "unverified"]),
  })
  .refine((v) => v.validFrom <= v.validTo, { message: "validFrom > validTo", path: ["validTo"] });
export type TargetForm = z.infer<typeof targetFormSchema>;

/** Administrators of a top-level unit (path '/id/') set the defaults. */
export function canManageDefaults(grants: readonly Grant[]): boolean {
  return grants.some(
    (g) => roleAllows(g.role, "units.manage") && g.unitPath.split("/").filter(Boolean).length === 1,
  );
}

export async function listVisibleTargets(ctx: AppContext, grants: readonly Grant[]) {
  const rows = await listTargets(ctx.db);
  const defaults = canManageDefaults(grants);
  const targets = rows
    .filter((r) => r.unit_path === null || can(grants, "results.read", r.unit_path))
    .map((r) => ({
      id: r.id,
      sector: r.sector,
      unitName: r.unit_name ?? null,
      pct: Number(r.pct),
      metric: r.metric,
      comparator: r.comparator,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      source: r.source,
      verification: r.verification,
      canDelete: r.unit_path === null ? defaults : can(grants, "campaigns.manage", r.unit_path),
    }));
  const units: Array<{ value: string; label: string }> = [];
  const seen = new Set<string>();
  for (const g of grants) {
    if (!roleAllows(g.role, "campaigns.manage")) continue;
    for (const u of await listUnitsUnder(ctx.db, [g.unitPath])) {
      if (seen.has(u.id) || units.length >= 500) continue;
      seen.add(u.id);
      units.push({ value: u.id, label: `${u.name} (${u.code})` });
    }
  }
  return { targets, units, canDefaults: defaults };
}

export async function addTarget(ctx: AppContext, user: SessionUser, f: TargetForm) {
  let unitId: string | null = null;
  if (f.unitId) {
    const unit = await findUnit(ctx.db, f.unitId);
    if (!unit || !can(user.grants, "campaigns.manage", unit.path))
      throw new ServiceError(403, "target.error.unit");
    unitId = unit.id;
  } else if (!canManageDefaults(user.grants)) {
    throw new ServiceError(403, "target.error.default");
  }
  await ctx.db.transaction().execute(async (trx) => {
    const row = await insertTarget(trx, {
      sector: f.sector,
      unitId,
      pct: f.pct,
      metric: f.metric,
      comparator: f.comparator,
      validFrom: f.validFrom,
      validTo: f.validTo,
      source: f.source,
      verification: f.verification,
      createdBy: user.id,
    });
    await insertAudit(trx, {
      userId: user.id,
      action: "target.add",
      entity: "target",
      entityId: row.id,
      after: row,
      unitId,
    });
  });
}

export async function removeTarget(ctx: AppContext, user: SessionUser, id: string) {
  const row = await findTarget(ctx.db, id);
  if (!row) return;
  const unit = row.unit_id ? await findUnit(ctx.db, row.unit_id) : null;
  const allowed = unit
    ? can(user.grants, "campaigns.manage", unit.path)
    : canManageDefaults(user.grants);
  if (!allowed) throw new ServiceError(403, "target.error.remove");
  await ctx.db.transaction().execute(async (trx) => {
    await deleteTarget(trx, id);
    await insertAudit(trx, {
      userId: user.id,
      action: "target.delete",
      entity: "target",
      entityId: id,
      before: row,
      unitId: row.unit_id,
    });
  });
}
