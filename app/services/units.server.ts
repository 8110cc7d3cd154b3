/**
 * The organisation tree: create, edit, move and deactivate units (mergers: unit-merges.server.ts;
 * the CSV file: unit-csv.server.ts).
 * Only inside the actor's units.manage subtree; every change writes its audit entry (the
 * unit's history: who, when, before and after) in the same transaction as the change.
 *
 * History and lineage: a unit is never deleted. Renames and moves are audit entries with
 * before/after; an end of activity is `active_to` (last day, inclusive); a merger is a
 * `unit_lineage` row per predecessor. Responses stay with the unit they were given to, and
 * reports for a successor include its predecessors' (pathsIncludingPredecessors).
 */
import { z } from "zod";
import { insertAudit, listUnitHistory } from "#db/queries/audit";
import { listLineage } from "#db/queries/lineage";
import {
  countResponsesUnder,
  endSubtree,
  findUnitByCode,
  listUnitsUnder,
  moveSubtree,
  revokeLinksUnder,
  updateUnitFields,
} from "#db/queries/unit-tree";
import { deepestLevelUnder, findUnit, insertUnit } from "#db/queries/units";
import type { Unit } from "#db/schema";
import { inTransaction } from "#db/transaction";
import { can } from "~/domain/access";
import {
  dayBefore,
  isActiveOn,
  isCyclicMove,
  ISO_DATE,
  MAX_UNIT_DEPTH,
  MAX_UNIT_NAME,
  SECTORS,
  UNIT_CODE,
  UNIT_KINDS,
  vietnamDate,
} from "~/domain/units";
import type { AppContext } from "./context.server";
import { formatDate } from "~/utils/i18n";
import {
  assertReach,
  invalidInput,
  pathsWith,
  ServiceError,
  type Actor,
} from "./service-error.server";

const isoDate = z.string().regex(ISO_DATE, "form.isoDate");

export const UnitFieldsSchema = z.object({
  code: z.string().trim().regex(UNIT_CODE, "unit.error.code"),
  name: z
    .string()
    .trim()
    .min(1, "unit.error.name")
    .max(MAX_UNIT_NAME)
    .transform((s) => s.normalize("NFC")),
  kind: z.enum(UNIT_KINDS),
  sector: z.enum(SECTORS),
});
export type UnitFields = z.infer<typeof UnitFieldsSchema>;

const CreateSchema = UnitFieldsSchema.extend({
  parentId: z.string().min(1, "unit.error.parent"),
  activeFrom: isoDate.optional(),
});

export const snapshot = (u: Unit) => ({
  code: u.code,
  name: u.name,
  kind: u.kind,
  sector: u.sector,
  parentId: u.parent_id,
  activeFrom: u.active_from,
  activeTo: u.active_to,
});

export async function getManaged(db: AppContext["db"], id: string, actor: Actor): Promise<Unit> {
  const unit = await findUnit(db, id);
  assertReach(actor, "units.manage", unit?.path);
  return unit!;
}

function assertActive(parent: Unit, today: string) {
  if (!isActiveOn(parent, today))
    throw new ServiceError(409, "unit.error.parentInactive", { name: parent.name });
}

export async function createUnit(
  ctx: AppContext,
  input: unknown,
  actor: Actor,
  now = new Date(),
): Promise<Unit> {
  const parsed = CreateSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const v = parsed.data;
  const today = vietnamDate(now);
  return inTransaction(
    ctx.db,
    async (trx) => {
      const parent = await findUnit(trx, v.parentId);
      assertReach(actor, "units.manage", parent?.path);
      assertActive(parent!, today);
      assertDepth(levelOf(parent!.path) + 1);
      if (await findUnitByCode(trx, v.code))
        throw new ServiceError(409, "unit.error.codeTaken", { code: v.code });
      const unit = await insertUnit(trx, {
        code: v.code,
        name: v.name,
        kind: v.kind,
        sector: v.sector,
        parentId: parent!.id,
        activeFrom: v.activeFrom ?? today,
      });
      await insertAudit(trx, {
        userId: actor.id,
        action: "create",
        entity: "unit",
        entityId: unit.id,
        unitId: unit.id,
        after: snapshot(unit),
      });
      return unit;
    },
    { immediate: true },
  );
}

/** Rename, or change code, kind or sector. */
export async function updateUnit(
  ctx: AppContext,
  id: string,
  input: unknown,
  actor: Actor,
): Promise<Unit> {
  const parsed = UnitFieldsSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const v = parsed.data;
  return inTransaction(
    ctx.db,
    async (trx) => {
      const unit = await getManaged(trx, id, actor);
      const changed = (Object.keys(v) as Array<keyof UnitFields>).filter((k) => unit[k] !== v[k]);
      if (changed.length === 0) return unit;
      if (v.code !== unit.code && (await findUnitByCode(trx, v.code)))
        throw new ServiceError(409, "unit.error.codeTaken", { code: v.code });
      await updateUnitFields(trx, id, v);
      await insertAudit(trx, {
        userId: actor.id,
        action: "update",
        entity: "unit",
        entityId: id,
        unitId: id,
        before: Object.fromEntries(changed.map((k) => [k, unit[k]])),
        after: Object.fromEntries(changed.map((k) => [k, v[k]])),
      });
      return { ...unit, ...v };
    },
    { immediate: true },
  );
}

export const levelOf = (path: string) => path.split("/").filter(Boolean).length;

function assertDepth(level: number) {
  if (level > MAX_UNIT_DEPTH)
    throw new ServiceError(400, "unit.error.tooDeep", { max: MAX_UNIT_DEPTH, level });
}

/** Move a unit with its whole subtree under another parent (one transaction). */
export async function moveUnit(
  ctx: AppContext,
  id: string,
  newParentId: string,
  actor: Actor,
  now = new Date(),
): Promise<void> {
  await inTransaction(
    ctx.db,
    async (trx) => {
      const unit = await getManaged(trx, id, actor);
      const parent = await getManaged(trx, newParentId, actor);
      if (unit.parent_id === parent.id) return;
      if (isCyclicMove(unit.path, parent.path))
        throw new ServiceError(409, "unit.error.cyclicMove");
      assertActive(parent, vietnamDate(now));
      const below = (await deepestLevelUnder(trx, unit.path)) - levelOf(unit.path);
      assertDepth(levelOf(parent.path) + 1 + below);
      const oldParent = unit.parent_id ? await findUnit(trx, unit.parent_id) : undefined;
      const newPath = await moveSubtree(trx, unit, parent);
      await insertAudit(trx, {
        userId: actor.id,
        action: "move",
        entity: "unit",
        entityId: id,
        unitId: id,
        before: { parentId: unit.parent_id, parentCode: oldParent?.code ?? null, path: unit.path },
        after: { parentId: parent.id, parentCode: parent.code, path: newPath },
      });
    },
    { immediate: true },
  );
}

export interface EndResult {
  units: number;
  revokedLinks: number;
}

/**
 * End a unit's activity, with its subtree, from `firstInactiveDay` (default today): its
 * `active_to` becomes the day before. Its responses and results stay. When the day has come,
 * its survey links are revoked (a later day: revoke them then).
 */
export async function deactivateUnit(
  ctx: AppContext,
  id: string,
  opts: { firstInactiveDay?: string },
  actor: Actor,
  now = new Date(),
): Promise<EndResult> {
  const today = vietnamDate(now);
  const day = opts.firstInactiveDay || today;
  if (!ISO_DATE.test(day)) throw new ServiceError(400, "form.isoDate");
  return inTransaction(
    ctx.db,
    async (trx) => {
      const unit = await getManaged(trx, id, actor);
      return endUnit(trx, unit, day, today, actor, { action: "deactivate" });
    },
    { immediate: true },
  );
}

export async function endUnit(
  trx: AppContext["db"],
  unit: Unit,
  firstInactiveDay: string,
  today: string,
  actor: Actor,
  audit: { action: string; after?: Record<string, unknown> },
): Promise<EndResult> {
  const lastDay = dayBefore(firstInactiveDay);
  if (unit.active_from && lastDay < unit.active_from)
    throw new ServiceError(409, "unit.error.notYetActive", {
      name: unit.name,
      date: formatDate(`${unit.active_from}T12:00:00Z`),
    });
  const ended = await endSubtree(trx, unit.path, lastDay);
  const revokedLinks =
    firstInactiveDay <= today
      ? await revokeLinksUnder(trx, unit.path, new Date().toISOString())
      : 0;
  await insertAudit(trx, {
    userId: actor.id,
    action: audit.action,
    entity: "unit",
    entityId: unit.id,
    unitId: unit.id,
    before: { activeTo: unit.active_to },
    after: {
      activeTo: lastDay,
      subtreeUnits: ended.map((u) => u.code),
      revokedLinks,
      ...audit.after,
    },
  });
  return { units: ended.length, revokedLinks };
}

/** Make a unit (only it, not its subtree) active again. */
export async function reactivateUnit(ctx: AppContext, id: string, actor: Actor): Promise<void> {
  await inTransaction(
    ctx.db,
    async (trx) => {
      const unit = await getManaged(trx, id, actor);
      if (unit.active_to === null) return;
      if (unit.parent_id) {
        const parent = await findUnit(trx, unit.parent_id);
        if (parent && parent.active_to !== null)
          throw new ServiceError(409, "unit.error.parentInactive", { name: parent.name });
      }
      await updateUnitFields(trx, id, { active_to: null });
      await insertAudit(trx, {
        userId: actor.id,
        action: "reactivate",
        entity: "unit",
        entityId: id,
        unitId: id,
        before: { activeTo: unit.active_to },
        after: { activeTo: null },
      });
    },
    { immediate: true },
  );
}

export interface TreeUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  sector: string;
  parentId: string | null;
  depth: number;
  active: boolean;
  activeFrom: string | null;
  activeTo: string | null;
  /** Server-side only: for filtering by subtree, not for sending to the browser. */
  path: string;
}

/** The units the actor holds `permission` over, parents before children, with their depth. */
export async function listTree(
  ctx: AppContext,
  actor: Actor,
  permission: "units.manage" | "campaigns.manage" | "users.manage" = "units.manage",
  now = new Date(),
): Promise<TreeUnit[]> {
  const roots = pathsWith(actor, permission);
  const today = vietnamDate(now);
  const units = await listUnitsUnder(ctx.db, roots);
  return units.map((u) => {
    const root = roots.find((r) => u.path.startsWith(r))!;
    return {
      id: u.id,
      code: u.code,
      name: u.name,
      kind: u.kind,
      sector: u.sector,
      parentId: u.parent_id,
      depth: u.path.split("/").length - root.split("/").length,
      active: isActiveOn(u, today),
      activeFrom: u.active_from,
      activeTo: u.active_to,
      path: u.path,
    };
  });
}

export async function getUnitDetail(ctx: AppContext, id: string, actor: Actor) {
  const unit = await getManaged(ctx.db, id, actor);
  const [parent, predecessors, successors, responses, history] = await Promise.all([
    unit.parent_id ? findUnit(ctx.db, unit.parent_id) : undefined,
    listLineage(ctx.db, id, "predecessors"),
    listLineage(ctx.db, id, "successors"),
    countResponsesUnder(ctx.db, unit.path),
    listUnitHistory(ctx.db, id, 100),
  ]);
  // Lineage across the actor's boundary shows the code only where they cannot manage the unit.
  const show = (u: {
    id: string;
    code: string;
    name: string;
    path: string;
    effective_from: string;
  }) => ({
    id: u.id,
    code: u.code,
    name: can(actor.grants, "units.manage", u.path) ? u.name : u.code,
    effectiveFrom: u.effective_from,
    manageable: can(actor.grants, "units.manage", u.path),
  });
  return {
    unit,
    parent: parent && { id: parent.id, code: parent.code, name: parent.name },
    predecessors: predecessors.map(show),
    successors: successors.map(show),
    responses,
    history,
  };
}
