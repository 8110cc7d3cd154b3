/** /login — sign in with a user name and password. */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useLocale } from "~/root";
import { safeNext } from "~/utils/safe-redirect";
import { findSessionUser, isSecure, signIn, startSession } from "~/services/auth.server";
import { readDeviceCookie, rememberDevice } from "~/services/sign-in-throttle.server";
import { appContext } from "~/services/context.server";
import { formatDateTime, translator, pageTitle } from "~/utils/i18n";
import { assertSameOrigin } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const SignInSchema = z.object({
  login: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  next: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await findSessionUser(await appContext(), request);
  if (user) throw redirect(safeNext(new URL(request.url).searchParams.get("next")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const parsed = SignInSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "invalid" as const, until: null }, { status: 400 });
  const ctx = await appContext();
  const device = readDeviceCookie(request);
  const result = await signIn(ctx, parsed.data.login, parsed.data.password, {
    address: context.clientKey,
    device,
  });
  if (!result.ok) {
    return data(
      { error: result.reason, until: result.until ?? null },
      { status: result.reason === "locked" ? 429 : 401 },
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(ctx, request, result.userId));
  const known = await rememberDevice(ctx.db, device, result.userId, isSecure(request));
  if (known) headers.append("Set-Cookie", known);
  return redirect(safeNext(parsed.data.next), { headers });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "auth.signIn") }];

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = translator(useLocale());
  return (
    <div className="narrow">
      <h1>{t("auth.signIn")}</h1>
      {result?.error && (
        <p className="error" role="alert">
          {result.error === "locked"
            ? t("auth.locked", { time: result.until ? formatDateTime(result.until) : "" })
            : t("auth.invalid")}
        </p>
      )}
      <Form method="post" className="stack">
        <input type="hidden" name="next" value={params.get("next") ?? "/"} />
        <label>
          {t("auth.login")}
          <input name="login" autoComplete="username" required autoCapitalize="none" />
        </label>
        <label>
          {t("auth.password")}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="button">
          {t("auth.signIn")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
