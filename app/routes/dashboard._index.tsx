/** /dashboard — overview: the overall index against its target, elements, criteria, weakest criteria. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartCanvas } from "~/components/charts/chart";
import type { ChartSpec } from "~/components/charts/spec";
import {
  chartPct,
  formatMonth,
  formatPoints,
  StatusBadge,
  TargetText,
  type T,
} from "~/components/dashboard/parts";
import { FigureCells, FigureHeadCells, OverallFigures } from "~/components/figures";
import { indexOf, type FigureColumns, type PartsKind } from "~/domain/figures";
import { DashboardShell } from "~/components/dashboard/shell";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { getOverview } from "~/services/dashboard/overview.server";
import { selectionView } from "~/services/dashboard/selection.server";
import type { RatedRow, TargetView } from "~/domain/dashboard-view";
import { formatNumber, formatPercent, translator, type Locale, pageTitle } from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection } = await dashboardContext(request).catch(loaderFailure);
  return {
    selection: selectionView(selection),
    prev: selection.prev,
    overview: await getOverview(ctx, selection),
  };
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "dash.title") }];

export default function DashboardOverview() {
  const { selection, prev, overview: o } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <DashboardShell selection={selection} view="" t={t}>
      {!o || o.responses === 0 ? (
        <p className="card">{t("dash.noData")}</p>
      ) : (
        <>
          <section className="card overall" aria-labelledby="overall">
            <h2 id="overall">{t("dash.overall")}</h2>
            <p>
              {t("figure.rate")}:{" "}
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
            {selection.cols && (
              <OverallFigures f={o.overall} cols={selection.cols} locale={locale} parts={o.parts} />
            )}
            <dl className="facts">
              <dt>{t("dash.responses")}</dt>
              <dd data-testid="responses">{formatNumber(o.responses, locale)}</dd>
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
              <RateTable
                id="weakest-table"
                rows={o.weakest}
                cols={selection.cols}
                t={t}
                locale={locale}
              />
            )}
          </section>

          {o.aspects.length > 0 && (
            <RateSection
              id="aspects"
              title={t("dash.aspects")}
              rows={o.aspects}
              target={o.target}
              cols={selection.cols}
              parts="elements"
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
              cols={selection.cols}
              parts="items"
              t={t}
              locale={locale}
            />
          )}
          <RateSection
            id="items"
            title={t("dash.items")}
            rows={o.items}
            target={o.target}
            cols={selection.cols}
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
  cols,
  parts,
  t,
  locale,
}: {
  id: string;
  title: string;
  rows: RatedRow[];
  target: TargetView | null;
  cols: FigureColumns | null;
  parts?: PartsKind;
  t: T;
  locale: Locale;
}) {
  // The bars show the figure the target is set on.
  const onIndex = target?.metric === "index";
  const value = (r: RatedRow) => (onIndex ? indexOf(r, cols?.maxPoints ?? null).rate : r.rate);
  const spec: ChartSpec = {
    type: "bar",
    horizontal: true,
    percent: true,
    labels: rows.map((r) => `${r.code}. ${r.title}`.slice(0, 60)),
    series: [
      {
        label: t(onIndex ? "figure.index" : "figure.rate"),
        data: rows.map((r) => (r.sufficient ? chartPct(value(r)) : null)),
      },
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
      <RateTable id={`${id}-table`} rows={rows} cols={cols} parts={parts} t={t} locale={locale} />
    </section>
  );
}

function RateTable({
  id,
  rows,
  cols,
  parts,
  t,
  locale,
}: {
  id: string;
  rows: RatedRow[];
  cols: FigureColumns | null;
  parts?: PartsKind;
  t: T;
  locale: Locale;
}) {
  if (!cols) return null;
  return (
    <div className="table-scroll">
      <table data-testid={id} className="figures">
        <thead>
          <tr>
            <th scope="col">{t("dash.code")}</th>
            <th scope="col">{t("dash.name")}</th>
            <FigureHeadCells t={t} cols={cols} />
            <th scope="col">{t("dash.status")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} data-code={r.code}>
              <td>{r.code}</td>
              <td>{r.title}</td>
              <FigureCells f={r} cols={cols} locale={locale} parts={parts} />
              <td>
                <StatusBadge status={r.status} t={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
