/**
 * /manage/cases/new?response=… — a manager takes up a dissatisfied response from the comments
 * page: the response, the due date the unit's rule gives, whether the citizen left a way to be
 * reached (not the contact itself), and to whom to assign it. POST opens the case.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "~/components/action-message";
import { AssigneeSelect, CaseNav, CitizenSaid } from "~/components/case-parts";
import { useLocale } from "~/root";
import { requireUser } from "~/utils/guards.server";
import { newCasePage, openCaseFromResponse } from "~/services/cases.server";
import { appContext } from "~/services/context.server";
import { failure, loaderFailure } from "~/utils/outcome.server";
import {
  formatDate,
  localeFromRequest,
  pageTitle,
  requestTranslator,
  translator,
} from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const Id = z.string().regex(/^[0-9a-f-]{36}$/i);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const id = Id.safeParse(new URL(request.url).searchParams.get("response"));
  if (!id.success) throw new Response(null, { status: 404 });
  const page = await newCasePage(ctx, user, id.data, localeFromRequest(request)).catch(
    loaderFailure,
  );
  if (page.existing) throw redirect(`/manage/cases/${page.existing}`);
  return page.draft!;
}

const OpenForm = z.object({ response: Id, assignee: z.union([Id, z.literal("")]) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const t = requestTranslator(request);
  const form = OpenForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) throw new Response(null, { status: 400 });
  try {
    const { id } = await openCaseFromResponse(ctx, user, {
      responseId: form.data.response,
      assigneeId: form.data.assignee || null,
    });
    return redirect(`/manage/cases/${id}?done=opened`);
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "cases.new.title") },
];

export default function NewCase() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <h1>{t("cases.new.title")}</h1>
      <CaseNav t={t} />
      <ActionMessage result={result} />
      <p>
        {t("cases.new.intro", {
          unit: d.unitName,
          days: d.workingDays,
          due: formatDate(d.dueAt),
        })}{" "}
        {d.ruleFrom ? t("cases.new.ruleFrom", { unit: d.ruleFrom }) : t("cases.new.ruleDefault")}
      </p>
      <section className="card" aria-labelledby="what">
        <h2 id="what">{t("cases.detail.what")}</h2>
        <CitizenSaid t={t} r={d} />
        <p>
          {d.anonymous
            ? t("cases.new.anonymous")
            : d.contactKinds.email
              ? t("cases.new.contact.email")
              : d.contactKinds.phone
                ? t("cases.new.contact.phone")
                : t("cases.new.contact.none")}
        </p>
      </section>
      {d.eligible ? (
        <Form method="post" className="card stack">
          <input type="hidden" name="response" value={d.responseId} />
          <AssigneeSelect
            t={t}
            people={d.people}
            value={null}
            none={{ label: t("cases.assignee.later"), selectable: true }}
          />
          <button type="submit" className="button" disabled={busy}>
            {t("cases.new.submit")}
          </button>
        </Form>
      ) : (
        <p className="error">{t("cases.new.notEligible")}</p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
