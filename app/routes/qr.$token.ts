/** GET /qr/:token?format=svg|png — the QR code of an access link, for its managers only. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/services/context.server";
import { getManagedLink, publicBaseUrl, qrPng, qrSvg, surveyUrl } from "~/services/links.server";
import { requireUser } from "~/utils/guards.server";
import { loaderFailure } from "~/utils/outcome.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const link = await getManagedLink(await appContext(), user, params.token ?? "").catch(
    loaderFailure,
  );
  const url = surveyUrl(publicBaseUrl(request), link.token);
  const format = new URL(request.url).searchParams.get("format");
  const headers = {
    "Cache-Control": "private, no-store",
    "Content-Disposition": `inline; filename="qr-${link.token}.${format === "png" ? "png" : "svg"}"`,
  };
  if (format === "png") {
    const png = await qrPng(url, 1000);
    return new Response(new Uint8Array(png), {
      headers: { ...headers, "Content-Type": "image/png" },
    });
  }
  return new Response(await qrSvg(url), {
    headers: { ...headers, "Content-Type": "image/svg+xml; charset=utf-8" },
  });
}
