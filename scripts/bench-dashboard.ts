/**
 * Dashboards at scale, printed by npm run bench:
 *   dashboard.overview_p95_ms   province overview (resolveSelection + getOverview), in-process
 *   dashboard.ranking_p95_ms    ranking of the province's units (getRanking)
 *   dashboard.trend_p95_ms      monthly trend with targets and projection (getTrend)
 *   dashboard.raw_query_ms      one GROUP BY over the raw responses (json_each) giving the
 *                               overview's counts; the bench checks both give the same rate
 *   dashboard.speedup           raw_query_ms / overview_p95_ms
 *   dashboard.group_overview_p95_ms  the overview filtered to one respondent group (extra)
 *   dashboard.responses         responses seeded (1,000,000; 100,000 with --quick)
 *   js.dashboard_gzip_kb        JavaScript the dashboard page loads (headless Chromium)
 *
 * Seeding: 500 units (province › 20 communes/agencies › 479 counters/departments), one
 * campaign of mẫu 02 over 12 months. Answer sets are generated once per satisfaction level
 * and validated with prepareResponse (the API's code), which also gives their rollup entries;
 * each response reuses one and is stored through insertResponses → applyToRollups in batches
 * of one month × one parent's counters, so rollup upserts fold as they would under traffic.
 */
import { gzipSync } from "node:zlib";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { uuidv7 } from "#db/ids";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import { insertResponses, type ResponseToStore } from "#db/queries/responses";
import { insertUnit } from "#db/queries/units";
import type { Grant } from "~/domain/access";
import { addMonths } from "~/domain/dashboard";
import { toPeriod } from "~/domain/period";
import { computeResults } from "~/domain/scoring";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { loadCatalog } from "~/services/catalog.server";
import { createAppContext, loadVersion, type AppContext } from "~/services/context.server";
import { getOverview } from "~/services/dashboard/overview.server";
import { getRanking } from "~/services/dashboard/ranking.server";
import { getTrend } from "~/services/dashboard/trend.server";
import { readParams, resolveSelection, selectionView } from "~/services/dashboard/selection.server";
import { prepareResponse } from "~/services/ingest.server";
import { toCountTable } from "~/services/results.server";
import { launchBrowser } from "../tests/e2e/browser";
import { demoPassword, type RunningServer } from "../tests/e2e/server";

type Emit = (name: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

const LEVEL2 = 20;
const LEAVES = 479;
const MONTHS = 12;
const RUNS = 30;
export const DASHBOARD_JS_BUDGET_KB = 130;

interface Seeded {
  ctx: AppContext;
  campaignId: string;
  province: { id: string; path: string };
  stored: number;
  seconds: number;
}

export async function seed(file: string, total: number): Promise<Seeded> {
  const started = performance.now();
  const ctx = await createAppContext(file);
  // Seeding only: a page cache that holds the rollups being upserted (SQLite's default is
  // 2 MB); measure() sets the default back before any dashboard is timed.
  await sql`pragma cache_size = -262144`.execute(ctx.db);
  const versions = await loadCatalog(ctx.db);
  const v = versions.find((x) => x.slug === "mau-02-phong-chuyen-mon")!.version;
  const version = (await loadVersion(ctx, v.id))!;
  const rand = seededRandom(2026);

  const province = await insertUnit(ctx.db, {
    code: "B",
    name: "Tỉnh Đo Tải",
    kind: "province",
    sector: "administrative",
  });
  const level2: Awaited<ReturnType<typeof insertUnit>>[] = [];
  for (let i = 0; i < LEVEL2; i++)
    level2.push(
      await insertUnit(ctx.db, {
        code: `B-${i}`,
        name: i < LEVEL2 / 2 ? `Xã ${i + 1}` : `Sở ${i + 1}`,
        kind: i < LEVEL2 / 2 ? "commune" : "agency",
        sector: "administrative",
        parentId: province.id,
      }),
    );
  const leaves: Awaited<ReturnType<typeof insertUnit>>[] = [];
  for (let j = 0; j < LEAVES; j++) {
    const parent = level2[j % LEVEL2]!;
    leaves.push(
      await insertUnit(ctx.db, {
        code: `${parent.code}-${j}`,
        name: `${parent.kind === "commune" ? "Quầy" : "Phòng"} ${j + 1}`,
        kind: parent.kind === "commune" ? "counter" : "department",
        sector: "administrative",
        parentId: parent.id,
      }),
    );
  }
  const now = new Date();
  const last = toPeriod(now);
  const first = addMonths(last, -(MONTHS - 1));
  const monthStart = (p: string) =>
    Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)) - 1, 1) - 7 * 3600_000;
  const campaign = await insertCampaign(ctx.db, {
    title: "Đo tải bảng điều khiển",
    questionnaireVersionId: v.id,
    status: "open",
    opensAt: new Date(monthStart(first)).toISOString(),
    closesAt: new Date(monthStart(addMonths(last, 1))).toISOString(),
    targetPct: 90,
    channels: ["link", "qr", "kiosk"],
    minN: 30,
    scopeUnitIds: [province.id],
  });
  const channels = ["link", "qr", "kiosk"];
  const links: Awaited<ReturnType<typeof insertAccessLink>>[] = [];
  for (const [j, u] of leaves.entries())
    links.push(
      await insertAccessLink(ctx.db, {
        campaignId: campaign.id,
        unitId: u.id,
        channel: channels[j % 3]!,
      }),
    );

  // Answer sets per satisfaction level, validated once through the API's own code.
  const LEVELS = 10;
  const pools = Array.from({ length: LEVELS }, (_, b) =>
    Array.from({ length: 300 }, () => {
      const answers = syntheticAnswers(version.compiled, rand, { satisfaction: 0.45 + 0.05 * b });
      const prepared = prepareResponse(
        version,
        { id: uuidv7(), token: links[0]!.token, answers, locale: "vi" },
        {
          ...links[0]!,
          campaign_id: campaign.id,
          questionnaire_version_id: v.id,
          token: links[0]!.token,
        },
        now,
      );
      if ("errors" in prepared) throw new Error(JSON.stringify(prepared.errors));
      return { answers: prepared.row.answers, rollup: prepared.rollup };
    }),
  );
  const mood = leaves.map(() => rand() * (LEVELS - 4));
  const perCell = total / (MONTHS * LEAVES);
  let stored = 0;
  let left = total;
  for (let m = 0; m < MONTHS; m++) {
    const period = addMonths(first, m);
    const start = monthStart(period);
    const monthEnd = Math.min(monthStart(addMonths(period, 1)), now.getTime());
    // One batch per parent unit and month: its counters share their ancestors' rollup rows.
    for (let parent = 0; parent < LEVEL2; parent++) {
      const batch: ResponseToStore[] = [];
      for (let j = parent; j < LEAVES; j += LEVEL2) {
        const lastCell = m === MONTHS - 1 && j + LEVEL2 >= LEAVES && parent === LEVEL2 - 1;
        const n = lastCell ? left : Math.min(left, Math.round(perCell * (0.5 + rand())));
        left -= n;
        const link = links[j]!;
        // Satisfaction improves slowly over the months, so the trend has a slope.
        const level = Math.min(LEVELS - 1, Math.max(0, Math.round(mood[j]! + m * 0.25)));
        for (let k = 0; k < n; k++) {
          const pick = pools[level]![Math.floor(rand() * 300)]!;
          // Office hours, Monday to Saturday, in Vietnam time.
          let at =
            start +
            Math.floor(rand() * 28) * 86_400_000 +
            (7 + Math.floor(rand() * rand() * 10)) * 3_600_000 +
            Math.floor(rand() * 3_600_000);
          if (new Date(at + 7 * 3_600_000).getUTCDay() === 0) at += 86_400_000;
          at = Math.min(at, monthEnd - 1);
          const id = uuidv7(at);
          batch.push({
            row: {
              id,
              client_id: id,
              campaign_id: campaign.id,
              unit_id: link.unit_id,
              questionnaire_version_id: v.id,
              access_token: link.token,
              channel: link.channel,
              submitted_at: new Date(at).toISOString(),
              started_at: null,
              period: toPeriod(new Date(at)),
              locale: "vi",
              answers: pick.answers,
              flag_reason: null,
            },
            rollup: pick.rollup,
          });
        }
      }
      if (batch.length === 0) continue;
      const inserted = await ctx.db.transaction().execute((trx) => insertResponses(trx, batch));
      stored += inserted.size;
    }
  }
  return {
    ctx,
    campaignId: campaign.id,
    province: { id: province.id, path: province.path },
    stored,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Share of this machine's CPU time that was not idle between two calls, in percent. */
function cpuMeter() {
  const sample = () =>
    cpus().reduce(
      (acc, c) => {
        acc.idle += c.times.idle;
        acc.total += c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
        return acc;
      },
      { idle: 0, total: 0 },
    );
  const start = sample();
  return () => {
    const end = sample();
    const total = end.total - start.total;
    return total > 0 ? Math.round((100 * (total - (end.idle - start.idle))) / total) : 0;
  };
}

async function p95(run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run();
  const busy = cpuMeter();
  const cpu0 = process.cpuUsage();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const q = (x: number) => times[Math.min(times.length - 1, Math.ceil(x * times.length) - 1)]!;
  return {
    p95: q(0.95),
    p50: q(0.5),
    runs: RUNS,
    // CPU this process spent per run: what the view costs when it has a core to itself.
    cpuMs: (cpu.user + cpu.system) / 1000 / RUNS,
    busy: busy(),
    load: Math.round(loadavg()[0]! * 10) / 10,
  };
}

export async function benchDashboards(emit: Emit, quick: boolean) {
  const total = Number(process.env.HL_BENCH_DASH_TOTAL) || (quick ? 100_000 : 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), "hl-bench-dash-"));
  const synchronous = process.env.SQLITE_SYNCHRONOUS;
  process.env.SQLITE_SYNCHRONOUS = "NORMAL"; // seeding only; durability is not measured here
  const s = await seed(join(dir, "dash.db"), total);
  if (synchronous === undefined) delete process.env.SQLITE_SYNCHRONOUS;
  else process.env.SQLITE_SYNCHRONOUS = synchronous;
  const { ctx } = s;
  try {
    await sql`pragma cache_size = -2000`.execute(ctx.db); // SQLite's default, as the app runs
    await sql`pragma wal_checkpoint(truncate)`.execute(ctx.db);
    const grants: Array<Grant & { unitId: string; unitName: string }> = [
      { role: "analyst", unitPath: s.province.path, unitId: s.province.id, unitName: "Tỉnh" },
    ];
    const scope = (query = "") =>
      resolveSelection(ctx, grants, readParams(new URL(`http://bench/dashboard?${query}`)), "vi");
    const base = await scope();
    const overview = await p95(async () => {
      const sc = await scope();
      return { scope: selectionView(sc), overview: await getOverview(ctx, sc) };
    });
    const ranking = await p95(async () => getRanking(ctx, await scope()));
    // The last six months against the six before: both periods hold data and are read.
    const half = `from=${addMonths(base.to, -5)}&to=${base.to}`;
    const rankingHalf = await p95(async () => getRanking(ctx, await scope(half)));
    const trend = await p95(async () => getTrend(ctx, await scope(), "month"));
    const g = base.groups[0]!;
    const groupQuery = `group=${encodeURIComponent(`${g.question}=${g.values[0]!.value}`)}`;
    const grouped = await p95(async () => getOverview(ctx, await scope(groupQuery)));

    // The same numbers from the raw responses: one GROUP BY over their answers (JSON).
    const o = (await getOverview(ctx, base))!;
    const items = base.version!.definition.scoring.items.map((i) => i.question);
    const t0 = performance.now();
    const raw = await sql<{ question: string; value: string; count: number }>`
      select j.key as question, cast(j.value as text) as value, count(*) as count
      from response r join unit u on u.id = r.unit_id, json_each(r.answers) j
      where r.campaign_id = ${s.campaignId} and r.flag_reason is null
        and r.period between ${base.from} and ${base.to} and u.path like ${`${s.province.path}%`}
        and j.key in (${sql.join(items)})
      group by j.key, j.value`.execute(ctx.db);
    const n = await sql<{ n: number }>`
      select count(*) as n from response r join unit u on u.id = r.unit_id
      where r.campaign_id = ${s.campaignId} and r.flag_reason is null
        and r.period between ${base.from} and ${base.to} and u.path like ${`${s.province.path}%`}`.execute(
      ctx.db,
    );
    const rawMs = performance.now() - t0;
    const { counts } = toCountTable(raw.rows);
    const fromRaw = computeResults(base.version!.definition, counts, Number(n.rows[0]!.n), {
      minN: base.minN,
    });
    if (fromRaw.overall.rate !== o.overall.rate || fromRaw.responses !== o.responses)
      throw new Error(
        `raw query and rollups disagree: ${fromRaw.overall.rate} (${fromRaw.responses}) vs ${o.overall.rate} (${o.responses})`,
      );

    const common = { responses: s.stored, units: 1 + LEVEL2 + LEAVES, months: MONTHS, runs: RUNS };
    emit("dashboard.responses", s.stored, "responses", {
      seed_seconds: Math.round(s.seconds),
      seed_per_s: Math.round(s.stored / s.seconds),
    });
    emit("dashboard.overview_p95_ms", overview.p95, "ms", {
      ...common,
      p50_ms: Math.round(overview.p50 * 100) / 100,
      cpu_ms_per_run: Math.round(overview.cpuMs * 100) / 100,
      cpu_busy_pct: overview.busy,
      load_1m: overview.load,
      what: "resolveSelection + getOverview (province, 12 months, this and the previous period)",
    });
    emit("dashboard.ranking_p95_ms", ranking.p95, "ms", {
      ...common,
      p50_ms: Math.round(ranking.p50 * 100) / 100,
      cpu_ms_per_run: Math.round(ranking.cpuMs * 100) / 100,
      cpu_busy_pct: ranking.busy,
      load_1m: ranking.load,
      what: `resolveSelection + getRanking (the province's ${LEVEL2} units and its own row; 12 months, the previous 12 hold no data)`,
      half_year_p95_ms: Math.round(rankingHalf.p95 * 100) / 100,
      half_year: "the last 6 months with the change from the 6 before (both read)",
    });
    emit("dashboard.trend_p95_ms", trend.p95, "ms", {
      ...common,
      p50_ms: Math.round(trend.p50 * 100) / 100,
      cpu_ms_per_run: Math.round(trend.cpuMs * 100) / 100,
      cpu_busy_pct: trend.busy,
      load_1m: trend.load,
      what: "resolveSelection + getTrend (by month, targets, projection)",
    });
    emit("dashboard.group_overview_p95_ms", grouped.p95, "ms", {
      ...common,
      p50_ms: Math.round(grouped.p50 * 100) / 100,
      cpu_ms_per_run: Math.round(grouped.cpuMs * 100) / 100,
      cpu_busy_pct: grouped.busy,
      load_1m: grouped.load,
      what: `overview filtered to ${g.question}=${g.values[0]!.value} (rollup_group read at the province)`,
    });
    emit("dashboard.raw_query_ms", rawMs, "ms", {
      responses: o.responses,
      what: "json_each GROUP BY over the raw responses + count(*); same overall rate as the overview",
      rate: o.overall.rate,
    });
    emit("dashboard.speedup", rawMs / overview.p95, "x", { versus: "dashboard.overview_p95_ms" });
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * JavaScript the dashboard page loads: every script Chromium fetched for /dashboard (signed in
 * as the demo analyst) until its charts were drawn, gzip level 6 (as the server sends it).
 */
export async function benchDashboardJs(server: RunningServer, emit: Emit) {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel("Tên đăng nhập").fill("phantich");
    await page.getByLabel("Mật khẩu").fill(demoPassword(server.output(), "phantich"));
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${server.baseUrl}/`);
    const sizes = new Map<string, Promise<number>>();
    page.on("response", (res) => {
      if (res.request().resourceType() !== "script" || sizes.has(res.url())) return;
      sizes.set(
        res.url(),
        res.body().then(
          (b) => gzipSync(b, { level: 6 }).length,
          () => 0,
        ),
      );
    });
    await page.goto(`${server.baseUrl}/dashboard`, { waitUntil: "networkidle" });
    await page.locator("canvas[data-drawn]").first().waitFor();
    const all = await Promise.all(sizes.values());
    emit("js.dashboard_gzip_kb", all.reduce((a, b) => a + b, 0) / 1024, "KB", {
      files: all.length,
      budget_kb: DASHBOARD_JS_BUDGET_KB,
      page: "/dashboard (no React hydration; Chart.js parts drawn by one script)",
    });
    await context.close();
  } finally {
    await browser.close();
  }
}
