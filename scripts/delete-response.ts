/**
 * npm run delete-response -- --id <client id>
 * Deletes one response at its respondent's request (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP) and subtracts
 * it from the rollups in the same transaction. The client id is the UUID the survey page,
 * kiosk or app chose when it sent the response. Exit code 0: deleted; 1: no such response;
 * 2: usage.
 */
import { parseArgs } from "node:util";
import { appContext } from "~/services/context.server";
import { deleteResponse } from "~/services/privacy.server";

const { values } = parseArgs({ options: { id: { type: "string" } } });
const id = values.id?.trim() ?? "";
if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
  console.error("Usage: npm run delete-response -- --id <client id (a UUID)>");
  process.exit(2);
}
const ctx = await appContext();
try {
  const result = await deleteResponse(ctx, id);
  if (result.deleted) {
    console.log(`Đã xoá phiếu ${id.toLowerCase()} và trừ khỏi số liệu tổng hợp.`);
    console.log(`Deleted response ${id.toLowerCase()} and subtracted it from the rollups.`);
  } else {
    console.error(`Không có phiếu nào với mã ${id.toLowerCase()} (no such response).`);
    process.exitCode = 1;
  }
} finally {
  await ctx.close();
}
