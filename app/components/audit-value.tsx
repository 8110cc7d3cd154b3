import type { AuditChange } from "~/domain/audit-view";
import { isMessageKey, type translator } from "~/utils/i18n";

/** An entry's changed fields: "Tên: Quầy 1 → Quầy số 1", or the values set or removed. */
export function AuditChanges({
  changes,
  t,
}: {
  changes: AuditChange[];
  t: ReturnType<typeof translator>;
}) {
  if (changes.length === 0) return null;
  return (
    <ul className="audit-value">
      {changes.map((c) => (
        <li key={c.field}>
          <span className="muted">{c.field}:</span>{" "}
          {c.before !== null && c.after !== null ? (
            <>
              <del>{c.before}</del> → <ins>{c.after}</ins>
            </>
          ) : c.after !== null ? (
            c.after
          ) : (
            <>
              <del>{c.before}</del> <span className="muted">({t("audit.removed")})</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The Vietnamese (or English) name of an action or entity; other features' codes as they are. */
export function auditLabel(
  t: ReturnType<typeof translator>,
  kind: "action" | "entity",
  code: string,
) {
  const key = `audit.${kind}.${code}`;
  return isMessageKey(key) ? t(key) : code;
}
