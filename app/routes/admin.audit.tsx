/**
 * /admin/audit — the audit log of the administrator's units: who did what, when, before and
 * after. Entries about a unit show to the administrators of its subtree; entries about a
 * person (sign-ins, locks) to the administrators of a unit where that person holds a role.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AuditChanges, auditLabel } from "~/components/audit-value";
import {
  listAuditEntryKinds,
  readableAudit,
  searchAuditEntries,
} from "~/services/audit-view.server";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { pathsWith } from "~/services/service-error.server";
import { formatDateTime, localeFromRequest, translator, pageTitle } from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AdminHead } from "~/components/admin-head";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);
const FilterSchema = z.object({
  who: z.string().trim().max(64).optional().catch(undefined),
  action: z.string().max(40).optional().catch(undefined),
  entity: z.string().max(40).optional().catch(undefined),
  from: day,
  to: day,
});

/** 00:00 in Vietnam of an ISO date, as a UTC instant; `next` gives the following midnight. */
function vnMidnight(date: string, next = false) {
  const t = Date.parse(`${date}T00:00:00+07:00`) + (next ? 86_400_000 : 0);
  return new Date(t).toISOString();
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "audit.read");
  const ctx = await appContext();
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, v]) => v !== ""),
  );
  const f = FilterSchema.parse(params);
  const rows = await searchAuditEntries(ctx, {
    paths: pathsWith(user, "audit.read"),
    login: f.who?.toLowerCase(),
    action: f.action,
    entity: f.entity,
    from: f.from ? vnMidnight(f.from) : undefined,
    to: f.to ? vnMidnight(f.to, true) : undefined,
    limit: 300,
  });
  // Names instead of ids, changed fields in words instead of JSON.
  const entries = await readableAudit(ctx, rows, localeFromRequest(request));
  return { filter: f, entries, kinds: await listAuditEntryKinds(ctx) };
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "admin.audit.title") },
];

export default function Audit() {
  const d = useLoaderData<typeof loader>();
  const t = translator(useLocale());
  return (
    <>
      <AdminHead t={t} title={t("admin.audit.title")} intro={t("admin.audit.intro")} />
      <Form method="get" className="filters">
        <label>
          {t("admin.audit.who")} <input name="who" defaultValue={d.filter.who ?? ""} size={14} />
        </label>{" "}
        <label>
          {t("admin.audit.action")}{" "}
          <select name="action" defaultValue={d.filter.action ?? ""}>
            <option value="">—</option>
            {d.kinds.actions.map((a) => (
              <option key={a} value={a}>
                {auditLabel(t, "action", a)}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("admin.audit.entity")}{" "}
          <select name="entity" defaultValue={d.filter.entity ?? ""}>
            <option value="">—</option>
            {d.kinds.entities.map((a) => (
              <option key={a} value={a}>
                {auditLabel(t, "entity", a)}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("admin.audit.from")}{" "}
          <input name="from" type="date" defaultValue={d.filter.from ?? ""} />
        </label>{" "}
        <label>
          {t("admin.audit.to")} <input name="to" type="date" defaultValue={d.filter.to ?? ""} />
        </label>{" "}
        <button type="submit" className="button">
          {t("results.show")}
        </button>
      </Form>
      <p className="muted">{t("admin.audit.count", { n: d.entries.length })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("admin.audit.at")}</th>
            <th scope="col">{t("admin.audit.who")}</th>
            <th scope="col">{t("admin.audit.action")}</th>
            <th scope="col">{t("admin.audit.entity")}</th>
            <th scope="col">{t("admin.audit.unit")}</th>
            <th scope="col">{t("audit.changes")}</th>
          </tr>
        </thead>
        <tbody>
          {d.entries.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.login ?? "—"}</td>
              <td>{auditLabel(t, "action", e.action)}</td>
              <td>
                {auditLabel(t, "entity", e.entity)}
                {e.subject ? <div className="muted">{e.subject}</div> : null}
              </td>
              <td>{e.unit_name ?? "—"}</td>
              <td>
                <AuditChanges changes={e.changes} t={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
