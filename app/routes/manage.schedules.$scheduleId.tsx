/**
 * /manage/schedules/:id — one report schedule: what it sends and when, "Gửi thử ngay" (the last
 * full period at once), pause, resume, delete, and every sending with its result. Without mail
 * settings the page says so and offers the report's files for download instead.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "~/components/action-message";
import { MailNote } from "~/components/mail-note";
import { ManageNav } from "~/components/manage-nav";
import { PauseDelete } from "~/components/pause-delete";
import { useLocale } from "~/root";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { appContext } from "~/services/context.server";
import { mailStatus } from "~/services/mail.server";
import {
  changeSchedule,
  scheduleDetail,
  sendNow,
  type SendingView,
} from "~/services/report-schedules.server";
import { done, failure, loaderFailure } from "~/utils/outcome.server";
import {
  formatDateTime,
  requestTranslator,
  translator,
  pageTitle,
  type Translate,
} from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseIntent } from "~/utils/intent.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  try {
    const d = await scheduleDetail(await appContext(), user, params.scheduleId ?? "");
    return { ...d, mail: mailStatus() };
  } catch (e) {
    loaderFailure(e);
  }
}

const intentSchema = z.object({ intent: z.enum(["sendNow", "pause", "resume", "delete"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const t = requestTranslator(request);
  const ctx = await appContext();
  const id = params.scheduleId ?? "";
  const form = await request.formData();
  try {
    const { intent } = parseIntent(form, intentSchema);
    switch (intent) {
      case "sendNow":
        return done(t("schedules.detail.sent", { period: await sendNow(ctx, user, id) }));
      case "delete":
        await changeSchedule(ctx, user, id, "delete");
        return redirect("/manage/schedules");
      default:
        await changeSchedule(ctx, user, id, intent);
        return done(t(intent === "pause" ? "schedules.detail.paused" : "schedules.detail.resumed"));
    }
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  { title: pageTitle(matches, "schedules.detail.title", { unit: data?.schedule.unitName ?? "" }) },
];

function SendingState({ s, t }: { s: SendingView; t: Translate }) {
  switch (s.state) {
    case "sent":
      return (
        <>
          {s.sentAt
            ? t("schedules.state.sent", { time: formatDateTime(s.sentAt) })
            : t("schedules.state.sentNoTime")}
        </>
      );
    case "failed":
      return (
        <>
          {t("schedules.state.failed")}
          {s.error ? `: ${s.error}` : ""}
        </>
      );
    default:
      return <>{t(`schedules.state.${s.state}`)}</>;
  }
}

export default function Schedule() {
  const d = useLoaderData<typeof loader>()!;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = translator(locale);
  const s = d.schedule;
  return (
    <>
      <ManageNav locale={locale} />
      <p className="muted">
        <Link to="/manage/schedules">{t("schedules.form.back")}</Link>
      </p>
      <h1>{t("schedules.detail.title", { unit: s.unitName })}</h1>
      <MailNote mail={d.mail} t={t} />
      <ActionMessage result={result} />
      <dl>
        <dt>{t("schedules.col.campaign")}</dt>
        <dd>{s.campaignTitle ?? t("schedules.allCampaigns")}</dd>
        <dt>{t("schedules.col.period")}</dt>
        <dd>{t(`schedules.kind.${s.periodKind}`)}</dd>
        <dt>{t("schedules.detail.sendDay")}</dt>
        <dd>{t("schedules.sendDay", { n: s.sendDay })}</dd>
        <dt>{t("schedules.col.recipients")}</dt>
        <dd>{s.recipients.join(", ")}</dd>
        <dt>{t("schedules.detail.formats")}</dt>
        <dd>{s.formats.map((f) => t(`schedules.format.${f}`)).join(", ")}</dd>
        <dt>{t("schedules.col.next")}</dt>
        <dd>
          {s.next
            ? t("schedules.next", { period: s.next.period, time: formatDateTime(s.next.at) })
            : t("schedules.paused")}
        </dd>
        <dt>{t("schedules.detail.createdBy")}</dt>
        <dd>
          {t("schedules.detail.createdByValue", {
            who: s.createdBy,
            time: formatDateTime(s.createdAt),
          })}
        </dd>
      </dl>
      {d.mail.ready ? (
        <Form method="post" className="stack narrow">
          <p>{t("schedules.detail.sendNowHelp", { period: s.lastFull.label })}</p>
          <button type="submit" name="intent" value="sendNow" className="button" disabled={busy}>
            {t("schedules.detail.sendNow")}
          </button>
        </Form>
      ) : (
        <section aria-labelledby="downloads">
          <p id="downloads">{t("schedules.detail.noMail", { period: s.lastFull.label })}</p>
          {d.downloads.length === 0 ? (
            <p>{t("schedules.detail.noDownloads", { period: s.lastFull.label })}</p>
          ) : (
            <ul>
              {d.downloads.flatMap((c) =>
                s.formats.map((f) => (
                  <li key={`${c.id}-${f}`}>
                    <a
                      href={`/manage/schedules/${s.id}/file?${new URLSearchParams({
                        period: s.lastFull.key,
                        campaign: c.id,
                        format: f,
                      }).toString()}`}
                      download
                    >
                      {t("schedules.detail.download", {
                        campaign: c.title,
                        format: t(`schedules.format.${f}`),
                      })}
                    </a>
                  </li>
                )),
              )}
            </ul>
          )}
        </section>
      )}
      <PauseDelete
        paused={s.paused}
        busy={busy}
        labels={{
          pause: t("schedules.detail.pause"),
          resume: t("schedules.detail.resume"),
          delete: t("schedules.detail.delete"),
          confirm: t("schedules.detail.deleteConfirm"),
        }}
      />
      <h2>{t("schedules.history.title")}</h2>
      {d.sendings.length === 0 ? (
        <p>{t("schedules.history.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("schedules.history.period")}</th>
              <th scope="col">{t("schedules.history.trigger")}</th>
              <th scope="col">{t("schedules.history.when")}</th>
              <th scope="col">{t("schedules.history.state")}</th>
              <th scope="col">{t("schedules.col.recipients")}</th>
              <th scope="col">{t("schedules.history.files")}</th>
            </tr>
          </thead>
          <tbody>
            {d.sendings.map((x) => (
              <tr key={x.id}>
                <td>{x.period}</td>
                <td>
                  {x.trigger === "now"
                    ? t("schedules.trigger.now", { who: x.requestedBy ?? "" })
                    : t("schedules.trigger.schedule")}
                </td>
                <td>{formatDateTime(x.createdAt)}</td>
                <td>
                  <SendingState s={x} t={t} />
                </td>
                <td>{x.recipients.join(", ")}</td>
                <td>{x.files.join(", ") || "—"}</td>
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
