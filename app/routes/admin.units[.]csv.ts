/** /admin/units.csv — the administrator's part of the tree as CSV; it imports back unchanged. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/services/context.server";
import { exportUnitCsv } from "~/services/unit-csv.server";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "units.manage");
  const csv = await exportUnitCsv(await appContext(), user);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="don-vi.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
