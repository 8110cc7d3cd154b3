/**
 * SDG indicator 16.6.2 for a unit's subtree (a province) over a range of months: per sector
 * and combined, from every campaign with responses in the subtree, each scored by its own
 * questionnaire (computeResults over the rollups) and reduced to "satisfied respondents /
 * respondents" by app/domain/sdg.ts. Reads only rollups: one read per campaign.
 */
import { listCampaignTotals, sumForUnits } from "#db/queries/dashboard";
import { localize } from "~/domain/questionnaire";
import { computeResults } from "~/domain/scoring";
import { combineSdg, sdgCount, sdgRule, sdgSector, type SdgPart, type SdgView } from "~/domain/sdg";
import { loadVersion, type AppContext } from "./context.server";
import { toCountTable } from "./results.server";

export async function sdgIndicator(
  ctx: AppContext,
  unit: { id: string; path: string; name: string },
  range: { from: string; to: string },
  locale: string,
): Promise<SdgView> {
  const campaigns = await listCampaignTotals(ctx.db, unit);
  const parts: SdgPart[] = [];
  for (const c of campaigns) {
    if (c.data_from !== null && (c.data_from > range.to || (c.data_to ?? "") < range.from))
      continue;
    const version = await loadVersion(ctx, c.questionnaire_version_id);
    if (!version) continue;
    const def = version.definition;
    const sector = sdgSector(def.meta.sector);
    if (!sector) continue;
    const rows = await sumForUnits(ctx.db, {
      campaignIds: [c.id],
      unitIds: [unit.id],
      periodFrom: range.from,
      periodTo: range.to,
    });
    const { counts, responses } = toCountTable(rows);
    if (responses === 0) continue;
    const rule = sdgRule(def.scoring);
    const result = computeResults(def, counts, responses, { minN: Number(c.min_n) });
    parts.push({
      campaignId: c.id,
      title: `${c.title} (${localize(def.meta.title, locale)})`,
      sector,
      rule,
      count: sdgCount(rule, result),
    });
  }
  return { unitName: unit.name, from: range.from, to: range.to, ...combineSdg(parts) };
}
