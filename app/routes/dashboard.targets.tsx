/**
 * /dashboard/targets — the satisfaction targets with their sources and how far they are
 * verified; managers add their units' own targets, administrators of a top-level unit the
 * defaults (and older plans, for history).
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { dashHref } from "~/components/dashboard/links";
import { DashboardShell } from "~/components/dashboard/shell";
import { isMetric, METRICS, TARGET_SECTORS } from "~/domain/targets";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { dashboardContext } from "~/services/dashboard-route.server";
import { selectionView } from "~/services/dashboard/selection.server";
import {
  addTarget,
  listVisibleTargets,
  removeTarget,
  targetFormSchema,
} from "~/services/targets.server";
import { invalidInput, ServiceError } from "~/services/service-error.server";
import {
  formatDate,
  formatPercent,
  requestTranslator,
  translator,
  type MessageKey,
  pageTitle,
} from "~/utils/i18n";
import { requireUser } from "~/utils/guards.server";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { z } from "zod";
import { parseIntent } from "~/utils/intent.server";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection, user, url } = await dashboardContext(request).catch(loaderFailure);
  const visible = await listVisibleTargets(ctx, user.grants);
  return {
    selection: selectionView(selection),
    ...visible,
    saved: url.searchParams.get("saved"),
  };
}

const Intent = z.object({ intent: z.enum(["add", "delete"]) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const form = await request.formData();
  const t = requestTranslator(request);
  const back = new URL(request.url);
  try {
    if (parseIntent(form, Intent).intent === "delete") {
      await removeTarget(ctx, user, String(form.get("id") ?? ""));
      back.searchParams.set("saved", "deleted");
      return redirect(back.pathname + back.search);
    }
    const parsed = targetFormSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return data({ error: invalidInput(parsed.error).in(t) }, { status: 400 });
    }
    await addTarget(ctx, user, parsed.data);
    back.searchParams.set("saved", "added");
    return redirect(back.pathname + back.search);
  } catch (e) {
    // A target the user may not set or remove: the message beside the form, not the error page.
    if (e instanceof ServiceError) return data({ error: e.in(t) }, { status: e.status });
    throw e;
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "dash.targetsTitle") },
];

export default function DashboardTargets() {
  const { selection, targets, units, canDefaults, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const locale = useLocale();
  const t = translator(locale);
  const sector = (s: string) => {
    const label = t(`dash.sector.${s}` as MessageKey);
    return label && label !== `dash.sector.${s}` ? label : s;
  };
  const day = (d: string) => formatDate(`${d}T00:00:00+07:00`);
  const here = dashHref("targets", selection.params);
  return (
    <DashboardShell selection={selection} view="targets" t={t}>
      <h2 id="targets">{t("dash.targetsTitle")}</h2>
      <p>{t("dash.targetsIntro")}</p>
      <p className="note" data-testid="unverified-note">
        {t("dash.targetsUnverified")}
      </p>
      {saved && (
        <p className="card" role="status">
          {saved === "deleted" ? t("dash.targetDeleted") : t("dash.targetSaved")}
        </p>
      )}
      {actionData && "error" in actionData && (
        <p className="card" role="alert">
          {t("dash.targetInvalid", { reason: actionData.error })}
        </p>
      )}
      <table data-testid="targets-table" aria-labelledby="targets">
        <thead>
          <tr>
            <th scope="col">{t("dash.sector")}</th>
            <th scope="col">{t("dash.scope")}</th>
            <th scope="col" className="num">
              {t("dash.target")}
            </th>
            <th scope="col">{t("target.metric")}</th>
            <th scope="col">{t("dash.validity")}</th>
            <th scope="col">{t("dash.source")}</th>
            <th scope="col">{t("dash.verification")}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {targets.map((x) => (
            <tr key={x.id} data-target={x.id}>
              <td>{sector(x.sector)}</td>
              <td>{x.unitName ?? t("dash.everywhere")}</td>
              <td className="num">
                {t(x.comparator === "gt" ? "dash.target.gt" : "dash.target.gte", {
                  pct: formatPercent(x.pct / 100, locale, 0),
                })}
              </td>
              <td data-metric={x.metric}>
                {t(`target.metric.${isMetric(x.metric) ? x.metric : "rate"}`)}
              </td>
              <td>
                {day(x.validFrom)} – {day(x.validTo)}
              </td>
              <td>{x.source}</td>
              <td className={`verification-${x.verification}`} data-verification={x.verification}>
                {t(`dash.verification.${x.verification}` as MessageKey)}
              </td>
              <td>
                {x.canDelete && (
                  <form method="post" action={here}>
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={x.id} />
                    <button type="submit" className="linklike">
                      {t("dash.delete")}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {(units.length > 0 || canDefaults) && (
        <>
          <h3 id="add-target">{t("dash.addTarget")}</h3>
          <p className="muted">{t("dash.targetsHistory")}</p>
          <form method="post" action={here} className="filters" aria-labelledby="add-target">
            <input type="hidden" name="intent" value="add" />
            <label>
              {t("dash.scope")}
              <select name="unitId" defaultValue={units[0]?.value ?? ""}>
                {canDefaults && <option value="">{t("dash.everywhere")}</option>}
                {units.map((u) => (
                  <option key={u.value} value={u.value}>
                    {u.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("dash.sector")}
              <select name="sector">
                {TARGET_SECTORS.map((s) => (
                  <option key={s} value={s}>
                    {sector(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("target.metric")}
              <select name="metric" defaultValue="rate">
                {METRICS.map((m) => (
                  <option key={m} value={m}>
                    {t(`target.metric.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("dash.comparator")}
              <select name="comparator">
                <option value="gt">{t("dash.target.gt", { pct: "…" })}</option>
                <option value="gte">{t("dash.target.gte", { pct: "…" })}</option>
              </select>
            </label>
            <label>
              {t("dash.pct")}
              <input type="number" name="pct" min={0} max={100} step={0.1} required />
            </label>
            <label>
              {t("dash.validFrom")}
              <input type="date" name="validFrom" required />
            </label>
            <label>
              {t("dash.validTo")}
              <input type="date" name="validTo" required />
            </label>
            <label>
              {t("dash.source")}
              <input type="text" name="source" required maxLength={500} />
            </label>
            <label>
              {t("dash.verification")}
              <select name="verification" defaultValue="unverified">
                {(["verified", "reported", "unverified"] as const).map((v) => (
                  <option key={v} value={v}>
                    {t(`dash.verification.${v}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="button">
              {t("dash.save")}
            </button>
          </form>
        </>
      )}
    </DashboardShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
