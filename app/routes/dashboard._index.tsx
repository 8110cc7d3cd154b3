/** /dashboard — overview: the overall index against its target, elements, criteria, weakest criteria. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartCanvas } from "~/components/charts/chart";
import type { ChartSpec } from "~/components/charts/spec";
import {
  chartPct,
  formatMonth,
  formatPoints,
  RateCells,
  StatusBadge,
  TargetText,
  type T,
} from "~/components/dashboard/parts";
import { DashboardShell } from "~/components/dashboard/shell";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import {
  getOverview,
  scopeView,
  type RatedRow,
  type TargetView,
} from "~/services/dashboard.server";
import { formatNumber, formatPercent, translator, type Locale } from "~/utils/i18n";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, scope } = await dashboardContext(request);
  return { scope: scopeView(scope), prev: scope.prev, overview: await getOverview(ctx, scope) };
}

export const meta: MetaFunction = () => [{ title: "Bảng điều khiển — Hài Lòng" }];

export default function DashboardOverview() {
  const { scope, prev, overview: o } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <DashboardShell scope={scope} view="" t={t}>
      {!o || o.responses === 0 ? (
        <p className="card">{t("dash.noData")}</p>
      ) : (
        <>
          <section className="card overall" aria-labelledby="overall">
            <h2 id="overall">{t("dash.overall")}</h2>
            <p>
              <span
                className="big-number"
                data-testid="overall-rate"
                data-rate={o.overall.rate ?? ""}
              >
                {o.overall.rate === null || !o.overall.sufficient
                  ? t("dash.status.insufficient")
                  : formatPercent(o.overall.rate, locale)}
              </span>{" "}
              <StatusBadge status={o.overall.status} t={t} />
            </p>
            <dl className="facts">
              <dt>{t("dash.n")}</dt>
              <dd data-testid="overall-n">{formatNumber(o.overall.n, locale)}</dd>
              <dt>{t("dash.responses")}</dt>
              <dd data-testid="responses">{formatNumber(o.responses, locale)}</dd>
              <dt>{t("dash.ci")}</dt>
              <dd>
                {o.overall.low !== null && o.overall.high !== null
                  ? `${formatPercent(o.overall.low, locale)} – ${formatPercent(o.overall.high, locale)}`
                  : "—"}
              </dd>
              <dt>{t("dash.target")}</dt>
              <dd data-testid="target">
                <TargetText target={o.target} t={t} locale={locale} full />
              </dd>
              <dt>{t("dash.change")}</dt>
              <dd>
                {o.change && o.previous ? (
                  <>
                    {t("dash.changeValue", {
                      diff: formatPoints(o.change.diff, locale),
                      low: formatPoints(o.change.low, locale),
                      high: formatPoints(o.change.high, locale),
                    })}
                    {" — "}
                    {o.change.significant ? t("dash.significant") : t("dash.notSignificant")}
                    <br />
                    <span className="muted">
                      {t("dash.previous", {
                        from: formatMonth(prev.from),
                        to: formatMonth(prev.to),
                      })}
                      : {formatPercent(o.previous.rate ?? 0, locale)}
                    </span>
                  </>
                ) : (
                  "—"
                )}
              </dd>
            </dl>
            <p className="muted">{t("dash.statusNote")}</p>
          </section>

          <section aria-labelledby="weakest">
            <h2 id="weakest">{t("dash.weakest")}</h2>
            <p className="muted">{t("dash.weakestNote")}</p>
            {o.weakest.length === 0 ? (
              <p>{t("dash.noWeakest")}</p>
            ) : (
              <RateTable id="weakest-table" rows={o.weakest} t={t} locale={locale} />
            )}
          </section>

          {o.aspects.length > 0 && (
            <RateSection
              id="aspects"
              title={t("dash.aspects")}
              rows={o.aspects}
              target={o.target}
              t={t}
              locale={locale}
            />
          )}
          {o.elements.length > 0 && (
            <RateSection
              id="elements"
              title={t("dash.elements")}
              rows={o.elements}
              target={o.target}
              t={t}
              locale={locale}
            />
          )}
          <RateSection
            id="items"
            title={t("dash.items")}
            rows={o.items}
            target={o.target}
            t={t}
            locale={locale}
          />
        </>
      )}
    </DashboardShell>
  );
}

function RateSection({
  id,
  title,
  rows,
  target,
  t,
  locale,
}: {
  id: string;
  title: string;
  rows: RatedRow[];
  target: TargetView | null;
  t: T;
  locale: Locale;
}) {
  const spec: ChartSpec = {
    type: "bar",
    horizontal: true,
    percent: true,
    labels: rows.map((r) => `${r.code}. ${r.title}`.slice(0, 60)),
    series: [
      { label: t("dash.rate"), data: rows.map((r) => (r.sufficient ? chartPct(r.rate) : null)) },
      ...(target
        ? [
            {
              label: t("dash.targetLine"),
              data: rows.map(() => target.pct),
              kind: "target" as const,
            },
          ]
        : []),
    ],
  };
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ChartCanvas
        spec={spec}
        label={`${title}. ${t("dash.chartNote")}`}
        height={Math.max(180, rows.length * 34 + 90)}
      />
      <RateTable id={`${id}-table`} rows={rows} t={t} locale={locale} />
    </section>
  );
}

function RateTable({
  id,
  rows,
  t,
  locale,
}: {
  id: string;
  rows: RatedRow[];
  t: T;
  locale: Locale;
}) {
  return (
    <table data-testid={id}>
      <thead>
        <tr>
          <th scope="col">{t("dash.code")}</th>
          <th scope="col">{t("dash.name")}</th>
          <th scope="col" className="num">
            {t("dash.n")}
          </th>
          <th scope="col" className="num">
            {t("dash.rate")}
          </th>
          <th scope="col" className="num">
            {t("dash.ci")}
          </th>
          <th scope="col">{t("dash.status")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.code} data-code={r.code}>
            <td>{r.code}</td>
            <td>{r.title}</td>
            <RateCells rate={r} locale={locale} t={t} />
            <td>
              <StatusBadge status={r.status} t={t} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
