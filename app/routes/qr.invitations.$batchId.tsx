/**
 * /qr/invitations/:batchId — the slips of a batch of single-use invitation codes, one code
 * per slip (used codes are greyed). For the batch's managers only.
 */
import "~/utils/i18n-staff";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SlipSheets } from "~/components/slips";
import { can } from "~/domain/access";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import {
  definitionTitle,
  findInvitationBatch,
  listInvitationCodes,
  publicBaseUrl,
  qrSvg,
  surveyUrl,
} from "~/services/links.server";
import { localeFromRequest } from "~/utils/i18n";
import printCss from "~/styles/print.css?url";
import { notFound, requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const batch = await findInvitationBatch(ctx, params.batchId ?? "");
  if (!batch || !can(user.grants, "campaigns.manage", batch.unit_path)) throw notFound();
  const base = publicBaseUrl(request);
  const codes = await listInvitationCodes(ctx, batch.id);
  const slips = [];
  for (const c of codes) {
    const url = surveyUrl(base, c.token);
    slips.push({ url, qr: await qrSvg(url), code: c.token, used: c.used_at !== null });
  }
  return data(
    {
      unitName: batch.unit_name,
      title: definitionTitle(batch.definition, localeFromRequest(request)),
      slips,
      anonymous: batch.anonymous === 1,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printCss }];

export default function InvitationSlips() {
  const d = useLoaderData<typeof loader>();
  return (
    <SlipSheets
      locale={useLocale()}
      unitName={d.unitName}
      title={d.title}
      slips={d.slips}
      once
      anonymous={d.anonymous}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
