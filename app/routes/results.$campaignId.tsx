/** /results/:campaignId — counts and satisfaction rates read from the rollups, rendered on the server. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ChannelComparisonSection } from "~/components/channel-comparison";
import { OverallFigures, ResultsTable, TargetVerdict } from "~/components/figures";
import { figureView } from "~/domain/figures";
import { figureColumns, methodSentences, sourceFootnote } from "~/domain/method-text";
import { localize } from "~/domain/questionnaire";
import { judge } from "~/domain/targets";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { compareChannels } from "~/services/independent-channel.server";
import {
  campaignTargetOf,
  findCampaignResults,
  metricInterval,
  overallParts,
  readableScopes,
  SHOWN_BESIDE_OVERALL,
} from "~/services/results.server";
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  localeFromRequest,
  translator,
} from "~/utils/i18n";
import { requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const campaignId = params.campaignId ?? "";
  // A campaign outside the user's units answers 404: its existence is not told either.
  const scopes = await readableScopes(ctx, campaignId, user.grants);
  if (scopes.length === 0) throw data(null, { status: 404 });
  const wanted = new URL(request.url).searchParams.get("unit") ?? scopes[0]!.value;
  const scope = scopes.find((s) => s.value === wanted) ?? scopes[0]!;
  const found = await findCampaignResults(
    ctx,
    campaignId,
    scope.path ? { unitPaths: scope.paths } : {},
  );
  if (!found) throw data(null, { status: 404 });
  const locale = localeFromRequest(request);
  const { campaign, version, result } = found;
  const meta = version.definition.meta;
  const lz = (x: Parameters<typeof localize>[0]) => localize(x, locale);
  const target = campaignTargetOf(campaign);
  const overall = figureView(result.overall);
  const channels = await compareChannels(ctx, {
    campaignIds: [campaign.id],
    definition: version.definition,
    minN: campaign.min_n,
    within: scope.path ? scope.paths : null,
  });
  // Loaders send display-ready summaries, never raw responses.
  return {
    campaign: {
      id: campaign.id,
      title: campaign.title,
      status: campaign.status,
      opensAt: campaign.opens_at,
      closesAt: campaign.closes_at,
    },
    questionnaire: {
      title: lz(meta.title),
      version: version.version,
      issuedBy: meta.issuedBy ?? null,
      note: meta.note ? lz(meta.note) : null,
      footnote: sourceFootnote(meta, locale),
    },
    responses: result.responses,
    cols: figureColumns(version.definition, result, locale, target?.metric ?? null),
    overallParts: overallParts(result.options),
    overall,
    target: target && {
      line: { pct: target.value * 100, metric: target.metric, comparator: target.comparator },
      status: judge(overall, target, result.maxPoints),
      ...metricInterval(overall, target.metric, result.maxPoints),
    },
    items: result.items.map((i) => ({ code: i.code, title: lz(i.title), f: figureView(i) })),
    elements: result.elements.map((e) => ({ code: e.code, title: lz(e.title), f: figureView(e) })),
    aspects: result.aspects.map((a) => ({ code: a.code, title: lz(a.title), f: figureView(a) })),
    indicators: result.indicators
      .filter((i) => !SHOWN_BESIDE_OVERALL.has(i.code))
      .map((i) => ({
        code: i.code,
        title: lz(i.title),
        value: i.value,
        unit: i.unit,
        max: i.max ?? null,
        n: i.n,
        low: i.low ?? null,
        high: i.high ?? null,
        sufficient: i.sufficient,
        label: i.label ? lz(i.label) : null,
      })),
    method: methodSentences(version.definition, result, locale),
    generatedAt: new Date().toISOString(),
    scopes: scopes.map(({ value, label }) => ({ value, label })),
    scope: scope.value,
    channels,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} — Hài Lòng` : "Hài Lòng" },
];

export default function ResultsRoute() {
  const d = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <h1>
        {t("results.title")}: {d.campaign.title}
      </h1>
      <p className="muted">
        {t("campaign.period")}: {formatDate(d.campaign.opensAt)} –{" "}
        {formatDate(new Date(new Date(d.campaign.closesAt).getTime() - 1))} ·{" "}
        {t("results.questionnaire")}: {d.questionnaire.title} (
        {t("results.versionNo", { n: d.questionnaire.version })}
        {d.questionnaire.issuedBy ? `, ${d.questionnaire.issuedBy}` : ""})
      </p>
      {d.scopes.length > 1 && (
        <Form method="get" className="scope-form">
          <label>
            {t("results.scope")}{" "}
            <select name="unit" defaultValue={d.scope}>
              {d.scopes.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.value === "" ? t("results.wholeCampaign") : s.label}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit" className="button">
            {t("results.show")}
          </button>
        </Form>
      )}
      <div className="card" aria-live="polite">
        <div>
          {t("results.responses")}:{" "}
          <span className="big-number" data-testid="response-count">
            {formatNumber(d.responses, locale)}
          </span>
        </div>
      </div>

      <h2 id="overall">{t("figure.overall")}</h2>
      <p className="muted">{t("figure.overallNote")}</p>
      <OverallFigures f={d.overall} cols={d.cols} locale={locale} parts={d.overallParts} />
      {d.target && <TargetVerdict verdict={d.target} locale={locale} />}

      {d.aspects.length > 0 && (
        <ResultsTable
          id="aspects"
          caption={t("results.aspects")}
          rows={d.aspects}
          cols={d.cols}
          parts="elements"
          locale={locale}
        />
      )}
      {d.elements.length > 0 && (
        <ResultsTable
          id="elements"
          caption={t("results.elements")}
          rows={d.elements}
          cols={d.cols}
          parts="items"
          locale={locale}
        />
      )}
      <ResultsTable
        id="items"
        caption={t("results.items")}
        rows={d.items}
        cols={d.cols}
        locale={locale}
      />

      {d.indicators.length > 0 && <IndicatorTable rows={d.indicators} locale={locale} />}

      {d.channels && (
        <ChannelComparisonSection
          rows={d.channels}
          locale={locale}
          heading={<h2 id="channels">{t("channel.section")}</h2>}
        />
      )}

      <h2 id="method">{t("results.method")}</h2>
      <ul className="method">
        {d.method.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <aside className="footnote" aria-label={t("results.sourceNote")}>
        <p>
          <sup>*</sup> {d.questionnaire.footnote}
        </p>
        {d.questionnaire.note && <p className="small">{d.questionnaire.note}</p>}
      </aside>
      <p className="muted">{t("results.updated", { time: formatDateTime(d.generatedAt) })}</p>
    </>
  );
}

type IndicatorRow = {
  code: string;
  title: string;
  value: number | null;
  unit: "proportion" | "points";
  max: number | null;
  n: number;
  low: number | null;
  high: number | null;
  sufficient: boolean;
  label: string | null;
};

function IndicatorTable({
  rows,
  locale,
}: {
  rows: IndicatorRow[];
  locale: ReturnType<typeof useLocale>;
}) {
  const t = translator(locale);
  const show = (v: number, unit: IndicatorRow["unit"]) =>
    unit === "proportion" ? formatPercent(v, locale) : formatNumber(v, locale, 2);
  return (
    <>
      <h2 id="indicators">{t("results.indicators")}</h2>
      <table aria-labelledby="indicators">
        <thead>
          <tr>
            <th scope="col">{t("results.name")}</th>
            <th scope="col" className="num">
              {t("results.indicatorN")}
            </th>
            <th scope="col" className="num">
              {t("results.value")}
            </th>
            <th scope="col" className="num">
              {t("results.ci")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <td>{r.title}</td>
              <td className="num">{formatNumber(r.n, locale)}</td>
              {r.value === null || !r.sufficient ? (
                <td className="num insufficient" colSpan={2}>
                  {t("results.insufficient")}
                </td>
              ) : (
                <>
                  <td className="num">
                    {show(r.value, r.unit)}
                    {r.max !== null && r.unit === "points"
                      ? ` / ${formatNumber(r.max, locale)}`
                      : ""}
                    {r.label ? ` — ${r.label}` : ""}
                  </td>
                  <td className="num">
                    {r.low !== null && r.high !== null
                      ? `${show(r.low, r.unit)} – ${show(r.high, r.unit)}`
                      : "—"}
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
