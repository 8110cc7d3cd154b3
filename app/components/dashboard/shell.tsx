/**
 * The frame of every dashboard page: title, the unit's parents, the tabs, the filter form
 * (a plain GET form: the dashboards work without JavaScript) and the chart script.
 */
import type { SelectionView } from "~/domain/dashboard-view";
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
  ["dossiers", "qd766.nav"],
  ["channels", "channel.nav"],
  ["sdg", "sdg.nav"],
] as const;
export type View = (typeof VIEWS)[number][0];

export function DashboardShell({
  selection,
  view,
  t,
  extra = {},
  children,
}: {
  selection: SelectionView;
  view: View;
  t: T;
  /** Parameters of the view itself that the filter form keeps (granularity, compare mode…). */
  extra?: Record<string, string | null>;
  children: React.ReactNode;
}) {
  const p = selection.params;
  const locale = useLocale();
  const on = [
    selection.channel && `${t("dash.channel")}: ${channelLabel(locale, selection.channel)}`,
    selection.kind && `${t("dash.kind")}: ${labelOf(t, "dash.kind", selection.kind)}`,
    selection.groupLabel,
  ].filter(Boolean);
  return (
    <div className="dashboard">
      <h1>
        {t("dash.title")}: <span data-testid="dash-unit">{selection.unit.name}</span>
      </h1>
      {selection.trail.length > 0 && (
        <nav aria-label={t("dash.trail")} className="trail">
          {selection.trail.map((u, i) => (
            <span key={u.value}>
              {i > 0 && " › "}
              <a href={dashHref(view, p, { unit: u.value })}>{u.label}</a>
            </span>
          ))}
          {" › "}
          <span aria-current="page">{selection.unit.name}</span>
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
            <select name="unit" defaultValue={selection.unit.id}>
              {[
                ...selection.trail,
                ...selection.roots,
                { value: selection.unit.id, label: selection.unit.name },
              ]
                .filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i)
                .map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
            </select>
          </label>
          {selection.versions.length > 0 && (
            <label>
              {t("dash.questionnaire")}
              <select name="version" defaultValue={selection.version ?? ""}>
                {selection.versions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {selection.campaigns.length > 0 && (
            <label>
              {t("dash.campaign")}
              <select name="campaign" defaultValue={selection.campaignId}>
                <option value="">{t("dash.allCampaigns")}</option>
                {selection.campaigns.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t("dash.from")}
            <input type="month" name="from" defaultValue={selection.from} />
          </label>
          <label>
            {t("dash.to")}
            <input type="month" name="to" defaultValue={selection.to} />
          </label>
          <label>
            {t("dash.channel")}
            <select name="channel" defaultValue={selection.channel ?? ""}>
              <option value="">{t("dash.all")}</option>
              {selection.channels.map((c) => (
                <option key={c} value={c}>
                  {channelLabel(locale, c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("dash.kind")}
            <select name="kind" defaultValue={selection.kind ?? ""}>
              <option value="">{t("dash.all")}</option>
              {selection.kinds.map((k) => (
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
              defaultValue={selection.group ?? ""}
              disabled={selection.groups.length === 0}
            >
              <option value="">{t("dash.all")}</option>
              {selection.groups.map((g) => (
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
          {selection.questionnaire && <>{selection.questionnaire} · </>}
          {t("dash.period", { from: formatMonth(selection.from), to: formatMonth(selection.to) })}
          {on.length > 0 && <> · {t("dash.filtersOn", { list: on.join("; ") })}</>}
          {selection.groups.length === 0 && selection.version && <> · {t("dash.noGroups")}</>}
        </p>
      )}
      {children}
      <p className="muted">{t("dash.fromRollups")}</p>
      <ChartScript />
    </div>
  );
}
