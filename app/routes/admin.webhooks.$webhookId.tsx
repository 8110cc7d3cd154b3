/**
 * /admin/webhooks/:webhookId — a webhook's delivery log (newest first): each event, its state,
 * attempts and the receiver's answer; send one event again, or every event of a period.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "~/components/action-message";
import { EVENT_TYPES, type EventType } from "~/domain/webhooks";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { done, failure, loaderFailure } from "~/utils/outcome.server";
import { replay, webhookDetail } from "~/services/webhooks.server";
import {
  formatDateTime,
  localeFromRequest,
  pageTitle,
  translator,
  type Translate,
} from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseIntent } from "~/utils/intent.server";
import { AdminHead } from "~/components/admin-head";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "webhooks.manage");
  return webhookDetail(await appContext(), user, params.webhookId ?? "").catch(loaderFailure);
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "webhooks.error.range");
const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("replayOne"), eventId: z.string().min(1) }),
  z.object({ intent: z.literal("replayRange"), from: day, to: day }),
]);

/** A day of the calendar in Vietnam (UTC+7, no daylight saving) as an instant. */
const startOfDay = (d: string) => new Date(`${d}T00:00:00+07:00`);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "webhooks.manage");
  const ctx = await appContext();
  const t = translator(localeFromRequest(request));
  try {
    const f = parseIntent(await request.formData(), Intent);
    const n = await replay(
      ctx,
      user,
      params.webhookId ?? "",
      f.intent === "replayOne"
        ? { eventId: f.eventId }
        : {
            from: startOfDay(f.from),
            to: new Date(startOfDay(f.to).getTime() + 86_400_000),
          },
    );
    return done(t("webhooks.replay.done", { n }));
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "webhooks.log") }];

type Delivery = ReturnType<typeof useLoaderData<typeof loader>>["deliveries"][number];

function stateText(t: Translate, d: Delivery) {
  if (d.status === "delivered" && d.deliveredAt)
    return t("webhooks.state.delivered", { time: formatDateTime(d.deliveredAt) });
  if (d.status === "dead") return t("webhooks.state.dead");
  if (d.attempts === 0) return t("webhooks.state.new");
  return d.nextAttemptAt
    ? t("webhooks.state.pendingAt", { time: formatDateTime(d.nextAttemptAt) })
    : t("webhooks.state.pending");
}

const eventName = (t: Translate, type: string) =>
  EVENT_TYPES.includes(type as EventType) ? t(`webhooks.event.${type as EventType}`) : type;

export default function WebhookLog() {
  const { webhook, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <AdminHead
        t={t}
        title={t("webhooks.log")}
        trail={[{ to: "/admin/webhooks", label: t("webhooks.back") }]}
      />
      <p>
        {t("webhooks.detail.intro", {
          url: webhook.url,
          unit: webhook.unitName,
          time: formatDateTime(webhook.createdAt),
        })}
      </p>
      <ActionMessage result={result} />
      <h2>{t("webhooks.replayRange")}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="replayRange" />
        <label>
          {t("webhooks.replayRange.from")}
          <input type="date" name="from" required />
        </label>
        <label>
          {t("webhooks.replayRange.to")}
          <input type="date" name="to" required />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("webhooks.replayOne")}
        </button>
      </Form>
      {deliveries.length === 0 ? (
        <p>{t("webhooks.detail.none")}</p>
      ) : (
        <>
          <h2>{t("webhooks.detail.shown", { n: deliveries.length })}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("webhooks.col.event")}</th>
                <th scope="col">{t("webhooks.col.eventTime")}</th>
                <th scope="col">{t("webhooks.col.state")}</th>
                <th scope="col">{t("webhooks.col.attempts")}</th>
                <th scope="col">{t("webhooks.col.answer")}</th>
                <th scope="col">{t("webhooks.col.eventId")}</th>
                <th scope="col">{t("webhooks.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    {eventName(t, d.type)} {d.replay && t("webhooks.replayed")}
                  </td>
                  <td>{formatDateTime(d.eventCreatedAt)}</td>
                  <td>{stateText(t, d)}</td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.responseStatus !== null
                      ? `HTTP ${d.responseStatus}`
                      : d.attempts > 0
                        ? t("webhooks.noAnswer")
                        : "—"}
                    {d.lastError && d.responseStatus === null && (
                      <div className="muted">{d.lastError}</div>
                    )}
                  </td>
                  <td>
                    <code>{d.eventId}</code>
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="replayOne" />
                      <input type="hidden" name="eventId" value={d.eventId} />
                      <button type="submit" className="button" disabled={busy}>
                        {t("webhooks.replayOne")}
                      </button>
                    </Form>
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
