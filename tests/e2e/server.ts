/** Starts the production server on a free loopback port with its own database and demo data. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { createScratchDatabase, isPostgres } from "../fixtures/pg";

export interface RunningServer {
  baseUrl: string;
  /** Everything the server printed: the demo links are read from it. */
  output: () => string;
  stop: () => Promise<void>;
  /** The server's process id (scripts/start.js serves in-process) and its database. */
  pid: number;
  databaseUrl: string;
  /** Sends a signal (SIGKILL for a crash) and resolves when the process has exited. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** This environment without Vitest's variables: under them vite.config.ts drops the Remix plugin. */
export function envWithoutVitest(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST")),
  ) as NodeJS.ProcessEnv;
}

/**
 * A new database for a server: SQLite in a temporary directory, or with TEST_DATABASE_URL a
 * fresh PostgreSQL database (named with HL_SCRATCH_PREFIX, which global-setup.ts sets and drops).
 */
export async function newServerDatabase(): Promise<string> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (isPostgres(pgUrl)) {
    return (await createScratchDatabase(pgUrl, process.env.HL_SCRATCH_PREFIX ?? "hl_e2e")).url;
  }
  return join(mkdtempSync(join(tmpdir(), "hai-long-e2e-")), "e2e.db");
}

export async function startServer(
  env: Record<string, string> = {},
  /** scripts/start-cluster.js runs several processes (CLUSTER_WORKERS in env). */
  opts: { script?: string } = {},
): Promise<RunningServer> {
  const port = await freePort();
  // env.DATABASE_URL restarts a server on an existing database.
  const databaseUrl = env.DATABASE_URL ?? (await newServerDatabase());
  const child: ChildProcess = spawn("node", [opts.script ?? "scripts/start.js"], {
    env: {
      ...envWithoutVitest(),
      PORT: String(port),
      HOST: "127.0.0.1",
      ...env,
      DATABASE_URL: databaseUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const baseUrl = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes("is listening on")) {
        clearTimeout(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`server exited:\n${out}`));
      } else setTimeout(check, 100);
    };
    check();
  });
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  return {
    baseUrl,
    output: () => out,
    stop: () => kill("SIGTERM"),
    pid: child.pid!,
    databaseUrl,
    kill,
  };
}

/** The demo users' passwords, as the server printed them on its first start. */
export function demoPassword(output: string, login: string): string {
  const m = new RegExp(`^\\s+\\w+\\s+${login.replace(".", "\\.")}\\s+(\\S+)`, "m").exec(output);
  if (!m) throw new Error(`no demo password for ${login} in:\n${output}`);
  return m[1]!;
}

/** Signs a page in as a demo user through the sign-in form, as a person would; ends on "/". */
export async function signInPage(page: Page, server: RunningServer, login: string): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Tên đăng nhập").fill(login);
  await page.getByLabel("Mật khẩu").fill(demoPassword(server.output(), login));
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${server.baseUrl}/`);
}
