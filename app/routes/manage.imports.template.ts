/**
 * /manage/imports/template?campaign=<id>&template=csv|xlsx — the file a manager fills in to
 * import ratings into a campaign they manage: its columns (and, in XLSX, a guide to each).
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { appContext } from "~/services/context.server";
import { importerOfUser, templateFile } from "~/services/rating-import.server";
import { assertCanAnywhere, notFound, requireUser } from "~/utils/guards.server";
import { localeFromRequest } from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";

const Query = z.object({
  campaign: z.string().min(1).max(100),
  template: z.enum(["csv", "xlsx"]).default("xlsx"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const q = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!q.success) throw notFound();
  const file = await templateFile(
    await appContext(),
    importerOfUser(user),
    q.data.campaign,
    q.data.template,
    localeFromRequest(request),
  ).catch(loaderFailure);
  return new Response(Buffer.from(file.body), {
    headers: {
      "Content-Type": file.type,
      "Content-Disposition": `attachment; filename="${file.name}"`,
      "Cache-Control": "no-store",
    },
  });
}
