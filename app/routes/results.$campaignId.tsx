/** /results/:campaignId — counts and satisfaction rates read from the rollups, rendered on the server. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { RateCells } from "~/components/rate-cells";
import { localize } from "~/domain/questionnaire";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { findCampaignResults, readableScopes } from "~/services/results.server";
import { requireUser } from "~/services/auth.server";
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  localeFromRequest,
  translator,
} from "~/utils/i18n";

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
  // Loaders send display-ready summaries, never raw responses.
  return {
    campaign: {
      id: campaign.id,
      title: campaign.title,
      status: campaign.status,
      opensAt: campaign.opens_at,
      closesAt: campaign.closes_at,
      targetPct: campaign.target_pct,
    },
    questionnaire: {
      title: lz(meta.title),
      slug: version.slug,
      version: version.version,
      issuedBy: meta.issuedBy ?? null,
      verification: meta.verification,
      note: meta.note ? lz(meta.note) : null,
    },
    responses: result.responses,
    minN: result.minN,
    method: result.method,
    options: result.options,
    overall: result.overall,
    items: result.items.map((i) => ({ ...i, title: lz(i.title) })),
    elements: result.elements.map((e) => ({ ...e, title: lz(e.title) })),
    aspects: result.aspects.map((a) => ({ ...a, title: lz(a.title) })),
    indicators: result.indicators.map((i) => ({
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
    warnings: result.warnings,
    generatedAt: new Date().toISOString(),
    scopes: scopes.map(({ value, label }) => ({ value, label })),
    scope: scope.value,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} — Hài Lòng` : "Hài Lòng" },
];

export default function ResultsRoute() {
  const d = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const head = (
    <thead>
      <tr>
        <th scope="col">{t("results.code")}</th>
        <th scope="col">{t("results.name")}</th>
        <th scope="col" className="num">
          {t("results.valid")}
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
  return (
    <>
      <h1>
        {t("results.title")}: {d.campaign.title}
      </h1>
      <p className="muted">
        {t("campaign.period")}: {formatDate(d.campaign.opensAt)} –{" "}
        {formatDate(new Date(new Date(d.campaign.closesAt).getTime() - 1))} ·{" "}
        {t("results.questionnaire")}: {d.questionnaire.title} (v{d.questionnaire.version}
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
      <div className="note">
        <strong>{t(`results.verification.${d.questionnaire.verification}`)}.</strong>{" "}
        {d.questionnaire.note}
      </div>
      <div className="card" aria-live="polite">
        <div>
          {t("results.responses")}:{" "}
          <span className="big-number" data-testid="response-count">
            {formatNumber(d.responses, locale)}
          </span>
        </div>
        {d.campaign.targetPct !== null && (
          <div>
            {t("results.target")}: {formatPercent(d.campaign.targetPct / 100, locale, 0)}
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
            <RateCells rate={d.overall} locale={locale} />
          </tr>
        </tbody>
      </table>

      {d.aspects.length > 0 && (
        <GroupTable
          id="aspects"
          caption={t("results.aspects")}
          rows={d.aspects}
          head={head}
          locale={locale}
        />
      )}
      {d.elements.length > 0 && (
        <GroupTable
          id="elements"
          caption={t("results.elements")}
          rows={d.elements}
          head={head}
          locale={locale}
        />
      )}
      <GroupTable
        id="items"
        caption={t("results.items")}
        rows={d.items}
        head={head}
        locale={locale}
      />

      {d.indicators.length > 0 && <IndicatorTable rows={d.indicators} locale={locale} />}

      <h2 id="method">{t("results.method")}</h2>
      <p>{t("results.methodNote", { minN: d.minN })}</p>
      <p className="muted">
        method = {d.method};{" "}
        {Object.entries(d.options)
          .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
          .join("; ")}
      </p>
      {d.warnings.length > 0 && (
        <>
          <h3>{t("results.warnings")}</h3>
          <ul>
            {d.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">{t("results.updated", { time: formatDateTime(d.generatedAt) })}</p>
    </>
  );
}

function GroupTable({
  id,
  caption,
  rows,
  head,
  locale,
}: {
  id: string;
  caption: string;
  rows: Array<{ code: string; title: string } & Parameters<typeof RateCells>[0]["rate"]>;
  head: React.ReactNode;
  locale: ReturnType<typeof useLocale>;
}) {
  return (
    <>
      <h2 id={id}>{caption}</h2>
      <table aria-labelledby={id}>
        {head}
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <td>{r.code}</td>
              <td>{r.title}</td>
              <RateCells rate={r} locale={locale} />
            </tr>
          ))}
        </tbody>
      </table>
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
              {t("results.valid")}
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
                  {r.value !== null ? ` (${show(r.value, r.unit)})` : ""}
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
