/**
 * Forms as an attacker fills them: the unit CSV import's size limits, where sign-in sends
 * people afterwards, and state-changing requests from other sites.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as login from "~/routes/login";
import * as unitsImport from "~/routes/admin.units.import";
import { MAX_UNIT_CSV_BYTES } from "~/domain/unit-csv";
import { asUser, makeTestApp, ORIGIN, PASSWORD } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;

async function outcome(run: () => Promise<unknown>) {
  try {
    const r = await run();
    if (r instanceof Response) return { status: r.status, headers: r.headers, body: null };
    const init = (r as { init?: { status?: number } } | null)?.init;
    return { status: init?.status ?? 200, headers: new Headers(), body: r as { data?: unknown } };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, headers: e.headers, body: null };
    const init = (e as { init?: { status?: number } }).init;
    if (init?.status) return { status: init.status, headers: new Headers(), body: e };
    throw e;
  }
}

describe("unit CSV import", () => {
  const post = async (app: App, fields: Record<string, string | Blob>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    const request = await asUser(app.ctx, app.people.admin.id, "/admin/units/import", {
      method: "POST",
      body,
    });
    return outcome(() => unitsImport.action({ request, params: {}, context: {} }));
  };
  // CRLF: a form sends line breaks as CRLF, so the byte counts are what the server reads.
  const header = "code,name,kind,sector,parent_code\r\n";
  const line = "P-C-9,Quầy 9,counter,administrative,P-C\r\n";
  const lineBytes = new TextEncoder().encode(line).byteLength;
  const rows = (bytes: number) =>
    header + line.repeat(Math.floor((bytes - header.length) / lineBytes));
  const big = rows(MAX_UNIT_CSV_BYTES + 2 * lineBytes);

  it("refuses pasted text over the limit as it refuses a file, before reading it as CSV", async () => {
    const app = await makeTestApp();
    expect(new TextEncoder().encode(big).byteLength).toBeGreaterThan(MAX_UNIT_CSV_BYTES);
    const pasted = await post(app, { intent: "check", csv: big });
    expect(pasted.status).toBe(413);
    expect(pasted.body).toMatchObject({ data: { tooLarge: true } });
    const file = await post(app, { intent: "check", file: new Blob([big], { type: "text/csv" }) });
    expect(file.status).toBe(413);
    // Just under the limit is read (and here refused line by line: duplicate codes).
    const read = await post(app, { intent: "check", csv: rows(MAX_UNIT_CSV_BYTES) });
    expect(read.status).toBe(422);
  });
});

describe("where sign-in sends people afterwards", () => {
  let app: App;
  beforeAll(async () => {
    app = await makeTestApp();
  });
  afterAll(() => app.cleanup());

  // As the query string hands them over: "/%09/evil.com" arrives as "/<tab>/evil.com".
  const OFF_SITE = [
    "/\t/evil.com",
    "/%09/evil.com",
    "/\n/evil.com",
    "/\r\nSet-Cookie: hl_session=x",
    "/\\evil.com",
    "//evil.com",
    "https://evil.com",
    "/%5C%5Cevil.com",
  ];

  it.each(OFF_SITE)(
    "after signing in with next=%j: this site's home, never a 500",
    async (next) => {
      const body = new URLSearchParams({ login: "admin", password: PASSWORD, next });
      const request = new Request(`${ORIGIN}/login`, {
        method: "POST",
        headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
      const r = await outcome(() => login.action({ request, params: {}, context: {} }));
      expect(r.status).toBe(302);
      expect(r.headers.get("Location")).toBe("/");
      // A session and a browser token ("this browser signed in here before").
      const cookies = r.headers.getSetCookie().map((c) => c.split("=")[0]);
      expect(cookies).toEqual(["hl_session", "hl_device"]);
    },
  );

  it.each(OFF_SITE)(
    "a signed-in person opening /login?next=%j stays on this site",
    async (next) => {
      const url = new URL(`${ORIGIN}/login`);
      url.searchParams.set("next", next);
      const request = await asUser(app.ctx, app.people.admin.id, `${url.pathname}${url.search}`);
      const r = await outcome(() => login.loader({ request, params: {}, context: {} }));
      expect(r.status).toBe(302);
      expect(r.headers.get("Location")).toBe("/");
    },
  );

  it("a path of this site is kept", async () => {
    const request = await asUser(
      app.ctx,
      app.people.admin.id,
      `/login?next=${encodeURIComponent("/dashboard?unit=abc")}`,
    );
    const r = await outcome(() => login.loader({ request, params: {}, context: {} }));
    expect(r.headers.get("Location")).toBe("/dashboard?unit=abc");
  });
});
