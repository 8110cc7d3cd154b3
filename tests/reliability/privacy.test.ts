/**
 * Privacy (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP), end to end:
 *   - the server's log holds no answers and no client addresses, even when requests fail
 *     (400, 404, 413, 422, 503) or a sign-in fails;
 *   - `npm run delete-response -- --id <client id>` deletes one response and subtracts it
 *     from the rollups;
 *   - `npm run retention` clears old free text and deletes old raw responses, rollups kept.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seededRandom } from "~/domain/synthetic";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { envWithoutVitest, type RunningServer } from "../e2e/server";
import { makeTestApp } from "../fixtures/app";
import {
  checkRollups,
  demoCampaigns,
  loadForm,
  openDatabase,
  rawRequest,
  startApp,
  tempDir,
  validSubmission,
} from "./harness";

const dirs: Array<() => void> = [];
afterAll(() => dirs.forEach((remove) => remove()));

const CLIENT_ADDRESS = "198.51.100.77"; // only ever a header value: nothing is sent there
const NAME = "Nguyễn Thị Bí Mật";
const PHONE = "0912345678";

describe("the server's log", () => {
  it("holds no answers and no client addresses, whatever fails", async () => {
    const tmp = tempDir();
    dirs.push(tmp.remove);
    let server: RunningServer | undefined;
    try {
      server = await startApp({ DATABASE_URL: join(tmp.dir, "log.db"), TRUST_PROXY: "1" });
      const started = server.output().length;
      const campaign = demoCampaigns(server.output())[0]!;
      const form = await loadForm(server.baseUrl, campaign.token);
      const comment = form.compiled.questions.find((q) => q.kind === "comment")!.name;
      const personal = `${NAME}, điện thoại ${PHONE}`;
      const s = () => {
        const sub = validSubmission(form, seededRandom(Date.now() % 1000));
        sub.answers[comment] = personal;
        return sub;
      };
      const headers = { "Content-Type": "application/json", "X-Forwarded-For": CLIENT_ADDRESS };
      const post = (body: string) =>
        rawRequest(server!.baseUrl, { method: "POST", path: "/api/v1/responses", headers, body });
      const statuses: Array<number | string> = [];
      statuses.push((await post(JSON.stringify(s()))).status); // 201
      statuses.push((await post(JSON.stringify(s()).slice(0, -3))).status); // 400
      statuses.push((await post(JSON.stringify({ ...s(), token: "AAAAAAAAAAAAAAAA" }))).status); // 404
      const long = s();
      long.answers[comment] = personal.repeat(3000);
      statuses.push((await post(JSON.stringify(long))).status); // 413
      const invalid = s();
      invalid.answers.khong_co = personal;
      statuses.push((await post(JSON.stringify(invalid))).status); // 422
      // The disk refuses writes: 503, and the one line the server logs about it.
      execFileSync("prlimit", ["--pid", String(server.pid), "--fsize=0:unlimited"]);
      statuses.push((await post(JSON.stringify(s()))).status); // 503
      execFileSync("prlimit", ["--pid", String(server.pid), "--fsize=unlimited:unlimited"]);
      // A failed sign-in with the personal text as the password, a forged session cookie.
      await rawRequest(server.baseUrl, {
        method: "POST",
        path: "/login",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: server.baseUrl,
          "X-Forwarded-For": CLIENT_ADDRESS,
        },
        body: new URLSearchParams({ login: "quantri", password: personal }).toString(),
      });
      await rawRequest(server.baseUrl, {
        path: campaign.resultsPath,
        headers: { Cookie: `hl_session=${"x".repeat(40)}`, "X-Forwarded-For": CLIENT_ADDRESS },
      });
      expect(statuses).toEqual([201, 400, 404, 413, 422, 503]);

      await server.stop();
      const log = server.output().slice(started);
      expect(log).toMatch(/response write failed: SQLITE_IOERR/); // something was logged
      expect(log).not.toContain(NAME);
      expect(log).not.toContain(PHONE);
      expect(log).not.toContain(CLIENT_ADDRESS);
      expect(log).not.toContain(campaign.token);
    } finally {
      await server?.stop();
    }
  });
});

// ------------------------------------------------------------------ command line

function npmRun(script: string, args: string[], env: Record<string, string>) {
  const r = spawnSync("npm", ["run", "-s", script, "--", ...args], {
    env: { ...envWithoutVitest(), ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function fileApp() {
  const tmp = tempDir();
  dirs.push(tmp.remove);
  const url = join(tmp.dir, "cli.db");
  const app = await makeTestApp({ url });
  let n = 0;
  const send = async (now?: Date) => {
    n++;
    const s = {
      id: randomUUID(),
      token: n % 2 ? app.link.token : app.counterLink.token,
      answers: {
        q1: (n % 5) + 1,
        q2: 4,
        channel_used: 3,
        m: { r1: 5, r2: 4 },
        comment: `${NAME} ${n}`,
        age: 40,
      },
    };
    s.answers.q1 = s.answers.q1 <= 2 ? 3 : s.answers.q1; // no follow-up question
    expect((await submitResponse(app.ctx, s, { limiter: new RateLimiter(0), now })).status).toBe(
      201,
    );
    return s;
  };
  const rollups = () => {
    const db = openDatabase(url);
    try {
      return db.prepare("select * from rollup where count <> 0 order by 1,2,3,4,5,6").all();
    } finally {
      db.close();
    }
  };
  return { app, url, send, rollups };
}

describe("npm run delete-response", () => {
  it("deletes the response with that client id and subtracts it from the rollups", async () => {
    const { url, send, rollups } = await fileApp();
    for (let i = 0; i < 5; i++) await send();
    const before = rollups();
    const target = await send();
    expect(rollups()).not.toEqual(before);

    const first = npmRun("delete-response", ["--id", target.id], { DATABASE_URL: url });
    expect(first.out).toContain(`Deleted response ${target.id}`);
    expect(first.code).toBe(0);
    expect(rollups()).toEqual(before);
    const db = openDatabase(url);
    try {
      expect(
        db.prepare("select count(*) as n from response where client_id = ?").get(target.id),
      ).toEqual({ n: 0 });
      expect(db.prepare("select count(*) as n from response").get()).toEqual({ n: 5 });
      expect(checkRollups(db).mismatches).toEqual([]);
    } finally {
      db.close();
    }

    const again = npmRun("delete-response", ["--id", target.id], { DATABASE_URL: url });
    expect(again.code).toBe(1);
    expect(again.out).toContain("no such response");
    expect(npmRun("delete-response", ["--id", "../../x"], { DATABASE_URL: url }).code).toBe(2);
  }, 120_000);
});

describe("npm run retention", () => {
  it("clears free text and deletes raw responses past their limits, rollups kept", async () => {
    const { url, send, rollups } = await fileApp();
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
    const old = await send(daysAgo(400));
    const middle = await send(daysAgo(60));
    const recent = await send(daysAgo(1));
    const before = rollups();

    const none = npmRun("retention", [], { DATABASE_URL: url });
    expect(none.code).toBe(0);
    expect(none.out).toContain("nothing to do");

    const dry = npmRun("retention", ["--dry-run"], {
      DATABASE_URL: url,
      RETENTION_COMMENTS_DAYS: "30",
      RETENTION_RAW_DAYS: "365",
    });
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/1 responses from before .* would be deleted/);
    expect(dry.out).toMatch(/1 responses from before .* would be cleared of free text/);

    const run = npmRun("retention", ["--comments-days", "30"], {
      DATABASE_URL: url,
      RETENTION_RAW_DAYS: "365",
    });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/1 responses from before .* were deleted/);
    expect(rollups()).toEqual(before);

    const db = openDatabase(url);
    try {
      const answers = (id: string) =>
        (
          db.prepare("select answers from response where client_id = ?").get(id) as
            { answers: string } | undefined
        )?.answers;
      expect(answers(old.id)).toBeUndefined();
      expect(JSON.parse(answers(middle.id)!)).toEqual({ ...middle.answers, comment: "[đã ẩn]" });
      expect(answers(recent.id)).toBe(JSON.stringify(recent.answers));
    } finally {
      db.close();
    }
  }, 120_000);
});
