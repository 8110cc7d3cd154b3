/**
 * /dashboard/dossiers — the QĐ 766 satisfaction group from dossiers for the month the filter
 * ends on: per unit, with the dossier counts behind each rate, beside the survey's rate of the
 * same units and month; then by procedure, submission channel and officer. The rule set is
 * named, dated and marked unverified on the page (app/domain/qd766.ts).
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatMonth } from "~/components/dashboard/parts";
import { DashboardShell } from "~/components/dashboard/shell";
import type { Qd766Figure } from "~/domain/qd766";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { selectionView } from "~/services/dashboard/selection.server";
import { qd766View } from "~/services/qd766.server";
import {
  formatDate,
  formatNumber,
  formatPercent,
  matchesLocale,
  pageTitle,
  t as translate,
  translator,
  type Locale,
  type Translate,
} from "~/utils/i18n";
import { dossierChannelLabel } from "~/utils/labels";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection } = await dashboardContext(request).catch(loaderFailure);
  return { selection: selectionView(selection), view: await qd766View(ctx, selection) };
}

export const meta: MetaFunction = ({ matches }) => [
  {
    title: pageTitle(matches, "page.dashboardView", {
      view: translate(matchesLocale(matches), "qd766.nav"),
    }),
  },
];

function Counts({ f, locale }: { f: Qd766Figure | null; locale: Locale }) {
  if (!f) return <td colSpan={6}>—</td>;
  const n = (x: number) => formatNumber(x, locale);
  return (
    <>
      <td>{n(f.dossiers)}</td>
      <td>{n(f.overdue)}</td>
      <td>{n(f.rated)}</td>
      <td>{n(f.dissatisfied)}</td>
      <td>{f.rate === null ? "—" : formatPercent(f.rate, locale)}</td>
      <td>{f.points === null ? "—" : formatNumber(f.points, locale, 2)}</td>
    </>
  );
}

function CountHeads({ t }: { t: Translate }) {
  return (
    <>
      <th scope="col">{t("qd766.col.dossiers")}</th>
      <th scope="col">{t("qd766.col.overdue")}</th>
      <th scope="col">{t("qd766.col.rated")}</th>
      <th scope="col">{t("qd766.col.dissatisfied")}</th>
      <th scope="col">{t("qd766.col.rate")}</th>
      <th scope="col">{t("qd766.col.points")}</th>
    </>
  );
}

function Breakdown({
  id,
  title,
  head,
  rows,
  label,
  t,
  locale,
}: {
  id: string;
  title: string;
  head: string;
  rows: Array<{ key: string | null; figure: Qd766Figure }>;
  label: (key: string) => string;
  t: Translate;
  locale: Locale;
}) {
  if (rows.length === 0) return null;
  return (
    <>
      <h3 id={id}>{title}</h3>
      <div className="table-scroll">
        <table aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{head}</th>
              <CountHeads t={t} />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key ?? ""}>
                <th scope="row">{r.key === null ? t("qd766.unknown") : label(r.key)}</th>
                <Counts f={r.figure} locale={locale} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export default function DashboardDossiers() {
  const { selection, view } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <DashboardShell selection={selection} view="dossiers" t={t}>
      <h2 id="qd766">
        {t("qd766.title")} — {t("qd766.month")} {formatMonth(view.month)}
      </h2>
      <p>{t("qd766.intro")}</p>
      <p className="note" data-testid="qd766-rules">
        {t("qd766.rules", {
          rules: t("qd766.rules.name"),
          date: formatDate(`${view.rules.datedAs}T12:00:00+07:00`),
        })}
      </p>
      <p className="muted">{t("qd766.counting")}</p>
      {view.units.length === 0 ? (
        <p className="card">{t("qd766.none")}</p>
      ) : (
        <div className="table-scroll">
          <table aria-labelledby="qd766" data-testid="qd766-units">
            <thead>
              <tr>
                <th scope="col">{t("qd766.col.unit")}</th>
                <CountHeads t={t} />
                <th scope="col">{t("qd766.col.survey")}</th>
                <th scope="col">{t("qd766.col.surveyN")}</th>
              </tr>
            </thead>
            <tbody>
              {view.units.map((u) => (
                <tr key={`${u.unitId}-${u.self}`}>
                  <th scope="row">{u.self ? t("qd766.own", { name: u.name }) : u.name}</th>
                  <Counts f={u.figure} locale={locale} />
                  <td>
                    {u.survey?.rate != null && u.survey.sufficient
                      ? formatPercent(u.survey.rate, locale)
                      : (u.survey?.responses ?? 0) > 0
                        ? t("qd766.fewSurvey", { n: selection.minN })
                        : t("qd766.noSurvey")}
                  </td>
                  <td>{formatNumber(u.survey?.responses ?? 0, locale)}</td>
                </tr>
              ))}
              {view.total && (
                <tr>
                  <th scope="row">{t("qd766.total", { name: selection.unit.name })}</th>
                  <Counts f={view.total} locale={locale} />
                  <td colSpan={2} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <Breakdown
        id="qd766-procedure"
        title={t("qd766.byProcedure")}
        head={t("qd766.col.procedure")}
        rows={view.byProcedure}
        label={(k) => k}
        t={t}
        locale={locale}
      />
      <Breakdown
        id="qd766-channel"
        title={t("qd766.byChannel")}
        head={t("qd766.col.channel")}
        rows={view.byChannel}
        label={(k) => dossierChannelLabel(locale, k)}
        t={t}
        locale={locale}
      />
      <Breakdown
        id="qd766-officer"
        title={t("qd766.byOfficer")}
        head={t("qd766.col.officer")}
        rows={view.byOfficer}
        label={(k) => k}
        t={t}
        locale={locale}
      />
    </DashboardShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
