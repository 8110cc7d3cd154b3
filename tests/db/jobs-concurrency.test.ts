/**
 * Two processes (tests/fixtures/job-worker.ts) on one database — PostgreSQL with
 * TEST_DATABASE_URL, else one SQLite file — claim from the same 400 jobs at the same moment:
 * every job runs exactly once.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { inTransaction } from "#db/transaction";
import { enqueue } from "~/services/jobs.server";
import { freshContext } from "../fixtures/app";
import { testDialect } from "../fixtures/database";
import { countJob } from "../fixtures/job-worker";

const JOBS = 400;

function startWorker(url: string, name: string) {
  const child = spawn("node_modules/.bin/tsx", ["tests/fixtures/job-worker.ts", url, name], {
    stdio: ["pipe", "pipe", "pipe"],
    // Claims are under test, not durability: SQLite commits without waiting for the disk.
    env: { ...process.env, SQLITE_SYNCHRONOUS: "NORMAL" },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += String(d)));
  child.stderr.on("data", (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return {
    output: () => out,
    ready: async () => {
      // Loading the app through tsx takes seconds, minutes on a machine loaded far past its cores.
      const deadline = Date.now() + 180_000;
      while (!out.includes("ready\n")) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`worker ${name} did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    go: () => child.stdin.end("go\n"),
    exited,
  };
}

describe(`two processes on one ${testDialect} database`, () => {
  it("never run one job twice", async () => {
    const { ctx, url } = await freshContext({ file: true });
    const ids = new Set<string>();
    await inTransaction(ctx.db, async (trx) => {
      for (let i = 0; i < JOBS; i++) ids.add((await enqueue(trx, countJob, { i })).id);
    });

    const started = Date.now();
    const workers = [startWorker(url, "a"), startWorker(url, "b")];
    await Promise.all(workers.map((w) => w.ready()));
    const ready = Date.now();
    for (const w of workers) w.go();
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.output()).join("\n")).toEqual([0, 0]);

    const ran = workers.map((w) => [...w.output().matchAll(/^ran (\S+)$/gm)].map((m) => m[1]!));
    const all = ran.flat();
    expect(all.length - new Set(all).size).toBe(0); // no job ran twice
    expect(new Set(all)).toEqual(ids);
    // Both took part: their claims really raced.
    expect(ran[0]!.length).toBeGreaterThan(0);
    expect(ran[1]!.length).toBeGreaterThan(0);
    const rows = await ctx.db.selectFrom("job").select(["status", "attempts"]).execute();
    expect(rows.filter((r) => r.status !== "done" || r.attempts !== 1)).toEqual([]);
    console.log(
      `jobs: process a ran ${ran[0]!.length}, process b ran ${ran[1]!.length}; ` +
        `start ${ready - started} ms, run ${Date.now() - ready} ms`,
    );
  }, 300_000);
});
