/**
 * The frame of every dashboard page: title, the unit's parents, the tabs, the filter form
 * (a plain GET form: the dashboards work without JavaScript) and the chart script.
 */
import type { ScopeView } from "~/services/dashboard.server";
import "~/styles/dashboard.css";
import { ChartScript } from "../charts/chart";
import { dashHref } from "./links";
import { useLocale } from "~/root";
import { channelLabel } from "~/utils/labels";
import { formatMonth, labelOf, type T } from "./parts";

export const VIEWS = [
  ["", "dash.tab.overview"],
  ["units", "dash.tab.units"],
  ["trend", "dash.tab.trend"],
  ["distribution", "dash.tab.distribution"],
  ["hours", "dash.tab.hours"],
  ["comments", "dash.tab.comments"],
  ["compare", "dash.tab.compare"],
  ["targets", "dash.tab.targets"],
] as const;
export type View = (typeof VIEWS)[number][0];

export function DashboardShell({
  scope,
  view,
  t,
  extra = {},
  children,
}: {
  scope: ScopeView;
  view: View;
  t: T;
  /** Parameters of the view itself that the filter form keeps (granularity, compare mode…). */
  extra?: Record<string, string | null>;
  children: React.ReactNode;
}) {
  const p = scope.params;
  const locale = useLocale();
  const on = [
    scope.channel && `${t("dash.channel")}: ${channelLabel(locale, scope.channel)}`,
    scope.kind && `${t("dash.kind")}: ${labelOf(t, "dash.kind", scope.kind)}`,
    scope.groupLabel,
  ].filter(Boolean);
  return (
    <div className="dashboard">
      <h1>
        {t("dash.title")}: <span data-testid="dash-unit">{scope.unit.name}</span>
      </h1>
      {scope.trail.length > 0 && (
        <nav aria-label={t("dash.trail")} className="trail">
          {scope.trail.map((u, i) => (
            <span key={u.value}>
              {i > 0 && " › "}
              <a href={dashHref(view, p, { unit: u.value })}>{u.label}</a>
            </span>
          ))}
          {" › "}
          <span aria-current="page">{scope.unit.name}</span>
        </nav>
      )}
      <nav aria-label={t("dash.tabs")} className="tabs">
        {VIEWS.map(([v, key]) => (
          <a key={v} href={dashHref(v, p)} aria-current={v === view ? "page" : undefined}>
            {t(key)}
          </a>
        ))}
      </nav>

      {view !== "targets" && (
        <form method="get" className="filters" aria-label={t("dash.filters")}>
          <label>
            {t("dash.unit")}
            <select name="unit" defaultValue={scope.unit.id}>
              {[...scope.trail, ...scope.roots, { value: scope.unit.id, label: scope.unit.name }]
                .filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i)
                .map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
            </select>
          </label>
          {scope.versions.length > 0 && (
            <label>
              {t("dash.questionnaire")}
              <select name="version" defaultValue={scope.version ?? ""}>
                {scope.versions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {scope.campaigns.length > 0 && (
            <label>
              {t("dash.campaign")}
              <select name="campaign" defaultValue={scope.campaignId}>
                <option value="">{t("dash.allCampaigns")}</option>
                {scope.campaigns.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t("dash.from")}
            <input type="month" name="from" defaultValue={scope.from} />
          </label>
          <label>
            {t("dash.to")}
            <input type="month" name="to" defaultValue={scope.to} />
          </label>
          <label>
            {t("dash.channel")}
            <select name="channel" defaultValue={scope.channel ?? ""}>
              <option value="">{t("dash.all")}</option>
              {scope.channels.map((c) => (
                <option key={c} value={c}>
                  {channelLabel(locale, c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("dash.kind")}
            <select name="kind" defaultValue={scope.kind ?? ""}>
              <option value="">{t("dash.all")}</option>
              {scope.kinds.map((k) => (
                <option key={k} value={k}>
                  {labelOf(t, "dash.kind", k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("dash.group")}
            <select
              name="group"
              defaultValue={scope.group ?? ""}
              disabled={scope.groups.length === 0}
            >
              <option value="">{t("dash.all")}</option>
              {scope.groups.map((g) => (
                <optgroup key={g.question} label={g.title}>
                  {g.values.map((v) => (
                    <option key={v.value} value={`${g.question}=${v.value}`}>
                      {v.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          {Object.entries(extra).map(([k, v]) =>
            v ? <input key={k} type="hidden" name={k} value={v} /> : null,
          )}
          <button type="submit" className="button">
            {t("dash.apply")}
          </button>
        </form>
      )}
      {view !== "targets" && (
        <p className="muted context">
          {scope.questionnaire && <>{scope.questionnaire} · </>}
          {t("dash.period", { from: formatMonth(scope.from), to: formatMonth(scope.to) })}
          {on.length > 0 && <> · {t("dash.filtersOn", { list: on.join("; ") })}</>}
          {scope.groups.length === 0 && scope.version && <> · {t("dash.noGroups")}</>}
        </p>
      )}
      {children}
      <p className="muted">{t("dash.fromRollups")}</p>
      <ChartScript />
    </div>
  );
}
