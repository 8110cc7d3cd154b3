/** The analysts' API: its figures, its paging, and the OpenAPI file that describes it. */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as openapi } from "~/routes/api.v1.analytics.openapi[.]json";
import { loader as results } from "~/routes/api.v1.analytics.campaigns.$campaignId.results";
import { loader as responses } from "~/routes/api.v1.analytics.campaigns.$campaignId.responses";
import { createApiToken } from "~/services/api-tokens.server";
import { findCampaignResults } from "~/services/results.server";
import { makeTestApp } from "../fixtures/app";
import { runLoader, seedKnownResponses } from "../fixtures/exports";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let token: string;

beforeAll(async () => {
  app = await makeTestApp();
  await seedKnownResponses(app);
  token = (await createApiToken(app.ctx, app.people.analyst.id, "tests")).token;
});

async function call(loader: unknown, path: string, params: Record<string, string>) {
  const r = await runLoader(
    loader as never,
    new Request(`http://localhost${path}`, { headers: { Authorization: `Bearer ${token}` } }),
    params,
  );
  if (!(r instanceof Response)) throw new Error(`status ${r.status}`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe("analytics API", () => {
  it("gives the results page's figures for a filter, and per unit", async () => {
    const id = app.campaign.id;
    const q = `?unit=${app.units.centre.id}&from=2026-04&channel=link`;
    const r = await call(results, `/api/v1/analytics/campaigns/${id}/results${q}`, {
      campaignId: id,
    });
    expect(r.status).toBe(200);
    const page = (await findCampaignResults(app.ctx, id, {
      unitPath: app.units.centre.path,
      periodFrom: "2026-04",
      channel: "link",
    }))!.result;
    const result = r.body.result as typeof page;
    expect(result.overall).toMatchObject(page.overall);
    // Beside the rate, the satisfaction index: mean / maxPoints, with the mean's interval.
    const idx = (result.overall as unknown as { index: { value: number; low: number } }).index;
    expect(idx.value).toBeCloseTo(page.overall.mean! / page.maxPoints!, 12);
    expect(idx.low).toBeCloseTo(page.overall.meanLow! / page.maxPoints!, 12);
    expect(result.items.map((i) => i.rate)).toEqual(page.items.map((i) => i.rate));
    expect(result.options).toEqual(page.options);
    const byUnit = await call(results, `/api/v1/analytics/campaigns/${id}/results?by=unit`, {
      campaignId: id,
    });
    const units = byUnit.body.units as Array<{ unit: { code: string }; overall: { rate: number } }>;
    const counter = (await findCampaignResults(app.ctx, id, { unitPath: app.units.counter.path }))!
      .result;
    expect(units.find((u) => u.unit.code === "P-C-1")!.overall).toMatchObject(counter.overall);
  });

  it("pages through the raw responses without gaps or repeats", async () => {
    const id = app.campaign.id;
    const seen: string[] = [];
    let after = "";
    for (let i = 0; i < 20; i++) {
      const r = await call(
        responses,
        `/api/v1/analytics/campaigns/${id}/responses?limit=5&from=2026-04${after ? `&after=${after}` : ""}`,
        { campaignId: id },
      );
      const body = r.body as {
        responses: Array<{ id: string; period: string }>;
        next: string | null;
      };
      seen.push(...body.responses.map((x) => x.id));
      for (const x of body.responses) expect(x.period >= "2026-04").toBe(true);
      if (!body.next) break;
      after = body.next;
    }
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
    const bad = await runLoader(
      responses as never,
      new Request(`http://localhost/api/v1/analytics/campaigns/${id}/responses?limit=0`, {
        headers: { Authorization: `Bearer ${token}` },
      }),
      { campaignId: id },
    );
    expect(bad.status).toBe(400);
  });

  it("is described by an OpenAPI file whose paths are exactly the API's routes", async () => {
    const r = (await runLoader(
      openapi as never,
      new Request("http://localhost/api/v1/analytics/openapi.json"),
      {},
    )) as Response;
    const doc = (await r.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      servers: Array<{ url: string }>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0]!.url).toBe("http://localhost");
    const documented = Object.keys(doc.paths)
      .map((p) =>
        p
          .replace(/^\//, "")
          .replaceAll("/", ".")
          .replace(/\{(\w+)\}/g, "$$$1")
          .replace(".json", "[.]json"),
      )
      .sort();
    const files = readdirSync(resolve(__dirname, "../../app/routes"))
      .filter((f) => f.startsWith("api.v1.analytics"))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(documented).toEqual(files);
    // Every $ref points at a schema that exists.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1],
    );
    const schemas = Object.keys(
      (doc as unknown as { components: { schemas: object } }).components.schemas,
    );
    for (const ref of refs) expect(schemas).toContain(ref);
  });
});
