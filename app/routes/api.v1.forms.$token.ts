/** GET /api/v1/forms/:token — everything a client needs to render and validate offline. Kiosks cache it. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/services/context.server";
import { findForm } from "~/services/forms.server";
import { apiError, jsonResponse } from "~/utils/http.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const form = await findForm(await appContext(), params.token ?? "");
  if (form.kind === "not_found")
    return apiError(404, "not_found", "Không tìm thấy đường dẫn khảo sát với mã này.");
  if (form.kind === "gone" && form.reason === "invitation_used")
    return apiError(
      410,
      "invitation_used",
      "Mã mời này đã được sử dụng. Mỗi mã chỉ dùng được một lần.",
    );
  if (form.kind === "gone") {
    const message =
      form.reason === "closed"
        ? "Đợt khảo sát đã kết thúc."
        : form.reason === "link_revoked"
          ? "Đường dẫn khảo sát này đã bị thu hồi."
          : "Đợt khảo sát chưa bắt đầu.";
    return apiError(
      410,
      form.reason === "closed"
        ? "campaign_closed"
        : form.reason === "link_revoked"
          ? "link_revoked"
          : "campaign_not_open",
      message,
    );
  }
  const { link, version, survey } = form;
  return jsonResponse({
    campaign: {
      id: link.campaign_id,
      title: link.campaign_title,
      opensAt: link.opens_at,
      closesAt: link.closes_at,
      status: link.status,
    },
    unit: { id: link.unit_id, name: link.unit_name },
    channel: link.channel,
    anonymous: link.anonymous === 1,
    questionnaire: {
      id: version.id,
      slug: version.slug,
      version: version.version,
      meta: version.definition.meta,
      survey,
      scoring: version.definition.scoring,
    },
  });
}
