/** /manage/campaigns/new — a new campaign (a draft) from a questionnaire version over the manager's units. */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { UnitTreePicker } from "~/components/unit-tree-picker";
import { CHANNELS } from "~/domain/campaign-input";
import { vietnamDate } from "~/domain/units";
import { useLocale } from "~/root";
import { createCampaign, listUsableQuestionnaires } from "~/services/campaigns.server";
import { appContext } from "~/services/context.server";
import { listTree } from "~/services/units.server";
import { requestTranslator, translator, pageTitle } from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { failure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AdminHead } from "~/components/admin-head";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const [questionnaires, tree] = await Promise.all([
    listUsableQuestionnaires(ctx, user),
    listTree(ctx, user, "campaigns.manage"),
  ]);
  const today = vietnamDate(new Date());
  const active = tree.filter((u) => u.active);
  const listed = new Set(active.map((u) => u.id));
  return {
    questionnaires,
    // The scope tree; a unit whose parent is not listed shows at the top, and the parent's id
    // (a unit outside the manager's reach) is not sent.
    units: active.map((u) => ({
      id: u.id,
      name: u.name,
      code: u.code,
      parentId: u.parentId !== null && listed.has(u.parentId) ? u.parentId : null,
    })),
    from: today,
    to: `${today.slice(0, 4)}-12-31`,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const form = await request.formData();
  const text = (k: string) => String(form.get(k) ?? "");
  const t = requestTranslator(request);
  try {
    const campaign = await createCampaign(
      await appContext(),
      {
        title: text("title"),
        questionnaireVersionId: text("questionnaireVersionId"),
        scopeUnitIds: form.getAll("scopeUnitId").map(String),
        from: text("from"),
        to: text("to"),
        targetPct: text("targetPct"),
        targetMetric: text("targetMetric"),
        targetResponses: text("targetResponses"),
        channels: form.getAll("channel").map(String),
        minN: text("minN"),
        dossierLinkDays: text("dossierLinkDays"),
        anonymous: form.get("anonymous") === "on",
      },
      user,
    );
    return redirect(`/manage/campaigns/${campaign.id}`);
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "admin.campaigns.new") },
];

export default function NewCampaign() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <AdminHead
        t={t}
        title={t("admin.campaigns.new")}
        intro={t("admin.campaigns.newIntro")}
        trail={[{ to: "/manage/campaigns", label: t("admin.campaigns.title") }]}
      />
      <ActionMessage result={result} />
      <Form method="post" className="stack narrow">
        <label>
          {t("admin.campaigns.name")}
          <input name="title" required maxLength={200} />
        </label>
        <label>
          {t("results.questionnaire")}
          <select name="questionnaireVersionId" required>
            {d.questionnaires.map((q) => (
              <option key={q.id} value={q.id}>
                {q.title} ({q.slug} v{q.version}){q.ownerName ? ` — ${q.ownerName}` : ""}
              </option>
            ))}
          </select>
        </label>
        <UnitTreePicker
          units={d.units}
          name="scopeUnitId"
          legend={t("admin.campaigns.scope")}
          t={t}
        />
        <label>
          {t("admin.campaigns.from")}
          <input name="from" type="date" required defaultValue={d.from} />
        </label>
        <label>
          {t("admin.campaigns.to")}
          <input name="to" type="date" required defaultValue={d.to} />
        </label>
        <label>
          {t("admin.campaigns.targetPct")}
          <input name="targetPct" type="number" min={0} max={100} step="0.1" defaultValue={90} />
        </label>
        <label>
          {t("target.metric")}
          <select name="targetMetric" defaultValue="rate">
            <option value="rate">{t("target.metric.rate")}</option>
            <option value="index">{t("target.metric.index")}</option>
          </select>
          <small className="muted">{t("target.metricHint")}</small>
        </label>
        <label>
          {t("admin.campaigns.targetResponses")}
          <input name="targetResponses" type="number" min={1} step={1} />
        </label>
        <label>
          {t("admin.campaigns.minN")}
          <input name="minN" type="number" min={1} step={1} defaultValue={30} />
        </label>
        <label>
          {t("campaign.dossierLinkDays")}
          <input
            name="dossierLinkDays"
            type="number"
            min={1}
            max={365}
            step={1}
            aria-describedby="dossier-days-hint"
          />
          <small id="dossier-days-hint">{t("campaign.dossierLinkDays.hint")}</small>
        </label>
        <fieldset>
          <legend>{t("admin.campaigns.channels")}</legend>
          {CHANNELS.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                name="channel"
                value={c}
                defaultChecked={c === "link" || c === "qr"}
              />{" "}
              {t(`admin.channel.${c}`)}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" name="anonymous" defaultChecked />
          {t("admin.campaigns.anonymous")}
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("admin.campaigns.create")}
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
