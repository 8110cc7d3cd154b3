/** The distribution of answer levels per criterion, and the expectations. */
import { localize } from "~/domain/questionnaire";
import { questionnaireLevels, type LevelMeaning } from "~/domain/scoring/levels";
import type { AppContext } from "../context.server";
import { score, subtreeCounts } from "./figures.server";
import type { Selection } from "./selection.server";

export async function getDistribution(ctx: AppContext, s: Selection) {
  if (!s.version) return null;
  const result = score(s, await subtreeCounts(ctx, s, s));
  // Each level with what it means on the scale (satisfied, neutral…), not its place in the list.
  const meaning = new Map(
    questionnaireLevels(s.version.definition).map((l) => [
      l.value,
      {
        meaning: l.meaning,
        strength: l.strength,
        label: l.label ? localize(l.label, s.locale) : "",
      },
    ]),
  );
  const items = result.items.map((i) => {
    const total = i.levels.reduce((sum, l) => sum + l.count, 0);
    return {
      code: i.code,
      title: localize(i.title, s.locale),
      n: i.n,
      notApplicable: i.notApplicable,
      sufficient: i.sufficient,
      levels: i.levels.map((l) => {
        const m = meaning.get(l.value);
        return {
          value: l.value,
          label: m?.label ?? "",
          meaning: m?.meaning ?? ("dissatisfied" as LevelMeaning),
          strength: m?.strength ?? 0,
          count: l.count,
          share: total > 0 ? l.count / total : null,
          notApplicable: m?.meaning === "notApplicable",
        };
      }),
    };
  });
  const expectations = result.indicators
    .filter((i) => i.group === "expectation")
    .filter((i) => i.rank !== undefined || i.code.endsWith(".positive") || i.code === "expectation")
    .map((i) => ({
      code: i.code,
      title: localize(i.title, s.locale),
      value: i.value,
      unit: i.unit,
      n: i.n,
      low: i.low ?? null,
      high: i.high ?? null,
      sufficient: i.sufficient,
      rank: i.rank ?? null,
    }))
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  return { responses: result.responses, items, expectations };
}
