/**
 * The selection of a dashboard page: a questionnaire version (rates only pool over one form),
 * its campaigns that have responses in the subtree (all, or one), a unit the user holds
 * results.read on, and months; filters: channel, kind of the unit that took the response,
 * respondent group. Resolved from the URL against what the user may read.
 */
import { listCampaignTotals, listSubtreeKinds } from "#db/queries/dashboard";
import { listUnitsByIds, listUnitsUnder } from "#db/queries/unit-tree";
import { findUnit } from "#db/queries/units";
import type { Unit } from "#db/schema";
import { listTargets } from "#db/queries/targets";
import { can, type Grant } from "~/domain/access";
import { addMonths, isPeriod, monthIndex, parseGroup, previousRange } from "~/domain/dashboard";
import type { Option, SelectionView } from "~/domain/dashboard-view";
import { figureColumns } from "~/domain/method-text";
import { toPeriod } from "~/domain/period";
import { localize } from "~/domain/questionnaire";
import { respondentGroups } from "~/domain/scoring/groups";
import { maxPoints } from "~/domain/scoring/rates";
import { isMetric, toTargetRow, type Metric, type TargetRow } from "~/domain/targets";
import { loadVersion, type AppContext, type LoadedVersion } from "../context.server";
import { NOT_FOUND, ServiceError } from "../service-error.server";

export interface DashboardParams {
  unit: string | null;
  version: string | null;
  campaign: string | null;
  from: string | null;
  to: string | null;
  channel: string | null;
  kind: string | null;
  group: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const WORD = /^[a-z0-9_-]{1,40}$/i;

/** The filters of a dashboard URL; malformed values are dropped (defaults apply). */
export function readParams(url: URL): DashboardParams {
  const p = url.searchParams;
  const pick = (k: string, re: RegExp) => {
    const v = p.get(k);
    return v !== null && re.test(v) ? v : null;
  };
  const group = p.get("group");
  return {
    unit: pick("unit", ID),
    version: pick("version", ID),
    campaign: pick("campaign", ID),
    from: isPeriod(p.get("from")) ? p.get("from") : null,
    to: isPeriod(p.get("to")) ? p.get("to") : null,
    channel: pick("channel", WORD),
    kind: pick("kind", WORD),
    group: group && group.length <= 200 && parseGroup(group) ? group : null,
  };
}

export interface Selection {
  unit: Unit;
  /** The unit's ancestors the user may read, top first (for navigation). */
  trail: Option[];
  /** The units the user's roles are held over (results.read). */
  roots: Option[];
  locale: string;
  versions: Option[];
  version: LoadedVersion | null;
  campaigns: Option[];
  campaignId: string;
  campaignIds: string[];
  /** The selected campaigns' own target when they share one, else null, and its metric. */
  campaignPct: number | null;
  campaignMetric: Metric;
  /** Points of the scale's top level: the divisor of the satisfaction index. */
  maxPoints: number | null;
  minN: number;
  from: string;
  to: string;
  /** `from` was not given: views over time may show all months with data. */
  defaultFrom: boolean;
  dataFrom: string | null;
  prev: { from: string; to: string };
  channel: string | null;
  kind: string | null;
  group: { question: string; value: string } | null;
  groupLabel: string | null;
  channels: string[];
  kinds: string[];
  groups: Array<{ question: string; title: string; values: Option[] }>;
  questionnaireSector: string;
  targets: TargetRow[];
  params: DashboardParams;
}

function readableRoots(grants: readonly Grant[]) {
  return grants.filter((g) => can([g], "results.read", g.unitPath));
}

/**
 * Resolves the URL's filters against what the user may read. Throws a 404 ServiceError for a
 * unit that does not exist or lies outside the user's roles (its existence is not told).
 */
export async function resolveSelection(
  ctx: AppContext,
  grants: ReadonlyArray<Grant & { unitId: string; unitName: string }>,
  params: DashboardParams,
  locale: string,
  now = new Date(),
): Promise<Selection> {
  const roots = readableRoots(grants) as Array<Grant & { unitId: string; unitName: string }>;
  if (roots.length === 0) throw new ServiceError(404, NOT_FOUND);
  const rootOptions = [...new Map(roots.map((g) => [g.unitId, g])).values()]
    .sort((a, b) => a.unitPath.length - b.unitPath.length || a.unitPath.localeCompare(b.unitPath))
    .map((g) => ({ value: g.unitId, label: g.unitName }));
  const unitId = params.unit ?? rootOptions[0]!.value;
  const unit = await findUnit(ctx.db, unitId);
  if (!unit || !can(grants, "results.read", unit.path)) throw new ServiceError(404, NOT_FOUND);

  const ancestorIds = unit.path.split("/").filter(Boolean).slice(0, -1);
  const ancestors = await listUnitsByIds(ctx.db, ancestorIds);
  const trail = ancestorIds
    .map((id) => ancestors.find((a) => a.id === id))
    .filter((a): a is Unit => a !== undefined && can(grants, "results.read", a.path))
    .map((a) => ({ value: a.id, label: a.name }));

  const totals = await listCampaignTotals(ctx.db, unit);
  const versions = [...new Map(totals.map((c) => [c.questionnaire_version_id, c])).values()].map(
    (c) => ({
      value: c.questionnaire_version_id,
      label: `${c.questionnaire_title} (v${c.version})`,
    }),
  );
  // A campaign without a version in the URL brings its own questionnaire version.
  const campaignVersion = params.campaign
    ? totals.find((c) => c.id === params.campaign)?.questionnaire_version_id
    : undefined;
  const versionId =
    params.version && versions.some((v) => v.value === params.version)
      ? params.version
      : (campaignVersion ?? versions[0]?.value ?? null);
  const ofVersion = totals.filter((c) => c.questionnaire_version_id === versionId);
  const campaignId =
    params.campaign && ofVersion.some((c) => c.id === params.campaign) ? params.campaign : "";
  const selected = campaignId ? ofVersion.filter((c) => c.id === campaignId) : ofVersion;
  const version = versionId ? ((await loadVersion(ctx, versionId)) ?? null) : null;

  const pcts = [...new Set(selected.map((c) => `${c.target_pct}|${c.target_metric}`))];
  const campaignPct =
    pcts.length === 1 && selected[0]!.target_pct !== null ? Number(selected[0]!.target_pct) : null;
  const campaignMetric: Metric =
    campaignPct !== null && isMetric(selected[0]!.target_metric)
      ? selected[0]!.target_metric
      : "rate";
  const minN = selected.reduce((m, c) => Math.max(m, Number(c.min_n)), 0) || 30;

  const campaignIds = selected.map((c) => c.id);
  // First and last month with counts of the selected campaigns.
  const bounds = {
    min: selected.reduce<string | null>(
      (m, c) => (c.data_from !== null && (m === null || c.data_from < m) ? c.data_from : m),
      null,
    ),
    max: selected.reduce<string | null>(
      (m, c) => (c.data_to !== null && (m === null || c.data_to > m) ? c.data_to : m),
      null,
    ),
  };
  const thisMonth = toPeriod(now);
  const to = params.to ?? bounds.max ?? thisMonth;
  const defaultFrom = params.from === null;
  let from = params.from ?? addMonths(to, -11);
  if (defaultFrom && bounds.min && bounds.min > from) from = bounds.min;
  if (monthIndex(from) > monthIndex(to)) from = to;

  const channels = [...new Set(selected.flatMap((c) => JSON.parse(c.channels) as string[]))].sort();
  const kinds = await listSubtreeKinds(ctx.db, unit.path);
  const groups = version
    ? respondentGroups(version.definition).map((g) => ({
        question: g.question,
        title: localize(g.title, locale),
        values: g.values.map((v) => ({ value: v.value, label: localize(v.text, locale) })),
      }))
    : [];
  const group = parseGroup(params.group);
  const groupDef = group ? groups.find((g) => g.question === group.question) : undefined;
  const groupValue = groupDef?.values.find((v) => v.value === group?.value);

  const targets = (await listTargets(ctx.db)).map(toTargetRow);

  return {
    unit,
    trail,
    roots: rootOptions,
    locale,
    versions,
    version,
    campaigns: ofVersion.map((c) => ({ value: c.id, label: c.title })),
    campaignId,
    campaignIds,
    campaignPct,
    campaignMetric,
    maxPoints: version ? maxPoints(version.definition.scoring.scale) : null,
    minN,
    from,
    to,
    defaultFrom,
    dataFrom: bounds.min,
    prev: previousRange(from, to),
    channel: params.channel && channels.includes(params.channel) ? params.channel : null,
    kind: params.kind && kinds.includes(params.kind) ? params.kind : null,
    group: groupDef && groupValue && group ? group : null,
    groupLabel: groupDef && groupValue ? `${groupDef.title}: ${groupValue.label}` : null,
    channels,
    kinds,
    groups,
    questionnaireSector: version?.definition.meta.sector ?? "generic",
    targets,
    params,
  };
}

/** What every dashboard page shows around its view (serialisable). */
export function selectionView(s: Selection): SelectionView {
  return {
    unit: { id: s.unit.id, name: s.unit.name, kind: s.unit.kind },
    trail: s.trail,
    roots: s.roots,
    versions: s.versions,
    version: s.version?.id ?? null,
    questionnaire: s.version ? localize(s.version.definition.meta.title, s.locale) : null,
    campaigns: s.campaigns,
    campaignId: s.campaignId,
    from: s.from,
    to: s.to,
    channel: s.channel,
    kind: s.kind,
    group: s.group ? `${s.group.question}=${s.group.value}` : null,
    groupLabel: s.groupLabel,
    channels: s.channels,
    kinds: s.kinds,
    groups: s.groups,
    minN: s.minN,
    cols: s.version
      ? figureColumns(
          s.version.definition,
          { method: s.version.definition.scoring.method, maxPoints: s.maxPoints },
          s.locale === "en" ? "en" : "vi",
          s.campaignMetric === "index" ||
            s.targets.some((t) => t.metric === "index" && t.sector === s.questionnaireSector)
            ? "index"
            : null,
        )
      : null,
    params: {
      unit: s.unit.id,
      version: s.params.version ? (s.version?.id ?? null) : null,
      campaign: s.campaignId || null,
      from: s.params.from ? s.from : null,
      to: s.params.to ? s.to : null,
      channel: s.channel,
      kind: s.kind,
      group: s.group ? `${s.group.question}=${s.group.value}` : null,
    } as Record<string, string | null>,
  };
}

/** Units a user may compare the shown one with: every unit they may read (at most 500). */
export async function listComparableUnits(
  ctx: AppContext,
  grants: readonly Grant[],
  exceptId: string,
): Promise<Option[]> {
  const seen = new Set<string>([exceptId]);
  const out: Option[] = [];
  for (const g of readableRoots(grants)) {
    for (const u of await listUnitsUnder(ctx.db, [g.unitPath])) {
      if (seen.has(u.id) || out.length >= 500) continue;
      seen.add(u.id);
      out.push({ value: u.id, label: `${u.name} (${u.code})` });
    }
  }
  return out;
}
