/**
 * An audit entry's before/after as a readable list of changed fields: field names in words,
 * ids replaced by the names of what they point to, dates as dd/MM/yyyy, roles, channels and
 * statuses by name. Pure: the caller passes the names it found for the ids.
 */
import {
  formatDate,
  formatDateTime,
  formatPercent,
  t as translate,
  type Locale,
  type MessageKey,
} from "~/utils/i18n";

export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PATH = /^(\/[0-9a-f-]{36})+\/$/i;

function parse(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : { value: v };
  } catch {
    return { value: json };
  }
}

/** Every id an entry mentions (its entity, and inside its before/after), to look names up. */
export function auditIds(
  entries: Array<{ entity_id: string | null; before: string | null; after: string | null }>,
) {
  const ids = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === "string") {
      if (UUID.test(v)) ids.add(v);
      else if (PATH.test(v)) for (const p of v.split("/").filter(Boolean)) ids.add(p);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const e of entries) {
    if (e.entity_id) walk(e.entity_id);
    walk(parse(e.before));
    walk(parse(e.after));
  }
  return [...ids];
}

/** A label from a message family, or null when it has none. */
function known(locale: Locale, key: string): string | null {
  const s = translate(locale, key as MessageKey);
  return s && s !== key ? s : null;
}

function valueText(
  key: string,
  v: unknown,
  names: ReadonlyMap<string, string>,
  locale: Locale,
): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return translate(locale, v ? "audit.yes" : "audit.no");
  if (typeof v === "number" && key === "weekday") return known(locale, `dash.wd.${v}`) ?? String(v);
  if (typeof v === "number")
    return key === "pct" || key === "targetPct"
      ? formatPercent(v / 100, locale, 0)
      : new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB").format(v);
  if (Array.isArray(v)) return v.map((x) => valueText(key, x, names, locale)).join("; ");
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    // A role held over a unit: "Quản lý — Sở Y tế".
    if ("role" in o && ("unitId" in o || "unitCode" in o))
      return `${valueText("role", o.role, names, locale)} — ${valueText("unitId", o.unitId ?? o.unitCode, names, locale)}`;
    return Object.entries(o)
      .map(([k, x]) => `${fieldName(k, locale)}: ${valueText(k, x, names, locale)}`)
      .join("; ");
  }
  const s = String(v);
  if (UUID.test(s)) return names.get(s) ?? s;
  if (PATH.test(s))
    return s
      .split("/")
      .filter(Boolean)
      .map((id) => names.get(id) ?? id)
      .join(" › ");
  if (INSTANT.test(s)) return formatDateTime(s);
  if (DAY.test(s)) return formatDate(`${s}T00:00:00+07:00`);
  const family: Record<string, string> = {
    role: "role",
    channel: "admin.channel",
    channels: "admin.channel",
    status: "campaign.status",
    metric: "target.metric",
    targetMetric: "target.metric",
    sector: "dash.sector",
    kind: "dash.kind",
    verification: "dash.verification",
    format: "audit.format",
    weekday: "dash.wd",
    reason: "audit.reason",
  };
  const f = family[key];
  return (f && known(locale, `${f}.${s}`)) ?? s;
}

export function fieldName(key: string, locale: Locale): string {
  return known(locale, `audit.field.${key}`) ?? key;
}

/**
 * The fields an entry changed: both sides for an edit (only the fields that differ), the
 * new values for a creation, the old ones for a deletion.
 */
export function auditChanges(
  before: string | null,
  after: string | null,
  names: ReadonlyMap<string, string>,
  locale: Locale,
): AuditChange[] {
  const b = parse(before);
  const a = parse(after);
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const out: AuditChange[] = [];
  for (const k of keys) {
    const x = b && k in b ? b[k] : undefined;
    const y = a && k in a ? a[k] : undefined;
    if (b && a && JSON.stringify(x) === JSON.stringify(y)) continue;
    // Internal bookkeeping (ids already shown by name, the row's own id, creation stamps).
    if (k === "id" || k === "created_at" || k === "created_by") continue;
    out.push({
      field: fieldName(k, locale),
      before: b ? valueText(k, x, names, locale) : null,
      after: a ? valueText(k, y, names, locale) : null,
    });
  }
  return out;
}
