/**
 * Figures in tables, the same on the results page, the report, the published results and the
 * dashboards: forms, what the rate is computed from, the rate and its interval, the index
 * (health), the top-level share and the mean score, each in a column named for what it is.
 */
import {
  basisText,
  indexOf,
  meanText,
  type FigureColumns,
  type FigureView,
  type PartsKind,
  type TargetLine,
} from "~/domain/figures";
import type { TargetStatus } from "~/domain/targets";
import {
  formatNumber,
  formatPercent,
  translator,
  type Locale,
  type MessageKey,
} from "~/utils/i18n";

type T = ReturnType<typeof translator>;

export type { FigureColumns, PartsKind, TargetLine };
export { basisText, meanText };

const pct = (v: number | null, locale: Locale) => (v === null ? "—" : formatPercent(v, locale));
const interval = (low: number | null, high: number | null, locale: Locale) =>
  low !== null && high !== null
    ? `${formatPercent(low, locale)} – ${formatPercent(high, locale)}`
    : "—";

export function FigureHeadCells({ t, cols }: { t: T; cols: FigureColumns }) {
  return (
    <>
      <th scope="col" className="num" title={t("figure.formsHint")}>
        {t("figure.forms")}
      </th>
      <th scope="col" className="num">
        {t("figure.basis")}
      </th>
      <th scope="col" className="num">
        {t("figure.rate")} <span className="small">({t("figure.ci").toLocaleLowerCase()})</span>
      </th>
      {cols.index && (
        <th scope="col" className="num">
          {t("figure.index")}
        </th>
      )}
      <th scope="col" className="num">
        {t("figure.top", { label: cols.topLabel })}
      </th>
      <th scope="col" className="num">
        {t("figure.mean")}
      </th>
    </>
  );
}

/** The cells under FigureHeadCells; below the minimum n the figures read "chưa đủ số phiếu". */
export function FigureCells({
  f,
  cols,
  locale,
  parts,
}: {
  f: FigureView;
  cols: FigureColumns;
  locale: Locale;
  parts?: PartsKind;
}) {
  const t = translator(locale);
  const span = cols.index ? 4 : 3;
  return (
    <>
      <td className="num">{formatNumber(f.n, locale)}</td>
      <td className="num">
        {f.answers > 0 || f.basis === "mean" ? basisText(f, t, locale, parts) : "—"}
      </td>
      {f.rate === null || !f.sufficient ? (
        <td className="num insufficient" colSpan={span}>
          {t("figure.insufficient")}
        </td>
      ) : (
        <>
          <td className="num" data-rate={f.rate}>
            {formatPercent(f.rate, locale)}
            <br />
            <span className="small muted">{interval(f.low, f.high, locale)}</span>
          </td>
          {cols.index && <td className="num">{pct(indexOf(f, cols.maxPoints).rate, locale)}</td>}
          <td className="num">{pct(f.top, locale)}</td>
          <td className="num">{meanText(f, cols, t, locale)}</td>
        </>
      )}
    </>
  );
}

/**
 * The overall results as named figures, one per row: the rate (with what it is computed
 * from), the index (health), the top-level share and the mean score, each with its interval.
 */
export function OverallFigures({
  f,
  cols,
  locale,
  parts,
  id,
}: {
  f: FigureView;
  cols: FigureColumns;
  locale: Locale;
  parts?: PartsKind;
  id?: string;
}) {
  const t = translator(locale);
  const ok = f.rate !== null && f.sufficient;
  const max = cols.maxPoints === null ? "" : formatNumber(cols.maxPoints, locale);
  const idx = indexOf(f, cols.maxPoints);
  const rows: Array<{ key: string; name: string; value: string; ci: string; how: string }> = [
    {
      key: "rate",
      name: t("figure.rate"),
      value: ok ? pct(f.rate, locale) : t("figure.insufficient"),
      ci: ok ? interval(f.low, f.high, locale) : "—",
      how: `${basisText(f, t, locale, parts, true)}${f.basis === "mean" ? "" : ` ${t("figure.ofForms", { n: formatNumber(f.n, locale) })}`}`,
    },
  ];
  if (cols.index)
    rows.push({
      key: "index",
      name: t("figure.index"),
      value: ok ? pct(idx.rate, locale) : t("figure.insufficient"),
      ci: ok ? interval(idx.low, idx.high, locale) : "—",
      how: t("figure.indexDef", { max }),
    });
  rows.push({
    key: "top",
    name: t("figure.top", { label: cols.topLabel }),
    value: ok ? pct(f.top, locale) : t("figure.insufficient"),
    ci: "—",
    how: t("figure.topDef", { label: cols.topLabel }),
  });
  rows.push({
    key: "mean",
    name: t("figure.mean"),
    value: ok ? meanText(f, cols, t, locale) : t("figure.insufficient"),
    ci:
      ok && f.meanLow !== null && f.meanHigh !== null
        ? `${formatNumber(f.meanLow, locale, 2)} – ${formatNumber(f.meanHigh, locale, 2)}`
        : "—",
    how: t("figure.meanDef", {
      min: cols.minPoints === null ? "" : formatNumber(cols.minPoints, locale),
      max,
    }),
  });
  return (
    <table className="overall-figures" id={id} data-testid="overall-figures">
      <thead>
        <tr>
          <th scope="col">{t("figure.name")}</th>
          <th scope="col" className="num">
            {t("figure.value")}
          </th>
          <th scope="col" className="num">
            {t("figure.ci")}
          </th>
          <th scope="col">{t("figure.computedFrom")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-figure={r.key}>
            <th scope="row">{r.name}</th>
            <td className="num">{r.value}</td>
            <td className="num">{r.ci}</td>
            <td>{r.how}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Chỉ tiêu: tỷ lệ hài lòng tối thiểu 90 %", then the verdict on the interval, in words. */
export function TargetVerdict({
  verdict: { line: target, status, low, high },
  locale,
}: {
  verdict: { line: TargetLine; status: TargetStatus; low: number | null; high: number | null };
  locale: Locale;
}) {
  const t = translator(locale);
  return (
    <p className="target-verdict" data-status={status}>
      <strong>
        {t("target.line", {
          metric: t(`target.metric.${target.metric}`),
          comparator: t(target.comparator === "gt" ? "target.gt" : "target.gte"),
          pct: formatPercent(target.pct / 100, locale, 0),
        })}
      </strong>
      . {t("target.verdict")}:{" "}
      {t(`target.verdict.${status}` as MessageKey, {
        low: low === null ? "—" : formatPercent(low, locale),
        high: high === null ? "—" : formatPercent(high, locale),
      })}
    </p>
  );
}

/**
 * The results table of aspects, elements or criteria: code, name and the figure columns. On a
 * page (`id` given) a heading names it and the table scrolls on a narrow screen; in the printed
 * report it carries its own caption. `cells` replaces the figure cells (published results
 * hide the figures of a small group).
 */
export function ResultsTable<R extends { code: string; title: string; f?: FigureView }>({
  id,
  caption,
  rows,
  cols,
  locale,
  parts,
  cells,
}: {
  id?: string;
  caption: string;
  rows: readonly R[];
  cols: FigureColumns;
  locale: Locale;
  parts?: PartsKind;
  cells?: (row: R) => React.ReactNode;
}) {
  const t = translator(locale);
  const table = (
    <table className="figures" aria-labelledby={id}>
      {id === undefined && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t("results.code")}</th>
          <th scope="col">{t("results.name")}</th>
          <FigureHeadCells t={t} cols={cols} />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.code} data-code={r.code}>
            <td>{r.code}</td>
            <td>{r.title}</td>
            {cells ? (
              cells(r)
            ) : r.f ? (
              <FigureCells f={r.f} cols={cols} locale={locale} parts={parts} />
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (id === undefined) return table;
  return (
    <>
      <h2 id={id}>{caption}</h2>
      <div className="table-scroll">{table}</div>
    </>
  );
}
