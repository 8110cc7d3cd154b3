/**
 * /public/results/:campaignId — a campaign's published results, for anyone. Only the
 * snapshot an administrator published: aggregates, no answers, no comments; rates with
 * n under the minimum are not in it (see report-public.server.ts).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { findPublished, type PublicRate, type PublicRow } from "~/services/report-public.server";
import { formatDate, formatNumber, formatPercent, translator, type Locale } from "~/utils/i18n";

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findPublished(await appContext(), params.campaignId ?? "");
  if (!found) throw data(null, { status: 404 });
  return found;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.content.campaign.title} — Kết quả công bố` : "Hài Lòng" },
];

function RateCellsPublic({ r, locale, minN }: { r: PublicRate; locale: Locale; minN: number }) {
  const t = translator(locale);
  if (r.suppressed)
    return (
      <>
        <td className="num">&lt; {minN}</td>
        <td className="num insufficient" colSpan={2}>
          {t("public.suppressed")}
        </td>
      </>
    );
  return (
    <>
      <td className="num">{formatNumber(r.n, locale)}</td>
      <td className="num">{formatPercent(r.rate, locale)}</td>
      <td className="num">
        {r.low !== null && r.high !== null
          ? `${formatPercent(r.low, locale)} – ${formatPercent(r.high, locale)}`
          : "—"}
      </td>
    </>
  );
}

export default function PublicResults() {
  const { content: c, publishedAt } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const head = (
    <thead>
      <tr>
        <th scope="col">{t("results.code")}</th>
        <th scope="col">{t("results.name")}</th>
        <th scope="col" className="num">
          n
        </th>
        <th scope="col" className="num">
          {t("results.rate")}
        </th>
        <th scope="col" className="num">
          {t("results.ci")}
        </th>
      </tr>
    </thead>
  );
  const table = (id: string, caption: string, rows: PublicRow[]) =>
    rows.length > 0 && (
      <>
        <h2 id={id}>{caption}</h2>
        <table aria-labelledby={id}>
          {head}
          <tbody>
            {rows.map((r) => (
              <tr key={r.code}>
                <td>{r.code}</td>
                <td>{r.title}</td>
                <RateCellsPublic r={r.rate} locale={locale} minN={c.minN} />
              </tr>
            ))}
          </tbody>
        </table>
      </>
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
      <div className="note">
        <strong>{t(`results.verification.${c.questionnaire.verification as "official"}`)}.</strong>{" "}
        {c.questionnaire.note} {t("public.suppressionNote", { minN: c.minN })}
      </div>
      <div className="card">
        {t("results.responses")}:{" "}
        <span className="big-number">{formatNumber(c.responses, locale)}</span>
        {c.campaign.targetPct !== null && (
          <div>
            {t("results.target")}: {formatPercent(c.campaign.targetPct / 100, locale, 0)}
          </div>
        )}
      </div>
      <h2 id="overall">{t("results.overall")}</h2>
      <table aria-labelledby="overall">
        {head}
        <tbody>
          <tr>
            <td>—</td>
            <td>{t("results.overall")}</td>
            <RateCellsPublic r={c.overall} locale={locale} minN={c.minN} />
          </tr>
        </tbody>
      </table>
      {table("aspects", t("results.aspects"), c.aspects)}
      {table("elements", t("results.elements"), c.elements)}
      {table("items", t("results.items"), c.items)}
      {c.units.length > 0 && (
        <>
          <h2 id="units">{t("report.byUnit")}</h2>
          <table aria-labelledby="units">
            <thead>
              <tr>
                <th scope="col">{t("export.unit")}</th>
                <th scope="col" className="num">
                  n
                </th>
                <th scope="col" className="num">
                  {t("results.rate")}
                </th>
                <th scope="col" className="num">
                  {t("results.ci")}
                </th>
              </tr>
            </thead>
            <tbody>
              {c.units.map((u) => (
                <tr key={u.code}>
                  <td style={{ paddingLeft: `${0.6 + u.depth}em` }}>{u.name}</td>
                  <RateCellsPublic r={u.rate} locale={locale} minN={c.minN} />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
