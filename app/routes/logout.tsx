/** POST /logout — ends the session. */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/services/auth.server";
import { appContext } from "~/services/context.server";
import { assertSameOrigin } from "~/utils/guards.server";

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const setCookie = await endSession(await appContext(), request);
  return redirect("/", { headers: { "Set-Cookie": setCookie } });
}

export function loader() {
  return redirect("/");
}
