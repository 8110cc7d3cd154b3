/** /account — who I am, my roles, and changing my password. */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useLocale } from "~/root";
import { endSession } from "~/services/auth.server";
import { appContext } from "~/services/context.server";
import { changePassword } from "~/services/users.server";
import { requestTranslator, translator } from "~/utils/i18n";
import { requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    login: user.login,
    grants: user.grants.map((g) => ({ role: g.role, unitName: g.unitName })),
  };
}

const ChangeSchema = z.object({
  current: z.string().min(1).max(200),
  next: z.string().min(1).max(200),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = requestTranslator(request);
  const parsed = ChangeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: t("password.error.missing") }, { status: 400 });
  const ctx = await appContext();
  const problem = await changePassword(ctx, user.id, parsed.data.current, parsed.data.next);
  if (problem) return data({ error: problem.in(t) }, { status: 400 });
  // Every session ended with the change, this one too: sign in again with the new password.
  return redirect("/login?changed=1", {
    headers: { "Set-Cookie": await endSession(ctx, request) },
  });
}

export default function Account() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = translator(useLocale());
  return (
    <div className="narrow">
      <h1>{t("auth.account")}</h1>
      <p>
        {d.name} ({d.login})
      </p>
      <h2>{t("auth.roles")}</h2>
      <ul>
        {d.grants.map((g) => (
          <li key={`${g.role}-${g.unitName}`}>
            {t(`role.${g.role}`)} — {g.unitName}
          </li>
        ))}
      </ul>
      <h2>{t("auth.changePassword")}</h2>
      {result?.error && (
        <p className="error" role="alert">
          {result.error}
        </p>
      )}
      <Form method="post" className="stack">
        <label>
          {t("auth.currentPassword")}
          <input name="current" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {t("auth.newPassword")}
          <input name="next" type="password" autoComplete="new-password" required minLength={10} />
        </label>
        <button type="submit" className="button">
          {t("auth.changePassword")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
