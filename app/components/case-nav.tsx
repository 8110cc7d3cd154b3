/** Parts of the follow-up case pages: their sub-navigation, a case's subject and state. */
import { NavLink } from "@remix-run/react";
import { formatDateTime, type Translate } from "~/utils/i18n";

export function caseSubject(
  t: Translate,
  c: { source: string; title: string | null; openedAt: string },
) {
  return c.source === "alert"
    ? t("cases.subject.alert", { title: c.title ?? "" })
    : t("cases.subject.response", { time: formatDateTime(c.openedAt) });
}

export function caseState(
  t: Translate,
  c: { closedAt: string | null; dueAt: string; overdue: boolean },
): string {
  if (c.closedAt)
    return t(c.closedAt <= c.dueAt ? "cases.state.closedInTime" : "cases.state.closedLate");
  return t(c.overdue ? "cases.state.overdue" : "cases.state.open");
}

export function CaseNav({ t }: { t: Translate }) {
  return (
    <nav aria-label={t("cases.title")} className="subnav">
      <NavLink to="/manage/cases" end>
        {t("cases.nav.list")}
      </NavLink>{" "}
      · <NavLink to="/manage/cases/summary">{t("cases.nav.summary")}</NavLink> ·{" "}
      <NavLink to="/manage/cases/rules">{t("cases.nav.rules")}</NavLink>
    </nav>
  );
}
