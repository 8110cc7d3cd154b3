/**
 * /admin/webhooks — the addresses that receive events of the administrator's units: list, add
 * (the signing key made here is shown once), delete. Each links to its delivery log.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "~/components/action-message";
import { EVENT_TYPES } from "~/domain/webhooks";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { done, failure } from "~/utils/outcome.server";
import {
  createWebhookAsAdmin,
  deleteWebhookAsAdmin,
  webhooksPage,
} from "~/services/webhooks.server";
import { localeFromRequest, pageTitle, translator } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseIntent } from "~/utils/intent.server";
import { AdminHead } from "~/components/admin-head";
import { UnitPathSelect } from "~/components/manage-fields";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "webhooks.manage");
  return webhooksPage(await appContext(), user);
}

const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    unitId: z.string().min(1),
    url: z.string(),
    secret: z.string().optional(),
    description: z.string().optional(),
    includeAnswers: z.literal("1").optional(),
    events: z.array(z.string()),
  }),
  z.object({ intent: z.literal("delete"), webhookId: z.string().min(1) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "webhooks.manage");
  const ctx = await appContext();
  const t = translator(localeFromRequest(request));
  const form = await request.formData();
  try {
    const f = parseIntent(form, Intent, ["events"]);
    if (f.intent === "delete") {
      await deleteWebhookAsAdmin(ctx, user, f.webhookId);
      return done(t("webhooks.deleted"));
    }
    const made = await createWebhookAsAdmin(ctx, user, f.unitId, {
      url: f.url,
      secret: f.secret,
      description: f.description,
      includeAnswers: f.includeAnswers === "1",
      events: f.events as Array<(typeof EVENT_TYPES)[number]>,
    });
    return made.secret
      ? done(t("webhooks.createdSecret"), made.secret)
      : done(t("webhooks.created"));
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "webhooks.title") },
];

export default function Webhooks() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <AdminHead t={t} title={t("webhooks.title")} intro={t("webhooks.intro")} />
      <ActionMessage result={result} secretLabel={t("webhooks.secret")} />
      {d.webhooks.length === 0 ? (
        <p>{t("webhooks.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("webhooks.col.url")}</th>
              <th scope="col">{t("webhooks.col.unit")}</th>
              <th scope="col">{t("webhooks.col.events")}</th>
              <th scope="col">{t("webhooks.col.answers")}</th>
              <th scope="col">{t("webhooks.col.pending")}</th>
              <th scope="col">{t("webhooks.col.dead")}</th>
              <th scope="col">{t("webhooks.col.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {d.webhooks.map((w) => (
              <tr key={w.id}>
                <td>
                  <Link to={`/admin/webhooks/${w.id}`}>{w.url}</Link>
                  {w.description && <div className="muted">{w.description}</div>}
                </td>
                <td>{w.unitName}</td>
                <td>
                  <ul>
                    {w.events.map((e) => (
                      <li key={e}>
                        {EVENT_TYPES.includes(e as (typeof EVENT_TYPES)[number])
                          ? t(`webhooks.event.${e as (typeof EVENT_TYPES)[number]}`)
                          : e}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{w.includeAnswers ? t("webhooks.yes") : t("webhooks.no")}</td>
                <td>{w.pendingDeliveries}</td>
                <td>{w.deadDeliveries}</td>
                <td>
                  <Link to={`/admin/webhooks/${w.id}`}>{t("webhooks.log")}</Link>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="webhookId" value={w.id} />
                    <button type="submit" className="button danger" disabled={busy}>
                      {t("webhooks.delete")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("webhooks.create")}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="create" />
        <UnitPathSelect units={d.units} label={t("webhooks.field.unit")} />
        <label>
          {t("webhooks.field.url")}
          <input name="url" type="url" required maxLength={2000} inputMode="url" />
        </label>
        <label>
          {t("webhooks.field.secret")}
          <input name="secret" type="text" minLength={16} maxLength={200} autoComplete="off" />
        </label>
        <fieldset>
          <legend>{t("webhooks.field.events")}</legend>
          {EVENT_TYPES.map((e) => (
            <label key={e} className="check">
              <input type="checkbox" name="events" value={e} defaultChecked />{" "}
              {t(`webhooks.event.${e}`)}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" name="includeAnswers" value="1" /> {t("webhooks.field.answers")}
        </label>
        <label>
          {t("webhooks.field.description")}
          <input name="description" type="text" maxLength={200} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("webhooks.create")}
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
