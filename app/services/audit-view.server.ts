/** Audit entries as people read them: the subject by name, the changed fields in words. */
import { findNamesByIds, listAuditKinds, searchAudit } from "#db/queries/audit-search";
import { auditChanges, auditIds, type AuditChange } from "~/domain/audit-view";
import type { Locale } from "~/utils/i18n";
import type { AppContext } from "./context.server";

export async function readableAudit<
  T extends { entity_id?: string | null; before: string | null; after: string | null },
>(
  ctx: AppContext,
  rows: readonly T[],
  locale: Locale,
): Promise<
  Array<Omit<T, "before" | "after"> & { subject: string | null; changes: AuditChange[] }>
> {
  const names = await findNamesByIds(
    ctx.db,
    auditIds(
      rows.map((r) => ({ entity_id: r.entity_id ?? null, before: r.before, after: r.after })),
    ),
  );
  return rows.map(({ before, after, ...rest }) => ({
    ...rest,
    subject: rest.entity_id ? (names.get(rest.entity_id) ?? null) : null,
    changes: auditChanges(before, after, names, locale),
  }));
}

/** Audit entries matching a filter (newest first). */
export const searchAuditEntries = (ctx: AppContext, filter: Parameters<typeof searchAudit>[1]) =>
  searchAudit(ctx.db, filter);

/** The actions and entities the log holds, for the filter's choices. */
export const listAuditEntryKinds = (ctx: AppContext) => listAuditKinds(ctx.db);
