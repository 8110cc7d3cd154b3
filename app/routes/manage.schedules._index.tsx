/**
 * /manage/schedules — the report schedules of the manager's subtrees: what each sends, to how
 * many people, and when next; whether mail is configured (without it, nothing leaves).
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ManageNav } from "~/components/manage-nav";
import { MailNote } from "~/components/mail-note";
import { useLocale } from "~/root";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { appContext } from "~/services/context.server";
import { mailStatus } from "~/services/mail.server";
import { listSchedules } from "~/services/report-schedules.server";
import { formatDateTime, translator, pageTitle } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const schedules = await listSchedules(await appContext(), user);
  return { schedules, mail: mailStatus() };
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "schedules.title") },
];

export default function Schedules() {
  const d = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <ManageNav locale={locale} />
      <h1>{t("schedules.title")}</h1>
      <p>{t("schedules.intro")}</p>
      <MailNote mail={d.mail} t={t} />
      <p>
        <Link to="/manage/schedules/new" className="button">
          {t("schedules.new")}
        </Link>
      </p>
      {d.schedules.length === 0 ? (
        <p>{t("schedules.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("schedules.col.unit")}</th>
              <th scope="col">{t("schedules.col.campaign")}</th>
              <th scope="col">{t("schedules.col.period")}</th>
              <th scope="col">{t("schedules.col.recipients")}</th>
              <th scope="col">{t("schedules.col.next")}</th>
            </tr>
          </thead>
          <tbody>
            {d.schedules.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/manage/schedules/${s.id}`}>{s.unitName}</Link>
                </td>
                <td>{s.campaignTitle ?? t("schedules.allCampaigns")}</td>
                <td>{t(`schedules.kind.${s.periodKind}`)}</td>
                <td>{t("schedules.recipientsCount", { n: s.recipients.length })}</td>
                <td>
                  {s.next
                    ? t("schedules.next", {
                        period: s.next.period,
                        time: formatDateTime(s.next.at),
                      })
                    : t("schedules.paused")}
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
