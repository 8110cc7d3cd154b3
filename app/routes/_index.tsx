/** Home: what Hài Lòng is; for a signed-in user, the campaigns their roles reach. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale } from "~/root";
import { findSessionUser } from "~/services/auth.server";
import { listHomeCampaigns } from "~/services/campaigns.server";
import { appContext } from "~/services/context.server";
import { formatDate, translator } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await appContext();
  const user = await findSessionUser(ctx, request);
  if (!user) return { signedIn: false, campaigns: [] };
  const campaigns = await listHomeCampaigns(ctx, user.grants);
  return { signedIn: true, campaigns };
}

export default function Index() {
  const { signedIn, campaigns } = useLoaderData<typeof loader>();
  const t = translator(useLocale());
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p>{t("home.intro")}</p>
      {!signedIn && (
        <p>
          <Link className="button" to="/login">
            {t("auth.signIn")}
          </Link>{" "}
          <Link to="/questionnaires">{t("catalog.title")}</Link>
        </p>
      )}
      {signedIn && (
        <>
          <h2>{t("home.campaigns")}</h2>
          {campaigns.length === 0 && <p>{t("home.noCampaigns")}</p>}
          {campaigns.map((c) => (
            <section className="card" key={c.id} aria-labelledby={`c-${c.id}`}>
              <h3 id={`c-${c.id}`}>{c.title}</h3>
              <p>
                <span className={`badge ${c.status}`}>{t(`campaign.status.${c.status}`)}</span>{" "}
                {formatDate(c.opens_at)} –{" "}
                {formatDate(new Date(new Date(c.closes_at).getTime() - 1))} ·{" "}
                {c.questionnaire_title} (v{c.version})
              </p>
              <p>
                <Link className="button" to={`/results/${c.id}`}>
                  {t("home.results")}
                </Link>
              </p>
              {c.links.length > 0 && (
                <>
                  <h4>{t("home.links")}</h4>
                  <ul>
                    {c.links.map((l) => (
                      <li key={l.token}>
                        <Link to={`/s/${l.token}`}>{l.label ?? l.unit_name}</Link>{" "}
                        <span className="muted">({l.channel})</span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          ))}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
