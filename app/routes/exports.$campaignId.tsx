/**
 * /exports/:campaignId — choose the filters (unit subtree, months, channel, flagged
 * responses) and download the responses (CSV, CSV with labels, XLSX, JSON); the figures
 * shown are those the files' summaries carry. Administrators publish the aggregated
 * results here.
 */
import "~/utils/i18n-staff";
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { readIntent } from "~/utils/intent.server";
import { exportFilterQuery } from "~/domain/export-filter";
import { useLocale } from "~/root";
import { OverallFigures } from "~/components/figures";
import { figureView } from "~/domain/figures";
import { figureColumns } from "~/domain/method-text";
import { channelLabel } from "~/utils/labels";
import { listUnitsUnder } from "~/services/unit-lookup.server";
import { appContext } from "~/services/context.server";
import { requireSessionExport } from "~/services/export-access.server";
import {
  campaignTargetOf,
  findCampaignResults,
  overallParts,
  readableScopes,
} from "~/services/results.server";
import {
  canPublish,
  findPublished,
  publishResults,
  unpublishResults,
} from "~/services/report-public.server";
import {
  formatDateTime,
  formatNumber,
  localeFromRequest,
  requestTranslator,
  translator,
  namedPageTitle,
} from "~/utils/i18n";
import exportStyles from "~/styles/exports.css?url";
import { requireUser } from "~/utils/guards.server";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const e = await requireSessionExport(request, params.campaignId ?? "").catch(loaderFailure);
  const { ctx, resolved: r, user } = e;
  const scopes = await readableScopes(ctx, r.campaign.id, user.grants, "results.export");
  // Every unit the user may export, whatever the current choice.
  const whole = scopes.some((s) => s.path === null);
  const units = await listUnitsUnder(ctx, whole ? r.scopeRoots : scopes.map((s) => s.path!));
  const found = await findCampaignResults(ctx, r.campaign.id, r.rollupFilter);
  const published = await findPublished(ctx, r.campaign.id);
  const query = exportFilterQuery({ ...r.filter, unitId: r.unit?.id }).toString();
  return {
    campaign: { id: r.campaign.id, title: r.campaign.title },
    filter: { ...r.filter, unitId: r.unit?.id ?? "" },
    whole,
    units: units.map((u) => ({
      id: u.id,
      label: `${"— ".repeat(Math.max(0, u.path.split("/").filter(Boolean).length - 1))}${u.name}`,
    })),
    channels: JSON.parse(r.campaign.channels) as string[],
    query,
    responses: found?.result.responses ?? 0,
    overall: found ? figureView(found.result.overall) : null,
    cols: figureColumns(
      r.version.definition,
      found?.result ?? { method: r.version.definition.scoring.method, maxPoints: null },
      localeFromRequest(request),
      campaignTargetOf(r.campaign)?.metric ?? null,
    ),
    parts: found ? overallParts(found.result.options) : undefined,
    canPublish: await canPublish(ctx, r.campaign.id, user.grants),
    published: published
      ? {
          at: published.publishedAt,
          from: published.content.periodFrom,
          to: published.content.periodTo,
        }
      : null,
  };
}

const PublishSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("publish"),
    from: z
      .string()
      .regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, "exports.error.month")
      .optional(),
    to: z
      .string()
      .regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, "exports.error.month")
      .optional(),
  }),
  z.object({ intent: z.literal("unpublish") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const campaignId = params.campaignId ?? "";
  const t = requestTranslator(request);
  if ((await readableScopes(ctx, campaignId, user.grants)).length === 0)
    throw data({ message: t("link.error.campaign") }, { status: 404 });
  if (!(await canPublish(ctx, campaignId, user.grants)))
    throw data({ message: t("exports.error.publishWhole") }, { status: 403 });
  const parsed = readIntent(await request.formData(), PublishSchema, t);
  if (!parsed.ok) return data({ error: parsed.message }, { status: parsed.status });
  if (parsed.data.intent === "unpublish") {
    await unpublishResults(ctx, user.id, campaignId);
    return { error: null };
  }
  const { from, to } = parsed.data;
  await publishResults(ctx, user, campaignId, {
    ...(from ? { periodFrom: from } : {}),
    ...(to ? { periodTo: to } : {}),
  });
  return { error: null };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data ? namedPageTitle(matches, data.campaign.title, "export.title") : "Hài Lòng",
  },
];

export default function ExportCampaign() {
  const d = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const q = d.query ? `?${d.query}` : "";
  const base = `/export/${d.campaign.id}`;
  return (
    <>
      <p>
        <Link to="/exports">← {t("export.title")}</Link>
      </p>
      <h1>
        {t("export.download")}: {d.campaign.title}
      </h1>
      <Form method="get" className="filters">
        <label>
          {t("export.unit")}
          <select name="unit" defaultValue={d.filter.unitId}>
            {d.whole && <option value="">{t("results.wholeCampaign")}</option>}
            {d.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("export.from")}
          <input
            type="month"
            name="from"
            placeholder="YYYY-MM"
            pattern="\d{4}-\d{2}"
            defaultValue={d.filter.periodFrom ?? ""}
          />
        </label>
        <label>
          {t("export.to")}
          <input
            type="month"
            name="to"
            placeholder="YYYY-MM"
            pattern="\d{4}-\d{2}"
            defaultValue={d.filter.periodTo ?? ""}
          />
        </label>
        <label>
          {t("export.channel")}
          <select name="channel" defaultValue={d.filter.channel ?? ""}>
            <option value="">{t("export.allChannels")}</option>
            {d.channels.map((c) => (
              <option key={c} value={c}>
                {channelLabel(locale, c)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="flagged"
            value="include"
            defaultChecked={d.filter.includeFlagged}
          />{" "}
          {t("export.includeFlagged")}
        </label>
        <button type="submit" className="button">
          {t("results.show")}
        </button>
      </Form>

      <div className="card">
        <p>
          {t("results.responses")}:{" "}
          <strong data-testid="export-count">{formatNumber(d.responses, locale)}</strong>
        </p>
        {d.overall && (
          <OverallFigures f={d.overall} cols={d.cols} locale={locale} parts={d.parts} />
        )}
        <p className="muted">{t("export.flaggedNote")}</p>
      </div>

      <h2>{t("export.files")}</h2>
      <ul className="downloads">
        <li>
          <a href={`${base}/xlsx${q}`} download>
            {t("export.xlsx")}
          </a>
        </li>
        <li>
          <a href={`${base}/csv${q}`} download>
            {t("export.csv")}
          </a>{" "}
          (<a href={`${base}/csv${q ? `${q}&` : "?"}sep=semicolon`}>{t("export.semicolon")}</a>)
        </li>
        <li>
          <a href={`${base}/csv-labels${q}`} download>
            {t("export.csvLabels")}
          </a>
        </li>
        <li>
          <a href={`${base}/json${q}`} download>
            {t("export.json")}
          </a>
        </li>
      </ul>
      <p>
        <Link className="button secondary" to={`/reports/${d.campaign.id}${q}`}>
          {t("report.open")}
        </Link>
      </p>

      {d.canPublish && (
        <section className="card" aria-labelledby="publish">
          <h2 id="publish">{t("publish.title")}</h2>
          <p>{t("publish.intro")}</p>
          {d.published ? (
            <p>
              {t("publish.since", { time: formatDateTime(d.published.at) })}{" "}
              <Link to={`/public/results/${d.campaign.id}`}>{t("publish.view")}</Link>
            </p>
          ) : (
            <p>{t("publish.notYet")}</p>
          )}
          <Form method="post" className="filters">
            <input type="hidden" name="intent" value="publish" />
            <label>
              {t("export.from")}
              <input
                type="month"
                name="from"
                placeholder="YYYY-MM"
                pattern="\d{4}-\d{2}"
                defaultValue={d.published?.from ?? ""}
              />
            </label>
            <label>
              {t("export.to")}
              <input
                type="month"
                name="to"
                placeholder="YYYY-MM"
                pattern="\d{4}-\d{2}"
                defaultValue={d.published?.to ?? ""}
              />
            </label>
            <button type="submit" className="button">
              {d.published ? t("publish.update") : t("publish.publish")}
            </button>
          </Form>
          {d.published && (
            <Form method="post">
              <input type="hidden" name="intent" value="unpublish" />
              <button type="submit" className="linklike">
                {t("publish.withdraw")}
              </button>
            </Form>
          )}
        </section>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
