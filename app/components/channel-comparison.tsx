/**
 * The unit's own survey beside the independent channel, per unit: both rates with their 95 %
 * intervals and forms, the difference in percentage points with its interval, and whether it
 * is significant. Pure markup: the results page, the dashboard and the report (web and PDF)
 * render it alike.
 */
import type { ChannelComparisonRow, ChannelSide } from "~/domain/independent-channel";
import { formatNumber, formatPercent, translator, type Locale } from "~/utils/i18n";
import { formatPoints } from "./dashboard/parts";

function SideCells({ s, locale }: { s: ChannelSide; locale: Locale }) {
  const t = translator(locale);
  const ok = s.f.sufficient && s.f.rate !== null;
  return (
    <>
      <td className="num">{ok ? formatPercent(s.f.rate!, locale) : t("results.insufficient")}</td>
      <td className="num">
        {ok && s.f.low !== null && s.f.high !== null
          ? `${formatPercent(s.f.low, locale)} – ${formatPercent(s.f.high, locale)}`
          : "—"}
      </td>
      <td className="num">{formatNumber(s.responses, locale)}</td>
    </>
  );
}

export function ChannelComparisonTable({
  rows,
  locale,
  caption,
}: {
  rows: readonly ChannelComparisonRow[];
  locale: Locale;
  caption?: string;
}) {
  const t = translator(locale);
  return (
    <div className="table-scroll">
      <table className="compact" data-testid="channel-comparison">
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t("channel.unitCol")}
            </th>
            <th scope="colgroup" colSpan={3}>
              {t("channel.own")}
            </th>
            <th scope="colgroup" colSpan={3}>
              {t("channel.independent")}
            </th>
            <th scope="col" rowSpan={2} className="num">
              {t("channel.difference")}
            </th>
            <th scope="col" rowSpan={2} className="num">
              {t("channel.differenceInterval")}
            </th>
            <th scope="col" rowSpan={2}>
              {t("channel.significant")}
            </th>
          </tr>
          <tr>
            {[0, 1].map((i) => (
              <SideHeadings key={i} t={t} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.unitId}>
              <th scope="row">{r.unitName}</th>
              <SideCells s={r.own} locale={locale} />
              <SideCells s={r.independent} locale={locale} />
              <td className="num">
                {r.difference ? formatPoints(r.difference.diff, locale) : "—"}
              </td>
              <td className="num">
                {r.difference
                  ? `${formatPoints(r.difference.low, locale)} – ${formatPoints(r.difference.high, locale)}`
                  : "—"}
              </td>
              <td>
                {r.difference
                  ? r.difference.significant
                    ? t("channel.yes")
                    : t("channel.no")
                  : t("channel.cannotTell")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The three sub-headings under each side. */
function SideHeadings({ t }: { t: ReturnType<typeof translator> }) {
  return (
    <>
      <th scope="col" className="num">
        {t("channel.rate")}
      </th>
      <th scope="col" className="num">
        {t("channel.interval")}
      </th>
      <th scope="col" className="num">
        {t("channel.forms")}
      </th>
    </>
  );
}

/** The section: heading, the table (or why there is none) and the method in one paragraph. */
export function ChannelComparisonSection({
  rows,
  locale,
  heading,
}: {
  rows: readonly ChannelComparisonRow[];
  locale: Locale;
  heading: React.ReactNode;
}) {
  const t = translator(locale);
  return (
    <section aria-label={t("channel.section")} data-testid="channel-section">
      {heading}
      {rows.length === 0 ? (
        <p>{t("channel.empty")}</p>
      ) : (
        <ChannelComparisonTable rows={rows} locale={locale} />
      )}
      <p className="small muted">{t("channel.method")}</p>
    </section>
  );
}
