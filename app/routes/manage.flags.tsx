/**
 * /manage/flags — responses flagged as suspicious (left out of rates, never deleted), which a
 * manager can restore; and written comments, which a manager can redact when they hold
 * personal data. Needs responses.moderate; shows only the user's subtrees. Every change is
 * in the audit log (moderation.server.ts).
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ManageNav } from "~/components/manage-nav";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { listFlagReview, responsesWithin } from "~/services/flag-review.server";
import { managedPaths } from "~/services/manage.server";
import { redactAnswer, restoreResponses } from "~/services/moderation.server";
import {
  formatDateTime,
  requestTranslator,
  translator,
  type MessageKey,
  pageTitle,
} from "~/utils/i18n";
import { assertCanAnywhere, notFound, requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { z } from "zod";
import { parseIntent } from "~/utils/intent.server";
import { failure } from "~/utils/outcome.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "responses.moderate");
  const review = await listFlagReview(await appContext(), managedPaths(user, "responses.moderate"));
  return data(review, { headers: { "Cache-Control": "private, no-store" } });
}

const Intent = z.object({ intent: z.enum(["restore", "redact"]) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "responses.moderate");
  const ctx = await appContext();
  const paths = managedPaths(user, "responses.moderate");
  const form = await request.formData();
  const ids = form.getAll("id").map(String).slice(0, 1000);
  if (ids.length === 0) return data({ message: "" }, { status: 400 });
  // Every response must be inside the user's subtrees; else nothing is told about any of them.
  if (!(await responsesWithin(ctx, ids, paths))) throw notFound();
  const t = requestTranslator(request);
  try {
    if (parseIntent(form, Intent).intent === "restore") {
      const n = await restoreResponses(ctx, ids, { userId: user.id });
      return { message: t("manage.flags.restored", { n }) };
    }
    await redactAnswer(ctx, ids[0]!, String(form.get("question") ?? ""), { userId: user.id });
    return { message: t("manage.comments.redacted") };
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "manage.flags.title") },
];

export default function ManageFlags() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <ManageNav locale={locale} />
      <h1>{t("manage.flags.title")}</h1>
      <p>{t("manage.flags.intro")}</p>
      {result?.message && (
        <p className="note" role="status">
          {result.message}
        </p>
      )}
      {d.flagged.length === 0 ? (
        <p>{t("manage.flags.none")}</p>
      ) : (
        <Form method="post">
          <table data-testid="flagged">
            <thead>
              <tr>
                <th scope="col">{t("manage.flags.select")}</th>
                <th scope="col">{t("manage.flags.when")}</th>
                <th scope="col">{t("manage.unit")}</th>
                <th scope="col">{t("manage.flags.reason")}</th>
                <th scope="col">{t("manage.flags.answers")}</th>
              </tr>
            </thead>
            <tbody>
              {d.flagged.map((r) => (
                <tr key={r.id} data-reason={r.reason}>
                  <td>
                    <input
                      type="checkbox"
                      name="id"
                      value={r.id}
                      aria-label={`${t("manage.flags.select")} ${formatDateTime(r.at)}`}
                    />
                  </td>
                  <td>{formatDateTime(r.at)}</td>
                  <td>
                    {r.unitName}
                    <br />
                    <small className="muted">
                      {r.campaignTitle} · {r.channel}
                    </small>
                  </td>
                  <td>{t(`manage.flags.reason.${r.reason}` as MessageKey) ?? r.reason}</td>
                  <td>
                    <small>{r.answers}</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" className="button" name="intent" value="restore" disabled={busy}>
            {t("manage.flags.restoreSelected")}
          </button>
        </Form>
      )}

      <h2>{t("manage.comments.title")}</h2>
      <p className="muted">{t("manage.comments.intro")}</p>
      {d.comments.length === 0 ? (
        <p>{t("manage.comments.none")}</p>
      ) : (
        <table data-testid="comments">
          <tbody>
            {d.comments.map((c) => (
              <tr key={`${c.id}-${c.question}`}>
                <td>
                  {formatDateTime(c.at)}
                  <br />
                  <small className="muted">{c.unitName}</small>
                </td>
                <td>{c.text}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="id" value={c.id} />
                    <input type="hidden" name="question" value={c.question} />
                    <button className="linklike" name="intent" value="redact" disabled={busy}>
                      {t("manage.comments.redact")}
                    </button>
                  </Form>
                </td>
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
