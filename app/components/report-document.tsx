/**
 * The report as a document (Nghị định 30/2020 layout: national header, issuing unit,
 * number and date, title, sections, recipients, signature). Pure: the web page renders it
 * and the PDF service renders the same markup with renderToStaticMarkup. All text is
 * escaped by React, comments included.
 */
import { indexOf, type FigureColumns, type FigureView, type TargetLine } from "~/domain/figures";
import type { ReportData, UnitView } from "~/domain/report-view";
import { formatDateTime, formatNumber, formatPercent, translator, type Locale } from "~/utils/i18n";
import { BarChart } from "./bar-chart";
import { ChannelComparisonSection } from "./channel-comparison";
import { SdgSection } from "./sdg-section";
import {
  basisText,
  FigureCells,
  FigureHeadCells,
  meanText,
  OverallFigures,
  ResultsTable,
  TargetVerdict,
} from "./figures";

/** "CÔNG CHỨC TRỰC TIẾP…" → "Công chức trực tiếp…": all-capital titles do not fit a chart label. */
function sentenceCase(s: string) {
  if (s !== s.toLocaleUpperCase("vi")) return s;
  const lower = s.toLocaleLowerCase("vi");
  return lower.charAt(0).toLocaleUpperCase("vi") + lower.slice(1);
}

function vnDateLine(iso: string) {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  return { day: d.getUTCDate(), month: d.getUTCMonth() + 1, year: d.getUTCFullYear() };
}

export function ReportDocument({ d, locale }: { d: ReportData; locale: Locale }) {
  const t = translator(locale);
  const pct = (v: number) => formatPercent(v, locale);
  const date = vnDateLine(d.generatedAt);
  const o = d.overall;
  const ok = o.rate !== null && o.sufficient;
  const index = indexOf(o, d.cols.maxPoints);
  const overallText = ok
    ? [
        t("report.overallSentence", {
          rate: pct(o.rate!),
          low: pct(o.low ?? 0),
          high: pct(o.high ?? 0),
          basis: basisText(o, t, locale, d.overallParts, true),
          n: formatNumber(o.n, locale),
        }),
        d.cols.index && index.rate !== null
          ? t("report.indexSentence", {
              index: pct(index.rate),
              mean: formatNumber(o.mean ?? 0, locale, 2),
              max: formatNumber(d.cols.maxPoints ?? 5, locale),
            })
          : "",
        o.top !== null
          ? t("report.topSentence", {
              label: d.cols.topLabel,
              top: pct(o.top),
              mean: meanText(o, d.cols, t, locale),
            })
          : "",
      ]
        .filter(Boolean)
        .join(" ")
    : t("report.overallInsufficient", {
        n: formatNumber(d.sample.responses, locale),
        minN: d.method.minN,
      });
  const target = d.target ? d.target.line.pct / 100 : null;
  // Bars show the rate; a target on the index is drawn against the index.
  const onIndex = d.target?.line.metric === "index";
  const barValue = (f: FigureView) => (onIndex ? indexOf(f, d.cols.maxPoints).rate : f.rate);
  const groups = d.elements.length > 0 ? d.elements : d.items;
  const unitRows = d.units.slice(0, 40);
  let section = 0;
  const roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
  const h2 = (text: string) => (
    <h2>
      {roman[section++]}. {text}
    </h2>
  );
  const figureName = t(onIndex ? "figure.index" : "figure.rate").toLocaleLowerCase(locale);
  return (
    <article className="report" lang={locale}>
      <table className="report-header" role="presentation">
        <tbody>
          <tr>
            <td>
              {d.issuer.parentName && (
                <div className="upper">{d.issuer.parentName.toLocaleUpperCase("vi")}</div>
              )}
              <div className="upper strong">{d.issuer.name.toLocaleUpperCase("vi")}</div>
              <div className="rule" />
              <div>Số: ……/BC-……</div>
            </td>
            <td>
              <div className="upper strong">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
              <div className="strong">Độc lập - Tự do - Hạnh phúc</div>
              <div className="rule" />
              <div className="italic">
                ……………, ngày {date.day} tháng {date.month} năm {date.year}
              </div>
            </td>
          </tr>
        </tbody>
      </table>

      <h1>
        <span className="doc-kind">BÁO CÁO</span>
        <span className="doc-title">
          KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG {d.period.label.toLocaleUpperCase("vi")}
        </span>
        <span className="doc-subtitle">{d.campaign.title}</span>
      </h1>
      <p className="recipient">Kính gửi: Sở Nội vụ</p>

      {h2(t("report.scope"))}
      <p>
        {t("report.scopeUnit")}: <strong>{d.scope}</strong>
        {d.channel ? ` · ${t("export.channel")}: ${d.channel}` : ""}
      </p>
      <p>
        {t("report.period")}: {d.period.label} ({d.period.from} – {d.period.to})
      </p>

      {h2(t("report.method"))}
      <p>
        {t("results.questionnaire")}: <strong>{d.questionnaire.title}</strong> (
        {[
          t("results.versionNo", { n: d.questionnaire.version }),
          d.questionnaire.issuedBy,
          d.questionnaire.formNumber,
        ]
          .filter(Boolean)
          .join(", ")}
        )<sup>1</sup>.
      </p>
      <ul className="method">
        {d.method.sentences.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>

      {h2(t("report.sample"))}
      <p>
        {t("report.sampleSentence", {
          n: formatNumber(d.sample.responses, locale),
          units: d.sample.units,
        })}
      </p>
      {d.sample.byChannel.length > 0 && (
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">{t("export.channel")}</th>
              <th scope="col" className="num">
                {t("results.responses")}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.sample.byChannel.map((c) => (
              <tr key={c.channel}>
                <td>{c.channel}</td>
                <td className="num">{formatNumber(c.count, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {h2(t("report.results"))}
      <p data-testid="overall-sentence">{overallText}</p>
      <OverallFigures f={o} cols={d.cols} locale={locale} parts={d.overallParts} />
      {d.target && <TargetVerdict verdict={d.target} locale={locale} />}
      {d.aspects.length > 0 && (
        <ResultsTable
          caption={t("results.aspects")}
          rows={d.aspects}
          cols={d.cols}
          parts="elements"
          locale={locale}
        />
      )}
      {d.elements.length > 0 && (
        <ResultsTable
          caption={t("results.elements")}
          rows={d.elements}
          cols={d.cols}
          parts="items"
          locale={locale}
        />
      )}
      <figure className="chart">
        <BarChart
          title={d.elements.length > 0 ? t("results.elements") : t("results.items")}
          rows={groups.map((g) => ({
            label: `${g.code}. ${sentenceCase(g.title)}`,
            value: barValue(g.f),
            sufficient: g.f.sufficient,
          }))}
          target={target}
          insufficientText={t("results.insufficient")}
          formatValue={pct}
        />
        <figcaption>
          {t("report.chartCaption", {
            figure: figureName,
            what: (d.elements.length > 0
              ? t("results.elements")
              : t("results.items")
            ).toLocaleLowerCase(locale),
          })}
        </figcaption>
      </figure>
      <ResultsTable caption={t("results.items")} rows={d.items} cols={d.cols} locale={locale} />

      <h3>{t("report.byUnit")}</h3>
      {d.units.length === 0 ? (
        <p>{t("report.noUnits")}</p>
      ) : (
        <>
          <UnitTable rows={unitRows} cols={d.cols} locale={locale} />
          {d.units.length > unitRows.length && (
            <p className="small">
              {t("report.moreUnits", { n: d.units.length - unitRows.length })}
            </p>
          )}
          <figure className="chart">
            <BarChart
              title={t("report.byUnit")}
              rows={unitRows.map((u) => ({
                label: `${"· ".repeat(u.depth)}${u.name}`,
                value: barValue(u.f),
                sufficient: u.f.sufficient,
              }))}
              target={target}
              insufficientText={t("results.insufficient")}
              formatValue={pct}
            />
            <figcaption>{t("report.unitChartCaption", { figure: figureName })}</figcaption>
          </figure>
        </>
      )}

      {h2(t("report.belowTarget"))}
      {d.target === null ? (
        <p>{t("report.noTarget")}</p>
      ) : (
        <>
          {d.belowTarget.length === 0 ? (
            <p>{t("report.noneBelow", { target: targetWords(d.target.line, t, locale) })}</p>
          ) : (
            <>
              <p>
                {t("report.someBelow", {
                  target: targetWords(d.target.line, t, locale),
                  n: d.belowTarget.length,
                })}
              </p>
              <UnitTable rows={d.belowTarget} cols={d.cols} locale={locale} />
            </>
          )}
          {d.undecided.length > 0 && (
            <>
              <p>{t("report.someUndecided", { n: d.undecided.length })}</p>
              <UnitTable rows={d.undecided} cols={d.cols} locale={locale} />
            </>
          )}
        </>
      )}

      {d.channels && (
        <ChannelComparisonSection
          rows={d.channels}
          locale={locale}
          heading={h2(t("channel.section"))}
        />
      )}

      {d.sdg && <SdgSection v={d.sdg} locale={locale} heading={h2(t("sdg.section"))} />}

      {h2(t("report.comments"))}
      {d.comments.length === 0 ? (
        <p>{t("report.noCommentQuestions")}</p>
      ) : (
        d.comments.map((c) => (
          <section key={c.key} className="comments">
            <p>
              <strong>{c.title}</strong>:{" "}
              {t("report.commentCount", { n: formatNumber(c.count, locale) })}
            </p>
            {c.examples.length > 0 && (
              <ul>
                {c.examples.map((e, i) => (
                  <li key={i}>«{e}»</li>
                ))}
              </ul>
            )}
          </section>
        ))
      )}

      <table className="report-footer" role="presentation">
        <tbody>
          <tr>
            <td>
              <div className="italic strong">Nơi nhận:</div>
              <div className="small">- Sở Nội vụ;</div>
              <div className="small">- Lưu: VT.</div>
            </td>
            <td className="sign">
              <div className="upper strong">THỦ TRƯỞNG ĐƠN VỊ</div>
              <div className="italic small">(Ký, ghi rõ họ tên, đóng dấu)</div>
            </td>
          </tr>
        </tbody>
      </table>
      <footer className="footnotes small">
        <p>
          <sup>1</sup> {d.questionnaire.footnote}
        </p>
        {d.questionnaire.note && <p>{d.questionnaire.note}</p>}
      </footer>
      <p className="small muted generated">
        {t("report.generated", { time: formatDateTime(d.generatedAt), who: d.generatedBy })}
      </p>
    </article>
  );
}

/** "tỷ lệ hài lòng tối thiểu 90 %". */
function targetWords(line: TargetLine, t: ReturnType<typeof translator>, locale: Locale) {
  return `${t(`target.metric.${line.metric}`)} ${t(line.comparator === "gt" ? "target.gt" : "target.gte")} ${formatPercent(line.pct / 100, locale, 0)}`;
}

function UnitTable({
  rows,
  cols,
  locale,
}: {
  rows: UnitView[];
  cols: FigureColumns;
  locale: Locale;
}) {
  const t = translator(locale);
  return (
    <table className="figures">
      <thead>
        <tr>
          <th scope="col">{t("export.unit")}</th>
          <FigureHeadCells t={t} cols={cols} />
          <th scope="col">{t("dash.status")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((u) => (
          <tr key={u.id} className={u.status === "not_reached" ? "below" : undefined}>
            <td style={{ paddingLeft: `${0.4 + u.depth * 0.9}em` }}>
              {u.name} <span className="muted small">({u.code})</span>
            </td>
            <FigureCells f={u.f} cols={cols} locale={locale} />
            <td>{t(`dash.status.${u.status}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
