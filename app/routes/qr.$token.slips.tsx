/** /qr/:token/slips — a sheet of 12 small slips with an access link's QR code (receipts, desks). */
import "~/utils/i18n-staff";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SlipSheets } from "~/components/slips";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import {
  definitionTitle,
  getManagedLink,
  publicBaseUrl,
  qrSvg,
  surveyUrl,
} from "~/services/links.server";
import { localeFromRequest } from "~/utils/i18n";
import printCss from "~/styles/print.css?url";
import { requireUser } from "~/utils/guards.server";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const link = await getManagedLink(await appContext(), user, params.token ?? "").catch(
    loaderFailure,
  );
  const url = surveyUrl(publicBaseUrl(request), link.token);
  const qr = await qrSvg(url);
  return {
    unitName: link.unit_name,
    title: definitionTitle(link.definition, localeFromRequest(request)),
    slips: Array.from({ length: 12 }, () => ({ url, qr })),
    anonymous: link.anonymous === 1,
  };
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printCss }];

export default function LinkSlips() {
  const d = useLoaderData<typeof loader>();
  return (
    <SlipSheets
      locale={useLocale()}
      unitName={d.unitName}
      title={d.title}
      slips={d.slips}
      anonymous={d.anonymous}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
