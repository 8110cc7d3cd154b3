/**
 * /manage/cases/:caseId — one follow-up case: what the citizen said, how to reach them (the
 * assignee and the unit's managers only), the timeline with each reply's delivery, and the
 * steps the reader may take: assign, note, reply (email, or a reply given another way), close.
 * Works without JavaScript: each step is a plain form; ?compose=letter fills the reply with
 * the unit's apology letter.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { z } from "zod";
import { ActionMessage } from "~/components/action-message";
import {
  AssigneeSelect,
  CaseNav,
  caseState,
  caseSubject,
  CitizenSaid,
} from "~/components/case-parts";
import { CASE_OUTCOMES, REPLY_CHANNELS } from "~/domain/cases";
import { useLocale } from "~/root";
import { requireUser } from "~/utils/guards.server";
import {
  addCaseNote,
  assignCase,
  caseDetail,
  closeCase,
  replyToCitizen,
} from "~/services/cases.server";
import { appContext } from "~/services/context.server";
import { done, failure, loaderFailure } from "~/utils/outcome.server";
import {
  formatDate,
  formatDateTime,
  localeFromRequest,
  pageTitle,
  requestTranslator,
  translator,
  type MessageKey,
  type Translate,
} from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseIntent } from "~/utils/intent.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const locale = localeFromRequest(request);
  const url = new URL(request.url);
  const detail = await caseDetail(ctx, user, params.caseId ?? "", translator(locale), locale).catch(
    loaderFailure,
  );
  return data(
    {
      ...detail,
      compose: url.searchParams.get("compose") === "letter" ? "letter" : "reply",
      opened: url.searchParams.get("done") === "opened",
    },
    // Holds a citizen's contact: never kept by a cache.
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const Text = z.string().max(20_000);
const Step = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("assign"), assignee: z.string().uuid() }),
  z.object({ intent: z.literal("note"), body: Text }),
  z.object({
    intent: z.literal("reply"),
    channel: z.enum(REPLY_CHANNELS),
    body: Text,
    letter: z.literal("on").optional(),
  }),
  z.object({ intent: z.literal("close"), outcome: z.enum(CASE_OUTCOMES), body: Text }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const t = requestTranslator(request);
  const id = params.caseId ?? "";
  const form = await request.formData();
  try {
    const s = parseIntent(form, Step);
    switch (s.intent) {
      case "assign":
        await assignCase(ctx, user, id, s.assignee);
        return done(t("cases.done.assigned"));
      case "note":
        await addCaseNote(ctx, user, id, s.body);
        return done(t("cases.done.note"));
      case "reply":
        await replyToCitizen(ctx, user, id, {
          channel: s.channel,
          body: s.body,
          letter: s.letter === "on",
        });
        return done(t(s.channel === "email" ? "cases.done.replyMail" : "cases.done.reply"));
      case "close":
        await closeCase(ctx, user, id, { outcome: s.outcome, body: s.body });
        return done(t("cases.done.closed"));
    }
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "cases.detail.title") },
];

const CONTACT_FIELDS = ["name", "email", "phone"] as const;

type Detail = ReturnType<typeof useLoaderData<typeof loader>>;
type Event = Detail["events"][number];

function eventTitle(t: Translate, e: Event): string {
  const d = e.data;
  switch (e.kind) {
    case "opened":
      return e.userName ? t("cases.event.opened") : t("cases.event.openedBySystem");
    case "assigned":
      return t("cases.event.assigned", { name: e.assigneeName ?? "" });
    case "reply":
      return t(d.letter ? "cases.event.letter" : "cases.event.reply", {
        channel: t(`cases.channel.${String(d.channel)}` as MessageKey),
      });
    case "closed":
      return t("cases.event.closed", {
        outcome: t(`cases.outcome.${String(d.outcome)}` as MessageKey),
      });
    default:
      return t("cases.event.note");
  }
}

function Delivery({ t, e }: { t: Translate; e: Event }) {
  if (!e.delivery) return null;
  const { status, attempts, error } = e.delivery;
  const key = `cases.delivery.${status === "queued" && attempts === 0 ? "queued" : status}`;
  return (
    <p className={status === "dead" ? "error" : "muted"}>
      {t(key as MessageKey, { n: attempts, error: error ?? "" })}
    </p>
  );
}

export default function CasePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  const c = d.case;
  const can = (a: string) => (d.actions as string[]).includes(a);
  return (
    <>
      <p className="muted">
        <Link to="/manage/cases">{t("cases.detail.back")}</Link>
      </p>
      <h1>{caseSubject(t, c)}</h1>
      <CaseNav t={t} />
      {d.opened && !result && (
        <p className="note" role="status">
          {t("cases.done.opened")}
        </p>
      )}
      <ActionMessage result={result} />
      <dl className="card" data-testid="case-facts">
        <dt>{t("cases.col.state")}</dt>
        <dd className={c.overdue ? "error" : undefined}>{caseState(t, c)}</dd>
        <dt>{t("cases.detail.source")}</dt>
        <dd>{t(`cases.source.${c.source}`)}</dd>
        <dt>{t("cases.detail.unit")}</dt>
        <dd>{c.unitName}</dd>
        <dt>{t("cases.col.assignee")}</dt>
        <dd>{c.assigneeName ?? t("cases.unassigned")}</dd>
        <dt>{t("cases.detail.opened")}</dt>
        <dd>{formatDateTime(c.openedAt)}</dd>
        <dt>{t("cases.detail.due")}</dt>
        <dd>{t("cases.detail.dueEnd", { day: formatDate(c.dueAt) })}</dd>
        {c.closedAt && (
          <>
            <dt>{t("cases.detail.closed")}</dt>
            <dd>{formatDateTime(c.closedAt)}</dd>
            <dt>{t("cases.detail.outcome")}</dt>
            <dd>{c.outcome && t(`cases.outcome.${c.outcome}`)}</dd>
          </>
        )}
      </dl>

      {c.source === "response" && (
        <section className="card" aria-labelledby="what">
          <h2 id="what">{t("cases.detail.what")}</h2>
          {d.response ? <CitizenSaid t={t} r={d.response} /> : <p>{t("cases.detail.gone")}</p>}
          <h3>{t("cases.contact.title")}</h3>
          <p className="muted">{t("cases.contact.private")}</p>
          {d.contact.email || d.contact.phone ? (
            <dl data-testid="contact">
              {CONTACT_FIELDS.map((f) =>
                d.contact[f] ? (
                  <Fragment key={f}>
                    <dt>{t(`cases.contact.${f}`)}</dt>
                    <dd>{d.contact[f]}</dd>
                  </Fragment>
                ) : null,
              )}
            </dl>
          ) : (
            <p>{t("cases.contact.none")}</p>
          )}
        </section>
      )}

      <section aria-labelledby="timeline">
        <h2 id="timeline">{t("cases.timeline")}</h2>
        <ol className="timeline" data-testid="timeline">
          {d.events.map((e) => (
            <li key={e.id}>
              <p>
                <strong>{eventTitle(t, e)}</strong> — {formatDateTime(e.at)},{" "}
                {e.userName ?? t("cases.event.system")}
              </p>
              {e.kind === "opened" && typeof e.data.due === "string" && (
                <p className="muted">
                  {t("cases.event.due", {
                    day: formatDate(`${e.data.due}T12:00:00+07:00`),
                    n: Number(e.data.workingDays),
                  })}
                </p>
              )}
              {e.kind === "closed" && (
                <p className="muted">
                  {t(e.data.inTime ? "cases.event.inTime" : "cases.event.late")}
                </p>
              )}
              {e.body && <p className="comment-text pre-wrap">{e.body}</p>}
              <Delivery t={t} e={e} />
            </li>
          ))}
        </ol>
      </section>

      {d.actions.length === 0 && <p className="card">{t("cases.action.none")}</p>}

      {can("assign") && (
        <Form method="post" className="card stack">
          <h2>{t("cases.action.assign")}</h2>
          <input type="hidden" name="intent" value="assign" />
          <AssigneeSelect
            t={t}
            people={d.people}
            value={c.assigneeId}
            none={{ label: t("cases.unassigned"), selectable: false }}
          />
          <button type="submit" className="button" disabled={busy}>
            {t("cases.action.assignSubmit")}
          </button>
        </Form>
      )}

      {can("reply") && (
        <Form method="post" className="card stack" data-testid="reply">
          <h2>{t("cases.action.reply")}</h2>
          <p className="muted">{t("cases.action.replyHelp")}</p>
          {!d.mailReady && <p className="note">{t("cases.action.noMail")}</p>}
          <p>
            {d.compose === "letter" ? (
              <Link to="?">{t("cases.action.useReply")}</Link>
            ) : (
              <Link to="?compose=letter">{t("cases.action.useLetter")}</Link>
            )}
          </p>
          {d.compose === "letter" && <p className="note">{t("cases.letter.notOfficial")}</p>}
          <input type="hidden" name="intent" value="reply" />
          <fieldset>
            <legend>{t("cases.action.replyChannel")}</legend>
            {REPLY_CHANNELS.map((ch) => {
              const off = ch === "email" && (!d.mailReady || !d.contact.email);
              return (
                <label key={ch} className="check">
                  <input
                    type="radio"
                    name="channel"
                    value={ch}
                    required
                    disabled={off}
                    defaultChecked={ch === (d.mailReady && d.contact.email ? "email" : "phone")}
                  />{" "}
                  {t(`cases.channel.${ch}`)}
                </label>
              );
            })}
          </fieldset>
          <label>
            {t("cases.action.replyText")}
            <textarea
              key={d.compose}
              name="body"
              rows={12}
              maxLength={5000}
              required
              defaultValue={d.compose === "letter" ? d.letterDraft : d.replyDraft}
            />
          </label>
          <label className="check">
            <input type="checkbox" name="letter" defaultChecked={d.compose === "letter"} />{" "}
            {t("cases.action.replyLetter")}
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t("cases.action.replySubmit")}
          </button>
        </Form>
      )}

      {can("note") && (
        <Form method="post" className="card stack">
          <h2>{t("cases.action.note")}</h2>
          <input type="hidden" name="intent" value="note" />
          <label>
            {t("cases.event.note")}
            <textarea name="body" rows={3} maxLength={5000} required />
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t("cases.action.noteSubmit")}
          </button>
        </Form>
      )}

      {can("close") && (
        <Form method="post" className="card stack">
          <h2>{t("cases.action.close")}</h2>
          <input type="hidden" name="intent" value="close" />
          <label>
            {t("cases.action.outcome")}
            <select name="outcome" required defaultValue="">
              <option value="" disabled>
                —
              </option>
              {CASE_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`cases.outcome.${o}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("cases.action.closeText")}
            <textarea name="body" rows={3} maxLength={5000} />
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t("cases.action.closeSubmit")}
          </button>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
