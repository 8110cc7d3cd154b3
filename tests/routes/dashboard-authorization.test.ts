/**
 * Dashboards: every loader requires sign-in and results.read on the unit it shows; a user sees
 * only units inside their roles. Tried for every role against every dashboard route.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as overview from "~/routes/dashboard._index";
import * as channels from "~/routes/dashboard.channels";
import * as sdg from "~/routes/dashboard.sdg";
import * as comments from "~/routes/dashboard.comments";
import * as compare from "~/routes/dashboard.compare";
import * as distribution from "~/routes/dashboard.distribution";
import * as hours from "~/routes/dashboard.hours";
import * as targets from "~/routes/dashboard.targets";
import * as trend from "~/routes/dashboard.trend";
import * as units from "~/routes/dashboard.units";
import { RateLimiter } from "~/services/rate-limit.server";
import { submitResponse } from "~/services/ingest.server";
import { asUser, makeTestApp, EVERYONE, type Who } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;

const LOADERS = {
  "/dashboard": overview.loader,
  "/dashboard/units": units.loader,
  "/dashboard/trend": trend.loader,
  "/dashboard/distribution": distribution.loader,
  "/dashboard/hours": hours.loader,
  "/dashboard/comments": comments.loader,
  "/dashboard/compare": compare.loader,
  "/dashboard/targets": targets.loader,
  "/dashboard/channels": channels.loader,
  "/dashboard/sdg": sdg.loader,
} as const;

beforeAll(async () => {
  app = await makeTestApp();
  const limiter = new RateLimiter(0);
  const send = (token: string, answers: Record<string, unknown>) =>
    submitResponse(app.ctx, { id: crypto.randomUUID(), token, answers }, { limiter });
  for (let i = 0; i < 4; i++)
    await send(app.link.token, { q1: 5, q2: 4, comment: `Trung tâm tốt ${i}` });
  for (let i = 0; i < 3; i++)
    await send(app.counterLink.token, {
      q1: 2,
      q2: 5,
      reasons: ["cho_lau"],
      comment: `<b>Quầy</b> chậm ${i} <script>x</script>`,
    });
});

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    const r = await run();
    if (r instanceof Response) return { status: r.status, body: null };
    const init = (r as { init?: { status?: number }; data?: unknown } | null)?.init;
    return { status: init?.status ?? 200, body: init ? (r as { data: unknown }).data : r };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, body: null };
    const thrown = e as { init?: { status?: number }; data?: unknown };
    if (thrown.init?.status) return { status: thrown.init.status, body: thrown.data };
    throw e;
  }
}

const userId = (who: Who) => (who === "anonymous" ? null : app.people[who].id);

async function load(path: keyof typeof LOADERS, who: Who, query = "") {
  const request = await asUser(app.ctx, userId(who), `${path}${query}`);
  return outcome(() => LOADERS[path]({ request, params: {}, context: {} }));
}

type Body = { selection: { unit: { id: string } } };

describe.each(Object.keys(LOADERS) as Array<keyof typeof LOADERS>)("%s", (path) => {
  it.each(EVERYONE)("%s without a unit: their own top unit, or sign-in", async (who) => {
    const r = await load(path, who);
    if (who === "anonymous") {
      expect(r.status).toBe(302);
      return;
    }
    expect(r.status).toBe(200);
    const own = {
      admin: app.units.province,
      manager: app.units.centre,
      analyst: app.units.province,
      viewer: app.units.counter,
      hospitalViewer: app.units.hospital,
      outsider: app.units.other,
    }[who];
    expect((r.body as Body).selection.unit.id).toBe(own.id);
  });

  it.each(EVERYONE)("%s asking for the province", async (who) => {
    const r = await load(path, who, `?unit=${app.units.province.id}`);
    const allowed = who === "admin" || who === "analyst";
    expect(r.status).toBe(who === "anonymous" ? 302 : allowed ? 200 : 404);
  });

  it.each(EVERYONE)("%s asking for the counter", async (who) => {
    const r = await load(path, who, `?unit=${app.units.counter.id}`);
    const allowed = ["admin", "analyst", "manager", "viewer"].includes(who);
    expect(r.status).toBe(who === "anonymous" ? 302 : allowed ? 200 : 404);
  });
});

describe("what each role sees", () => {
  it("counts only the responses inside the unit shown", async () => {
    const responses = async (who: Who, query = "") =>
      ((await load("/dashboard", who, query)).body as { overview: { responses: number } | null })
        .overview?.responses ?? 0;
    expect(await responses("admin")).toBe(7);
    expect(await responses("manager")).toBe(7); // the centre holds the counter
    expect(await responses("viewer")).toBe(3);
    expect(await responses("hospitalViewer")).toBe(0);
    expect(await responses("outsider")).toBe(0);
    expect(await responses("admin", `?unit=${app.units.counter.id}`)).toBe(3);
  });

  it("shows comments only from the user's subtree, as plain text", async () => {
    const texts = async (who: Who) => {
      const body = (await load("/dashboard/comments", who)).body as {
        comments: { comments: Array<{ texts: Array<{ text: string }> }> } | null;
      };
      return (body.comments?.comments ?? []).flatMap((c) => c.texts.map((t) => t.text));
    };
    const viewer = await texts("viewer");
    expect(viewer).toHaveLength(3);
    expect(viewer.every((t) => t.startsWith("<b>Quầy</b>"))).toBe(true);
    expect(await texts("admin")).toHaveLength(7);
    expect(await texts("hospitalViewer")).toEqual([]);
    const found = (await load("/dashboard/comments", "admin", "?q=trung%20tam")).body as {
      comments: { comments: unknown[] };
    };
    expect(found.comments.comments).toHaveLength(4);
  });

  it("does not compare with a unit outside the user's roles", async () => {
    const r = await load(
      "/dashboard/compare",
      "viewer",
      `?mode=units&unit2=${app.units.hospital.id}`,
    );
    expect(r.status).toBe(200);
    expect((r.body as { comparison: unknown }).comparison).toBeNull();
    const ok = await load(
      "/dashboard/compare",
      "admin",
      `?unit=${app.units.centre.id}&mode=units&unit2=${app.units.hospital.id}`,
    );
    expect((ok.body as { comparison: { error: null } }).comparison.error).toBeNull();
    const nested = await load(
      "/dashboard/compare",
      "admin",
      `?unit=${app.units.centre.id}&mode=units&unit2=${app.units.counter.id}`,
    );
    expect((nested.body as { comparison: { error: string } }).comparison.error).toBe("nested");
  });
});

describe("targets", () => {
  const form = (over: Record<string, string>) =>
    new URLSearchParams({
      intent: "add",
      unitId: "",
      sector: "administrative",
      comparator: "gt",
      pct: "92",
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
      source: "Kế hoạch thử nghiệm",
      verification: "verified",
      ...over,
    });
  const post = async (who: Who, body: URLSearchParams, origin?: string) => {
    const request = await asUser(app.ctx, userId(who), "/dashboard/targets", {
      method: "POST",
      body,
    });
    const r = origin ? new Request(request, { headers: new Headers(request.headers) }) : request;
    if (origin) r.headers.set("Origin", origin);
    return outcome(() => targets.action({ request: r, params: {}, context: {} }));
  };
  const count = async () =>
    Number(
      (
        await app.ctx.db
          .selectFrom("target")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("lets a manager set their unit's target, not a default or another unit's", async () => {
    const before = await count();
    expect((await post("manager", form({ unitId: app.units.centre.id }))).status).toBe(302);
    expect(await count()).toBe(before + 1);
    expect((await post("manager", form({ unitId: "" }))).status).toBe(403);
    expect((await post("manager", form({ unitId: app.units.hospital.id }))).status).toBe(403);
    expect((await post("viewer", form({ unitId: app.units.counter.id }))).status).toBe(403);
    expect((await post("analyst", form({ unitId: app.units.counter.id }))).status).toBe(403);
    expect((await post("anonymous", form({}))).status).toBe(302); // to sign-in
    expect(await count()).toBe(before + 1);
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "target.add")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("lets an administrator of the top unit set defaults, and refuses another origin", async () => {
    const before = await count();
    expect(
      (await post("admin", form({ unitId: "", source: "Kế hoạch 2015 (lịch sử)" }))).status,
    ).toBe(302);
    expect((await post("outsider", form({ unitId: "" }))).status).toBe(302); // admin of its own top unit
    expect((await post("admin", form({ pct: "120" }))).status).toBe(400);
    expect((await post("admin", form({}), "https://evil.example")).status).toBe(403);
    expect(await count()).toBe(before + 2);
  });

  it("applies a unit's own target on its dashboard", async () => {
    const r = await load("/dashboard", "manager");
    const target = (r.body as { overview: { target: { pct: number; origin: string } } }).overview
      .target;
    expect(target).toMatchObject({ pct: 92, origin: "unit" });
  });
});
