/**
 * /manage/cases — follow-up cases of the reader's units (cases.manage) and those assigned to
 * them: open (soonest due first), overdue, closed. No contact is shown here.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseNav, caseState, caseSubject } from "~/components/case-parts";
import { CASE_FILTERS, type CaseFilter } from "~/domain/cases";
import { useLocale } from "~/root";
import { requireUser } from "~/utils/guards.server";
import { casesPage } from "~/services/cases.server";
import { appContext } from "~/services/context.server";
import { formatDate, pageTitle, translator } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const f = new URL(request.url).searchParams.get("show");
  const filter: CaseFilter = CASE_FILTERS.includes(f as CaseFilter) ? (f as CaseFilter) : "open";
  const page = await casesPage(ctx, user, filter, new Date());
  return data({ filter, ...page }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "cases.title") }];

export default function Cases() {
  const d = useLoaderData<typeof loader>();
  const t = translator(useLocale());
  return (
    <>
      <h1>{t("cases.title")}</h1>
      <CaseNav t={t} />
      <p>{t("cases.intro")}</p>
      {d.canOpen && <p className="muted">{t("cases.howToOpen")}</p>}
      <nav aria-label={t("cases.filter.label")} className="subnav">
        {CASE_FILTERS.map((f, i) => (
          <span key={f}>
            {i > 0 && " · "}
            <Link to={`?show=${f}`} aria-current={f === d.filter ? "page" : undefined}>
              {t(`cases.filter.${f}`)} ({d.counts[f]})
            </Link>
          </span>
        ))}
      </nav>
      {d.cases.length === 0 ? (
        <p className="card">{t("cases.none")}</p>
      ) : (
        <>
          <p className="muted">{t("cases.shown", { n: d.cases.length })}</p>
          <table data-testid="cases">
            <thead>
              <tr>
                <th scope="col">{t("cases.col.subject")}</th>
                <th scope="col">{t("cases.col.unit")}</th>
                <th scope="col">{t("cases.col.due")}</th>
                <th scope="col">{t("cases.col.assignee")}</th>
                <th scope="col">{t("cases.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {d.cases.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/manage/cases/${c.id}`}>{caseSubject(t, c)}</Link>
                  </td>
                  <td>{c.unitName}</td>
                  <td>{formatDate(c.dueAt)}</td>
                  <td>
                    {c.assigneeName ?? t("cases.unassigned")} {c.mine && t("cases.mine")}
                  </td>
                  <td className={c.overdue ? "error" : undefined}>
                    {caseState(t, c)}
                    {c.outcome && (
                      <>
                        <br />
                        <span className="muted">{t(`cases.outcome.${c.outcome}`)}</span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
