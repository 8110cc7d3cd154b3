/**
 * Four app processes (npm run start:cluster) on one database under concurrent load: every
 * submission is stored once whichever process takes it or its retry, the rollups equal a
 * recomputation from the raw responses, and a client's rate limit is counted once across all
 * processes. On PostgreSQL with TEST_DATABASE_URL (as CI runs it), else on one SQLite file.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDefinition } from "~/domain/questionnaire";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { compileQuestionnaire } from "~/domain/validator";
import { createAppContext, type AppContext } from "~/services/context.server";
import { checkRollups } from "~/services/rollup-check.server";
import { startServer, type RunningServer } from "./server";

const WORKERS = 4;
const LIMIT = 30;
let server: RunningServer;
let ctx: AppContext;

beforeAll(async () => {
  server = await startServer(
    {
      CLUSTER_WORKERS: String(WORKERS),
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
      // The load below is one link's: its own limit (all addresses together) out of the way.
      RATE_LIMIT_PER_TOKEN_PER_MINUTE: "1000000",
      // Clients are told apart by X-Forwarded-For here, as behind a load balancer.
      TRUST_PROXY: "1",
    },
    { script: "scripts/start-cluster.js" },
  );
  ctx = await createAppContext(server.databaseUrl);
});

afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

/** Demo links of the counter questionnaire (printed at start) and valid answer sets for it. */
function demoTraffic() {
  const tokens = [...server.output().matchAll(/survey link:\s+\S+\/s\/(\S+)/g)].map((m) => m[1]!);
  expect(tokens.length).toBeGreaterThan(0);
  const compiled = compileQuestionnaire(
    parseDefinition(JSON.parse(readFileSync("surveys/mau-02-phong-chuyen-mon.json", "utf8"))),
  );
  const rand = seededRandom(5);
  return { token: tokens[0]!, answers: () => syntheticAnswers(compiled, rand) };
}

async function post(body: unknown, clientAddress: string): Promise<number> {
  const res = await fetch(`${server.baseUrl}/api/v1/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": clientAddress },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

describe(`${WORKERS} app processes on one database`, () => {
  it("started as separate processes", () => {
    const pids = new Set([...server.output().matchAll(/worker (\d+) ready/g)].map((m) => m[1]));
    expect(pids.size).toBe(WORKERS);
  });

  it("store each submission once under concurrent load with retries, and the rollups stay exact", async () => {
    const { token, answers } = demoTraffic();
    const subs = Array.from({ length: 800 }, (_, i) => ({
      id: randomUUID(),
      token,
      answers: answers(),
      locale: "vi",
      // A different client address for each person, so no one reaches the limit.
      address: `10.1.${Math.floor(i / 250)}.${i % 250}`,
    }));
    // Every fourth submission is sent twice at once (a phone retrying on a flaky network).
    const sends = subs.flatMap((s, i) => (i % 4 === 0 ? [s, s] : [s]));
    const statuses = await pool(
      sends.map(
        ({ address, ...body }) =>
          () =>
            post(body, address),
      ),
      32,
    );
    const counts = statuses.reduce<Record<number, number>>(
      (acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }),
      {},
    );
    expect(counts).toEqual({ 201: subs.length, 200: sends.length - subs.length });

    const stored = await ctx.db
      .selectFrom("response")
      .select("client_id")
      .where(
        "client_id",
        "in",
        subs.map((s) => s.id),
      )
      .execute();
    expect(stored).toHaveLength(subs.length);
    const check = await checkRollups(ctx);
    expect(check.mismatches).toEqual([]);
    expect(check.responses).toBeGreaterThanOrEqual(subs.length);
  });

  it("count a client's rate limit once across all processes", async () => {
    const { token, answers } = demoTraffic();
    // Windows are aligned to the clock minute: do not straddle one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    // 3 × LIMIT from one address: with a limit per process, 4 processes would take all 90.
    const statuses = await pool(
      Array.from(
        { length: 3 * LIMIT },
        () => () => post({ id: randomUUID(), token, answers: answers() }, "192.0.2.10"),
      ),
      8,
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * LIMIT);
  });
});
