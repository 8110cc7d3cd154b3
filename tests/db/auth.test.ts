import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  findSessionUser,
  hashPassword,
  signIn,
  startSession,
  unlockAccount,
  verifyPassword,
} from "~/services/auth.server";
import { rememberDevice, THROTTLES, throttleKey } from "~/services/sign-in-throttle.server";
import { ServiceError } from "~/services/service-error.server";
import { changePassword, createUser } from "~/services/users.server";
import { createApiToken, findApiTokenUser } from "~/services/api-tokens.server";
import { disableUser, enableUser } from "~/services/people.server";
import { createDb } from "#db/create-db";
import { insertUnit } from "#db/queries/units";
import { createAppContext } from "~/services/context.server";
import { makeTestApp, ORIGIN, PASSWORD } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
beforeEach(async () => {
  app = await makeTestApp();
});

const MAX = THROTTLES.account.max;

const withCookie = (setCookie: string) =>
  new Request(`${ORIGIN}/`, { headers: { Cookie: setCookie.split(";")[0]! } });

describe("passwords", () => {
  it("are stored as salted scrypt hashes that verify only the right password", async () => {
    const a = await hashPassword("mot-mat-khau-dai");
    const b = await hashPassword("mot-mat-khau-dai");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("mot-mat-khau-dai", a)).toBe(true);
    expect(await verifyPassword("mot-mat-khau-dai!", a)).toBe(false);
    const row = await app.ctx.db
      .selectFrom("app_user")
      .select("password_hash")
      .where("login", "=", "admin")
      .executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it("refuse short passwords and ones that contain the login", async () => {
    await expect(
      createUser(app.ctx, { login: "ngan", name: "x", password: "123", grants: [] }, null),
    ).rejects.toThrow(ServiceError);
    await expect(
      createUser(
        app.ctx,
        { login: "nguyenvana", name: "x", password: "nguyenvana2026", grants: [] },
        null,
      ),
    ).rejects.toThrow(/tên đăng nhập/);
  });
});

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one without telling which part was wrong", async () => {
    expect(await signIn(app.ctx, "admin", PASSWORD)).toMatchObject({ ok: true });
    expect(await signIn(app.ctx, "ADMIN ", PASSWORD)).toMatchObject({ ok: true });
    expect(await signIn(app.ctx, "admin", "sai-mat-khau-roi")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn(app.ctx, "khong-co-ai", PASSWORD)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("locks the account after repeated failures, even for the right password, until the lock ends", async () => {
    const now = new Date("2026-11-21T08:00:00Z");
    const at = (minutes: number) => ({ now: new Date(now.getTime() + minutes * 60_000) });
    for (let i = 0; i < MAX - 1; i++) {
      expect(await signIn(app.ctx, "viewer", `sai-${i}-mat-khau`, at(0))).toMatchObject({
        reason: "invalid",
      });
    }
    expect(await signIn(app.ctx, "viewer", "sai-lan-cuoi-cung", at(0))).toMatchObject({
      reason: "locked",
      until: "2026-11-21T08:01:00.000Z",
    });
    expect(await signIn(app.ctx, "viewer", PASSWORD, at(0.5))).toMatchObject({
      ok: false,
      reason: "locked",
    });
    // One try after each wait, and the wait doubles: 1, 2, 4, 8, then 15 minutes at most.
    expect(await signIn(app.ctx, "viewer", "sai-nua", at(1))).toMatchObject({
      until: "2026-11-21T08:03:00.000Z",
    });
    expect(await signIn(app.ctx, "viewer", "sai-nua", at(3))).toMatchObject({
      until: "2026-11-21T08:07:00.000Z",
    });
    expect(await signIn(app.ctx, "viewer", PASSWORD, at(7))).toMatchObject({ ok: true });
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "lock")
      .execute();
    expect(audit).toHaveLength(1);
    // The right password forgot the failures: five more tries before the next lock.
    for (let i = 0; i < MAX - 1; i++)
      expect(await signIn(app.ctx, "viewer", "sai", at(8))).toMatchObject({ reason: "invalid" });
  });

  it("30 parallel guesses check at most 5 passwords: the right one in position 25 does not sign in", async () => {
    // Reading the count and writing it afterwards let 27 wrong passwords be checked and the
    // right one sign in.
    const guesses = Array.from({ length: 30 }, (_, i) =>
      i === 24 ? PASSWORD : `sai-${i}-mat-khau`,
    );
    const results = await Promise.all(guesses.map((g) => signIn(app.ctx, "viewer", g)));
    expect(results.filter((r) => r.ok)).toEqual([]);
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(
      MAX - 1,
    );
    const row = await app.ctx.db
      .selectFrom("sign_in_throttle")
      .select("failures")
      .where("key", "=", throttleKey("account", "viewer"))
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(MAX);
  });

  it("unknown logins lock like real ones, and locked, unknown and wrong take the same time", async () => {
    for (let i = 0; i < MAX; i++) await signIn(app.ctx, "khong-co-ai", `sai-${i}`);
    expect(await signIn(app.ctx, "khong-co-ai", PASSWORD)).toMatchObject({ reason: "locked" });
    for (let i = 0; i < MAX; i++) await signIn(app.ctx, "viewer", `sai-${i}`);
    // A locked account answered in 14 ms, an unknown login in 48 ms: an oracle. Every path
    // now checks one scrypt hash. Medians of interleaved tries, loose for a busy machine.
    const time = async (login: string, password: string) => {
      const t = performance.now();
      await signIn(app.ctx, login, password);
      return performance.now() - t;
    };
    const samples = { locked: [] as number[], unknown: [] as number[], wrong: [] as number[] };
    for (let i = 0; i < 7; i++) {
      samples.locked.push(await time("viewer", PASSWORD));
      samples.unknown.push(await time(`khong-co-${i}`, "sai"));
      // A fresh account each time: its first wrong password, not yet locked.
      samples.wrong.push(
        await time(["admin", "manager", "analyst", "hviewer", "outsider"][i % 5]!, `sai-${i}`),
      );
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[3]!;
    const medians = Object.values(samples).map(median);
    expect(Math.min(...medians) / Math.max(...medians)).toBeGreaterThan(0.5);
  });

  it("guesses from elsewhere never lock the owner out of the browser they signed in with", async () => {
    // The owner signed in once on their own browser: it holds a device token.
    const device = "d".repeat(43);
    expect(await signIn(app.ctx, "admin", PASSWORD, { device })).toMatchObject({ ok: true });
    await rememberDevice(app.ctx.db, device, app.people.admin.id, false);
    // An attacker keeps the account locked from a dozen addresses.
    for (let i = 0; i < 12; i++)
      await signIn(app.ctx, "admin", `sai-${i}`, { address: `198.51.100.${i}` });
    expect(await signIn(app.ctx, "admin", PASSWORD, { address: "203.0.113.5" })).toMatchObject({
      reason: "locked",
    });
    // The owner's browser is counted on its own: it signs in.
    expect(
      await signIn(app.ctx, "admin", PASSWORD, { device, address: "203.0.113.5" }),
    ).toMatchObject({
      ok: true,
    });
    // Another person's browser token is no key to this account.
    await rememberDevice(app.ctx.db, "e".repeat(43), app.people.viewer.id, false);
    expect(await signIn(app.ctx, "admin", PASSWORD, { device: "e".repeat(43) })).toMatchObject({
      reason: "locked",
    });
    // `npm run unlock -- --login admin` (or an administrator above) lifts the lock for everyone.
    await unlockAccount(app.ctx, "ADMIN");
    expect(await signIn(app.ctx, "admin", PASSWORD)).toMatchObject({ ok: true });
  });

  it("one address guessing many accounts waits too, whatever login it tries next", async () => {
    const from = { address: "198.51.100.200" };
    for (let i = 0; i < THROTTLES.address.max; i++)
      await signIn(app.ctx, `nguoi-${i % 10}`, `sai-${i}`, from);
    expect(await signIn(app.ctx, "analyst", PASSWORD, from)).toMatchObject({ reason: "locked" });
    expect(await signIn(app.ctx, "analyst", PASSWORD, { address: "198.51.100.201" })).toMatchObject(
      {
        ok: true,
      },
    );
  }, 90_000);
});

describe("sessions", () => {
  it("renew the token at sign-in: the token held before no longer works", async () => {
    const first = await startSession(app.ctx, new Request(`${ORIGIN}/login`), app.people.admin.id);
    expect(await findSessionUser(app.ctx, withCookie(first))).toMatchObject({ login: "admin" });
    const second = await startSession(app.ctx, withCookie(first), app.people.admin.id);
    expect(await findSessionUser(app.ctx, withCookie(first))).toBeNull();
    expect(await findSessionUser(app.ctx, withCookie(second))).toMatchObject({ login: "admin" });
  });

  it("set HttpOnly, SameSite=Lax cookies, Secure over https, and store only a hash of the token", async () => {
    const plain = await startSession(
      app.ctx,
      new Request("http://localhost/login"),
      app.people.admin.id,
    );
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).not.toMatch(/Secure/);
    const tls = await startSession(
      app.ctx,
      new Request("https://hailong.example/login"),
      app.people.admin.id,
    );
    expect(tls).toMatch(/; Secure/);
    const token = plain.split(";")[0]!.split("=")[1]!;
    const ids = (await app.ctx.db.selectFrom("session").select("id").execute()).map((r) => r.id);
    expect(ids).not.toContain(token);
  });

  it("end everywhere when the password changes", async () => {
    const s = await startSession(app.ctx, new Request(`${ORIGIN}/login`), app.people.analyst.id);
    const wrong = await changePassword(
      app.ctx,
      app.people.analyst.id,
      "sai-mat-khau-cu",
      "mat-khau-moi-2026",
    );
    expect(wrong?.key).toBe("password.error.current");
    expect(wrong?.message).toMatch(/không đúng/);
    expect(
      await changePassword(app.ctx, app.people.analyst.id, PASSWORD, "mat-khau-moi-2026"),
    ).toBeNull();
    expect(await findSessionUser(app.ctx, withCookie(s))).toBeNull();
    expect(await signIn(app.ctx, "analyst", "mat-khau-moi-2026")).toMatchObject({ ok: true });
  });
});

describe("API tokens", () => {
  const bearer = (token: string) =>
    new Request(`${ORIGIN}/api/v1/analytics/campaigns`, {
      headers: { Authorization: `Bearer ${token}` },
    });

  it("end with a password change", async () => {
    const { token } = await createApiToken(app.ctx, app.people.analyst.id, "báo cáo");
    expect(await findApiTokenUser(app.ctx, bearer(token))).toMatchObject({ login: "analyst" });
    expect(
      await changePassword(app.ctx, app.people.analyst.id, PASSWORD, "mat-khau-moi-2026"),
    ).toBeNull();
    expect(await findApiTokenUser(app.ctx, bearer(token))).toBeNull();
    const [row] = await app.ctx.db.selectFrom("api_token").select("revoked_at").execute();
    expect(row!.revoked_at).not.toBeNull();
    // A token made afterwards works.
    const next = await createApiToken(app.ctx, app.people.analyst.id, "mới");
    expect(await findApiTokenUser(app.ctx, bearer(next.token))).toMatchObject({ login: "analyst" });
  });

  it("stay dead after a disabled person is enabled again", async () => {
    const { token } = await createApiToken(app.ctx, app.people.analyst.id, "báo cáo");
    const admin = {
      id: app.people.admin.id,
      grants: [{ role: "admin" as const, unitPath: app.units.province.path }],
    };
    await disableUser(app.ctx, app.people.analyst.id, admin);
    expect(await findApiTokenUser(app.ctx, bearer(token))).toBeNull();
    await enableUser(app.ctx, app.people.analyst.id, admin);
    expect(await findApiTokenUser(app.ctx, bearer(token))).toBeNull();
    expect(await signIn(app.ctx, "analyst", PASSWORD)).toMatchObject({ ok: true });
  });
});

describe("create-admin command", () => {
  it("creates the first administrator with the password given on standard input, never a default", () => {
    const dir = mkdtempSync(join(tmpdir(), "hl-admin-"));
    const env = { ...process.env, DATABASE_URL: join(dir, "a.db"), DEMO: "0" };
    // An empty database has no unit yet: the command says so.
    const noTree = spawnSync("npx", ["tsx", "scripts/create-admin.ts", "--login", "quantri"], {
      env,
      input: "mat-khau-rat-dai-1\n",
      encoding: "utf8",
    });
    expect(noTree.status).toBe(2);
    expect(noTree.stderr).toMatch(/No such unit/);
  }, 60_000);

  it("with a tree, makes an administrator of the top unit who can sign in", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hl-admin-"));
    const url = join(dir, "a.db");
    const handle = await createDb(url);
    await insertUnit(handle.db, {
      code: "T",
      name: "Tỉnh",
      kind: "province",
      sector: "administrative",
    });
    await handle.close();
    const env = { ...process.env, DATABASE_URL: url };
    const weak = spawnSync("npx", ["tsx", "scripts/create-admin.ts", "--login", "quantri"], {
      env,
      input: "ngan\n",
      encoding: "utf8",
    });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/ít nhất 10 ký tự/);
    const ok = spawnSync("npx", ["tsx", "scripts/create-admin.ts", "--login", "quantri"], {
      env,
      input: "mat-khau-rat-dai-1\n",
      encoding: "utf8",
    });
    expect(ok.status, ok.stderr).toBe(0);
    const ctx = await createAppContext(url);
    expect(await signIn(ctx, "quantri", "mat-khau-rat-dai-1")).toMatchObject({ ok: true });
    const grants = await ctx.db.selectFrom("membership").select("role").execute();
    expect(grants).toEqual([{ role: "admin" }]);
    // Nobody is above the top administrator: when guesses lock the account, the server's
    // `npm run unlock` lifts the lock.
    for (let i = 0; i < THROTTLES.account.max; i++) await signIn(ctx, "quantri", `sai-${i}`);
    expect(await signIn(ctx, "quantri", "mat-khau-rat-dai-1")).toMatchObject({ reason: "locked" });
    const unlock = spawnSync("npx", ["tsx", "scripts/unlock.ts", "--login", "quantri"], {
      env,
      encoding: "utf8",
    });
    expect(unlock.status, unlock.stderr).toBe(0);
    expect(await signIn(ctx, "quantri", "mat-khau-rat-dai-1")).toMatchObject({ ok: true });
    await ctx.close();
  }, 90_000);
});
