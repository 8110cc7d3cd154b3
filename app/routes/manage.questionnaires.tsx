/**
 * /manage/questionnaires — an agency's own questionnaires: upload a catalog document (SurveyJS
 * JSON with meta and scoring), checked like the official catalog and versioned by content.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import {
  listOwnQuestionnaires,
  MAX_UPLOAD_BYTES,
  slugPrefix,
  uploadQuestionnaire,
} from "~/services/own-questionnaires.server";
import { ServiceError } from "~/services/service-error.server";
import { listTree } from "~/services/units.server";
import { formatDateTime, requestTranslator, translator, pageTitle } from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { done, failure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AdminHead } from "~/components/admin-head";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const [own, tree] = await Promise.all([
    listOwnQuestionnaires(ctx, user),
    listTree(ctx, user, "campaigns.manage"),
  ]);
  return {
    own,
    units: tree
      .filter((u) => u.active)
      .map((u) => ({
        id: u.id,
        label: `${"— ".repeat(u.depth)}${u.name} (${u.code})`,
        prefix: slugPrefix(u.code),
      })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const form = await request.formData();
  const file = form.get("file");
  let text = String(form.get("json") ?? "");
  const t = requestTranslator(request);
  try {
    if (file && typeof file !== "string" && file.size > 0) {
      if (file.size > MAX_UPLOAD_BYTES) throw new ServiceError(400, "own.error.tooLarge");
      text = await file.text();
    }
    if (!text.trim()) throw new ServiceError(400, "own.error.empty");
    const r = await uploadQuestionnaire(
      await appContext(),
      { ownerUnitId: String(form.get("ownerUnitId") ?? ""), text },
      user,
    );
    const v = { title: r.version.title, slug: r.version.slug, version: r.version.version };
    return done(r.created ? t("own.done.stored", v) : t("own.done.same", v));
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "admin.ownq.title") },
];

export default function OwnQuestionnaires() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <AdminHead
        t={t}
        title={t("admin.ownq.title")}
        intro={t("admin.ownq.intro")}
        trail={[{ to: "/manage/campaigns", label: t("admin.campaigns.title") }]}
      />
      <p className="muted">{t("admin.ownq.help")}</p>
      <ActionMessage result={result} />
      <details className="card">
        <summary>{t("admin.ownq.supported.title")}</summary>
        <p>{t("admin.ownq.supported.types")}</p>
        <p>{t("admin.ownq.supported.logic")}</p>
        <p>{t("admin.ownq.supported.refused")}</p>
        <p>{t("admin.ownq.supported.limits")}</p>
      </details>
      <Form method="post" encType="multipart/form-data" className="stack narrow">
        <label>
          {t("admin.ownq.owner")}
          <select name="ownerUnitId" required>
            {d.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label} — {u.prefix}…
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("admin.ownq.file")}
          <input name="file" type="file" accept=".json,application/json" />
        </label>
        <label>
          {t("admin.ownq.paste")}
          <textarea name="json" rows={6} spellCheck={false} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("admin.ownq.upload")}
        </button>
      </Form>
      <h2>{t("admin.ownq.list")}</h2>
      {d.own.length === 0 ? (
        <p>{t("admin.ownq.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("results.questionnaire")}</th>
              <th scope="col">{t("catalog.version")}</th>
              <th scope="col">{t("admin.ownq.owner")}</th>
              <th scope="col">{t("admin.ownq.uploaded")}</th>
            </tr>
          </thead>
          <tbody>
            {d.own.map((q) => (
              <tr key={q.id}>
                <td>
                  <Link to={`/questionnaires/${q.slug}`}>{q.title}</Link>
                  <div className="muted">{q.slug}</div>
                </td>
                <td className="num">v{q.version}</td>
                <td>{q.owner_name}</td>
                <td>{formatDateTime(q.created_at)}</td>
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
