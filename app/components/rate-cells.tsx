import type { Rate } from "~/domain/scoring";
import { formatNumber, formatPercent, translator, type Locale } from "~/utils/i18n";

/** n, rate and interval cells; below the minimum n the rate reads "chưa đủ số phiếu" with its n. */
export function RateCells({ rate, locale }: { rate: Rate; locale: Locale }) {
  const t = translator(locale);
  return (
    <>
      <td className="num">{formatNumber(rate.n, locale)}</td>
      {rate.rate === null || !rate.sufficient ? (
        <td className="num insufficient" colSpan={2}>
          {t("results.insufficient")}
          {rate.rate !== null ? ` (${formatPercent(rate.rate, locale)})` : ""}
        </td>
      ) : (
        <>
          <td className="num">{formatPercent(rate.rate, locale)}</td>
          <td className="num">
            {formatPercent(rate.low ?? 0, locale)} – {formatPercent(rate.high ?? 0, locale)}
          </td>
        </>
      )}
    </>
  );
}
