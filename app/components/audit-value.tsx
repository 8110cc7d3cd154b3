import type { MessageKey, translator } from "~/utils/i18n";
import { vi as adminMessages } from "~/utils/messages/admin";

/** An audit entry's before/after JSON as short "key: value" lines. */
export function AuditValue({ json }: { json: string | null }) {
  if (!json) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return <code className="json">{json}</code>;
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    return <code className="json">{json}</code>;
  return (
    <ul className="audit-value">
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
        <li key={k}>
          <span className="muted">{k}:</span>{" "}
          <code className="json">{typeof v === "string" ? v : JSON.stringify(v)}</code>
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
  return key in adminMessages ? t(key as MessageKey) : code;
}
