/**
 * /api/v1/webhooks with a system client's bearer token: register, list, delete; refusals
 * as JSON with a message a person can act on; nothing stored by a refused request.
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { action, loader } from "~/routes/api.v1.webhooks";
import { action as deleteAction } from "~/routes/api.v1.webhooks.$webhookId";
import { loader as openapi } from "~/routes/api.v1.openapi[.]json";
import { dossierBodySchema } from "~/domain/dossier";
import { submissionSchema } from "~/domain/submission";
import { createClient, revokeClient } from "~/services/clients.server";
import { connectOpenApiDocument } from "~/services/connect-openapi.server";
import { loadActor } from "~/services/service-error.server";
import { makeTestApp } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let token: string;

beforeEach(async () => {
  app = await makeTestApp();
  token = (
    await createClient(app.ctx, { name: "Hệ thống một cửa", unitId: app.units.province.id }, null)
  ).token;
});
afterEach(() => vi.unstubAllEnvs());

const good = {
  url: "https://motcua.example.gov.vn/hai-long/events",
  secret: "khoa-ky-cua-he-thong-mot-cua-2026",
  events: ["response.accepted", "dossier.rated"],
};

function req(method: string, body?: unknown, bearer: string | null = token, path = "") {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
  return new Request(`http://localhost/api/v1/webhooks${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const post = async (body: unknown, bearer?: string | null) => {
  const res = (await action({
    request: req("POST", body, bearer),
    params: {},
    context: {},
  })) as Response;
  return {
    status: res.status,
    body: (await res.json()) as { message?: string; webhook: { id: string } & object },
  };
};

const stored = () => app.ctx.db.selectFrom("webhook").selectAll().execute();

describe("/api/v1/webhooks", () => {
  it("registers a webhook over the client's subtree, lists it and deletes it", async () => {
    const made = await post(good);
    expect(made.status).toBe(201);
    expect(made.body.webhook).toMatchObject({
      url: good.url,
      events: good.events,
      includeAnswers: false,
    });
    expect(JSON.stringify(made.body)).not.toContain(good.secret);
    const [row] = await stored();
    expect(row).toMatchObject({ unit_id: app.units.province.id, secret: good.secret });

    const list = (await loader({ request: req("GET"), params: {}, context: {} })) as Response;
    const listed = (await list.json()) as { webhooks: Array<{ id: string }> };
    expect(listed.webhooks.map((w) => w.id)).toEqual([made.body.webhook.id]);

    const other = (
      await createClient(app.ctx, { name: "Hệ thống khác", unitId: app.units.other.id }, null)
    ).token;
    const del = (id: string, bearer: string) =>
      deleteAction({
        request: req("DELETE", undefined, bearer, `/${id}`),
        params: { webhookId: id },
        context: {},
      }) as Promise<Response>;
    expect((await del(made.body.webhook.id, other)).status).toBe(404);
    expect((await del(made.body.webhook.id, token)).status).toBe(204);
    expect((await stored())[0]!.deleted_at).not.toBeNull();
  });

  it("refuses without a valid client token (401), a revoked one included, storing nothing", async () => {
    expect((await post(good, null)).status).toBe(401);
    expect((await post(good, "hlc_" + "x".repeat(40))).status).toBe(401);
    const made = await createClient(
      app.ctx,
      { name: "Hệ thống cũ", unitId: app.units.centre.id },
      null,
    );
    await revokeClient(app.ctx, made.id, await loadActor(app.ctx, app.people.admin.id));
    const r = await post(good, made.token);
    expect(r.status).toBe(401);
    expect(r.body.message).toBeTruthy();
    expect(await stored()).toEqual([]);
  });

  it.each([
    [{ ...good, url: "ftp://example.com" }, /http/],
    [{ ...good, url: "http://169.254.169.254/latest/meta-data" }, /nội bộ/],
    [{ ...good, url: "http://[::ffff:127.0.0.1]:8080/" }, /nội bộ/],
    [{ ...good, secret: "ngan" }, /16/],
    [{ ...good, events: [] }, /sự kiện/],
    [{ ...good, events: ["response.deleted"] }, /sự kiện/],
    [[1, 2], /chưa đúng/],
  ])("refuses %j with 400 and a message", async (body, message) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(message);
    expect(await stored()).toEqual([]);
  });

  it("accepts a loopback receiver when WEBHOOK_ALLOW_PRIVATE=1", async () => {
    vi.stubEnv("WEBHOOK_ALLOW_PRIVATE", "1");
    expect((await post({ ...good, url: "http://127.0.0.1:9/hook" })).status).toBe(201);
  });

  it("refuses a body that is not JSON (400) or too large (413)", async () => {
    const raw = (body: string) =>
      action({
        request: new Request("http://localhost/api/v1/webhooks", {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
          body,
        }),
        params: {},
        context: {},
      }) as Promise<Response>;
    expect((await raw("{")).status).toBe(400);
    expect((await raw(JSON.stringify({ ...good, description: "x".repeat(100_000) }))).status).toBe(
      413,
    );
  });
});

describe("/api/v1/openapi.json", () => {
  it("describes exactly the connection routes, and every event sent", async () => {
    const res = (await openapi({
      request: new Request("http://localhost/api/v1/openapi.json"),
      params: {},
      context: {},
    })) as Response;
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      webhooks: Record<string, unknown>;
      components: { schemas: object };
    };
    expect(doc.openapi).toBe("3.1.0");
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
      .filter(
        (f) =>
          f.startsWith("api.v1.webhooks") ||
          f === "api.v1.dossiers.ts" ||
          f === "api.v1.responses.ts" ||
          f === "api.v1.imports.ts" ||
          f === "api.v1.openapi[.]json.ts",
      )
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(documented).toEqual(files);
    expect(Object.keys(doc.webhooks).sort()).toEqual([
      "alert.raised",
      "dossier.rated",
      "response.accepted",
      "response.flagged",
      "response.restored",
    ]);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)];
    for (const m of refs) expect(Object.keys(doc.components.schemas)).toContain(m[1]);
  });

  it("documents exactly the fields POST /api/v1/dossiers accepts, as its zod schema says", () => {
    type Schema = {
      properties: Record<string, { enum?: string[]; properties?: object }>;
      required?: string[];
      additionalProperties?: boolean;
    };
    const schemas = connectOpenApiDocument("http://localhost").components.schemas as Record<
      string,
      Schema
    >;
    const doc = schemas.DossierInput!;
    const shape = dossierBodySchema.innerType().shape;
    const required = (s: Record<string, { isOptional(): boolean }>) =>
      Object.keys(s).filter((k) => !s[k]!.isOptional());
    expect(Object.keys(doc.properties).sort()).toEqual(Object.keys(shape).sort());
    expect([...(doc.required ?? [])].sort()).toEqual(required(shape).sort());
    expect(doc.additionalProperties).toBe(false);
    expect(doc.properties.channel!.enum).toEqual(shape.channel.options);
    const contact = shape.contact.unwrap().shape;
    expect(Object.keys(doc.properties.contact!.properties!).sort()).toEqual(
      Object.keys(contact).sort(),
    );
  });

  it("documents exactly the fields POST /api/v1/responses accepts, as its zod schema says", () => {
    type Schema = { properties: Record<string, object>; required?: string[] };
    const schemas = connectOpenApiDocument("http://localhost").components.schemas as Record<
      string,
      Schema
    >;
    const doc = schemas.ResponseInput!;
    const shape = submissionSchema.shape as Record<string, { isOptional(): boolean }>;
    expect(Object.keys(doc.properties).sort()).toEqual(Object.keys(shape).sort());
    expect([...(doc.required ?? [])].sort()).toEqual(
      Object.keys(shape)
        .filter((k) => !shape[k]!.isOptional())
        .sort(),
    );
  });
});
