/** /manage/schedules/new — a report schedule over one of the manager's units. */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { ManageNav } from "~/components/manage-nav";
import { UnitSelect } from "~/components/unit-select";
import { REPORT_FORMATS, SCHEDULE_PERIODS } from "~/domain/schedules";
import { useLocale } from "~/root";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { appContext } from "~/services/context.server";
import { publicBaseUrl } from "~/services/links.server";
import { listTouchingCampaigns, managedPaths } from "~/services/manage.server";
import { createSchedule } from "~/services/report-schedules.server";
import { failure } from "~/utils/outcome.server";
import { listTree } from "~/services/units.server";
import { requestTranslator, translator, pageTitle } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RadioGroup, RecipientsField } from "~/components/choice-fields";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const [tree, campaigns] = await Promise.all([
    listTree(ctx, user, "campaigns.manage"),
    listTouchingCampaigns(ctx, managedPaths(user, "campaigns.manage")),
  ]);
  return {
    units: tree.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    campaigns: campaigns.map((c) => ({ id: c.id, title: c.title })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const form = await request.formData();
  const text = (k: string) => String(form.get(k) ?? "");
  try {
    const id = await createSchedule(
      await appContext(),
      user,
      {
        unitId: text("unitId"),
        campaignId: text("campaignId"),
        periodKind: text("periodKind"),
        sendDay: text("sendDay"),
        recipients: text("recipients"),
        formats: form.getAll("format").map(String),
      },
      publicBaseUrl(request),
    );
    return redirect(`/manage/schedules/${id}`);
  } catch (e) {
    return failure(e, requestTranslator(request));
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "schedules.form.title") },
];

export default function NewSchedule() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <ManageNav locale={locale} />
      <p className="muted">
        <Link to="/manage/schedules">{t("schedules.form.back")}</Link>
      </p>
      <h1>{t("schedules.form.title")}</h1>
      <ActionMessage result={result} />
      <Form method="post" className="stack narrow">
        <UnitSelect units={d.units} label={t("schedules.form.unit")} />
        <label>
          {t("schedules.form.campaign")}
          <select name="campaignId" defaultValue="">
            <option value="">{t("schedules.allCampaigns")}</option>
            {d.campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        <RadioGroup
          legend={t("schedules.form.period")}
          name="periodKind"
          options={SCHEDULE_PERIODS.map((k) => ({ value: k, label: t(`schedules.kind.${k}`) }))}
          defaultValue="quarter"
        />
        <label>
          {t("schedules.form.sendDay")}
          <input name="sendDay" type="number" min={1} max={28} step={1} defaultValue={5} required />
        </label>
        <RecipientsField label={t("schedules.form.recipients")} rows={4} />
        <fieldset>
          <legend>{t("schedules.form.formats")}</legend>
          {REPORT_FORMATS.map((f) => (
            <label key={f} className="check">
              <input type="checkbox" name="format" value={f} defaultChecked />{" "}
              {t(`schedules.format.${f}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {t("schedules.form.submit")}
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
