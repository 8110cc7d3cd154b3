/** Home: what Hài Lòng is, and the campaigns with their links and results. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAccessLinks, listCampaigns } from "#db/queries/campaigns";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { formatDate, translator } from "~/utils/i18n";

export async function loader(_: LoaderFunctionArgs) {
  const { db } = await appContext();
  const campaigns = await listCampaigns(db);
  return {
    campaigns: await Promise.all(
      campaigns.map(async (c) => ({ ...c, links: await listAccessLinks(db, c.id) })),
    ),
  };
}

export default function Index() {
  const { campaigns } = useLoaderData<typeof loader>();
  const t = translator(useLocale());
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p>{t("home.intro")}</p>
      <h2>{t("home.campaigns")}</h2>
      {campaigns.length === 0 && <p>{t("home.noCampaigns")}</p>}
      {campaigns.map((c) => (
        <section className="card" key={c.id} aria-labelledby={`c-${c.id}`}>
          <h3 id={`c-${c.id}`}>{c.title}</h3>
          <p>
            <span className={`badge ${c.status}`}>{t(`campaign.status.${c.status}`)}</span>{" "}
            {formatDate(c.opens_at)} – {formatDate(new Date(new Date(c.closes_at).getTime() - 1))} ·{" "}
            {c.questionnaire_title} (v{c.version})
          </p>
          <p>
            <Link className="button" to={`/results/${c.id}`}>
              {t("home.results")}
            </Link>
          </p>
          <h4>{t("home.links")}</h4>
          <ul>
            {c.links.map((l) => (
              <li key={l.token}>
                <Link to={`/s/${l.token}`}>{l.label ?? l.unit_name}</Link>{" "}
                <span className="muted">({l.channel})</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
