import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { loadVersion } from "~/services/context.server";
import { submitResponse } from "~/services/ingest.server";
import { REDACTED, redactAnswer } from "~/services/moderation.server";
import { applyRetention, deleteResponse, retentionFromEnv } from "~/services/privacy.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { makeTestApp } from "../fixtures/app";
import { rollupSnapshot } from "../fixtures/rollups";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
const noLimit = new RateLimiter(0);
const DAY = 86_400_000;
const NOW = new Date("2026-11-20T03:00:00.000Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

beforeEach(async () => {
  app = await makeTestApp();
});

let n = 0;
/** Answers that touch every kind of rollup key, with personal data in the free text. */
function answers(): Record<string, unknown> {
  n++;
  return n % 2 === 0
    ? {
        q1: 5,
        q2: 4,
        channel_used: 3,
        m: { r1: 4, r2: 5 },
        comment: `Tốt ${n}`,
        age: 30 + n,
        again: true,
      }
    : {
        q1: 1,
        q2: 0,
        reasons: ["cho_lau", "other"],
        "reasons-Comment": `Tên tôi là Nguyễn Văn A ${n}`,
        comment: "Gọi tôi: 0912345678",
        age: 40,
      };
}

async function send(a = answers(), opts: { now?: Date; token?: string } = {}) {
  const s = { id: randomUUID(), token: opts.token ?? app.link.token, answers: a };
  const r = await submitResponse(app.ctx, s, { limiter: noLimit, now: opts.now });
  expect(r.status).toBe(201);
  return s;
}

const rollups = () => rollupSnapshot(app.ctx.db);

const stored = (clientId: string) =>
  app.ctx.db
    .selectFrom("response")
    .selectAll()
    .where("client_id", "=", clientId)
    .executeTakeFirst();

describe("deleteResponse (on a respondent's request)", () => {
  it("deletes the response and subtracts exactly what it added to every rollup table", async () => {
    for (let i = 0; i < 12; i++)
      await send(answers(), { token: i % 3 ? app.link.token : app.counterLink.token });
    const before = await rollups();
    const target = await send(answers(), { token: app.counterLink.token });
    expect(await rollups()).not.toEqual(before);

    const result = await deleteResponse(app.ctx, target.id.toUpperCase());
    expect(result.deleted).toBe(true);
    expect(await stored(target.id)).toBeUndefined();
    expect(await rollups()).toEqual(before);

    // Audited without the answers or the client's id.
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "delete")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity).toBe("response");
    const text = JSON.stringify(audit[0]);
    expect(text).not.toContain("Nguyễn");
    expect(text).not.toContain(target.id);

    // Nothing left to delete; not an id at all.
    expect(await deleteResponse(app.ctx, target.id)).toEqual({ deleted: false });
    expect(await deleteResponse(app.ctx, "../../etc/passwd")).toEqual({ deleted: false });
    expect(await rollups()).toEqual(before);
  });

  it("deletes a response whose stored text no longer passes today's validator", async () => {
    const before = await rollups();
    const s = await send();
    // Stored before lone surrogates were refused: the rollups come from its other answers.
    const row = (await stored(s.id))!;
    const old = JSON.parse(row.answers) as Record<string, unknown>;
    await app.ctx.db
      .updateTable("response")
      .set({ answers: JSON.stringify({ ...old, comment: "x\ud800" }) })
      .where("id", "=", row.id)
      .execute();
    expect((await deleteResponse(app.ctx, s.id)).deleted).toBe(true);
    expect(await rollups()).toEqual(before);
  });
});

describe("retention", () => {
  it("clears free text after the comments limit, deletes raw responses after the raw limit, keeps the rollups", async () => {
    const old = [
      await send(answers(), { now: daysAgo(100) }),
      await send(answers(), { now: daysAgo(95) }),
    ];
    const middle = [
      await send(answers(), { now: daysAgo(40) }),
      await send(answers(), { now: daysAgo(35) }),
      await send(answers(), { now: daysAgo(31) }),
    ];
    const recent = [
      await send(answers(), { now: daysAgo(2) }),
      await send(answers(), { now: daysAgo(29) }),
    ];
    const before = await rollups();
    const policy = { commentsDays: 30, rawDays: 90 };

    const dry = await applyRetention(app.ctx, policy, { now: NOW, dryRun: true });
    expect([dry.deleted, dry.redacted]).toEqual([2, 3]);
    expect((await stored(old[0]!.id))?.answers).toBe(JSON.stringify(old[0]!.answers));

    const run = await applyRetention(app.ctx, policy, { now: NOW });
    expect([run.deleted, run.redacted]).toEqual([2, 3]);
    expect(await rollups()).toEqual(before);

    for (const s of old) expect(await stored(s.id)).toBeUndefined();
    const version = (await loadVersion(app.ctx, app.version.id))!;
    for (const s of middle) {
      const a = JSON.parse((await stored(s.id))!.answers) as Record<string, unknown>;
      // Free text replaced; numbers, ratings and choices kept; still a valid response.
      const expected: Record<string, unknown> = { ...s.answers, comment: REDACTED };
      if ("reasons-Comment" in s.answers) expected["reasons-Comment"] = REDACTED;
      expect(a).toEqual(expected);
      expect(version.compiled.validate(a).ok).toBe(true);
    }
    for (const s of recent) expect((await stored(s.id))!.answers).toBe(JSON.stringify(s.answers));

    // A second run finds nothing more; one audit entry per run that changed something.
    expect(await applyRetention(app.ctx, policy, { now: NOW })).toMatchObject({
      deleted: 0,
      redacted: 0,
    });
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "retention")
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ redacted: 3, deleted: 2 });
    expect(JSON.stringify(audit)).not.toMatch(/Nguyễn|0912345678/);
  });

  it("reads its limits from RETENTION_COMMENTS_DAYS and RETENTION_RAW_DAYS", () => {
    expect(retentionFromEnv({})).toEqual({ commentsDays: null, rawDays: null });
    expect(
      retentionFromEnv({ RETENTION_COMMENTS_DAYS: "30", RETENTION_RAW_DAYS: " 365 " }),
    ).toEqual({
      commentsDays: 30,
      rawDays: 365,
    });
    expect(() => retentionFromEnv({ RETENTION_RAW_DAYS: "0" })).toThrow(/RETENTION_RAW_DAYS/);
    expect(() => retentionFromEnv({ RETENTION_COMMENTS_DAYS: "ba mươi" })).toThrow(
      /RETENTION_COMMENTS_DAYS/,
    );
  });
});

describe("erased text leaves the SQLite file and its write-ahead log", () => {
  it("after a redaction, a deletion and retention, no copy of the file holds the text", async () => {
    // Always a SQLite file: what is checked is the bytes on disk.
    const dir = mkdtempSync(join(tmpdir(), "hl-erase-"));
    const file = join(dir, "erase.db");
    try {
      app = await makeTestApp({ url: file });
      const onDisk = () =>
        Buffer.concat(
          [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
        ).toString("latin1");
      const secret = () => `BIMAT${randomUUID().slice(0, 8)}`;
      const has = (text: string) => onDisk().includes(text);
      const base = { q1: 5, q2: 4 };

      const redacted = secret();
      const a = await send({ ...base, comment: redacted });
      expect(has(redacted)).toBe(true);
      const row = (await stored(a.id))!;
      expect(await redactAnswer(app.ctx, row.id, "comment", { userId: null })).toBe(true);
      // secure_delete was off: the old cell stayed in the page's free space and in the log.
      expect(has(redacted)).toBe(false);

      const deleted = secret();
      const b = await send({ ...base, comment: deleted });
      expect((await deleteResponse(app.ctx, b.id)).deleted).toBe(true);
      expect(has(deleted)).toBe(false);

      const old = secret();
      await send({ ...base, comment: old }, { now: daysAgo(400) });
      const r = await applyRetention(app.ctx, { commentsDays: 365, rawDays: null }, { now: NOW });
      expect(r.redacted).toBe(1);
      expect(has(old)).toBe(false);
    } finally {
      await app.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
