/**
 * npm run bench [-- --quick]
 * Starts the production server on 127.0.0.1 and prints one JSON line per figure:
 *   ingest.accepted_per_s, ingest.p99_ms  POST /api/v1/responses at 50 connections
 *   ingest.ceiling_per_s                   the same server's no-work POST route
 *   ingest.ratio                           accepted / ceiling, measured in the same run
 * Ratios, not absolute numbers, are the targets: the machine is shared and noisy.
 */
import autocannon from "autocannon";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseDefinition } from "~/domain/questionnaire";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { compileQuestionnaire } from "~/domain/validator";
import { startServer } from "../tests/e2e/server";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const quick = values.quick;
const DURATION = quick ? 4 : 10;
const CONNECTIONS = 50;

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }));
}

async function load(url: string, body: () => string) {
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { "content-type": "application/json" },
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) }],
  });
  const ok = (result.statusCodeStats as Record<string, { count: number }> | undefined) ?? {};
  const accepted = (ok["201"]?.count ?? 0) + (ok["200"]?.count ?? 0);
  return {
    acceptedPerS: accepted / DURATION,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    statuses: Object.fromEntries(Object.entries(ok).map(([k, v]) => [k, v.count])),
  };
}

const server = await startServer({ HAI_LONG_BENCH: "1", RATE_LIMIT_PER_MINUTE: "0" });
try {
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
  const body = () =>
    JSON.stringify({
      id: randomUUID(),
      token,
      answers: pool[i++ % pool.length],
      startedAt: new Date().toISOString(),
      locale: "vi",
    });

  // Warm up both routes (JIT, SQLite page cache) before measuring.
  await autocannon({
    url: `${server.baseUrl}/api/v1/noop`,
    method: "POST",
    connections: 10,
    amount: 500,
    body: body(),
    headers: { "content-type": "application/json" },
  });
  await autocannon({
    url: `${server.baseUrl}/api/v1/responses`,
    method: "POST",
    connections: 10,
    amount: 500,
    headers: { "content-type": "application/json" },
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) }],
  });

  const ceiling = await load(`${server.baseUrl}/api/v1/noop`, body);
  const ingest = await load(`${server.baseUrl}/api/v1/responses`, body);
  if (ingest.errors > 0)
    console.error(`ingest: ${ingest.errors} non-2xx or failed requests`, ingest.statuses);
  emit("ingest.accepted_per_s", ingest.acceptedPerS, "req/s", {
    connections: CONNECTIONS,
    seconds: DURATION,
  });
  emit("ingest.p99_ms", ingest.p99, "ms");
  emit("ingest.ceiling_per_s", ceiling.acceptedPerS, "req/s", { p99_ms: ceiling.p99 });
  emit("ingest.ratio", ingest.acceptedPerS / ceiling.acceptedPerS, "x");
} finally {
  await server.stop();
}
