/** /public — campaigns whose aggregated results an administrator has published. No sign-in. */
import "~/utils/i18n-staff";
import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { listPublished } from "~/services/report-public.server";
import { formatDate, translator, pageTitle } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader() {
  const rows = await listPublished(await appContext());
  return {
    published: rows.map((r) => ({
      id: r.campaign_id,
      title: r.title,
      at: r.published_at,
      from: r.period_from,
      to: r.period_to,
    })),
  };
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "nav.public") }];

export default function PublicIndex() {
  const { published } = useLoaderData<typeof loader>();
  const t = translator(useLocale());
  return (
    <>
      <h1>{t("public.title")}</h1>
      <p>{t("public.intro")}</p>
      {published.length === 0 && <p>{t("public.none")}</p>}
      <ul>
        {published.map((p) => (
          <li key={p.id}>
            <Link to={`/public/results/${p.id}`}>{p.title}</Link>{" "}
            <span className="muted">({t("public.publishedOn", { date: formatDate(p.at) })})</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
