/**
 * The roles matrix over the exports, reports, publication and the analysts' API: every
 * person of tests/fixtures/app.ts (and anonymous) against every loader and action, in the
 * browser (session) and through API tokens, which carry their owner's current roles.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as exportsIndex from "~/routes/exports._index";
import * as exportsCampaign from "~/routes/exports.$campaignId";
import * as download from "~/routes/export.$campaignId.$format";
import * as report from "~/routes/reports.$campaignId";
import * as reportPdf from "~/routes/reports.$campaignId_.pdf";
import * as apiCampaigns from "~/routes/api.v1.analytics.campaigns";
import * as apiResults from "~/routes/api.v1.analytics.campaigns.$campaignId.results";
import * as apiResponses from "~/routes/api.v1.analytics.campaigns.$campaignId.responses";
import * as publicResults from "~/routes/public.results.$campaignId";
import { createApiToken, revokeOwnApiToken } from "~/services/api-tokens.server";
import { publishResults, unpublishResults } from "~/services/report-public.server";
import { asUser, makeTestApp, EVERYONE, type Who } from "../fixtures/app";
import { runLoader, seedKnownResponses } from "../fixtures/exports";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
const userId = (who: Who) => (who === "anonymous" ? null : app.people[who].id);
const tokens = {} as Record<Exclude<Who, "anonymous">, string>;

beforeAll(async () => {
  app = await makeTestApp();
  await seedKnownResponses(app);
  for (const who of EVERYONE) {
    if (who === "anonymous") continue;
    tokens[who] = (await createApiToken(app.ctx, app.people[who].id, `${who} token`)).token;
  }
});

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => unknown;

async function status(
  who: Who,
  loader: Loader,
  path: string,
  params: Record<string, string>,
  init: RequestInit = {},
) {
  const request = await asUser(app.ctx, userId(who), path, init);
  return (await runLoader(loader, request, params)).status;
}

/** Campaign routes: analysts and above over part of the scope; viewers read but may not export. */
const CAMPAIGN: Record<Who, number> = {
  anonymous: 302,
  admin: 200,
  manager: 200, // over the centre, inside the campaign's scope
  analyst: 200,
  viewer: 403, // may read the results, not export them
  hospitalViewer: 403,
  outsider: 404, // not told that the campaign exists
};

describe("session routes", () => {
  it.each(EVERYONE)("/exports: %s", async (who) => {
    const expected =
      who === "anonymous" ? 302 : who === "viewer" || who === "hospitalViewer" ? 403 : 200;
    const request = await asUser(app.ctx, userId(who), "/exports");
    const r = await runLoader(exportsIndex.loader as Loader, request, {});
    expect(r.status).toBe(expected);
    if (r.status === 200 && !(r instanceof Response)) {
      const ids = (r.body as { campaigns: Array<{ id: string }> }).campaigns.map((c) => c.id);
      if (who === "outsider") expect(ids).toEqual([]);
      else expect(ids).toContain(app.campaign.id);
    }
  });

  it.each(EVERYONE)("/exports/:id: %s", async (who) => {
    const id = app.campaign.id;
    expect(
      await status(who, exportsCampaign.loader as Loader, `/exports/${id}`, { campaignId: id }),
    ).toBe(CAMPAIGN[who]);
  });

  it.each(EVERYONE)("/export/:id/csv and /xlsx: %s", async (who) => {
    const id = app.campaign.id;
    for (const format of ["csv", "xlsx", "json", "csv-labels"]) {
      const s = await status(who, download.loader as Loader, `/export/${id}/${format}`, {
        campaignId: id,
        format,
      });
      expect(s, format).toBe(CAMPAIGN[who]);
    }
  });

  it.each(EVERYONE)("/reports/:id: %s", async (who) => {
    const id = app.campaign.id;
    expect(
      await status(who, report.loader as Loader, `/reports/${id}?year=2026&period=Y`, {
        campaignId: id,
      }),
    ).toBe(CAMPAIGN[who]);
  });

  it.each(EVERYONE)(
    "/reports/:id/pdf: %s",
    async (who) => {
      const id = app.campaign.id;
      // With CHROMIUM_PATH=none the permitted answer is 503; the refusals do not depend on it.
      const ok = process.env.CHROMIUM_PATH === "none" ? 503 : 200;
      const expected = CAMPAIGN[who] === 200 ? ok : CAMPAIGN[who];
      expect(
        await status(who, reportPdf.loader as Loader, `/reports/${id}/pdf?year=2026&period=Q1`, {
          campaignId: id,
        }),
      ).toBe(expected);
    },
    60_000,
  );

  it("exports only the manager's subtree, whatever unit is asked for", async () => {
    const id = app.campaign.id;
    const request = await asUser(app.ctx, app.people.manager.id, `/export/${id}/json`);
    const r = (await runLoader(download.loader as Loader, request, {
      campaignId: id,
      format: "json",
    })) as Response;
    const body = JSON.parse(await r.text()) as {
      unit: { id: string };
      responses: Array<{ unitCode: string }>;
    };
    expect(body.unit.id).toBe(app.units.centre.id);
    expect(new Set(body.responses.map((x) => x.unitCode))).toEqual(new Set(["P-C", "P-C-1"]));
    const wider = await asUser(
      app.ctx,
      app.people.manager.id,
      `/export/${id}/json?unit=${app.units.province.id}`,
    );
    expect(
      (await runLoader(download.loader as Loader, wider, { campaignId: id, format: "json" }))
        .status,
    ).toBe(403);
  });
});

describe("actions", () => {
  const form = (fields: Record<string, string>): RequestInit => ({
    method: "POST",
    body: new URLSearchParams(fields),
  });

  it.each(EVERYONE)("create an API token: %s", async (who) => {
    const expected =
      who === "anonymous" ? 302 : who === "viewer" || who === "hospitalViewer" ? 403 : 200;
    const s = await status(
      who,
      exportsIndex.action as Loader,
      "/exports",
      {},
      form({ intent: "create-token", name: "R" }),
    );
    expect(s).toBe(expected);
  });

  it("revokes only one's own tokens, and refuses another origin (CSRF)", async () => {
    const mine = await createApiToken(app.ctx, app.people.analyst.id, "mine");
    // The admin cannot revoke the analyst's token.
    expect(
      await status(
        "admin",
        exportsIndex.action as Loader,
        "/exports",
        {},
        form({ intent: "revoke-token", id: mine.id }),
      ),
    ).toBe(404);
    const request = await asUser(
      app.ctx,
      app.people.analyst.id,
      "/exports",
      form({ intent: "revoke-token", id: mine.id }),
    );
    const forged = new Request(request, { headers: new Headers(request.headers) });
    forged.headers.set("Origin", "https://evil.example");
    expect((await runLoader(exportsIndex.action as Loader, forged, {})).status).toBe(403);
    expect(
      await status(
        "analyst",
        exportsIndex.action as Loader,
        "/exports",
        {},
        form({ intent: "revoke-token", id: mine.id }),
      ),
    ).toBe(200);
  });

  it.each(EVERYONE)("publish results: %s", async (who) => {
    const expected: Record<Who, number> = {
      anonymous: 302,
      admin: 200,
      manager: 403,
      analyst: 403,
      viewer: 403,
      hospitalViewer: 403,
      outsider: 404,
    };
    const id = app.campaign.id;
    expect(
      await status(
        who,
        exportsCampaign.action as Loader,
        `/exports/${id}`,
        { campaignId: id },
        form({ intent: "publish" }),
      ),
    ).toBe(expected[who]);
  });

  it("lets anyone read a published page, signed in or not, and no one an unpublished one", async () => {
    const id = app.campaign.id;
    await unpublishResults(app.ctx, app.people.admin.id, id);
    for (const who of EVERYONE)
      expect(
        await status(who, publicResults.loader as Loader, `/public/results/${id}`, {
          campaignId: id,
        }),
      ).toBe(404);
    await publishResults(
      app.ctx,
      { id: app.people.admin.id, grants: [{ role: "admin", unitPath: app.units.province.path }] },
      id,
      {},
    );
    for (const who of EVERYONE)
      expect(
        await status(who, publicResults.loader as Loader, `/public/results/${id}`, {
          campaignId: id,
        }),
      ).toBe(200);
  });
});

describe("API tokens carry their owner's roles", () => {
  const call = async (
    who: Who | "none" | string,
    loader: Loader,
    path: string,
    params: Record<string, string>,
  ) => {
    const headers: Record<string, string> = {};
    if (who !== "none" && who !== "anonymous")
      headers.Authorization = `Bearer ${tokens[who as keyof typeof tokens] ?? who}`;
    return runLoader(loader, new Request(`http://localhost${path}`, { headers }), params);
  };
  const API: Record<Who, number> = {
    anonymous: 401,
    admin: 200,
    manager: 200,
    analyst: 200,
    viewer: 403,
    hospitalViewer: 403,
    outsider: 404,
  };

  it.each(EVERYONE)("results and responses: %s", async (who) => {
    const id = app.campaign.id;
    const results = await call(
      who,
      apiResults.loader as Loader,
      `/api/v1/analytics/campaigns/${id}/results`,
      { campaignId: id },
    );
    expect(results.status).toBe(API[who]);
    const responses = await call(
      who,
      apiResponses.loader as Loader,
      `/api/v1/analytics/campaigns/${id}/responses`,
      { campaignId: id },
    );
    expect(responses.status).toBe(API[who]);
    if (who === "manager") {
      const body = (await (responses as Response).json()) as { unit: { id: string } };
      expect(body.unit.id).toBe(app.units.centre.id);
    }
  });

  it.each(EVERYONE)("campaign list: %s", async (who) => {
    const r = await call(who, apiCampaigns.loader as Loader, "/api/v1/analytics/campaigns", {});
    expect(r.status).toBe(who === "anonymous" ? 401 : 200);
    if (r instanceof Response && r.status === 200) {
      const ids = ((await r.json()) as { campaigns: Array<{ id: string }> }).campaigns.map(
        (c) => c.id,
      );
      if (["admin", "manager", "analyst"].includes(who)) expect(ids).toContain(app.campaign.id);
      else expect(ids).toEqual([]);
    }
  });

  it("refuses a wrong, revoked or expired token, and a disabled owner's", async () => {
    const id = app.campaign.id;
    const path = `/api/v1/analytics/campaigns/${id}/results`;
    expect(
      (
        await call("hl_notarealtokennotarealtoken", apiResults.loader as Loader, path, {
          campaignId: id,
        })
      ).status,
    ).toBe(401);
    const t = await createApiToken(app.ctx, app.people.analyst.id, "short");
    expect(
      (await call(t.token, apiResults.loader as Loader, path, { campaignId: id })).status,
    ).toBe(200);
    await revokeOwnApiToken(app.ctx, app.people.analyst.id, t.id);
    expect(
      (await call(t.token, apiResults.loader as Loader, path, { campaignId: id })).status,
    ).toBe(401);
    const old = await createApiToken(
      app.ctx,
      app.people.analyst.id,
      "old",
      1,
      new Date("2020-01-01"),
    );
    expect(
      (await call(old.token, apiResults.loader as Loader, path, { campaignId: id })).status,
    ).toBe(401);
    // The stored hash is not the token.
    const row = await app.ctx.db
      .selectFrom("api_token")
      .selectAll()
      .where("id", "=", t.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(t.token);
    // A role taken away takes the token's access with it.
    const tmp = await createApiToken(app.ctx, app.people.hospitalViewer.id, "x");
    await app.ctx.db
      .updateTable("membership")
      .set({ role: "analyst" })
      .where("user_id", "=", app.people.hospitalViewer.id)
      .execute();
    expect(
      (await call(tmp.token, apiResults.loader as Loader, path, { campaignId: id })).status,
    ).toBe(200);
    await app.ctx.db
      .updateTable("membership")
      .set({ role: "viewer" })
      .where("user_id", "=", app.people.hospitalViewer.id)
      .execute();
    expect(
      (await call(tmp.token, apiResults.loader as Loader, path, { campaignId: id })).status,
    ).toBe(403);
    await app.ctx.db
      .updateTable("app_user")
      .set({ disabled_at: new Date().toISOString() })
      .where("id", "=", app.people.analyst.id)
      .execute();
    expect(
      (await call("analyst", apiResults.loader as Loader, path, { campaignId: id })).status,
    ).toBe(401);
    await app.ctx.db
      .updateTable("app_user")
      .set({ disabled_at: null })
      .where("id", "=", app.people.analyst.id)
      .execute();
  });

  it("does not accept a session cookie instead of a token", async () => {
    const id = app.campaign.id;
    const request = await asUser(
      app.ctx,
      app.people.admin.id,
      `/api/v1/analytics/campaigns/${id}/results`,
    );
    expect((await runLoader(apiResults.loader as Loader, request, { campaignId: id })).status).toBe(
      401,
    );
  });
});
