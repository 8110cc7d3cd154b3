/**
 * Mergers of units (the 2025 reorganisation): a `unit_lineage` row per predecessor, which ends
 * with its subtree the day before; its responses stay with it and are reported under the
 * successor too (pathsIncludingPredecessors).
 */
import { insertAudit } from "#db/queries/audit";
import { insertLineage, listLineage, listSuccessorIdsTransitive } from "#db/queries/lineage";
import { updateUnitFields } from "#db/queries/unit-tree";
import type { Unit } from "#db/schema";
import { inTransaction } from "#db/transaction";
import { ISO_DATE, vietnamDate } from "~/domain/units";
import { formatDate } from "~/utils/i18n";
import type { AppContext } from "./context.server";
import { ServiceError, type Actor } from "./service-error.server";
import { endUnit, getManaged } from "./units.server";

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
