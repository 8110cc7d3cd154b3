/**
 * /dashboard/comments — free-text answers within the user's subtree, newest first, with
 * keyword, rating, unit and period filters. The one dashboard view that reads raw responses
 * (paginated); comments may hold personal data, so only results.read on the unit shows them.
 * React escapes every text; keywords are highlighted by splitting strings, never as HTML.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dashHref } from "~/components/dashboard/links";
import { DashboardShell } from "~/components/dashboard/shell";
import { foldText } from "~/domain/dashboard";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { caseLinks } from "~/services/cases.server";
import { listComments } from "~/services/dashboard/comments.server";
import { selectionView } from "~/services/dashboard/selection.server";
import {
  formatDateTime,
  translator,
  type MessageKey,
  pageTitle,
  matchesLocale,
  t,
} from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const handle = { hydrate: false };

const RATINGS = ["satisfied", "dissatisfied", "none"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection, url, user } = await dashboardContext(request).catch(loaderFailure);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const r = url.searchParams.get("rating") ?? "";
  const rating = (RATINGS as readonly string[]).includes(r) ? (r as (typeof RATINGS)[number]) : "";
  const b = url.searchParams.get("before");
  const before = b && /^[0-9a-f-]{36}$/.test(b) ? b : null;
  const comments = await listComments(ctx, selection, { q, rating, before });
  return {
    selection: selectionView(selection),
    q,
    rating,
    before,
    comments,
    // Follow-up cases: the one a row has, or the button to take it up (managers of its unit).
    cases: await caseLinks(ctx, user, comments?.comments ?? []),
  };
}

export const meta: MetaFunction = ({ matches }) => [
  {
    title: pageTitle(matches, "page.dashboardView", {
      view: t(matchesLocale(matches), "dash.tab.comments"),
    }),
  },
];

/** The text with the keywords marked (matching without diacritics, as the search does). */
function Highlight({ text, q }: { text: string; q: string }) {
  const words = foldText(q).split(/\s+/).filter(Boolean);
  if (words.length === 0) return <>{text}</>;
  // foldText keeps one character per character of the NFC text for Vietnamese letters.
  const folded = foldText(text.normalize("NFC"));
  const nfc = text.normalize("NFC");
  if (folded.length !== nfc.length) return <>{text}</>;
  const marks = new Array<boolean>(nfc.length).fill(false);
  for (const w of words)
    for (let i = folded.indexOf(w); i >= 0; i = folded.indexOf(w, i + 1))
      for (let j = i; j < i + w.length; j++) marks[j] = true;
  const parts: Array<{ s: string; m: boolean }> = [];
  for (let i = 0; i < nfc.length; i++) {
    const last = parts[parts.length - 1];
    if (last && last.m === marks[i]) last.s += nfc[i];
    else parts.push({ s: nfc[i]!, m: marks[i]! });
  }
  return (
    <>{parts.map((p, i) => (p.m ? <mark key={i}>{p.s}</mark> : <span key={i}>{p.s}</span>))}</>
  );
}

export default function DashboardComments() {
  const { selection, q, rating, comments, cases } = useLoaderData<typeof loader>();
  const followUp = Object.keys(cases).length > 0;
  const locale = useLocale();
  const t = translator(locale);
  return (
    <DashboardShell selection={selection} view="comments" t={t} extra={{ q, rating }}>
      <h2 id="comments">{t("dash.tab.comments")}</h2>
      <p className="note">{t("dash.commentsNote")}</p>
      <form method="get" className="filters">
        {Object.entries(selection.params).map(([k, v]) =>
          v ? <input key={k} type="hidden" name={k} value={v} /> : null,
        )}
        <label>
          {t("dash.search")}
          <input type="search" name="q" defaultValue={q} maxLength={100} />
        </label>
        <label>
          {t("dash.rating")}
          <select name="rating" defaultValue={rating}>
            <option value="">{t("dash.all")}</option>
            {RATINGS.map((r) => (
              <option key={r} value={r}>
                {t(`dash.rating.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t("dash.apply")}
        </button>
      </form>
      {!comments || comments.comments.length === 0 ? (
        <p className="card">{t("dash.noComments")}</p>
      ) : (
        <table data-testid="comments" aria-labelledby="comments">
          <thead>
            <tr>
              <th scope="col">{t("dash.at")}</th>
              <th scope="col">{t("dash.unit")}</th>
              <th scope="col">{t("dash.rating")}</th>
              <th scope="col">{t("dash.comment")}</th>
              {followUp && <th scope="col">{t("cases.open.column")}</th>}
            </tr>
          </thead>
          <tbody>
            {comments.comments.map((c) => (
              <tr key={c.id}>
                <td>{formatDateTime(c.at)}</td>
                <td>{c.unit}</td>
                <td>
                  {t(`dash.rating.${c.rating}` as MessageKey)}
                  {c.valid > 0 && (
                    <>
                      <br />
                      <span className="muted">
                        {t("dash.ratingValue", { s: c.satisfied, v: c.valid })}
                      </span>
                    </>
                  )}
                </td>
                <td>
                  {c.texts.map((x) => (
                    <p key={x.question} className="comment-text">
                      {comments.questions.length > 1 && <strong>{x.title}: </strong>}
                      <Highlight text={x.text} q={q} />
                    </p>
                  ))}
                </td>
                {followUp && (
                  <td>
                    {cases[c.id]?.caseId ? (
                      <a href={`/manage/cases/${cases[c.id]!.caseId}`}>{t("cases.open.view")}</a>
                    ) : cases[c.id]?.canOpen ? (
                      <a className="button" href={`/manage/cases/new?response=${c.id}`}>
                        {t("cases.open.button")}
                      </a>
                    ) : null}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {comments && (
        <p className="muted">
          {t("dash.scanned", { n: comments.scanned })}{" "}
          {comments.next && (
            <a
              href={dashHref("comments", selection.params, {
                q: q || null,
                rating: rating || null,
                before: comments.next,
              })}
            >
              {t("dash.older")}
            </a>
          )}
        </p>
      )}
    </DashboardShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
