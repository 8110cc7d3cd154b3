/**
 * /public/results/:campaignId — a campaign's published results, for anyone. Only the
 * snapshot an administrator published: aggregates, no answers, no comments; rates with
 * n under the minimum are not in it (see report-public.server.ts).
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FigureCells, FigureHeadCells, OverallFigures, ResultsTable } from "~/components/figures";
import type { FigureColumns, FigureView, PartsKind } from "~/domain/figures";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { findPublished, type PublicRate, type PublicRow } from "~/services/report-public.server";
import {
  formatDate,
  formatNumber,
  formatPercent,
  translator,
  type Locale,
  namedPageTitle,
} from "~/utils/i18n";

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findPublished(await appContext(), params.campaignId ?? "");
  if (!found) throw data(null, { status: 404 });
  return found;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data ? namedPageTitle(matches, data.content.campaign.title, "nav.public") : "Hài Lòng",
  },
];

/** Columns of a snapshot published before the figures had their own columns. */
const OLD_SNAPSHOT: FigureColumns = {
  index: false,
  maxPoints: null,
  minPoints: null,
  topLabel: "",
};

/** A published rate as a figure (older snapshots hold n, rate and interval only). */
function figureOf(r: Extract<PublicRate, { suppressed: false }>): FigureView {
  const old: FigureView = {
    n: 0,
    rate: null,
    low: null,
    high: null,
    basis: "answers",
    satisfied: 0,
    answers: 0,
    parts: null,
    top: null,
    mean: null,
    meanLow: null,
    meanHigh: null,
    sufficient: true,
  };
  return { ...old, ...r };
}

function PublicCells({
  r,
  cols,
  locale,
  minN,
  parts,
}: {
  r: PublicRate;
  cols: FigureColumns;
  locale: Locale;
  minN: number;
  parts?: PartsKind;
}) {
  const t = translator(locale);
  if (r.suppressed)
    return (
      <>
        <td className="num">&lt; {formatNumber(minN, locale)}</td>
        <td className="num insufficient" colSpan={cols.index ? 5 : 4}>
          {t("public.suppressed")}
        </td>
      </>
    );
  return <FigureCells f={figureOf(r)} cols={cols} locale={locale} parts={parts} />;
}

export default function PublicResults() {
  const { content: c, publishedAt } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const cols = c.cols ?? { ...OLD_SNAPSHOT, topLabel: t("figure.topDefault") };
  const table = (id: string, caption: string, rows: PublicRow[], parts?: PartsKind) =>
    rows.length > 0 && (
      <ResultsTable
        id={id}
        caption={caption}
        rows={rows}
        cols={cols}
        locale={locale}
        cells={(r) => (
          <PublicCells r={r.rate} cols={cols} locale={locale} minN={c.minN} parts={parts} />
        )}
      />
    );
  return (
    <>
      <p>
        <Link to="/public">← {t("public.title")}</Link>
      </p>
      <h1>{c.campaign.title}</h1>
      <p className="muted">
        {t("results.questionnaire")}: {c.questionnaire.title}
        {c.questionnaire.issuedBy ? ` (${c.questionnaire.issuedBy})` : ""} ·{" "}
        {t("public.publishedOn", { date: formatDate(publishedAt) })}
        {c.periodFrom || c.periodTo
          ? ` · ${t("report.period")}: ${c.periodFrom ?? "…"} – ${c.periodTo ?? "…"}`
          : ""}
      </p>
      <div className="card">
        {t("results.responses")}:{" "}
        <span className="big-number">{formatNumber(c.responses, locale)}</span>
        {c.campaign.targetPct !== null && (
          <div>
            {t("results.target")}: {formatPercent(c.campaign.targetPct / 100, locale, 0)}
          </div>
        )}
      </div>
      <h2 id="overall">{t("figure.overall")}</h2>
      {c.overall.suppressed ? (
        <p className="insufficient">{t("public.suppressed")}</p>
      ) : (
        <OverallFigures
          f={figureOf(c.overall)}
          cols={cols}
          locale={locale}
          parts={c.overallParts}
        />
      )}
      {table("aspects", t("results.aspects"), c.aspects, "elements")}
      {table("elements", t("results.elements"), c.elements, "items")}
      {table("items", t("results.items"), c.items)}
      {c.units.length > 0 && (
        <>
          <h2 id="units">{t("report.byUnit")}</h2>
          <div className="table-scroll">
            <table aria-labelledby="units">
              <thead>
                <tr>
                  <th scope="col">{t("export.unit")}</th>
                  <FigureHeadCells t={t} cols={cols} />
                </tr>
              </thead>
              <tbody>
                {c.units.map((u) => (
                  <tr key={u.code}>
                    <td style={{ paddingLeft: `${0.6 + u.depth}em` }}>{u.name}</td>
                    <PublicCells
                      r={u.rate}
                      cols={cols}
                      locale={locale}
                      minN={c.minN}
                      parts={c.overallParts}
                    />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {c.method && (
        <>
          <h2 id="method">{t("results.method")}</h2>
          <ul className="method">
            {c.method.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      )}
      <aside className="footnote">
        {c.questionnaire.footnote && <p>{c.questionnaire.footnote}</p>}
        {c.questionnaire.note && <p className="small">{c.questionnaire.note}</p>}
        <p className="small">{t("public.suppressionNote", { minN: c.minN })}</p>
      </aside>
    </>
  );
}

/** A campaign whose results are not published: say so, not the survey-link message. */
export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: ({ t }) => (
          <>
            <h1>{t("public.unpublished.title")}</h1>
            <p>{t("public.unpublished.body")}</p>
            <p>
              <Link to="/public">{t("public.title")}</Link>
            </p>
          </>
        ),
      }}
    />
  );
}
