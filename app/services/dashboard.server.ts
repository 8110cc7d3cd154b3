/**
 * Dashboards: satisfaction against targets for a unit subtree and a period, by unit, element,
 * criterion and time. Every count is read from the rollups and every rate is computed by the
 * scoring module (computeResults); only the comments view reads raw responses.
 *
 * Scope: a questionnaire version (rates only pool over one form), its campaigns that have
 * responses in the subtree (all, or one), a unit the user holds results.read on, and months.
 * Filters: channel, kind of the unit that took the response, respondent group.
 */
import {
  findUnitById,
  findUnitsByIds,
  listCampaignTotals,
  listChildUnits,
  listResponsesPage,
  listTargets,
  listParentsAmong,
  listSubtreeKinds,
  listSubtreeUnits,
  listUnitsOfKind,
  sumForUnits,
  sumHours,
  type CountRow,
} from "#db/queries/dashboard";
import { can, isInside, type Grant } from "~/domain/access";
import {
  bucketMiddle,
  bucketMonths,
  bucketOf,
  bucketsBetween,
  commentQuestions,
  isPeriod,
  matchesKeywords,
  monthIndex,
  parseGroup,
  previousRange,
  rankByRate,
  rateResponse,
  weakestCriteria,
  addMonths,
  type Granularity,
  type ResponseRating,
} from "~/domain/dashboard";
import { newcombeDifference, projectLinear, twoProportionZTest } from "~/domain/dashboard-stats";
import { toPeriod } from "~/domain/period";
import { itemKey, localize, type LocalizedText } from "~/domain/questionnaire";
import {
  computeResults,
  type QuestionnaireResult,
  type Rate,
  type ScoreFigures,
} from "~/domain/scoring";
import { respondentGroups } from "~/domain/scoring/groups";
import { questionnaireLevels, type LevelMeaning } from "~/domain/scoring/levels";
import { maxPoints } from "~/domain/scoring/rates";
import {
  deadlines,
  isMetric,
  meets,
  periodEnd,
  judge,
  resolveTarget,
  targetSector,
  type AppliedTarget,
  type Comparator,
  type Metric,
  type TargetRow,
  type TargetStatus,
  type Verification,
} from "~/domain/targets";
import {
  figureView,
  overlappingNeighbours,
  rankRange,
  rankValue,
  SATURATED_RATE,
  type FigureView,
  type RankKey,
} from "~/domain/figures";
import { figureColumns } from "~/domain/method-text";
import { loadVersion, type AppContext, type LoadedVersion } from "./context.server";
import { overallParts, toCountTable } from "./results.server";

type UnitRow = NonNullable<Awaited<ReturnType<typeof findUnitById>>>;

export class DashboardNotFound extends Error {}

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

export interface Option {
  value: string;
  label: string;
}

export interface Scope {
  unit: UnitRow;
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
 * Resolves the URL's filters against what the user may read. Throws DashboardNotFound for a
 * unit that does not exist or lies outside the user's roles (its existence is not told).
 */
export async function resolveScope(
  ctx: AppContext,
  grants: ReadonlyArray<Grant & { unitId: string; unitName: string }>,
  params: DashboardParams,
  locale: string,
  now = new Date(),
): Promise<Scope> {
  const roots = readableRoots(grants) as Array<Grant & { unitId: string; unitName: string }>;
  if (roots.length === 0) throw new DashboardNotFound("no results.read anywhere");
  const rootOptions = [...new Map(roots.map((g) => [g.unitId, g])).values()]
    .sort((a, b) => a.unitPath.length - b.unitPath.length || a.unitPath.localeCompare(b.unitPath))
    .map((g) => ({ value: g.unitId, label: g.unitName }));
  const unitId = params.unit ?? rootOptions[0]!.value;
  const unit = await findUnitById(ctx.db, unitId);
  if (!unit || !can(grants, "results.read", unit.path)) throw new DashboardNotFound(unitId);

  const ancestorIds = unit.path.split("/").filter(Boolean).slice(0, -1);
  const ancestors = await findUnitsByIds(ctx.db, ancestorIds);
  const trail = ancestorIds
    .map((id) => ancestors.find((a) => a.id === id))
    .filter((a): a is UnitRow => a !== undefined && can(grants, "results.read", a.path))
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

  const targets = (await listTargets(ctx.db)).map((t): TargetRow => ({
    id: t.id,
    sector: t.sector,
    unitId: t.unit_id,
    unitPath: t.unit_path ?? null,
    pct: Number(t.pct),
    metric: isMetric(t.metric) ? t.metric : "rate",
    comparator: t.comparator as Comparator,
    validFrom: t.valid_from,
    validTo: t.valid_to,
    source: t.source,
    verification: t.verification as Verification,
  }));

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

// ---------------------------------------------------------------------------------------
// Counts and results

interface Range {
  from: string;
  to: string;
}

/** The count keys an overall rate needs: the items' and the derived `$` keys (sumForUnits). */
const overallKeys = (s: Scope) => s.version!.definition.scoring.items.map(itemKey);

/**
 * Counts of the whole subtree for a range, optionally per month (then only what the overall
 * rate needs: a trend shows no items). With a unit-kind filter: the responses taken at the
 * units of that kind inside the subtree (their own rows).
 */
async function subtreeCounts(ctx: AppContext, s: Scope, r: Range, byPeriod = false) {
  const base = {
    campaignIds: s.campaignIds,
    periodFrom: r.from,
    periodTo: r.to,
    channel: s.channel,
    group: s.group,
    byPeriod,
    questions: byPeriod ? overallKeys(s) : undefined,
  };
  if (s.kind) {
    const units = await listUnitsOfKind(ctx.db, s.unit.path, s.kind);
    return sumForUnits(ctx.db, { ...base, unitIds: units.map((u) => u.id), include: "self" });
  }
  return sumForUnits(ctx.db, { ...base, unitIds: [s.unit.id] });
}

/** Is there anything before the months shown (else the previous period is not read)? */
const hasPrevious = (s: Scope) => s.dataFrom !== null && s.dataFrom <= s.prev.to;

function score(s: Scope, rows: readonly CountRow[]): QuestionnaireResult {
  // Rows of several tables, units or months may repeat a (question, value): they add up.
  const { counts, responses } = toCountTable(rows);
  return computeResults(s.version!.definition, counts, responses, { minN: s.minN });
}

/** Rates on the dashboards: the same figure views as the results page and the report. */
export type RateView = FigureView;
const rateView = figureView;

export interface TargetView {
  pct: number;
  metric: Metric;
  comparator: Comparator;
  origin: AppliedTarget["origin"];
  source: string;
  verification: Verification;
  deadline: string | null;
}

const targetView = (t: AppliedTarget | null): TargetView | null =>
  t && {
    pct: t.value * 100,
    metric: t.metric,
    comparator: t.comparator,
    origin: t.origin,
    source: t.source,
    verification: t.verification,
    deadline: t.validTo,
  };

function targetFor(s: Scope, unit: { path: string; sector: string }, date: string) {
  return resolveTarget(s.targets, {
    sector: targetSector(s.questionnaireSector, unit.sector),
    unitPath: unit.path,
    date,
    campaignPct: s.campaignPct,
    campaignMetric: s.campaignMetric,
  });
}

/** Reached / not reached / not decidable on the metric the target is set on. */
const statusOf = (s: Scope, r: Rate & Partial<ScoreFigures>, target: AppliedTarget | null) =>
  judge(figureView(r), target, s.maxPoints);

export interface RatedRow extends RateView {
  code: string;
  title: string;
  status: TargetStatus;
}

function ratedRows(
  s: Scope,
  rows: ReadonlyArray<Rate & ScoreFigures & { code: string; title: LocalizedText }>,
  target: AppliedTarget | null,
): RatedRow[] {
  return rows.map((r) => ({
    ...rateView(r),
    code: r.code,
    title: localize(r.title, s.locale),
    status: statusOf(s, r, target),
  }));
}

// ---------------------------------------------------------------------------------------
// Overview

export async function getOverview(ctx: AppContext, s: Scope) {
  if (!s.version) return null;
  const [now, before] = await Promise.all([
    subtreeCounts(ctx, s, s),
    hasPrevious(s) ? subtreeCounts(ctx, s, s.prev) : [],
  ]);
  const result = score(s, now);
  const previous = score(s, before);
  const target = targetFor(s, s.unit, periodEnd(s.to));
  const change = newcombeDifference(result.overall, previous.overall);
  return {
    responses: result.responses,
    overall: { ...rateView(result.overall), status: statusOf(s, result.overall, target) },
    previous: previous.overall.sufficient ? rateView(previous.overall) : null,
    change,
    target: targetView(target),
    aspects: ratedRows(s, result.aspects, target),
    elements: ratedRows(s, result.elements, target),
    items: ratedRows(s, result.items, target),
    weakest: ratedRows(s, weakestCriteria(s.version.definition, result.items), target),
    method: result.method,
    minN: result.minN,
    parts: overallParts(result.options),
  };
}

// ---------------------------------------------------------------------------------------
// Units

interface Entity {
  id: string;
  name: string;
  code: string;
  kind: string;
  sector: string;
  path: string;
  /** Responses taken at the unit itself only (the "trực tiếp" row of a parent). */
  self: boolean;
  hasChildren: boolean;
}

export interface RankingRow {
  unitId: string;
  name: string;
  code: string;
  kind: string;
  self: boolean;
  drill: boolean;
  rank: number | null;
  responses: number;
  overall: RateView;
  previous: RateView | null;
  change: { diff: number; low: number; high: number; significant: boolean } | null;
  target: TargetView | null;
  status: TargetStatus;
  /** The 95 % interval overlaps the one ranked just above: the two are not told apart. */
  near?: boolean;
}

/** Counts per ranked entity for a range. */
async function entityCounts(
  ctx: AppContext,
  s: Scope,
  entities: Entity[],
  r: Range,
): Promise<Map<string, CountRow[]>> {
  const out = new Map<string, CountRow[]>(entities.map((e) => [entityKey(e), []]));
  const base = {
    campaignIds: s.campaignIds,
    periodFrom: r.from,
    periodTo: r.to,
    channel: s.channel,
    group: s.group,
    // A ranking shows the overall rate only: the items' counts and the derived `$` keys.
    questions: overallKeys(s),
  };
  const own = entities.filter((e) => e.self).map((e) => e.id);
  const subtrees = entities.filter((e) => !e.self).map((e) => e.id);
  const [a, b] = await Promise.all([
    sumForUnits(ctx.db, { ...base, unitIds: own, include: "self" }),
    sumForUnits(ctx.db, { ...base, unitIds: subtrees, include: "both" }),
  ]);
  for (const row of a) out.get(`self:${row.unit_id}`)?.push(row);
  for (const row of b) out.get(`tree:${row.unit_id}`)?.push(row);
  return out;
}

const entityKey = (e: Entity) => `${e.self ? "self" : "tree"}:${e.id}`;

export async function getRanking(ctx: AppContext, s: Scope, sort: RankKey = "rate") {
  if (!s.version) return null;
  let entities: Entity[];
  const withChildren = async (units: Array<Omit<Entity, "self" | "hasChildren">>) => {
    const parents = await listParentsAmong(
      ctx.db,
      units.map((u) => u.id),
    );
    return units.map((u) => ({ ...u, self: false, hasChildren: parents.has(u.id) }));
  };
  if (s.kind) {
    // Units of one kind: each ranked on the responses taken at it.
    const units = await listUnitsOfKind(ctx.db, s.unit.path, s.kind);
    entities = (await withChildren(units)).map((u) => ({ ...u, self: true }));
  } else {
    const children = await listChildUnits(ctx.db, s.unit.id);
    entities = [...(await withChildren(children)), { ...s.unit, self: true, hasChildren: false }];
  }
  const [now, before] = await Promise.all([
    entityCounts(ctx, s, entities, s),
    hasPrevious(s) ? entityCounts(ctx, s, entities, s.prev) : new Map<string, CountRow[]>(),
  ]);
  const date = periodEnd(s.to);
  const rows: RankingRow[] = [];
  for (const e of entities) {
    const result = score(s, now.get(entityKey(e)) ?? []);
    if (e.self && !s.kind && result.responses === 0) continue; // no direct responses: no row
    const prevRows = before.get(entityKey(e)) ?? [];
    const previous = prevRows.length > 0 ? score(s, prevRows) : null;
    const target = targetFor(s, e, date);
    rows.push({
      unitId: e.id,
      name: e.name,
      code: e.code,
      kind: e.kind,
      self: e.self && !s.kind,
      drill: !e.self && e.hasChildren,
      rank: null,
      responses: result.responses,
      overall: rateView(result.overall),
      previous: previous && previous.overall.rate !== null ? rateView(previous.overall) : null,
      change:
        previous && result.overall.sufficient && previous.overall.sufficient
          ? newcombeDifference(result.overall, previous.overall)
          : null,
      target: targetView(target),
      status: statusOf(s, result.overall, target),
    });
  }
  const ranked = rankByRate(
    rows,
    (r) => r.overall,
    (r) => rankValue(r.overall, sort),
  ).map(({ row, rank }) => ({ ...row, rank }));
  // Neighbours whose 95 % intervals overlap cannot be told apart by the ranking.
  const inRank = ranked.filter((r) => r.rank !== null);
  const overlap = overlappingNeighbours(inRank.map((r) => rankRange(r.overall, sort)));
  return {
    rows: ranked.map((r) => ({ ...r, near: overlap.withPrevious.has(inRank.indexOf(r)) })),
    allWithin: overlap.all,
    saturated: inRank.length > 1 && inRank.every((r) => (r.overall.rate ?? 0) >= SATURATED_RATE),
    sort,
  };
}

// ---------------------------------------------------------------------------------------
// Trend

export interface TrendPoint extends RateView {
  bucket: string;
  first: string;
  last: string;
  responses: number;
  target: TargetView | null;
  status: TargetStatus;
}

const LAST_N: Record<Granularity, number> = { month: 6, quarter: 4, year: 3 };

export async function getTrend(ctx: AppContext, s: Scope, g: Granularity, now = new Date()) {
  if (!s.version) return null;
  // Over time the default is every month with data, not only the last twelve.
  const from = s.defaultFrom && s.dataFrom && s.dataFrom < s.from ? s.dataFrom : s.from;
  const rows = await subtreeCounts(ctx, s, { from, to: s.to }, true);
  const byBucket = new Map<string, CountRow[]>();
  for (const r of rows) {
    const b = bucketOf(r.period!, g);
    const list = byBucket.get(b) ?? [];
    list.push(r);
    byBucket.set(b, list);
  }
  const points: TrendPoint[] = bucketsBetween(from, s.to, g).map((bucket) => {
    const { first, last } = bucketMonths(bucket, g);
    const result = score(s, byBucket.get(bucket) ?? []);
    const target = targetFor(s, s.unit, periodEnd(last));
    return {
      bucket,
      first,
      last,
      responses: result.responses,
      ...rateView(result.overall),
      target: targetView(target),
      status: statusOf(s, result.overall, target),
    };
  });
  // Projection to each target deadline still ahead: a straight line through the last
  // LAST_N sufficient points of this granularity (see dashboard-stats.ts projectLinear).
  const fit = points
    .filter((p) => p.sufficient && p.rate !== null)
    .map((p) => ({ month: bucketMiddle(p.bucket, g), value: p.rate! }));
  const today = toPeriod(now);
  const sector = targetSector(s.questionnaireSector, s.unit.sector);
  // Deadlines from two years before the months shown: a plan that just ended (2025) is
  // listed as passed next to the one that runs now (2030).
  const projections = deadlines(s.targets, {
    sector,
    unitPath: s.unit.path,
    from: `${addMonths(from, -24)}-01`,
  }).map((t) => {
    const deadline = t.validTo!.slice(0, 7);
    const past = deadline < today;
    const p = past ? null : projectLinear(fit, monthIndex(deadline) + 1, LAST_N[g]);
    return {
      deadline: t.validTo!,
      target: targetView(t)!,
      past,
      projection: p,
      willMeet: p ? meets(p.value, t) : null,
    };
  });
  return { granularity: g, from, points, projections, lastN: LAST_N[g] };
}

// ---------------------------------------------------------------------------------------
// Distribution of answer levels, expectations

export async function getDistribution(ctx: AppContext, s: Scope) {
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

// ---------------------------------------------------------------------------------------
// Kiosk patterns

export async function getHours(ctx: AppContext, s: Scope) {
  const rows = await sumHours(ctx.db, {
    campaignIds: s.campaignIds,
    unitPath: s.unit.path,
    channel: s.channel,
    kind: s.kind,
  });
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of rows) grid[r.weekday - 1]![r.hour] = r.count;
  const total = rows.reduce((t, r) => t + r.count, 0);
  return { grid, total };
}

// ---------------------------------------------------------------------------------------
// Comments

export const COMMENTS_PAGE = 20;
const SCAN_PAGE = 500;
const SCAN_LIMIT = 5000;

export interface CommentQuery {
  q: string;
  rating: ResponseRating | "";
  before: string | null;
}

export async function listComments(ctx: AppContext, s: Scope, cq: CommentQuery) {
  if (!s.version) return null;
  const questions = commentQuestions(s.version.definition);
  const titles = new Map(questions.map((q) => [q.name, localize(q.title, s.locale)]));
  const out: Array<{
    id: string;
    at: string;
    unit: string;
    channel: string;
    rating: ResponseRating;
    satisfied: number;
    valid: number;
    texts: Array<{ question: string; title: string; text: string }>;
  }> = [];
  let cursor = cq.before;
  let scanned = 0;
  let exhausted = false;
  while (out.length < COMMENTS_PAGE && scanned < SCAN_LIMIT) {
    const page = await listResponsesPage(ctx.db, {
      campaignIds: s.campaignIds,
      periodFrom: s.from,
      periodTo: s.to,
      channel: s.channel,
      kind: s.kind,
      unitPath: s.unit.path,
      before: cursor,
      limit: SCAN_PAGE,
    });
    if (page.length === 0) {
      exhausted = true;
      break;
    }
    for (const r of page) {
      scanned++;
      cursor = r.id;
      const answers = JSON.parse(r.answers) as Record<string, unknown>;
      const texts = questions
        .map((q) => ({ question: q.name, title: titles.get(q.name)!, text: answers[q.name] }))
        .filter(
          (t): t is { question: string; title: string; text: string } =>
            typeof t.text === "string" && t.text.trim() !== "",
        );
      if (texts.length === 0) continue;
      if (s.group && String(answers[s.group.question]) !== s.group.value) continue;
      const rated = rateResponse(s.version.definition, answers);
      if (cq.rating && rated.rating !== cq.rating) continue;
      if (cq.q && !matchesKeywords(texts.map((t) => t.text).join("\n"), cq.q)) continue;
      out.push({
        id: r.id,
        at: r.submitted_at,
        unit: r.unit_name,
        channel: r.channel,
        ...rated,
        texts,
      });
      if (out.length >= COMMENTS_PAGE) break;
    }
    if (page.length < SCAN_PAGE && out.length < COMMENTS_PAGE) {
      exhausted = true;
      break;
    }
  }
  return {
    comments: out,
    questions: questions.map((q) => ({ name: q.name, title: titles.get(q.name)! })),
    scanned,
    next: exhausted ? null : cursor,
  };
}

// ---------------------------------------------------------------------------------------
// Compare

export interface CompareRow {
  code: string;
  title: string;
  level: "overall" | "aspect" | "element" | "item";
  a: RateView;
  b: RateView;
  difference: { diff: number; low: number; high: number; significant: boolean } | null;
  /** Items only: the two-proportion z-test. */
  z: { z: number; p: number; significant: boolean } | null;
}

export type CompareSide = { label: string; from: string; to: string; unit: UnitRow };

/**
 * Two periods of the shown unit, or the shown unit and another one in the same period.
 * Units must not contain one another (the test assumes different respondents).
 */
export async function getComparison(
  ctx: AppContext,
  s: Scope,
  grants: readonly Grant[],
  other: { mode: "periods"; from: string; to: string } | { mode: "units"; unitId: string },
) {
  if (!s.version) return null;
  let b: CompareSide;
  if (other.mode === "periods") {
    b = { label: "", from: other.from, to: other.to, unit: s.unit };
  } else {
    const unit = await findUnitById(ctx.db, other.unitId);
    if (!unit || !can(grants, "results.read", unit.path)) throw new DashboardNotFound(other.unitId);
    if (isInside(unit.path, s.unit.path) || isInside(s.unit.path, unit.path))
      return { error: "nested" as const };
    b = { label: unit.name, from: s.from, to: s.to, unit };
  }
  const countsOf = (unit: UnitRow, r: Range) => subtreeCounts(ctx, { ...s, unit }, r);
  const [ra, rb] = await Promise.all([countsOf(s.unit, s), countsOf(b.unit, b)]);
  const A = score(s, ra);
  const B = score(s, rb);
  const row = (
    level: CompareRow["level"],
    x: Rate & { code?: string; title?: LocalizedText },
    y: Rate,
    item?: boolean,
  ): CompareRow => ({
    code: x.code ?? "",
    title: x.title ? localize(x.title, s.locale) : "",
    level,
    a: rateView(x),
    b: rateView(y),
    difference: x.sufficient && y.sufficient ? newcombeDifference(x, y) : null,
    z:
      item && x.sufficient && y.sufficient
        ? twoProportionZTest(x.satisfied, x.answers, y.satisfied, y.answers)
        : null,
  });
  const pair = <T extends Rate & { code: string; title: LocalizedText }>(
    level: CompareRow["level"],
    xs: T[],
    ys: T[],
    item = false,
  ) =>
    xs.map((x) =>
      row(
        level,
        x,
        ys.find((y) => y.code === x.code)!,
        item,
      ),
    );
  return {
    error: null,
    a: { unit: s.unit.name, from: s.from, to: s.to, responses: A.responses },
    b: { unit: b.unit.name, from: b.from, to: b.to, responses: B.responses },
    rows: [
      row("overall", A.overall, B.overall),
      ...pair("aspect", A.aspects, B.aspects),
      ...pair("element", A.elements, B.elements),
      ...pair("item", A.items, B.items, true),
    ],
  };
}

// ---------------------------------------------------------------------------------------
// What every dashboard page shows around its view (serialisable).

export function scopeView(s: Scope) {
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
    /** Figure columns; the index where the form is a health form or a target is set on it. */
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
    /** The filters as URL parameters, for links that keep them. */
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
export type ScopeView = ReturnType<typeof scopeView>;

/** Units a user may compare the shown one with: every unit they may read (at most 500). */
export async function listComparableUnits(
  ctx: AppContext,
  grants: readonly Grant[],
  exceptId: string,
): Promise<Option[]> {
  const seen = new Set<string>([exceptId]);
  const out: Option[] = [];
  for (const g of readableRoots(grants)) {
    for (const u of await listSubtreeUnits(ctx.db, g.unitPath)) {
      if (seen.has(u.id) || out.length >= 500) continue;
      seen.add(u.id);
      out.push({ value: u.id, label: `${u.name} (${u.code})` });
    }
  }
  return out;
}
