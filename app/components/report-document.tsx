/**
 * The report as a document (Nghị định 30/2020 layout: national header, issuing unit,
 * number and date, title, sections, recipients, signature). Pure: the web page renders it
 * and the PDF service renders the same markup with renderToStaticMarkup. All text is
 * escaped by React, comments included.
 */
import type { ReportData, RateView, RowView, UnitView } from "~/services/report.server";
import { formatDateTime, formatNumber, formatPercent, translator, type Locale } from "~/utils/i18n";
import { BarChart } from "./bar-chart";

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
  const target = d.campaign.targetPct === null ? null : d.campaign.targetPct / 100;
  const date = vnDateLine(d.generatedAt);
  const overallText =
    d.overall.rate !== null && d.overall.sufficient
      ? t("report.overallSentence", {
          rate: pct(d.overall.rate),
          low: pct(d.overall.low ?? 0),
          high: pct(d.overall.high ?? 0),
          n: formatNumber(d.sample.responses, locale),
        })
      : t("report.overallInsufficient", {
          n: formatNumber(d.sample.responses, locale),
          minN: d.method.minN,
        });
  const groups = d.elements.length > 0 ? d.elements : d.items;
  const unitRows = d.units.slice(0, 40);
  let section = 0;
  const roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
  const h2 = (text: string) => (
    <h2>
      {roman[section++]}. {text}
    </h2>
  );
  return (
    <article className="report" lang="vi">
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
        {d.questionnaire.slug} v{d.questionnaire.version}
        {d.questionnaire.issuedBy ? `, ${d.questionnaire.issuedBy}` : ""}
        {d.questionnaire.formNumber ? `, ${d.questionnaire.formNumber}` : ""}).
      </p>
      <p className="verification">
        <strong>{t(`results.verification.${d.questionnaire.verification as "official"}`)}.</strong>{" "}
        {d.questionnaire.note}
        {d.questionnaire.referenceSection
          ? ` (${t("catalog.source")}: ${d.questionnaire.referenceSection})`
          : ""}
      </p>
      <ul>
        {d.method.formulas.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
      <p className="small">
        {t("report.methodOptions")}: method = {d.method.name}
        {d.method.options.map(([k, v]) => `; ${k} = ${v}`).join("")}; min n = {d.method.minN}
        {d.campaign.targetPct !== null
          ? `; ${t("results.target")} = ${d.campaign.targetPct} %`
          : ""}
      </p>
      {d.method.warnings.length > 0 && (
        <ul className="small">
          {d.method.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}

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
      <p>{overallText}</p>
      {d.aspects.length > 0 && (
        <RateTable caption={t("results.aspects")} rows={d.aspects} locale={locale} />
      )}
      {d.elements.length > 0 && (
        <RateTable caption={t("results.elements")} rows={d.elements} locale={locale} />
      )}
      <figure className="chart">
        <BarChart
          title={d.elements.length > 0 ? t("results.elements") : t("results.items")}
          rows={groups.map((g) => ({
            label: `${g.code}. ${sentenceCase(g.title)}`,
            value: g.rate,
            sufficient: g.sufficient,
          }))}
          target={target}
          insufficientText={t("results.insufficient")}
          formatValue={pct}
        />
        <figcaption>
          {t("report.chartCaption", {
            what: (d.elements.length > 0
              ? t("results.elements")
              : t("results.items")
            ).toLocaleLowerCase(locale),
          })}
        </figcaption>
      </figure>
      <RateTable caption={t("results.items")} rows={d.items} locale={locale} />

      <h3>{t("report.byUnit")}</h3>
      {d.units.length === 0 ? (
        <p>{t("report.noUnits")}</p>
      ) : (
        <>
          <UnitTable rows={unitRows} locale={locale} />
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
                value: u.rate,
                sufficient: u.sufficient,
              }))}
              target={target}
              insufficientText={t("results.insufficient")}
              formatValue={pct}
            />
            <figcaption>{t("report.unitChartCaption")}</figcaption>
          </figure>
        </>
      )}

      {h2(t("report.belowTarget"))}
      {target === null ? (
        <p>{t("report.noTarget")}</p>
      ) : d.belowTarget.length === 0 ? (
        <p>{t("report.noneBelow", { target: d.campaign.targetPct ?? 0 })}</p>
      ) : (
        <>
          <p>
            {t("report.someBelow", { target: d.campaign.targetPct ?? 0, n: d.belowTarget.length })}
          </p>
          <UnitTable rows={d.belowTarget} locale={locale} />
        </>
      )}

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
      <p className="small muted generated">
        {t("report.generated", { time: formatDateTime(d.generatedAt), who: d.generatedBy })}
      </p>
    </article>
  );
}

function RateCellsPrint({ r, locale }: { r: RateView; locale: Locale }) {
  const t = translator(locale);
  return (
    <>
      <td className="num">{formatNumber(r.n, locale)}</td>
      {r.rate === null || !r.sufficient ? (
        <td className="num insufficient" colSpan={2}>
          {t("results.insufficient")}
        </td>
      ) : (
        <>
          <td className="num">{formatPercent(r.rate, locale)}</td>
          <td className="num">
            {formatPercent(r.low ?? 0, locale)} – {formatPercent(r.high ?? 0, locale)}
          </td>
        </>
      )}
    </>
  );
}

function RateTable({
  caption,
  rows,
  locale,
}: {
  caption: string;
  rows: RowView[];
  locale: Locale;
}) {
  const t = translator(locale);
  return (
    <table>
      <caption>{caption}</caption>
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
      <tbody>
        {rows.map((r) => (
          <tr key={r.code}>
            <td>{r.code}</td>
            <td>{r.title}</td>
            <RateCellsPrint r={r} locale={locale} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UnitTable({ rows, locale }: { rows: UnitView[]; locale: Locale }) {
  const t = translator(locale);
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("export.unit")}</th>
          <th scope="col" className="num">
            {t("results.responses")}
          </th>
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
        {rows.map((u) => (
          <tr key={u.id} className={u.belowTarget ? "below" : undefined}>
            <td style={{ paddingLeft: `${0.4 + u.depth * 0.9}em` }}>
              {u.name} <span className="muted small">({u.code})</span>
            </td>
            <td className="num">{formatNumber(u.responses, locale)}</td>
            <RateCellsPrint r={u} locale={locale} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
