// npm run start:cluster [-- --workers N]: the production server in N processes on one port
// (node:cluster; the primary hands connections out round-robin). N: --workers, else
// CLUSTER_WORKERS, else the number of CPUs. Processes share nothing but the database, so the
// same holds for N processes on several machines behind a load balancer (docs/deploy.md).
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? "127.0.0.1";

if (cluster.isPrimary) {
  const { values } = parseArgs({ options: { workers: { type: "string", short: "n" } } });
  const n = Number(values.workers ?? process.env.CLUSTER_WORKERS ?? availableParallelism());
  if (!Number.isInteger(n) || n < 1) {
    console.error("--workers (or CLUSTER_WORKERS) must be a whole number ≥ 1");
    process.exit(2);
  }
  const url = process.env.DATABASE_URL ?? "";
  if (url === ":memory:") {
    console.error("DATABASE_URL=:memory: cannot be shared by several processes");
    process.exit(2);
  }
  // Rate limits must be counted once for all processes, not once per process.
  process.env.RATE_LIMIT_STORE ??= "database";

  const { buildIfStale } = await import("./build-if-stale.js");
  buildIfStale();

  let stopping = false;
  let listening = 0;
  let rest = false;
  let announced = false;
  const fork = () => {
    const worker = cluster.fork();
    worker.once("listening", () => {
      listening += 1;
      // The first worker migrates, stores the catalog and creates the demo alone; the rest
      // start once it is done (on SQLite two first starts at once would race).
      if (!rest) {
        rest = true;
        for (let i = 1; i < n; i++) fork();
      }
      if (listening === n && !announced) {
        announced = true;
        const shown = HOST === "0.0.0.0" || HOST === "::" ? "localhost" : HOST;
        const baseUrl = process.env.PUBLIC_URL ?? `http://${shown}:${PORT}`;
        console.log(
          `Hài Lòng is listening on ${baseUrl} (${HOST}:${PORT}, ${n} processes, rate limits: ${process.env.RATE_LIMIT_STORE})`,
        );
      }
    });
    return worker;
  };
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.values(cluster.workers ?? {}).every((w) => !w || w.isDead())) process.exit(0);
      return;
    }
    if (!rest) {
      // The first worker died before it listened: a configuration or database problem.
      console.error(`worker ${worker.process.pid} failed to start (${signal ?? code})`);
      process.exit(1);
    }
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    listening = Math.max(0, listening - 1);
    setTimeout(fork, 1000); // not a tight loop while the database is away
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const w of workers) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  fork();
} else {
  const { createServer } = await import("../server.js");
  const { app, shutdown } = await createServer();
  const server = app.listen(PORT, HOST, () => console.log(`worker ${process.pid} ready`));
  // Finish the requests in flight and the background jobs running, then leave; responses
  // are acknowledged only after commit, so a worker stopped mid-request loses nothing
  // acknowledged, and a job stopped mid-run runs again.
  process.on("SIGTERM", () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    Promise.all([closed, shutdown()]).finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
