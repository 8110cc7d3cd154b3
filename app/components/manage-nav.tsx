/**
 * Sub-navigation of the collection pages: links and QR codes, kiosks, flagged responses, report
 * schedules and alerts.
 */
import { NavLink } from "@remix-run/react";
import { translator, type Locale } from "~/utils/i18n";

export function ManageNav({ locale }: { locale: Locale }) {
  const t = translator(locale);
  return (
    <nav aria-label={t("manage.nav")} className="subnav">
      <NavLink to="/manage/links">{t("manage.links.title")}</NavLink> ·{" "}
      <NavLink to="/manage/independent">{t("channel.nav")}</NavLink> ·{" "}
      <NavLink to="/manage/kiosks">{t("manage.kiosks.title")}</NavLink> ·{" "}
      <NavLink to="/manage/flags">{t("manage.flags.title")}</NavLink> ·{" "}
      <NavLink to="/manage/imports">{t("imports.title")}</NavLink> ·{" "}
      <NavLink to="/manage/schedules">{t("schedules.title")}</NavLink> ·{" "}
      <NavLink to="/manage/alerts">{t("alerts.title")}</NavLink> ·{" "}
      <NavLink to="/manage/cases">{t("cases.title")}</NavLink>
    </nav>
  );
}
