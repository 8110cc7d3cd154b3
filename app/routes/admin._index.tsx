/** /admin — the administration pages this user may open: units, people, audit log, background jobs, connected systems, campaigns. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/access";
import { useLocale } from "~/root";
import { translator, pageTitle } from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const anywhere = (p: Parameters<typeof can>[1]) =>
    user.grants.some((g) => can([g], p, g.unitPath));
  return {
    units: anywhere("units.manage"),
    people: anywhere("users.manage"),
    audit: anywhere("audit.read"),
    jobs: anywhere("jobs.manage"),
    webhooks: anywhere("webhooks.manage"),
    campaigns: anywhere("campaigns.manage"),
    cases: anywhere("cases.manage"),
  };
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "admin.title") }];

export default function AdminHome() {
  const d = useLoaderData<typeof loader>();
  const t = translator(useLocale());
  const sections = [
    d.units && { to: "/admin/units", title: t("admin.units.title"), text: t("admin.units.intro") },
    d.people && {
      to: "/admin/people",
      title: t("admin.people.title"),
      text: t("admin.people.intro"),
    },
    d.audit && { to: "/admin/audit", title: t("admin.audit.title"), text: t("admin.audit.intro") },
    d.jobs && { to: "/admin/jobs", title: t("jobs.title"), text: t("jobs.intro.short") },
    d.people && {
      to: "/admin/clients",
      title: t("clients.title"),
      text: t("clients.intro.short"),
    },
    d.webhooks && {
      to: "/admin/webhooks",
      title: t("webhooks.title"),
      text: t("webhooks.intro.short"),
    },
    d.campaigns && {
      to: "/manage/campaigns",
      title: t("admin.campaigns.title"),
      text: t("admin.campaigns.intro"),
    },
    d.campaigns && {
      to: "/manage/questionnaires",
      title: t("admin.ownq.title"),
      text: t("admin.ownq.intro"),
    },
    d.campaigns && {
      to: "/manage/schedules",
      title: t("schedules.title"),
      text: t("schedules.intro.short"),
    },
    d.campaigns && {
      to: "/manage/alerts",
      title: t("alerts.title"),
      text: t("alerts.intro.short"),
    },
    d.cases && { to: "/manage/cases", title: t("cases.title"), text: t("cases.intro") },
  ].filter((s): s is { to: string; title: string; text: string } => Boolean(s));
  return (
    <>
      <h1>{t("admin.title")}</h1>
      {sections.map((s) => (
        <section className="card" key={s.to}>
          <h2>
            <Link to={s.to}>{s.title}</Link>
          </h2>
          <p>{s.text}</p>
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
