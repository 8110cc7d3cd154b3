/**
 * /kiosk/pair — a tablet becomes a kiosk by entering the one-time code a manager got when
 * registering it. Public by design (the tablet is not signed in); the code is the key, spent
 * at first use, and wrong codes are limited per client address.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import {
  deviceCookie,
  findKioskByDevice,
  pairDevice,
  readDeviceToken,
} from "~/services/kiosks.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { translator, type MessageKey } from "~/utils/i18n";
import kioskCss from "~/styles/kiosk.css?url";

/** Pairing attempts per client address and minute: 31^8 codes make guessing hopeless at this pace. */
const attempts = new RateLimiter(10);

export async function loader({ request }: LoaderFunctionArgs) {
  const kiosk = await findKioskByDevice(await appContext(), readDeviceToken(request));
  const code = new URL(request.url).searchParams.get("code") ?? "";
  return data(
    { current: kiosk && !kiosk.revoked_at ? kiosk.label : null, code: code.slice(0, 20) },
    { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const clientKey = context.clientKey ?? "-";
  if (!attempts.take(clientKey))
    return data({ error: "pair.tooMany" as const, code: null }, { status: 429 });
  const form = await request.formData();
  // What was typed comes back with the error: a mistyped letter is corrected, not retyped.
  const typed = String(form.get("code") ?? "").slice(0, 20);
  const result = await pairDevice(await appContext(), typed);
  if (!result.ok) {
    const key = `pair.${result.reason}` as const;
    return data({ error: key, code: typed }, { status: result.reason === "invalid" ? 400 : 410 });
  }
  return redirect("/kiosk", {
    headers: { "Set-Cookie": deviceCookie(request, result.deviceToken) },
  });
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: kioskCss }];

export default function PairRoute() {
  const { current, code } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = translator(useLocale());
  return (
    <div className="kiosk">
      <div className="kiosk-screen kiosk-message">
        <h1>{t("pair.title")}</h1>
        {current && (
          <p>
            {t("pair.current", { label: current })}{" "}
            <Link to="/kiosk" reloadDocument>
              {t("pair.open")}
            </Link>
          </p>
        )}
        <p>{t("pair.intro")}</p>
        <Form method="post" className="stack narrow" reloadDocument>
          <label>
            {t("pair.code")}
            <input
              name="code"
              defaultValue={result?.code ?? code}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              required
              style={{ fontSize: "1.5em", letterSpacing: "0.15em", textAlign: "center" }}
            />
          </label>
          {result && "error" in result && (
            <p className="error" role="alert">
              {t(result.error as MessageKey)}
            </p>
          )}
          <button type="submit" className="kiosk-action">
            {t("pair.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
