/**
 * /manage/imports — a manager imports ratings collected elsewhere into a campaign they manage:
 * downloads the campaign's template, uploads a file, reads the check (nothing stored, every
 * line not taken with its reason), then confirms; the confirmation sends back the file that
 * was checked, which is checked again as it is imported (rating-import.server.ts).
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { ManageNav } from "~/components/manage-nav";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/domain/rating-import";
import { useLocale } from "~/root";
import { listManagedCampaigns } from "~/services/campaigns.server";
import { appContext } from "~/services/context.server";
import { importerOfUser, importRatings, importTemplate } from "~/services/rating-import.server";
import { assertCanAnywhere, assertSameOrigin, requireUser } from "~/utils/guards.server";
import { formatNumber, localeFromRequest, pageTitle, translator } from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const url = new URL(request.url);
  const locale = localeFromRequest(request);
  const campaigns = (await listManagedCampaigns(ctx, user)).map((c) => ({
    id: c.id,
    title: c.title,
  }));
  const chosen = url.searchParams.get("campaign") ?? campaigns[0]?.id ?? "";
  const template = chosen
    ? await importTemplate(ctx, importerOfUser(user), chosen, locale).catch(loaderFailure)
    : null;
  return { campaigns, chosen, columns: template?.columns ?? [] };
}

const Intent = z.object({
  intent: z.enum(["check", "import"]),
  campaign: z.string().min(1).max(100),
  // The confirmation: the checked file, base64, and its name.
  payload: z
    .string()
    .max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 8)
    .optional(),
  fileName: z.string().max(200).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const form = await request.formData();
  const file = form.get("file");
  const parsed = Intent.safeParse({
    intent: form.get("intent"),
    campaign: form.get("campaign"),
    payload: form.get("payload") ?? undefined,
    fileName: form.get("fileName") ?? undefined,
  });
  if (!parsed.success) return data({ noFile: true } as const, { status: 400 });
  let bytes: Uint8Array;
  let name: string;
  if (parsed.data.intent === "import" && parsed.data.payload) {
    bytes = new Uint8Array(Buffer.from(parsed.data.payload, "base64"));
    name = parsed.data.fileName ?? "tep";
  } else if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_IMPORT_BYTES) return data({ tooLarge: true } as const, { status: 413 });
    bytes = new Uint8Array(await file.arrayBuffer());
    name = file.name;
  } else return data({ noFile: true } as const, { status: 400 });
  const locale = localeFromRequest(request);
  const result = await importRatings(
    await appContext(),
    importerOfUser(user),
    parsed.data.campaign,
    { name, bytes },
    { dryRun: parsed.data.intent === "check", locale },
  ).catch(loaderFailure);
  if ("status" in result) return data({ refusal: result } as const, { status: result.status });
  const payload =
    result.dryRun && result.counts.ready > 0 ? Buffer.from(bytes).toString("base64") : null;
  return data({
    report: { ...result, lines: result.lines.slice(0, 500) },
    payload,
    campaign: parsed.data.campaign,
  } as const);
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "imports.title") }];

export default function ManageImports() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = translator(locale);
  const [campaign, setCampaign] = useState(d.chosen);
  const report = r && "report" in r ? r.report : null;
  const refusal = r && "refusal" in r ? r.refusal : null;
  const lines = report?.lines ?? refusal?.lines ?? [];
  return (
    <>
      <ManageNav locale={locale} />
      <h1>{t("imports.title")}</h1>
      <p>{t("imports.intro")}</p>
      {d.campaigns.length === 0 ? (
        <p>{t("imports.noCampaign")}</p>
      ) : (
        <>
          <Form
            method="get"
            action="/manage/imports/template"
            className="stack narrow"
            reloadDocument
          >
            <label>
              {t("imports.campaign")}
              <select
                name="campaign"
                value={campaign}
                onChange={(e) => setCampaign(e.target.value)}
              >
                {d.campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </label>
            <p>
              {t("imports.template")}:{" "}
              <button type="submit" name="template" value="xlsx" className="button secondary">
                {t("imports.template.xlsx")}
              </button>{" "}
              <button type="submit" name="template" value="csv" className="button secondary">
                {t("imports.template.csv")}
              </button>
            </p>
          </Form>
          <p className="muted">{t("imports.help")}</p>
          {d.columns.length > 0 && (
            <details>
              <summary>{t("imports.columns")}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("imports.template.col.header")}</th>
                    <th scope="col">{t("imports.template.col.title")}</th>
                    <th scope="col">{t("imports.template.col.values")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.columns.map((c) => (
                    <tr key={c.header}>
                      <td>{c.header}</td>
                      <td>{c.title}</td>
                      <td>{c.values}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
          <Form method="post" encType="multipart/form-data" className="stack narrow">
            <input type="hidden" name="intent" value="check" />
            <input type="hidden" name="campaign" value={campaign} />
            <label>
              {t("imports.file", {
                mb: MAX_IMPORT_BYTES / 1024 / 1024,
                rows: formatNumber(MAX_IMPORT_ROWS, locale),
              })}
              <input
                name="file"
                type="file"
                accept=".csv,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                required
              />
            </label>
            <button type="submit" className="button" disabled={busy}>
              {t("imports.check")}
            </button>
          </Form>
        </>
      )}
      {r && "noFile" in r && (
        <p className="error" role="alert">
          {t("imports.noFile")}
        </p>
      )}
      {r && "tooLarge" in r && (
        <p className="error" role="alert">
          {t("imports.refused.tooLarge", { mb: MAX_IMPORT_BYTES / 1024 / 1024 })}
        </p>
      )}
      {refusal && (
        <p className="error" role="alert">
          {refusal.message}
        </p>
      )}
      {report && (
        <section aria-live="polite" data-testid="import-report">
          <h2>
            {t(report.dryRun ? "imports.result.dry" : "imports.result.done", {
              file: report.fileName,
            })}
          </h2>
          <table className="figures">
            <tbody>
              <Count label={t("imports.count.rows")} n={report.rows} />
              <Count
                label={t(report.dryRun ? "imports.count.ready.dry" : "imports.count.ready.done")}
                n={report.counts.ready}
                testId="import-ready"
              />
              <Count label={t("imports.count.known")} n={report.counts.known} />
              <Count label={t("imports.count.rated")} n={report.counts.rated} />
              <Count label={t("imports.count.refused")} n={report.counts.refused} />
            </tbody>
          </table>
          {r && "payload" in r && r.payload ? (
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="intent" value="import" />
              <input type="hidden" name="campaign" value={r.campaign} />
              <input type="hidden" name="fileName" value={report.fileName} />
              <input type="hidden" name="payload" value={r.payload} />
              <button type="submit" className="button" disabled={busy}>
                {t("imports.confirm", { n: formatNumber(report.counts.ready, locale) })}
              </button>
            </Form>
          ) : (
            report.dryRun && <p>{t("imports.nothing")}</p>
          )}
        </section>
      )}
      {lines.length > 0 && (
        <section>
          <h2>{t("imports.lines")}</h2>
          <table data-testid="import-lines">
            <thead>
              <tr>
                <th scope="col">{t("imports.col.line")}</th>
                <th scope="col">{t("imports.col.column")}</th>
                <th scope="col">{t("imports.col.problem")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={i}>
                  <td className="num">{l.line || ""}</td>
                  <td>{l.column ?? ""}</td>
                  <td>{l.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

function Count({ label, n, testId }: { label: string; n: number; testId?: string }) {
  const locale = useLocale();
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num" data-testid={testId}>
        {formatNumber(n, locale)}
      </td>
    </tr>
  );
}
