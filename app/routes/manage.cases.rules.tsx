/**
 * /manage/cases/rules — per unit the reader manages: how many working days its cases are due
 * in, its days off, and its apology letter (an editable text, not the official form).
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "~/components/action-message";
import { CaseNav } from "~/components/case-parts";
import { useLocale } from "~/root";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { rulesPage, saveCaseRule } from "~/services/cases.server";
import { appContext } from "~/services/context.server";
import { ServiceError } from "~/services/service-error.server";
import { done, failure } from "~/utils/outcome.server";
import {
  formatDate,
  localeFromRequest,
  pageTitle,
  requestTranslator,
  translator,
} from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "cases.manage");
  const ctx = await appContext();
  return rulesPage(ctx, user, translator(localeFromRequest(request)));
}

const RuleForm = z.object({
  unit: z.string().uuid(),
  days: z.coerce.number().int(),
  holidays: z.string().max(20_000),
  letter: z.string().max(20_000),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "cases.manage");
  const ctx = await appContext();
  const t = requestTranslator(request);
  const form = RuleForm.safeParse(Object.fromEntries(await request.formData()));
  try {
    if (!form.success) throw new ServiceError(400, "form.badRequest");
    const f = form.data;
    await saveCaseRule(
      ctx,
      user,
      { unitId: f.unit, workingDays: f.days, holidays: f.holidays, letterTemplate: f.letter },
      t,
    );
    const unit = (await rulesPage(ctx, user, t)).units.find((u) => u.unitId === f.unit);
    return done(t("cases.done.rule", { unit: unit?.unitName ?? "" }));
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "cases.rules.title") },
];

export default function CaseRules() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <h1>{t("cases.rules.title")}</h1>
      <CaseNav t={t} />
      <p>{t("cases.rules.intro")}</p>
      <ActionMessage result={result} />
      {d.units.map((u) => (
        <Form
          method="post"
          className="card stack"
          key={u.unitId}
          aria-labelledby={`rule-${u.unitId}`}
        >
          <h2 id={`rule-${u.unitId}`}>{u.unitName}</h2>
          <p className="muted">
            {u.own
              ? t("cases.rules.own")
              : u.from
                ? t("cases.rules.inherited", { unit: u.from })
                : t("cases.rules.default", { n: d.defaultDays })}
          </p>
          <input type="hidden" name="unit" value={u.unitId} />
          <label>
            {t("cases.rules.days")}
            <input
              type="number"
              name="days"
              min={1}
              max={d.maxDays}
              required
              defaultValue={u.workingDays}
            />
          </label>
          <label>
            {t("cases.rules.holidays")}
            <textarea
              name="holidays"
              rows={4}
              defaultValue={u.holidays.map((h) => formatDate(`${h}T12:00:00+07:00`)).join("\n")}
            />
          </label>
          <label>
            {t("cases.rules.letter")}
            <textarea name="letter" rows={14} maxLength={5000} defaultValue={u.letterTemplate} />
          </label>
          <p className="note">{t("cases.letter.notOfficial")}</p>
          <button type="submit" className="button" disabled={busy}>
            {t("cases.rules.save")}
          </button>
        </Form>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
