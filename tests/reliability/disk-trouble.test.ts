/**
 * Disk trouble: the database turns read-only, the disk fills up, or writes fail with an
 * I/O error. The API answers 503 storage_unavailable with a Vietnamese message, the log
 * names the database's error code, nothing of a failed batch is stored (one transaction
 * per batch), an id stored before still answers 200, and service resumes by itself,
 * without a restart, when the condition clears. Simulated with real SQLite errors:
 *   - SQLITE_READONLY: `PRAGMA query_only` on the server's own connection (in-process);
 *   - SQLITE_FULL: `PRAGMA max_page_count` (in-process), and a real full filesystem
 *     (a 32 MB tmpfs filled by another file) under the production server;
 *   - SQLITE_IOERR: the production server's file-size limit lowered with prlimit, so
 *     the kernel refuses its writes (EFBIG).
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { action } from "~/routes/api.v1.responses";
import { loadVersion } from "~/services/context.server";
import { makeTestApp } from "../fixtures/app";
import type { RunningServer } from "../e2e/server";
import {
  checkRollups,
  demoCampaigns,
  duplicateRows,
  isAck,
  loadForm,
  openDatabase,
  rollupTotal,
  sendAll,
  startApp,
  storedResponses,
  tempDir,
  validSubmission,
  type Form,
  type Submission,
} from "./harness";

const MESSAGE = /Máy chủ tạm thời không lưu được phiếu\. Phiếu chưa được ghi nhận; xin gửi lại/;
const LONG_COMMENT = "Ý kiến góp ý về thủ tục hành chính, thời gian chờ và thái độ cán bộ. ".repeat(
  28,
);

const dirs: Array<() => void> = [];
afterAll(() => dirs.forEach((remove) => remove()));

// ------------------------------------------------------------------ in-process

describe("in-process: the route, the writer and a SQLite file", () => {
  let errors: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    errors = [];
  });

  async function setup() {
    const tmp = tempDir();
    dirs.push(tmp.remove);
    const file = join(tmp.dir, "app.db");
    const app = await makeTestApp({
      url: file,
      surveysDir: "surveys",
      slug: "mau-02-phong-chuyen-mon",
    });
    const version = (await loadVersion(app.ctx, app.version.id))!;
    const rand = seededRandom(3);
    const submission = (): Submission => ({
      id: randomUUID(),
      token: app.link.token,
      // A long comment needs new pages: the "disk" cannot hold it once it is full.
      answers: { ...syntheticAnswers(version.compiled, rand), y_kien_khac: LONG_COMMENT },
    });
    const post = async (body: Submission) => {
      const res = (await action({
        request: new Request("http://localhost/api/v1/responses", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        }),
        params: {},
        // A loopback address (a proxy, this machine) is neither limited nor flagged.
        context: { clientKey: "127.0.0.1" },
      })) as Response;
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      errors.push(args.map(String).join(" "));
    });
    return { app, file, submission, post };
  }

  function snapshot(file: string) {
    const db = openDatabase(file);
    try {
      return {
        responses: storedResponses(db)
          .map((r) => r.client_id)
          .sort(),
        rollup: db.prepare("select * from rollup order by 1, 2, 3, 4, 5, 6").all(),
        total: rollupTotal(db),
      };
    } finally {
      db.close();
    }
  }

  it.each([
    {
      name: "read-only database",
      code: "SQLITE_READONLY",
      on: "pragma query_only = 1",
      off: "pragma query_only = 0",
    },
    {
      name: "disk full",
      code: "SQLITE_FULL",
      on: "max_page_count",
      off: "pragma max_page_count = 1073741823",
    },
  ])("$name: 503 with a Vietnamese message, nothing half-written, resumes by itself", async (c) => {
    const { app, file, submission, post } = await setup();
    const stored = submission();
    expect((await post(stored)).status).toBe(201);
    expect((await post(submission())).status).toBe(201);
    const before = snapshot(file);

    if (c.on === "max_page_count") {
      const { rows } = await sql<{ freelist_count: number }>`pragma freelist_count`.execute(
        app.ctx.db,
      );
      expect(rows[0]!.freelist_count).toBe(0); // no free page inside the file to fill instead
      const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(app.ctx.db))
        .rows[0]!.page_count;
      await sql.raw(`pragma max_page_count = ${pages}`).execute(app.ctx.db);
    } else {
      await sql.raw(c.on).execute(app.ctx.db);
    }

    // A concurrent burst: several group-commit batches, every one of them refused.
    const burst = Array.from({ length: 30 }, submission);
    const during = await Promise.all(burst.map(post));
    for (const r of during) {
      expect(r.status).toBe(503);
      expect(r.body.error).toBe("storage_unavailable");
      expect(String(r.body.message)).toMatch(MESSAGE);
    }
    // The log names the cause, not a rollback error, and holds no answers.
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) {
      expect(line).toContain(c.code);
      expect(line).not.toContain("cannot rollback");
      expect(line).not.toContain("thủ tục hành chính");
    }
    // An id stored before the trouble is still acknowledged: reads work.
    expect((await post(stored)).status).toBe(200);
    expect(snapshot(file)).toEqual(before);

    await sql.raw(c.off).execute(app.ctx.db);
    const after = await Promise.all(burst.map(post));
    expect(after.map((r) => r.status)).toEqual(burst.map(() => 201));
    const db = openDatabase(file);
    try {
      expect(storedResponses(db)).toHaveLength(before.responses.length + burst.length);
      expect(checkRollups(db).mismatches).toEqual([]);
    } finally {
      db.close();
    }
  });
});

// ------------------------------------------------------------------ production server

/** A form with a long free-text question, so each response takes pages of its own. */
function longAnswers(form: Form, sub: Submission): Submission {
  const comment = form.compiled.questions.find((q) => q.kind === "comment" && q.maxLength >= 2000);
  if (!comment) return sub;
  return { ...sub, answers: { ...sub.answers, [comment.name]: LONG_COMMENT } };
}

async function waitFor(cond: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

function checkDatabase(file: string, acked: Set<string>) {
  const db = openDatabase(file);
  try {
    const stored = new Set(storedResponses(db).map((r) => r.client_id));
    const lost = [...acked].filter((id) => !stored.has(id));
    const check = checkRollups(db);
    return { lost, duplicates: duplicateRows(db), mismatches: check.mismatches };
  } finally {
    db.close();
  }
}

describe("production server", () => {
  it("I/O errors (SQLITE_IOERR): 503 while the kernel refuses writes, 201 again after", async () => {
    const tmp = tempDir();
    dirs.push(tmp.remove);
    let server: RunningServer | undefined;
    try {
      server = await startApp({ DATABASE_URL: join(tmp.dir, "io.db") });
      const form = await loadForm(server.baseUrl, demoCampaigns(server.output())[0]!.token);
      const rand = seededRandom(11);
      const subs = () =>
        Array.from({ length: 40 }, () => longAnswers(form, validSubmission(form, rand)));
      const acked = new Set<string>();
      const ok = subs();
      (await sendAll(server.baseUrl, ok, 8)).forEach((r, i) => {
        expect(r.status).toBe(201);
        acked.add(ok[i]!.id);
      });

      // Soft limit 0 bytes, hard limit untouched, so it can be raised again.
      execFileSync("prlimit", ["--pid", String(server.pid), "--fsize=0:unlimited"]);
      const logAt = server.output().length;
      const failing = subs();
      const during = await sendAll(server.baseUrl, failing, 8);
      for (const r of during) {
        expect(r.status).toBe(503);
        expect((r.body as { message: string }).message).toMatch(MESSAGE);
      }
      await waitFor(() => server!.output().includes("SQLITE_IOERR", logAt), 2000);
      const log = server.output().slice(logAt);
      expect(log).toMatch(/response write failed: SQLITE_IOERR/);
      expect(log).not.toContain("cannot rollback");

      execFileSync("prlimit", ["--pid", String(server.pid), "--fsize=unlimited:unlimited"]);
      const retried = await sendAll(server.baseUrl, failing, 8);
      retried.forEach((r, i) => {
        expect(r.status).toBe(201);
        acked.add(failing[i]!.id);
      });
      await server.stop();
      const result = checkDatabase(server.databaseUrl, acked);
      expect(result).toEqual({ lost: [], duplicates: 0, mismatches: [] });
      // Nothing of the refused batches was stored before the retry: 201, not 200, above.
    } finally {
      await server?.stop();
    }
  });

  it("a full filesystem (SQLITE_FULL): 503 once space runs out, every acknowledged response kept, resumes when space is freed", async () => {
    const tmp = tempDir();
    dirs.push(tmp.remove);
    const mnt = join(tmp.dir, "disk");
    mkdirSync(mnt);
    // A 32 MB filesystem of its own (root is needed, as on CI); unmounted whatever happens.
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=32m", "tmpfs", mnt]);
    let server: RunningServer | undefined;
    try {
      server = await startApp({ DATABASE_URL: join(mnt, "full.db") });
      const form = await loadForm(server.baseUrl, demoCampaigns(server.output())[0]!.token);
      const rand = seededRandom(12);
      // Fill the rest of the filesystem with another file.
      const filler = join(mnt, "filler");
      const fd = openSync(filler, "w");
      for (const size of [1 << 20, 1 << 16, 1 << 12, 512]) {
        const chunk = Buffer.alloc(size, 1);
        for (;;) {
          try {
            writeSync(fd, chunk);
          } catch {
            break;
          }
        }
      }
      closeSync(fd);

      // Send until the WAL can grow no more (bounded), recording what was acknowledged.
      const acked = new Set<string>();
      const refused: Submission[] = [];
      for (let round = 0; round < 60 && refused.length === 0; round++) {
        const batch = Array.from({ length: 50 }, () =>
          longAnswers(form, validSubmission(form, rand)),
        );
        (await sendAll(server.baseUrl, batch, 16)).forEach((r, i) => {
          if (isAck(r.status)) acked.add(batch[i]!.id);
          else {
            expect(r.status).toBe(503);
            expect((r.body as { message: string }).message).toMatch(MESSAGE);
            refused.push(batch[i]!);
          }
        });
      }
      expect(refused.length).toBeGreaterThan(0);
      expect(server.output()).toMatch(/response write failed: SQLITE_FULL/);
      expect(server.output()).not.toContain("cannot rollback");

      rmSync(filler);
      const retried = await sendAll(server.baseUrl, refused, 8);
      retried.forEach((r, i) => {
        expect(r.status).toBe(201);
        acked.add(refused[i]!.id);
      });
      await server.stop();
      expect(checkDatabase(server.databaseUrl, acked)).toEqual({
        lost: [],
        duplicates: 0,
        mismatches: [],
      });
    } finally {
      await server?.stop();
      execFileSync("umount", ["-l", mnt]);
    }
  });
});
