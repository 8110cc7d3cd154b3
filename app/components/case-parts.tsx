/** Parts of the follow-up case pages: navigation, a case's subject and state, the citizen's words, the assignee. */
import { NavLink } from "@remix-run/react";
import { formatDateTime, type MessageKey, type Translate } from "~/utils/i18n";

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

/** What the citizen said: when, in which campaign, how they rated, their comments. */
export function CitizenSaid({
  t,
  r,
}: {
  t: Translate;
  r: {
    submittedAt: string;
    campaignTitle: string;
    rating: { rating: string; satisfied: number; valid: number };
    comments: Array<{ title: string; text: string }>;
  };
}) {
  return (
    <>
      <p className="muted">
        {t("cases.detail.submitted", {
          time: formatDateTime(r.submittedAt),
          campaign: r.campaignTitle,
        })}{" "}
        {t("cases.detail.rating", {
          rating: t(`dash.rating.${r.rating.rating}` as MessageKey),
          s: r.rating.satisfied,
          v: r.rating.valid,
        })}
      </p>
      {r.comments.length === 0 ? (
        <p>{t("cases.detail.noComment")}</p>
      ) : (
        r.comments.map((c, i) => (
          <blockquote key={i} className="comment-text pre-wrap">
            {r.comments.length > 1 && <strong>{c.title}: </strong>}
            {c.text}
          </blockquote>
        ))
      )}
    </>
  );
}

/** The people a case can be given to; `none`: the first choice, when nobody is chosen. */
export function AssigneeSelect({
  t,
  people,
  value,
  none,
}: {
  t: Translate;
  people: Array<{ id: string; name: string; login: string }>;
  value: string | null;
  none: { label: string; selectable: boolean };
}) {
  return (
    <label>
      {t("cases.assignee")}
      <select name="assignee" defaultValue={value ?? ""} required={!none.selectable}>
        <option value="" disabled={!none.selectable}>
          {none.label}
        </option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.login})
          </option>
        ))}
      </select>
    </label>
  );
}
