/** GET /api/v1/analytics/campaigns — the campaigns the token's owner may export, with the units they reach. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/services/api-tokens.server";
import { listAllCampaigns } from "~/services/campaigns.server";
import { appContext } from "~/services/context.server";
import { readableScopes } from "~/services/results.server";
import { jsonResponse } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request);
  const ctx = await appContext();
  const campaigns = [];
  for (const c of await listAllCampaigns(ctx)) {
    const scopes = await readableScopes(ctx, c.id, user.grants, "results.export");
    if (scopes.length === 0) continue;
    campaigns.push({
      id: c.id,
      title: c.title,
      status: c.status,
      opensAt: c.opens_at,
      closesAt: c.closes_at,
      questionnaire: { slug: c.slug, version: c.version, title: c.questionnaire_title },
      wholeCampaign: scopes[0]!.path === null,
      units: scopes.filter((s) => s.path !== null).map((s) => ({ id: s.value, name: s.label })),
    });
  }
  return jsonResponse({ campaigns });
}
