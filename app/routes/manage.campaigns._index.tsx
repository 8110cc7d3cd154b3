/** /manage/campaigns — the campaigns that meet the manager's units. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale } from "~/root";
import { listManagedCampaigns } from "~/services/campaigns.server";
import { appContext } from "~/services/context.server";
import { formatDate, translator, pageTitle } from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  return { campaigns: await listManagedCampaigns(await appContext(), user) };
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "admin.campaigns.title") },
];

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  const t = translator(useLocale());
  return (
    <>
      <p className="muted">
        <Link to="/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("admin.campaigns.title")}</h1>
      <p>{t("admin.campaigns.intro")}</p>
      <p>
        <Link className="button" to="/manage/campaigns/new">
          {t("admin.campaigns.new")}
        </Link>{" "}
        <Link to="/manage/questionnaires">{t("admin.ownq.title")}</Link>
      </p>
      {campaigns.length === 0 ? (
        <p>{t("home.noCampaigns")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.campaigns.name")}</th>
              <th scope="col">{t("results.questionnaire")}</th>
              <th scope="col">{t("campaign.period")}</th>
              <th scope="col">{t("admin.units.state")}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/manage/campaigns/${c.id}`}>{c.title}</Link>
                  {!c.whole && <div className="muted">{t("admin.campaigns.partial")}</div>}
                </td>
                <td>
                  {c.questionnaire_title}{" "}
                  <span className="muted">
                    ({c.slug} v{c.version})
                  </span>
                </td>
                <td>
                  {formatDate(c.opens_at)} –{" "}
                  {formatDate(new Date(new Date(c.closes_at).getTime() - 1))}
                </td>
                <td>
                  <span className={`badge ${c.status}`}>{t(`campaign.status.${c.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
