/**
 * SDG 16.6.2 as a page section: the rate per sector and combined, with counts and 95 %
 * intervals, a bar chart with the same figures in the table beside it, and the method in
 * plain words. Pure markup: the dashboard view and the report (web and PDF) render it.
 */
import type { SdgFigure, SdgView } from "~/domain/sdg";
import {
  formatNumber,
  formatPercent,
  translator,
  type Locale,
  type MessageKey,
} from "~/utils/i18n";
import { BarChart } from "./bar-chart";
import { formatMonth } from "./dashboard/parts";

function Row({
  label,
  f,
  campaigns,
  locale,
}: {
  label: string;
  f: SdgFigure;
  campaigns: number | null;
  locale: Locale;
}) {
  const t = translator(locale);
  return (
    <>
      <td className="num">{f.rate === null ? t("sdg.none") : formatPercent(f.rate, locale)}</td>
      <td className="num">
        {f.low !== null && f.high !== null
          ? `${formatPercent(f.low, locale)} – ${formatPercent(f.high, locale)}`
          : "—"}
      </td>
      <td className="num">{formatNumber(f.satisfied, locale)}</td>
      <td className="num">{formatNumber(f.respondents, locale)}</td>
      <td className="num" aria-label={label}>
        {campaigns === null ? "" : formatNumber(campaigns, locale)}
      </td>
    </>
  );
}

export function SdgSection({
  v,
  locale,
  heading,
}: {
  v: SdgView;
  locale: Locale;
  heading: React.ReactNode;
}) {
  const t = translator(locale);
  const name = (s: string) => t(`sdg.sector.${s}` as MessageKey);
  return (
    <section data-testid="sdg-section" aria-label={t("sdg.section")}>
      {heading}
      <p>
        {t("sdg.scope", { unit: v.unitName, from: formatMonth(v.from), to: formatMonth(v.to) })}
      </p>
      {v.combined.respondents === 0 ? (
        <p>{t("sdg.empty")}</p>
      ) : (
        <>
          <figure className="chart">
            <BarChart
              title={t("sdg.chart")}
              rows={[
                ...v.sectors.map((s) => ({
                  label: name(s.sector),
                  value: s.rate,
                  sufficient: s.rate !== null,
                })),
                {
                  label: t("sdg.combined"),
                  value: v.combined.rate,
                  sufficient: v.combined.rate !== null,
                },
              ]}
              target={null}
              insufficientText={t("sdg.none")}
              formatValue={(x) => formatPercent(x, locale)}
            />
            <figcaption>{t("channel.chartNote")}</figcaption>
          </figure>
          <div className="table-scroll">
            <table className="compact" data-testid="sdg-table">
              <caption>{t("sdg.chart")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("sdg.col.sector")}</th>
                  <th scope="col" className="num">
                    {t("sdg.col.rate")}
                  </th>
                  <th scope="col" className="num">
                    {t("sdg.col.interval")}
                  </th>
                  <th scope="col" className="num">
                    {t("sdg.col.satisfied")}
                  </th>
                  <th scope="col" className="num">
                    {t("sdg.col.respondents")}
                  </th>
                  <th scope="col" className="num">
                    {t("sdg.col.campaigns")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {v.sectors.map((s) => (
                  <tr key={s.sector}>
                    <th scope="row">{name(s.sector)}</th>
                    <Row label={name(s.sector)} f={s} campaigns={s.campaigns} locale={locale} />
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t("sdg.combined")}</th>
                  <Row label={t("sdg.combined")} f={v.combined} campaigns={null} locale={locale} />
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
      {v.leftOut.length > 0 && (
        <p className="small">
          {t("sdg.leftOut", { list: v.leftOut.map((p) => p.title).join("; ") })}
        </p>
      )}
      <h3>{t("sdg.method.title")}</h3>
      <ul className="small">
        {(["sdg.method.1", "sdg.method.2", "sdg.method.3", "sdg.method.4"] as const).map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
    </section>
  );
}
