/**
 * The organisation tree as a CSV file: import (checked as a dry run, then applied in one
 * transaction and re-checked there) and export (the file imports back unchanged). The file's
 * rules are in domain/unit-csv.
 */
import { insertAudit } from "#db/queries/audit";
import {
  findUnitByCode,
  listAllUnitCodes,
  listUnitsByIds,
  listUnitsUnder,
  moveSubtree,
  updateUnitFields,
} from "#db/queries/unit-tree";
import { insertUnit } from "#db/queries/units";
import { inTransaction } from "#db/transaction";
import {
  decodeCsv,
  planUnitImport,
  toUnitCsv,
  type CsvError,
  type ExistingUnit,
  type PlannedUnit,
} from "~/domain/unit-csv";
import { isActiveOn, vietnamDate } from "~/domain/units";
import type { AppContext } from "./context.server";
import { pathsWith, type Actor } from "./service-error.server";
import { levelOf, snapshot } from "./units.server";

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
