/**
 * What the reliability tests and `npm run bench` share: the production server on a
 * loopback port (tests/e2e/server.ts), a small concurrent client that records which
 * client ids were acknowledged, and checks read straight from the SQLite file with an
 * independent recomputation of the rollups (compiled validator + deriveIndicators, as
 * tests/db/rollups.test.ts does). All loops are bounded in count and time.
 */
import autocannon from "autocannon";
import SQLite from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RESPONSES_KEY } from "#db/rollups/keys";
import { parseDefinition, type QuestionnaireDefinition } from "~/domain/questionnaire";
import { deriveIndicators } from "~/domain/scoring";
import { seededRandom, syntheticAnswers, type Random } from "~/domain/synthetic";
import { compileQuestionnaire, type CompiledQuestionnaire } from "~/domain/validator";
import { startServer, type RunningServer } from "../e2e/server";

// ---------------------------------------------------------------- server

export interface DemoCampaign {
  token: string;
  resultsPath: string;
}

/**
 * The demo campaigns the server printed at its first start: the first survey token of each
 * (a campaign lists one link per unit or channel) and its results path.
 */
export function demoCampaigns(output: string): DemoCampaign[] {
  const campaigns: DemoCampaign[] = [];
  let token: string | undefined;
  for (const m of output.matchAll(
    /survey link:\s+\S+\/s\/([A-Za-z0-9_-]+)|results:\s+\S+(\/results\/\S+)/g,
  )) {
    if (m[1]) token ??= m[1];
    else if (token) {
      campaigns.push({ token, resultsPath: m[2]! });
      token = undefined;
    }
  }
  if (campaigns.length === 0) throw new Error(`no demo links printed:\n${output}`);
  return campaigns;
}

/** A temporary directory for a database; removed by `remove`. */
export function tempDir(prefix = "hai-long-rel-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts the production server with rate limits off (one loopback address sends everything). */
export function startApp(env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ RATE_LIMIT_PER_MINUTE: "0", ...env });
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * Signs in as the demo administrator the server printed at its first start, when pages
 * need sign-in. Returns the Cookie header value, or "" when the demo printed no account
 * (results pages are then public).
 */
export async function signInDemo(server: RunningServer): Promise<string> {
  const m = /^\s*admin\s+(\S+)\s+(\S+)/m.exec(server.output());
  if (!m) return "";
  const res = await fetch(`${server.baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.baseUrl,
    },
    body: new URLSearchParams({ login: m[1]!, password: m[2]!, next: "/" }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  if (!cookie) throw new Error(`demo sign-in failed: ${res.status}`);
  return cookie;
}

// ---------------------------------------------------------------- client

export interface Form {
  token: string;
  definition: QuestionnaireDefinition;
  compiled: CompiledQuestionnaire;
}

/** The questionnaire behind a token, as kiosks get it (GET /api/v1/forms/:token), compiled. */
export async function loadForm(baseUrl: string, token: string): Promise<Form> {
  const res = await fetch(`${baseUrl}/api/v1/forms/${token}`);
  if (res.status !== 200) throw new Error(`GET /api/v1/forms/${token}: ${res.status}`);
  const body = (await res.json()) as { questionnaire: Record<string, unknown> };
  const q = body.questionnaire;
  const definition = parseDefinition({
    slug: q.slug,
    meta: q.meta,
    survey: q.survey,
    scoring: q.scoring,
  });
  return { token, definition, compiled: compileQuestionnaire(definition) };
}

export interface Submission {
  id: string;
  token: string;
  answers: Record<string, unknown>;
  startedAt?: string;
  locale?: "vi" | "en";
}

/** A valid submission with a fresh client id. */
export function validSubmission(form: Form, rand: Random): Submission {
  return {
    id: randomUUID(),
    token: form.token,
    answers: syntheticAnswers(form.compiled, rand, { satisfaction: rand() }),
    startedAt: new Date().toISOString(),
    locale: "vi",
  };
}

export type Outcome = number | "error";

export interface PostResult {
  status: Outcome;
  ms: number;
  body?: unknown;
}

/** One POST /api/v1/responses; network failures (the server was killed) are "error", never thrown. */
export async function postResponse(
  baseUrl: string,
  body: unknown,
  init: { raw?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<PostResult> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}/api/v1/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...init.headers },
      body: init.raw ?? JSON.stringify(body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, ms: performance.now() - started, body: parsed };
  } catch {
    return { status: "error", ms: performance.now() - started };
  }
}

/** Sends every body with at most `concurrency` in flight; results in the same order. */
export async function sendAll(
  baseUrl: string,
  bodies: unknown[],
  concurrency = 32,
): Promise<PostResult[]> {
  const results: PostResult[] = new Array(bodies.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      results[i] = await postResponse(baseUrl, bodies[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  return results;
}

export const isAck = (s: Outcome) => s === 200 || s === 201;

/**
 * Submissions at a steady `rate` per second (at most `concurrency` in flight) until
 * `durationMs` has passed; `onTick` may act in between (kill the server). Every request
 * is recorded with its outcome.
 */
export async function pacedLoad(opts: {
  baseUrl: string;
  rate: number;
  durationMs: number;
  concurrency: number;
  next: () => Submission;
  at?: { ms: number; run: () => void | Promise<void> };
}): Promise<Array<{ sub: Submission; result: PostResult; sentAtMs: number }>> {
  const out: Array<{ sub: Submission; result: PostResult; sentAtMs: number }> = [];
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let fired = false;
  for (;;) {
    const elapsed = performance.now() - started;
    if (elapsed >= opts.durationMs) break;
    if (opts.at && !fired && elapsed >= opts.at.ms) {
      fired = true;
      void opts.at.run();
    }
    const due = Math.floor((elapsed / 1000) * opts.rate);
    while (sent < due && inFlight.size < opts.concurrency) {
      const sub = opts.next();
      const sentAtMs = performance.now() - started;
      sent++;
      const p = postResponse(opts.baseUrl, sub, { timeoutMs: 10_000 }).then((result) => {
        out.push({ sub, result, sentAtMs });
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inFlight);
  return out;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// ---------------------------------------------------------------- database checks

/** Opens the server's SQLite file (WAL: safe beside a running server). */
export function openDatabase(file: string) {
  const db = new SQLite(file, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return db;
}

export type Db = ReturnType<typeof openDatabase>;

export interface StoredResponse {
  client_id: string;
  campaign_id: string;
  answers: string;
}

export function storedResponses(db: Db): StoredResponse[] {
  return db
    .prepare("select client_id, campaign_id, answers from response")
    .all() as StoredResponse[];
}

/** Rows whose client id appears more than once (the unique index should make this impossible). */
export function duplicateRows(db: Db): number {
  const r = db.prepare("select count(*) - count(distinct client_id) as d from response").get() as {
    d: number;
  };
  return r.d;
}

/** Total of every rollup count: a cheap fingerprint of "nothing was added". */
export function rollupTotal(db: Db): number {
  return (db.prepare("select coalesce(sum(count), 0) as s from rollup").get() as { s: number }).s;
}

export interface RollupCheck {
  responses: number;
  /** Keys whose stored count differs from the recomputation, e.g. "…|q1|5: stored 3, expected 2". */
  mismatches: string[];
  /** Stored answers the compiled validator no longer accepts. */
  invalid: string[];
}

/**
 * Recomputes every rollup count from the raw responses that count (not flagged) with each
 * version's compiled validator and deriveIndicators, and compares with the rollup table
 * (rows at 0 ignored).
 */
export function checkRollups(db: Db): RollupCheck {
  const versions = new Map<
    string,
    { definition: QuestionnaireDefinition; compiled: CompiledQuestionnaire }
  >();
  for (const v of db.prepare("select id, definition from questionnaire_version").all() as Array<{
    id: string;
    definition: string;
  }>) {
    const definition = parseDefinition(JSON.parse(v.definition));
    versions.set(v.id, { definition, compiled: compileQuestionnaire(definition) });
  }
  const expected = new Map<string, number>();
  const invalid: string[] = [];
  let responses = 0;
  const rows = db
    .prepare(
      // A flagged response (moderation, abuse checks) is taken out of the rollups.
      "select client_id, campaign_id, unit_id, period, channel, questionnaire_version_id as v, answers from response where flag_reason is null",
    )
    .iterate() as Iterable<{
    client_id: string;
    campaign_id: string;
    unit_id: string;
    period: string;
    channel: string;
    v: string;
    answers: string;
  }>;
  for (const r of rows) {
    responses++;
    const version = versions.get(r.v);
    const answers = JSON.parse(r.answers) as Record<string, unknown>;
    const result = version?.compiled.validate(answers);
    if (!version || !result || !result.ok) {
      invalid.push(r.client_id);
      continue;
    }
    const entries: Array<[string, string]> = [
      [RESPONSES_KEY, ""],
      ...result.rollup,
      ...deriveIndicators(version.definition, answers),
    ];
    for (const [q, value] of entries) {
      const k = [r.campaign_id, r.unit_id, r.period, r.channel, q, value].join("|");
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
  }
  const stored = new Map<string, number>();
  for (const r of db
    .prepare(
      "select campaign_id, unit_id, period, channel, question, value, count from rollup where count <> 0",
    )
    .all() as Array<Record<string, string | number>>) {
    const k = [r.campaign_id, r.unit_id, r.period, r.channel, r.question, r.value].join("|");
    stored.set(k, Number(r.count));
  }
  const mismatches: string[] = [];
  for (const k of new Set([...expected.keys(), ...stored.keys()])) {
    const e = expected.get(k) ?? 0;
    const s = stored.get(k) ?? 0;
    if (e !== s) mismatches.push(`${k}: stored ${s}, expected ${e}`);
  }
  return { responses, mismatches, invalid };
}

// ---------------------------------------------------------------- scenarios (tests and bench)

export interface CrashReport {
  /** Distinct client ids sent during the load (before any retry). */
  sent: number;
  /** Acknowledged (201/200) during the load. */
  acked: number;
  /** Sent but not acknowledged: the server died under them. */
  unacked: number;
  /** Sent before the kill and never answered: the kill hit them in flight. */
  inFlightAtKill: number;
  /** Submissions sent per second while the server was up (the offered load). */
  sentPerS: number;
  /** Acknowledged submissions per second while the server was up. */
  ackedPerS: number;
  /** Acknowledged but missing from the database after the restart: must be 0. */
  ackedLost: number;
  /** Response rows sharing a client id, or ids answered 201 twice: must be 0. */
  duplicates: number;
  /** Unacknowledged ids found stored anyway (committed, answer lost with the process). */
  committedUnacked: number;
  /** After the clients' retries: ids sent but not stored, and stored but never sent. */
  missingAfterRetry: number;
  extraAfterRetry: number;
  /** Retry outcomes: of unacknowledged ids, and of acknowledged ids resent with other answers. */
  retryUnacked: Record<string, number>;
  retryAcked: Record<string, number>;
  /** Acknowledged ids resent with other answers whose stored answers changed: must be 0. */
  overwritten: number;
  rollup: RollupCheck;
  kills: number;
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const o of outcomes) t[String(o)] = (t[String(o)] ?? 0) + 1;
  return t;
}

/**
 * Loads the server at `rate` submissions/s, kills it with SIGKILL mid-load (`kills`
 * times, restarting on the same database each time), then lets the clients resend
 * everything unacknowledged plus a sample of acknowledged ids (with different answers),
 * and checks the database.
 */
export async function runCrashScenario(
  opts: { rate?: number; loadMs?: number; killAtMs?: number; kills?: number; seed?: number } = {},
): Promise<CrashReport> {
  const rate = opts.rate ?? 400;
  const loadMs = opts.loadMs ?? 3000;
  const killAtMs = opts.killAtMs ?? 1800;
  const kills = opts.kills ?? 2;
  const rand = seededRandom(opts.seed ?? 9);
  const tmp = tempDir();
  const databaseUrl = join(tmp.dir, "crash.db");
  let server = await startApp({ DATABASE_URL: databaseUrl });
  try {
    const campaigns = demoCampaigns(server.output()).slice(0, 3);
    const forms = await Promise.all(campaigns.map((c) => loadForm(server.baseUrl, c.token)));
    const formOf = new Map(forms.map((f) => [f.token, f]));
    // The demo's own responses, stored before the load.
    const seedDb = openDatabase(databaseUrl);
    const seeded = new Set(storedResponses(seedDb).map((r) => r.client_id));
    seedDb.close();
    const ever = new Map<string, Submission>();
    const latest = new Map<string, Outcome>();
    const acks = new Map<string, number>();
    let ackedWhileUp = 0;
    let sentWhileUp = 0;
    let inFlightAtKill = 0;
    let upMs = 0;
    const next = () => validSubmission(forms[Math.floor(rand() * forms.length)]!, rand);
    for (let k = 0; k < kills; k++) {
      const current = server;
      // A freshly started server compiles its code paths first: warm it, then measure.
      const warm = Array.from({ length: 150 }, next);
      (await sendAll(current.baseUrl, warm, 8)).forEach((result, i) => {
        ever.set(warm[i]!.id, warm[i]!);
        latest.set(warm[i]!.id, result.status);
        if (result.status === 201) acks.set(warm[i]!.id, 1);
      });
      // At the kill, a burst of submissions is in flight: some are being validated, some
      // wait for the group commit, some are in the transaction being written.
      let burst: Promise<
        Array<{ sub: Submission; result: PostResult; sentAtMs: number; burst?: boolean }>
      > = Promise.resolve([]);
      const records = await pacedLoad({
        baseUrl: current.baseUrl,
        rate,
        durationMs: loadMs,
        // Room enough that a slow server does not slow the clients down: the load is offered.
        concurrency: 512,
        next,
        at: {
          ms: killAtMs,
          run: async () => {
            const subs = Array.from({ length: 150 }, next);
            burst = Promise.all(
              subs.map(async (sub) => ({
                sub,
                result: await postResponse(current.baseUrl, sub, { timeoutMs: 10_000 }),
                sentAtMs: killAtMs - 1,
                burst: true,
              })),
            );
            await new Promise((r) => setTimeout(r, 110 + 60 * k));
            await current.kill("SIGKILL");
          },
        },
      });
      const all: Array<{ sub: Submission; result: PostResult; sentAtMs: number; burst?: boolean }> =
        [...records, ...(await burst)];
      for (const { sub, result, sentAtMs, burst: inBurst } of all) {
        if (sentAtMs < killAtMs && !isAck(result.status)) inFlightAtKill++;
        // The offered rate is the steady load's: the burst at the kill is on top of it.
        if (sentAtMs < killAtMs && !inBurst) sentWhileUp++;
        ever.set(sub.id, sub);
        latest.set(sub.id, result.status);
        if (isAck(result.status)) {
          acks.set(sub.id, (acks.get(sub.id) ?? 0) + (result.status === 201 ? 1 : 0));
          if (sentAtMs < killAtMs && !inBurst) ackedWhileUp++;
        }
      }
      upMs += killAtMs;
      server = await startApp({ DATABASE_URL: databaseUrl });
    }
    const ackedIds = [...latest].filter(([, s]) => isAck(s)).map(([id]) => id);
    const unackedIds = [...latest].filter(([, s]) => !isAck(s)).map(([id]) => id);

    // What is on disk right after the crashes, before any retry.
    const before = openDatabase(databaseUrl);
    const storedBefore = new Set(storedResponses(before).map((r) => r.client_id));
    before.close();
    const ackedLost = ackedIds.filter((id) => !storedBefore.has(id)).length;
    const committedUnacked = unackedIds.filter((id) => storedBefore.has(id)).length;

    // The clients retry: everything unacknowledged, and some acknowledged ids again with
    // other answers (a kiosk that did not see the answer): the first answers must stay.
    const resendAcked = ackedIds.slice(0, 200).map((id) => {
      const original = ever.get(id)!;
      return { ...original, answers: syntheticAnswers(formOf.get(original.token)!.compiled, rand) };
    });
    const retryBodies = [...unackedIds.map((id) => ever.get(id)!), ...resendAcked];
    const retry = await sendAll(server.baseUrl, retryBodies, 32);
    const retryUnacked = tally(retry.slice(0, unackedIds.length).map((r) => r.status));
    const retryAcked = tally(retry.slice(unackedIds.length).map((r) => r.status));
    retry.forEach((r, i) => {
      if (r.status === 201) {
        const id = retryBodies[i]!.id;
        acks.set(id, (acks.get(id) ?? 0) + 1);
      }
    });
    await server.stop();

    const db = openDatabase(databaseUrl);
    try {
      const stored = storedResponses(db);
      const byId = new Map(stored.map((r) => [r.client_id, r]));
      const missingAfterRetry = [...ever.keys()].filter((id) => !byId.has(id)).length;
      const extraAfterRetry = stored.filter(
        (r) => !ever.has(r.client_id) && !seeded.has(r.client_id),
      ).length;
      const overwritten = resendAcked.filter(
        (s) => byId.get(s.id)?.answers !== JSON.stringify(ever.get(s.id)!.answers),
      ).length;
      return {
        sent: ever.size,
        acked: ackedIds.length,
        unacked: unackedIds.length,
        inFlightAtKill,
        sentPerS: sentWhileUp / (upMs / 1000),
        ackedPerS: ackedWhileUp / (upMs / 1000),
        ackedLost,
        duplicates: duplicateRows(db) + [...acks.values()].filter((n) => n > 1).length,
        committedUnacked,
        missingAfterRetry,
        extraAfterRetry,
        retryUnacked,
        retryAcked,
        overwritten,
        rollup: checkRollups(db),
        kills,
      };
    } finally {
      db.close();
    }
  } finally {
    await server.stop();
    tmp.remove();
  }
}

// ---------------------------------------------------------------- raw HTTP

export interface RawResponse {
  status: number | "error";
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with the path exactly as given (fetch would normalise "../" and
 * percent-escapes) and, optionally, a body sent in chunks without Content-Length.
 */
export function rawRequest(
  baseUrl: string,
  opts: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunked?: Buffer[];
  },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: opts.method ?? "GET",
        path: opts.path,
        headers: opts.headers,
        timeout: 15_000,
        // A connection of its own: after an early 413 the rest of an unsent body would
        // otherwise hold up the next request on a reused socket.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? "error",
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        const cut = () => resolve({ status: "error", headers: res.headers, body: "" });
        res.on("error", cut);
        res.on("aborted", cut);
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve({ status: "error", headers: {}, body: "" }));
    req.on("close", () => resolve({ status: "error", headers: {}, body: "" }));
    if (opts.chunked) {
      (async () => {
        for (const c of opts.chunked!) {
          if (req.destroyed) return;
          if (!req.write(c)) await new Promise((r) => req.once("drain", r));
        }
        req.end();
      })().catch(() => undefined);
    } else {
      req.end(opts.body);
    }
  });
}

// ---------------------------------------------------------------- load

export interface LoadReport {
  seconds: number;
  connections: number;
  /** Submissions sent, and acknowledged with 201. */
  requests: number;
  accepted: number;
  /** Responses the database gained during the load: `accepted`, plus up to one request per
   *  connection still in flight when the load stopped (stored, its answer not awaited). */
  stored: number;
  /** Failed, timed-out or non-2xx submissions, plus failed or non-200 results pages. */
  errors: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  /** The results page, requested one after another for the whole run. */
  reads: number;
  readErrors: number;
  readP99Ms: number;
  rssStartMb: number;
  rssEndMb: number;
}

/**
 * `connections` connections submitting for `seconds` while one reader requests the first
 * demo campaign's results page (signed in) continuously; the server's resident memory is
 * read before and after.
 */
export async function runLoadScenario(opts: {
  seconds: number;
  connections?: number;
}): Promise<LoadReport> {
  const connections = opts.connections ?? 50;
  const tmp = tempDir();
  const server = await startApp({ DATABASE_URL: join(tmp.dir, "load.db") });
  try {
    const campaign = demoCampaigns(server.output())[0]!;
    const form = await loadForm(server.baseUrl, campaign.token);
    const cookie = await signInDemo(server);
    const rand = seededRandom(17);
    const pool = Array.from({ length: 500 }, () => syntheticAnswers(form.compiled, rand));
    let i = 0;
    const body = () =>
      JSON.stringify({
        id: randomUUID(),
        token: form.token,
        answers: pool[i++ % pool.length],
        startedAt: new Date().toISOString(),
        locale: "vi",
      });
    const read = async () => {
      const started = performance.now();
      try {
        const res = await fetch(`${server.baseUrl}${campaign.resultsPath}`, {
          headers: cookie ? { Cookie: cookie } : {},
          redirect: "manual",
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        return { ok: res.status === 200, ms: performance.now() - started };
      } catch {
        return { ok: false, ms: performance.now() - started };
      }
    };
    // Warm-up: code paths compiled, page cache filled.
    await sendAll(
      server.baseUrl,
      Array.from({ length: 300 }, () => JSON.parse(body()) as unknown),
      10,
    );
    for (let k = 0; k < 10; k++) await read();

    const db = openDatabase(server.databaseUrl);
    const count = () => (db.prepare("select count(*) as n from response").get() as { n: number }).n;
    const before = count();
    const rssStartMb = rssMb(server.pid);
    let reading = true;
    const reads: Array<{ ok: boolean; ms: number }> = [];
    const deadline = Date.now() + (opts.seconds + 30) * 1000;
    const reader = (async () => {
      while (reading && Date.now() < deadline) reads.push(await read());
    })();
    const result = await autocannon({
      url: `${server.baseUrl}/api/v1/responses`,
      method: "POST",
      connections,
      duration: opts.seconds,
      timeout: 10,
      headers: { "content-type": "application/json" },
      requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) }],
    });
    reading = false;
    await reader;
    const rssEndMb = rssMb(server.pid);
    const stored = count() - before;
    db.close();

    const codes = (result.statusCodeStats as Record<string, { count: number }> | undefined) ?? {};
    const statuses = Object.fromEntries(Object.entries(codes).map(([k, v]) => [k, v.count]));
    const readErrors = reads.filter((r) => !r.ok).length;
    return {
      seconds: opts.seconds,
      connections,
      requests: result.requests.total,
      accepted: statuses["201"] ?? 0,
      stored,
      errors: result.errors + result.timeouts + result.non2xx + readErrors,
      statuses,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      reads: reads.length,
      readErrors,
      readP99Ms: percentile(
        reads.map((r) => r.ms),
        99,
      ),
      rssStartMb,
      rssEndMb,
    };
  } finally {
    await server.stop();
    tmp.remove();
  }
}
