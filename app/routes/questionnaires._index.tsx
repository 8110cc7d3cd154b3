/** /questionnaires — the catalog with each questionnaire's source and verification status. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localize, parseDefinition } from "~/domain/questionnaire";
import { useLocale } from "~/root";
import { listLatestQuestionnaires } from "~/services/catalog.server";
import { appContext } from "~/services/context.server";
import { formatDate, localeFromRequest, translator } from "~/utils/i18n";
import { methodLabel } from "~/utils/labels";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = localeFromRequest(request);
  const versions = await listLatestQuestionnaires(await appContext());
  return {
    questionnaires: versions.map((v) => {
      const d = parseDefinition(JSON.parse(v.definition));
      return {
        slug: v.slug,
        version: v.version,
        title: localize(d.meta.title, locale),
        sector: d.meta.sector,
        issuedBy: d.meta.issuedBy ?? null,
        formNumber: d.meta.formNumber ?? null,
        validFrom: d.meta.validFrom ?? null,
        verification: d.meta.verification,
        method: d.scoring.method,
        items: d.scoring.items.length,
      };
    }),
  };
}

export default function Catalog() {
  const { questionnaires } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <h1>{t("catalog.title")}</h1>
      <p>{t("catalog.intro")}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("results.questionnaire")}</th>
            <th scope="col">{t("catalog.sector")}</th>
            <th scope="col">{t("catalog.issuedBy")}</th>
            <th scope="col">{t("catalog.verification")}</th>
            <th scope="col">{t("catalog.method")}</th>
            <th scope="col" className="num">
              {t("catalog.items")}
            </th>
          </tr>
        </thead>
        <tbody>
          {questionnaires.map((q) => (
            <tr key={q.slug}>
              <td>
                <Link to={`/questionnaires/${q.slug}`}>{q.title}</Link>
                <div className="muted">
                  {q.slug} · v{q.version}
                </div>
              </td>
              <td>{t(`sector.${q.sector}`)}</td>
              <td>
                {[q.issuedBy, q.formNumber].filter(Boolean).join(", ")}
                {q.validFrom && (
                  <div className="muted">
                    {t("catalog.validFrom")} {formatDate(`${q.validFrom}T00:00:00+07:00`)}
                  </div>
                )}
              </td>
              <td>{t(`results.verification.${q.verification}`)}</td>
              <td>{methodLabel(locale, q.method)}</td>
              <td className="num">{q.items}</td>
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
