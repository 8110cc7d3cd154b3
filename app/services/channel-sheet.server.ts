/**
 * The XLSX export's sheet of the independent channel: per unit carrying a higher unit's QR code, the unit's
 * own survey and the independent channel side by side (compareChannels), for the export's
 * months and subtree. Written only when the campaign has such a link inside the export.
 */
import type ExcelJS from "exceljs";
import type { ChannelSide } from "~/domain/independent-channel";
import { translator } from "~/utils/i18n";
import type { AppContext } from "./context.server";
import type { ResolvedExport } from "./export.server";
import { compareChannels } from "./independent-channel.server";

const PCT = "0.0%";

export async function writeChannelSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ctx: AppContext,
  r: ResolvedExport,
) {
  const rows = await compareChannels(ctx, {
    campaignIds: [r.campaign.id],
    definition: r.version.definition,
    minN: r.campaign.min_n,
    from: r.filter.periodFrom ?? null,
    to: r.filter.periodTo ?? null,
    within: r.unit ? [r.unit.path] : r.scopeRoots,
  });
  if (!rows) return;
  const t = translator("vi");
  const ws = wb.addWorksheet(t("channel.sheet"), { views: [{ state: "frozen", ySplit: 1 }] });
  const side = (name: string) => [
    `${name}: ${t("channel.rate")}`,
    t("channel.low", { what: `${name}: ${t("channel.interval")}` }),
    t("channel.high", { what: `${name}: ${t("channel.interval")}` }),
    `${name}: ${t("channel.forms")}`,
  ];
  ws.columns = [
    { width: 40 },
    ...[0, 1].flatMap(() => [
      { width: 14, style: { numFmt: PCT } },
      { width: 14, style: { numFmt: PCT } },
      { width: 14, style: { numFmt: PCT } },
      { width: 10 },
    ]),
    { width: 16, style: { numFmt: PCT } },
    { width: 16, style: { numFmt: PCT } },
    { width: 16, style: { numFmt: PCT } },
    { width: 22 },
  ];
  const head = ws.addRow([
    t("channel.unitCol"),
    ...side(t("channel.own")),
    ...side(t("channel.independent")),
    `${t("channel.difference")}`,
    t("channel.low", { what: t("channel.differenceInterval") }),
    t("channel.high", { what: t("channel.differenceInterval") }),
    t("channel.significant"),
  ]);
  head.font = { bold: true };
  head.commit();
  const cells = (s: ChannelSide) => {
    const ok = s.f.sufficient && s.f.rate !== null;
    return [ok ? s.f.rate : null, ok ? s.f.low : null, ok ? s.f.high : null, s.responses];
  };
  for (const row of rows)
    ws.addRow([
      row.unitName,
      ...cells(row.own),
      ...cells(row.independent),
      row.difference?.diff ?? null,
      row.difference?.low ?? null,
      row.difference?.high ?? null,
      row.difference
        ? t(row.difference.significant ? "channel.yes" : "channel.no")
        : t("channel.cannotTell"),
    ]).commit();
  ws.addRow([]).commit();
  ws.addRow([t("channel.method")]).commit();
  await ws.commit();
}
