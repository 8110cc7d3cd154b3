import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  findSessionUser,
  hashPassword,
  MAX_FAILED_ATTEMPTS,
  signIn,
  startSession,
  verifyPassword,
} from "~/services/auth.server";
import { changePassword, createUser, UserInputError } from "~/services/users.server";
import { createDb } from "#db/create-db";
import { insertUnit } from "#db/queries/units";
import { createAppContext } from "~/services/context.server";
import { makeTestApp, ORIGIN, PASSWORD } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
beforeEach(async () => {
  app = await makeTestApp();
});

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
    ).rejects.toThrow(UserInputError);
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
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) {
      expect(await signIn(app.ctx, "viewer", `sai-${i}-mat-khau`, now)).toMatchObject({
        reason: "invalid",
      });
    }
    expect(await signIn(app.ctx, "viewer", "sai-lan-cuoi-cung", now)).toMatchObject({
      reason: "locked",
    });
    expect(await signIn(app.ctx, "viewer", PASSWORD, now)).toMatchObject({
      ok: false,
      reason: "locked",
    });
    const later = new Date(now.getTime() + 16 * 60_000);
    expect(await signIn(app.ctx, "viewer", PASSWORD, later)).toMatchObject({ ok: true });
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "lock")
      .execute();
    expect(audit).toHaveLength(1);
  });
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
    expect(
      await changePassword(app.ctx, app.people.analyst.id, "sai-mat-khau-cu", "mat-khau-moi-2026"),
    ).toMatch(/không đúng/);
    expect(
      await changePassword(app.ctx, app.people.analyst.id, PASSWORD, "mat-khau-moi-2026"),
    ).toBeNull();
    expect(await findSessionUser(app.ctx, withCookie(s))).toBeNull();
    expect(await signIn(app.ctx, "analyst", "mat-khau-moi-2026")).toMatchObject({ ok: true });
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
    await ctx.close();
  }, 60_000);
});
