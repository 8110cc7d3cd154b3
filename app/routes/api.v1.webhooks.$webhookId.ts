/** DELETE /api/v1/webhooks/:webhookId — a system client stops one of its webhooks (204). */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs } from "@remix-run/node";
import { clientRequest } from "~/services/webhooks-api.server";
import { deleteClientWebhook } from "~/services/webhooks.server";

export const action = ({ request, params }: ActionFunctionArgs) =>
  clientRequest(request, async (ctx, client) => {
    if (request.method !== "DELETE") return null;
    await deleteClientWebhook(ctx, client, params.webhookId ?? "");
    return new Response(null, { status: 204 });
  });
