/**
 * The organisation tree: create, edit, move, deactivate, merge, import and export units.
 * Only inside the actor's units.manage subtree; every change writes its audit entry (the
 * unit's history: who, when, before and after) in the same transaction as the change.
 *
 * History and lineage: a unit is never deleted. Renames and moves are audit entries with
 * before/after; an end of activity is `active_to` (last day, inclusive); a merger is a
 * `unit_lineage` row per predecessor. Responses stay with the unit they were given to, and
 * reports for a successor include its predecessors' (pathsIncludingPredecessors).
 */
import { z } from "zod";
import { insertAudit } from "#db/queries/audit";
import { insertLineage, listLineage, listSuccessorIdsTransitive } from "#db/queries/lineage";
import {
  countResponsesUnder,
  endSubtree,
  findUnitByCode,
  listAllUnitCodes,
  listUnitsByIds,
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
  decodeCsv,
  planUnitImport,
  toUnitCsv,
  type CsvError,
  type ExistingUnit,
  type PlannedUnit,
} from "~/domain/unit-csv";
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

const snapshot = (u: Unit) => ({
  code: u.code,
  name: u.name,
  kind: u.kind,
  sector: u.sector,
  parentId: u.parent_id,
  activeFrom: u.active_from,
  activeTo: u.active_to,
});

async function getManaged(db: AppContext["db"], id: string, actor: Actor): Promise<Unit> {
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

const levelOf = (path: string) => path.split("/").filter(Boolean).length;

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

async function endUnit(
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

/**
 * Merge units into a successor from `effectiveFrom` (the 2025 reorganisation: communes and
 * provinces merged). Each predecessor gets a lineage row and ends, with its subtree, the day
 * before; its responses stay with it and are reported under the successor too. The successor
 * must exist already (create it first) and be active on that day. The actor manages every unit.
 */
export async function mergeUnits(
  ctx: AppContext,
  input: { predecessorIds: string[]; successorId: string; effectiveFrom: string },
  actor: Actor,
  now = new Date(),
): Promise<void> {
  const { predecessorIds, successorId, effectiveFrom } = input;
  if (!ISO_DATE.test(effectiveFrom)) throw new ServiceError(400, "form.isoDate");
  const ids = [...new Set(predecessorIds)];
  if (ids.length === 0) throw new ServiceError(400, "unit.error.noPredecessor");
  if (ids.includes(successorId)) throw new ServiceError(409, "unit.error.mergeSelf");
  const today = vietnamDate(now);
  await inTransaction(
    ctx.db,
    async (trx) => {
      const successor = await getManaged(trx, successorId, actor);
      if (successor.active_to !== null && successor.active_to < effectiveFrom)
        throw new ServiceError(409, "unit.error.endedBefore", {
          name: successor.name,
          date: formatDate(`${effectiveFrom}T12:00:00Z`),
        });
      // A unit formed by the merger exists from the merger's day, even if it was entered later.
      const startsLater = successor.active_from !== null && successor.active_from > effectiveFrom;
      if (startsLater) await updateUnitFields(trx, successorId, { active_from: effectiveFrom });
      const later = await listSuccessorIdsTransitive(trx, successorId);
      const predecessors: Unit[] = [];
      for (const id of ids) {
        const p = await getManaged(trx, id, actor);
        if (p.path.startsWith(successor.path) || successor.path.startsWith(p.path))
          throw new ServiceError(409, "unit.error.mergeRelated", {
            name: p.name,
            successor: successor.name,
          });
        if (later.has(p.id))
          throw new ServiceError(409, "unit.error.mergeBack", {
            name: p.name,
            successor: successor.name,
          });
        predecessors.push(p);
      }
      const existing = new Set(
        (await listLineage(trx, successorId, "predecessors")).map((u) => u.id),
      );
      for (const p of predecessors) {
        if (existing.has(p.id))
          throw new ServiceError(409, "unit.error.mergedAlready", { name: p.name });
        await insertLineage(trx, { predecessorId: p.id, successorId, effectiveFrom });
        await endUnit(trx, p, effectiveFrom, today, actor, {
          action: "merge",
          after: { successorId, successorCode: successor.code, effectiveFrom },
        });
      }
      await insertAudit(trx, {
        userId: actor.id,
        action: "merge",
        entity: "unit",
        entityId: successorId,
        unitId: successorId,
        before: startsLater ? { activeFrom: successor.active_from } : undefined,
        after: {
          predecessors: predecessors.map((p) => p.code),
          effectiveFrom,
          ...(startsLater ? { activeFrom: effectiveFrom } : {}),
        },
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
    ctx.db
      .selectFrom("audit_log as a")
      .leftJoin("app_user as u", "u.id", "a.user_id")
      .select(["a.id", "a.at", "a.action", "a.before", "a.after", "u.login"])
      .where("a.unit_id", "=", id)
      .orderBy("a.id", "desc")
      .limit(100)
      .execute(),
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

/** The tree as the CSV importer sees it: the actor's units, plus the parents of their top units. */
async function importContext(ctx: AppContext, actor: Actor, now: Date) {
  const roots = pathsWith(actor, "units.manage");
  const units = await listUnitsUnder(ctx.db, roots);
  const byId = new Map(units.map((u) => [u.id, u]));
  const outsideParentIds = units
    .map((u) => u.parent_id)
    .filter((id): id is string => id !== null && !byId.has(id));
  const fixedParents = await listUnitsByIds(ctx.db, [...new Set(outsideParentIds)]);
  for (const p of fixedParents) byId.set(p.id, p);
  const today = vietnamDate(now);
  const manageable = new Set(units);
  const existing: ExistingUnit[] = [...units, ...fixedParents].map((u) => ({
    code: u.code,
    name: u.name,
    kind: u.kind,
    sector: u.sector,
    parentCode: u.parent_id ? (byId.get(u.parent_id)?.code ?? null) : null,
    manageable: manageable.has(u),
    active: isActiveOn(u, today),
    depth: levelOf(u.path),
  }));
  const taken = await listAllUnitCodes(ctx.db);
  for (const u of existing) taken.delete(u.code);
  return { existing, taken, units };
}

export interface ImportResult {
  errors: CsvError[];
  rows: PlannedUnit[];
  applied: boolean;
  /** The file as decoded text (absent when it could not be decoded). */
  text?: string;
}

/**
 * Check an uploaded CSV file (dry run), or check and apply it in one transaction when
 * `apply` is set and there is no error. The file is re-checked inside the transaction.
 */
export async function importUnitCsv(
  ctx: AppContext,
  bytes: Uint8Array,
  actor: Actor,
  opts: { apply: boolean },
  now = new Date(),
): Promise<ImportResult> {
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) return { errors: [decoded.error], rows: [], applied: false };
  if (!opts.apply) {
    const { existing, taken } = await importContext(ctx, actor, now);
    const plan = planUnitImport(decoded.text, existing, taken);
    return { ...plan, applied: false, text: decoded.text };
  }
  return inTransaction(
    ctx.db,
    async (trx) => {
      const c = { ...ctx, db: trx };
      const { existing, taken } = await importContext(c, actor, now);
      const plan = planUnitImport(decoded.text, existing, taken);
      if (plan.errors.length > 0) return { ...plan, applied: false, text: decoded.text };
      const today = vietnamDate(now);
      for (const row of plan.rows) await applyRow(c, row, actor, today);
      return { ...plan, applied: true };
    },
    { immediate: true },
  );
}

async function applyRow(ctx: AppContext, row: PlannedUnit, actor: Actor, today: string) {
  if (row.action === "unchanged") return;
  const parent = row.parentCode ? await findUnitByCode(ctx.db, row.parentCode) : undefined;
  const fields = { code: row.code, name: row.name, kind: row.kind, sector: row.sector };
  const audit = { userId: actor.id, entity: "unit" as const };
  if (row.action === "create") {
    const unit = await insertUnit(ctx.db, { ...fields, parentId: parent!.id, activeFrom: today });
    await insertAudit(ctx.db, {
      ...audit,
      action: "create",
      entityId: unit.id,
      unitId: unit.id,
      after: { ...snapshot(unit), via: "csv", line: row.line },
    });
    return;
  }
  const unit = (await findUnitByCode(ctx.db, row.code))!;
  const changed = row.changes.filter((k): k is "name" | "kind" | "sector" => k !== "parent");
  if (changed.length > 0) {
    await updateUnitFields(ctx.db, unit.id, fields);
    await insertAudit(ctx.db, {
      ...audit,
      action: "update",
      entityId: unit.id,
      unitId: unit.id,
      before: Object.fromEntries(changed.map((k) => [k, unit[k]])),
      after: { ...Object.fromEntries(changed.map((k) => [k, row[k]])), via: "csv", line: row.line },
    });
  }
  if (row.changes.includes("parent") && parent) {
    const newPath = await moveSubtree(ctx.db, unit, parent);
    await insertAudit(ctx.db, {
      ...audit,
      action: "move",
      entityId: unit.id,
      unitId: unit.id,
      before: { parentId: unit.parent_id, path: unit.path },
      after: {
        parentId: parent.id,
        parentCode: parent.code,
        path: newPath,
        via: "csv",
        line: row.line,
      },
    });
  }
}

/** The actor's units as CSV (see toUnitCsv); the file imports back unchanged. */
export async function exportUnitCsv(ctx: AppContext, actor: Actor): Promise<string> {
  const { existing } = await importContext(ctx, actor, new Date());
  return toUnitCsv(existing.filter((u) => u.manageable));
}
