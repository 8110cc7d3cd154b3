/**
 * npm run bench [-- --quick]
 * Starts the production server on 127.0.0.1 and prints one JSON line per figure:
 *   ingest.accepted_per_s, ingest.p99_ms  POST /api/v1/responses at 50 connections (SQLite)
 *   ingest.ceiling_per_s                   the same server's no-work POST route
 *   ingest.ratio                           accepted / ceiling, measured in the same run
 *   dashboard.http_overview_p95_ms         GET /dashboard (province overview page) signed in (SQLite, demo data)
 *   dashboard.overview_p95_ms, dashboard.ranking_p95_ms, dashboard.trend_p95_ms,
 *   dashboard.raw_query_ms, dashboard.speedup, dashboard.responses  dashboards over 1M seeded
 *                                          responses (100k with --quick), in-process (scripts/bench-dashboard.ts)
 *   js.dashboard_gzip_kb                   JavaScript the dashboard page loads (headless Chromium)
 *   export.csv_rows_per_s, export.peak_rss_mb  CSV export of a seeded SQLite database (1M responses;
 *                                          100k with --quick), in a child process of its own;
 *   export.xlsx_rows_per_s, export.xlsx_peak_rss_mb  the same as XLSX (scripts/bench-export.ts)
 *   js.kiosk_gzip_kb, js.kiosk_form_gzip_kb, js.survey_gzip_kb, js.survey_fallback_gzip_kb
 *                                          JavaScript the kiosk and survey pages load, gzip
 *                                          (headless Chromium; scripts/bench-js.ts)
 *   survey.quick_usable_ms, survey.quick_bytes_before_usable, survey.long_usable_ms
 *                                          the citizen's form on an emulated cheap phone over a
 *                                          weak mobile network (scripts/bench-survey.ts)
 *   reliability.acked_lost, reliability.duplicates  acknowledged responses missing, and stored
 *                                          twice, after SIGKILL under 400 submissions/s and a
 *                                          restart (tests/reliability/harness.ts; both must be 0)
 *   units.csv_chain_ms, units.csv_flat_ms, units.csv_chain_ratio  dry run (planUnitImport) of a
 *                                          20,000-unit CSV as one chain and as 20,000 siblings
 *                                          under one unit; linear: the ratio stays near 1
 *   jobs.ingest_runner_off_per_s, jobs.ingest_runner_busy_per_s, jobs.ingest_ratio,
 *   jobs.mail_sent_per_s                   ingest (as above) with the job runner off, then with it
 *                                          polling every 50 ms and sending a mail backlog to a
 *                                          loopback SMTP server throughout, then off again (SQLite);
 *                                          ratio busy / mean of the two runs with it off
 *   load.errors, load.p99_ms, load.rss_start_mb, load.rss_end_mb  50 connections submitting
 *                                          for 60 s (10 s with --quick) while a reader requests
 *                                          the results page: failures, p99, server memory
 * With BENCH_DATABASE_URL=postgres://… (a role with CREATEDB; scratch databases are made
 * and dropped), the same on PostgreSQL, one process and then two (npm run start:cluster):
 *   ingest.postgres_accepted_per_s, ingest.postgres_p99_ms, dashboard.postgres_overview_p95_ms
 *   ingest.cluster2_accepted_per_s, ingest.cluster2_p99_ms, ingest.cluster2_speedup
 * The PostgreSQL runs use the production setting for several processes: the shared rate-limit
 * store, with one client address per request (X-Forwarded-For), so each request also pays for
 * its counter. Ratios, not absolute numbers, are the targets: the machine is shared and noisy;
 * every line says how busy the machine's CPUs were while it was measured.
 */
import autocannon from "autocannon";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseDefinition } from "~/domain/questionnaire";
import { CSV_COLUMNS, planUnitImport } from "~/domain/unit-csv";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { compileQuestionnaire } from "~/domain/validator";
import { demoPassword, startServer, type RunningServer } from "../tests/e2e/server";
import { benchJsWeight } from "./bench-js";
import { benchSurveyPages } from "./bench-survey";
import { benchDashboardJs, benchDashboards } from "./bench-dashboard";
import { createScratchDatabase, isPostgres, type ScratchDatabase } from "../tests/fixtures/pg";
import { startSmtp } from "../tests/fixtures/smtp";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const quick = values.quick;
const DURATION = quick ? 4 : 10;
const CONNECTIONS = 50;
const DASHBOARD_REQUESTS = quick ? 100 : 300;
const DASHBOARD_CONCURRENCY = 4;
const OVERVIEW = "GET /dashboard: the province overview page, server-rendered (getOverview)";

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }));
}

/** Runnable processes on the machine (1-minute load average): above the CPU count, others compete. */
const load1m = () => Math.round(loadavg()[0]! * 10) / 10;

/** Share of this machine's CPU time that was not idle between two calls, in percent. */
function cpuMeter() {
  const sample = () =>
    cpus().reduce(
      (acc, c) => {
        const t = c.times;
        acc.idle += t.idle;
        acc.total += t.user + t.nice + t.sys + t.irq + t.idle;
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

type Body = () => string;

async function load(url: string, body: Body, headers: () => Record<string, string> = () => ({})) {
  const busy = cpuMeter();
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          body: body(),
          headers: { ...req.headers, ...headers() },
        }),
      },
    ],
  });
  const ok = (result.statusCodeStats as Record<string, { count: number }> | undefined) ?? {};
  const accepted = (ok["201"]?.count ?? 0) + (ok["200"]?.count ?? 0);
  return {
    acceptedPerS: accepted / DURATION,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    statuses: Object.fromEntries(Object.entries(ok).map(([k, v]) => [k, v.count])),
    cpuBusyPct: busy(),
  };
}

async function warm(url: string, body: Body, headers: () => Record<string, string> = () => ({})) {
  await autocannon({
    url,
    method: "POST",
    connections: 10,
    amount: 500,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          body: body(),
          headers: { ...req.headers, ...headers() },
        }),
      },
    ],
  });
}

/** Valid submissions for the first demo campaign (mẫu 02), a fresh client id each. */
function submissions(server: RunningServer): Body {
  const token = /survey link:\s+\S+\/s\/(\S+)/.exec(server.output())?.[1];
  if (!token) throw new Error(`no demo link printed:\n${server.output()}`);
  const definition = parseDefinition(
    JSON.parse(readFileSync("surveys/mau-02-phong-chuyen-mon.json", "utf8")),
  );
  const compiled = compileQuestionnaire(definition);
  const rand = seededRandom(7);
  // A pool of valid answer sets; each request gets a fresh client id.
  const pool = Array.from({ length: 500 }, () => syntheticAnswers(compiled, rand));
  let i = 0;
  return () =>
    JSON.stringify({
      id: randomUUID(),
      token,
      answers: pool[i++ % pool.length],
      startedAt: new Date().toISOString(),
      locale: "vi",
    });
}

/** One client address per request, as many citizens behind a load balancer. */
let address = 0;
const oneClientEach = () => {
  address += 1;
  return {
    "x-forwarded-for": `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
  };
};

/** Signs in as the demo administrator and times the dashboard's province overview page. */
async function dashboardP95(server: RunningServer) {
  const results = `${server.baseUrl}/dashboard`;
  const login = await fetch(`${server.baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      login: "quantri",
      password: demoPassword(server.output(), "quantri"),
      next: "/",
    }),
  });
  const cookie = login.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`sign-in failed: ${login.status}`);
  const get = async () => {
    const started = performance.now();
    const res = await fetch(results, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`dashboard page answered ${res.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 20; i++) await get(); // warm-up
  const busy = cpuMeter();
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: DASHBOARD_CONCURRENCY }, async () => {
      while (next++ < DASHBOARD_REQUESTS) times.push(await get());
    }),
  );
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p95: p(0.95), p50: p(0.5), n: times.length, cpuBusyPct: busy() };
}

async function responsesIn(server: RunningServer) {
  const { createAppContext } = await import("~/services/context.server");
  const ctx = await createAppContext(server.databaseUrl);
  try {
    const row = await ctx.db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await ctx.close();
  }
}

// ---- SQLite, one process (the figures this bench has always printed) ----
const server = await startServer({ HAI_LONG_BENCH: "1", RATE_LIMIT_PER_MINUTE: "0" });
try {
  const body = submissions(server);
  // Warm up both routes (JIT, SQLite page cache) before measuring.
  await autocannon({
    url: `${server.baseUrl}/api/v1/noop`,
    method: "POST",
    connections: 10,
    amount: 500,
    body: body(),
    headers: { "content-type": "application/json" },
  });
  await warm(`${server.baseUrl}/api/v1/responses`, body);

  const ceiling = await load(`${server.baseUrl}/api/v1/noop`, body);
  const ingest = await load(`${server.baseUrl}/api/v1/responses`, body);
  if (ingest.errors > 0)
    console.error(`ingest: ${ingest.errors} non-2xx or failed requests`, ingest.statuses);
  emit("ingest.accepted_per_s", ingest.acceptedPerS, "req/s", {
    connections: CONNECTIONS,
    seconds: DURATION,
    cpu_busy_pct: ingest.cpuBusyPct,
    load_1m: load1m(),
  });
  emit("ingest.p99_ms", ingest.p99, "ms");
  emit("ingest.ceiling_per_s", ceiling.acceptedPerS, "req/s", { p99_ms: ceiling.p99 });
  emit("ingest.ratio", ingest.acceptedPerS / ceiling.acceptedPerS, "x");
  const dash = await dashboardP95(server);
  emit("dashboard.http_overview_p95_ms", dash.p95, "ms", {
    overview: OVERVIEW,
    p50_ms: Math.round(dash.p50 * 10) / 10,
    requests: dash.n,
    concurrency: DASHBOARD_CONCURRENCY,
    responses: await responsesIn(server),
    cpu_busy_pct: dash.cpuBusyPct,
  });
  await benchJsWeight(server, emit);
  await benchSurveyPages(server, emit);
  await benchDashboardJs(server, emit);
} finally {
  await server.stop();
}

// ---- Jobs: does a busy job runner slow submissions down? (SQLite, one process) ----
// The same ingest load against a server whose runner is off (JOBS_RUNNER=0), then against one
// whose runner polls every 50 ms and sends a backlog of mail to a loopback SMTP server the
// whole time: on SQLite its claims and records take the same write lock as the ingest.
{
  const smtp = await startSmtp();
  const base = { HAI_LONG_BENCH: "1", RATE_LIMIT_PER_MINUTE: "0" };
  const mail = {
    SMTP_URL: smtp.url,
    MAIL_FROM: "Hài Lòng <khaosat@example.gov.vn>",
    JOBS_POLL_SECONDS: "0.05",
    JOBS_CONCURRENCY: "4",
  };
  const measure = async (env: Record<string, string>, backlog: number) => {
    const s = await startServer({ ...base, ...env });
    try {
      const body = submissions(s);
      await warm(`${s.baseUrl}/api/v1/responses`, body);
      const jobs = backlog > 0 ? await enqueueMail(s.databaseUrl, mail, backlog) : undefined;
      const sentBefore = smtp.received.length;
      const ingest = await load(`${s.baseUrl}/api/v1/responses`, body);
      const sent = smtp.received.length - sentBefore;
      const left = jobs ? await jobs.waiting() : 0;
      await jobs?.close();
      return { ingest, sent, left };
    } finally {
      await s.stop();
    }
  };
  try {
    // Off, busy, off again: the baseline brackets the busy run, so a machine growing busier
    // or quieter meanwhile weighs on both sides.
    const before = await measure({ JOBS_RUNNER: "0" }, 0);
    const busy = await measure(mail, quick ? 3000 : 8000);
    const after = await measure({ JOBS_RUNNER: "0" }, 0);
    if (busy.left === 0) console.error("jobs: the backlog ran out before the load ended");
    const offPerS = (before.ingest.acceptedPerS + after.ingest.acceptedPerS) / 2;
    emit("jobs.ingest_runner_off_per_s", offPerS, "req/s", {
      before_per_s: before.ingest.acceptedPerS,
      after_per_s: after.ingest.acceptedPerS,
      p99_ms: Math.max(before.ingest.p99, after.ingest.p99),
    });
    emit("jobs.ingest_runner_busy_per_s", busy.ingest.acceptedPerS, "req/s", {
      p99_ms: busy.ingest.p99,
      cpu_busy_pct: busy.ingest.cpuBusyPct,
      mails_sent: busy.sent,
      jobs_left: busy.left,
      load_1m: load1m(),
    });
    emit("jobs.mail_sent_per_s", busy.sent / DURATION, "msg/s");
    emit("jobs.ingest_ratio", busy.ingest.acceptedPerS / offPerS, "x");
  } finally {
    await smtp.close();
  }
}

/** Enqueues `n` small mail jobs on a server's database, as a feature would. */
async function enqueueMail(databaseUrl: string, env: Record<string, string>, n: number) {
  const { createAppContext } = await import("~/services/context.server");
  const { sendMail } = await import("~/services/mail.server");
  const { inTransaction } = await import("#db/transaction");
  Object.assign(process.env, { SMTP_URL: env.SMTP_URL, MAIL_FROM: env.MAIL_FROM });
  const ctx = await createAppContext(databaseUrl);
  await inTransaction(ctx.db, async (trx) => {
    for (let i = 0; i < n; i++)
      await sendMail(trx, {
        to: [`nguoinhan${i}@example.gov.vn`],
        subject: `Thư thử ${i}`,
        text: "Báo cáo định kỳ.",
      });
  });
  return {
    waiting: async () =>
      Number(
        (
          await ctx.db
            .selectFrom("job")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("status", "in", ["queued", "running"])
            .executeTakeFirstOrThrow()
        ).n,
      ),
    close: () => ctx.close(),
  };
}

// ---- Dashboards over a seeded SQLite database (1M responses; 100k with --quick) ----
await benchDashboards(emit, quick);

// ---- Unit CSV import: a hostile 20,000-unit chain against a flat file of the same size ----
benchUnitCsv();

function benchUnitCsv() {
  const rows = 20_000;
  const file = (parentOf: (i: number) => string) =>
    [
      CSV_COLUMNS.join(","),
      ...Array.from(
        { length: rows },
        (_, i) => `U${i},Đơn vị ${i},department,administrative,${parentOf(i)}`,
      ),
    ].join("\n");
  const top = {
    code: "T01",
    name: "Tỉnh",
    kind: "province",
    sector: "administrative",
    parentCode: null,
    manageable: true,
    active: true,
  };
  const median = (text: string) => {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      planUnitImport(text, [top], new Set());
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[2]!;
  };
  const chain = median(file((i) => (i === 0 ? "T01" : `U${i - 1}`)));
  const flat = median(file(() => "T01"));
  emit("units.csv_chain_ms", chain, "ms", { rows, load_1m: load1m() });
  emit("units.csv_flat_ms", flat, "ms", { rows, load_1m: load1m() });
  emit("units.csv_chain_ratio", chain / flat, "x");
}

// ---- PostgreSQL: one process, then two ----
const pgUrl = process.env.BENCH_DATABASE_URL;
if (pgUrl && !isPostgres(pgUrl)) throw new Error("BENCH_DATABASE_URL must be a postgres:// URL");
if (isPostgres(pgUrl)) {
  // Per address + link and per address counted as in production; the per-link limit (all
  // addresses together) would stop a benchmark that sends everything through one link.
  const shared = {
    RATE_LIMIT_STORE: "database",
    TRUST_PROXY: "1",
    RATE_LIMIT_PER_TOKEN_PER_MINUTE: "1000000000",
  };
  const run = async (workers: number) => {
    const scratch: ScratchDatabase = await createScratchDatabase(pgUrl, "hl_bench");
    const s = await startServer(
      { ...shared, DATABASE_URL: scratch.url, CLUSTER_WORKERS: String(workers) },
      workers > 1 ? { script: "scripts/start-cluster.js" } : {},
    ).catch(async (e: unknown) => {
      await scratch.drop();
      throw e;
    });
    try {
      const body = submissions(s);
      await warm(`${s.baseUrl}/api/v1/responses`, body, oneClientEach);
      const ingest = await load(`${s.baseUrl}/api/v1/responses`, body, oneClientEach);
      if (ingest.errors > 0)
        console.error(`ingest (${workers}): ${ingest.errors} non-2xx or failed`, ingest.statuses);
      const dash = workers === 1 ? await dashboardP95(s) : undefined;
      return { ingest, dash, responses: await responsesIn(s) };
    } finally {
      await s.stop();
      await scratch.drop();
    }
  };
  const one = await run(1);
  const common = { connections: CONNECTIONS, seconds: DURATION, rate_limit: "database" };
  emit("ingest.postgres_accepted_per_s", one.ingest.acceptedPerS, "req/s", {
    ...common,
    processes: 1,
    cpu_busy_pct: one.ingest.cpuBusyPct,
    load_1m: load1m(),
  });
  emit("ingest.postgres_p99_ms", one.ingest.p99, "ms");
  emit("dashboard.postgres_overview_p95_ms", one.dash!.p95, "ms", {
    overview: OVERVIEW,
    p50_ms: Math.round(one.dash!.p50 * 10) / 10,
    requests: one.dash!.n,
    concurrency: DASHBOARD_CONCURRENCY,
    responses: one.responses,
    cpu_busy_pct: one.dash!.cpuBusyPct,
  });
  const two = await run(2);
  emit("ingest.cluster2_accepted_per_s", two.ingest.acceptedPerS, "req/s", {
    ...common,
    processes: 2,
    database: "postgres",
    cpu_busy_pct: two.ingest.cpuBusyPct,
    load_1m: load1m(),
  });
  emit("ingest.cluster2_p99_ms", two.ingest.p99, "ms");
  emit("ingest.cluster2_speedup", two.ingest.acceptedPerS / one.ingest.acceptedPerS, "x", {
    cpus: cpus().length,
  });
}

// ---- Exports: streamed from a seeded database, each format in a fresh child process ----
{
  const rows = quick ? 100_000 : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), "hl-bench-export-"));
  const child = (args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-export.ts", ...args], {
      encoding: "utf8",
      env: { ...process.env, SQLITE_SYNCHRONOUS: "NORMAL" },
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`bench-export ${args[0]} failed:\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, number>;
  };
  try {
    const db = join(dir, "export.db");
    const seeded = child(["seed", "--db", db, "--rows", String(rows)]);
    for (const format of ["csv", "xlsx"]) {
      const busy = cpuMeter();
      const m = child(["export", "--db", db, "--format", format]);
      const extra = {
        rows: m.rows,
        seeded_rows: seeded.stored,
        seconds: Math.round(m.seconds! * 10) / 10,
        bytes: m.bytes,
        cpu_busy_pct: busy(),
      };
      const name = format === "csv" ? "export.csv_rows_per_s" : "export.xlsx_rows_per_s";
      emit(name, m.rows! / m.seconds!, "rows/s", extra);
      const rss = format === "csv" ? "export.peak_rss_mb" : "export.xlsx_peak_rss_mb";
      emit(rss, m.peakRssMb!, "MB", {
        rows: m.rows,
        rss_before_export_mb: Math.round(m.baseRssMb!),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- Reliability: SIGKILL under load, then 50 connections with a reader (SQLite) ----
{
  const { runCrashScenario, runLoadScenario } = await import("../tests/reliability/harness");
  const busy = cpuMeter();
  const crash = await runCrashScenario({ rate: 400, loadMs: 3000, killAtMs: 1800, kills: 2 });
  const crashExtra = {
    sent: crash.sent,
    acked: crash.acked,
    kills: crash.kills,
    in_flight_at_kill: crash.inFlightAtKill,
    sent_per_s: Math.round(crash.sentPerS),
    acked_per_s: Math.round(crash.ackedPerS),
    rollup_mismatches: crash.rollup.mismatches.length,
    cpu_busy_pct: busy(),
  };
  emit("reliability.acked_lost", crash.ackedLost, "responses", crashExtra);
  emit("reliability.duplicates", crash.duplicates, "responses", {
    missing_after_retry: crash.missingAfterRetry,
    extra_after_retry: crash.extraAfterRetry,
  });
  const seconds = quick ? 10 : 60;
  const loadBusy = cpuMeter();
  const l = await runLoadScenario({ seconds, connections: CONNECTIONS });
  const shortened = quick ? { quick: true, note: "--quick: 10 s instead of 60 s" } : {};
  emit("load.errors", l.errors, "requests", {
    connections: l.connections,
    seconds,
    requests: l.requests,
    accepted: l.accepted,
    reads: l.reads,
    read_errors: l.readErrors,
    ...shortened,
  });
  emit("load.p99_ms", l.p99Ms, "ms", {
    p50_ms: l.p50Ms,
    read_p99_ms: Math.round(l.readP99Ms),
    cpu_busy_pct: loadBusy(),
    ...shortened,
  });
  emit("load.rss_start_mb", l.rssStartMb, "MB", shortened);
  emit("load.rss_end_mb", l.rssEndMb, "MB", shortened);
}
