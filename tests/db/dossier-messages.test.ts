/**
 * Sending a dossier's rating link: by email to a real SMTP server on loopback, and by Zalo ZNS /
 * SMS through an HTTP gateway that the test starts on loopback, through the job runner (each
 * attempt logged, retried), with the per-dossier limit, quiet hours, and the contact erased
 * once the link is used (nothing sent then). SQLite, and PostgreSQL with TEST_DATABASE_URL.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { action as dossiersAction } from "~/routes/api.v1.dossiers";
import { submitResponse } from "~/services/ingest.server";
import { createClient } from "~/services/clients.server";
import { dossierLinkJob, queueLinkMessages } from "~/services/dossier-messages.server";
import { JobRunner } from "~/services/jobs.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { loadActor } from "~/services/service-error.server";
import { makeTestApp } from "../fixtures/app";
import { startSmtp, type TestSmtp } from "../fixtures/smtp";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let token: string;
let smtp: TestSmtp | undefined;
let gateway: Server | undefined;

beforeEach(async () => {
  app = await makeTestApp();
  await app.ctx.db.updateTable("campaign").set({ dossier_link_days: 30 }).execute();
  const admin = await loadActor(app.ctx, app.people.admin.id);
  token = (await createClient(app.ctx, { name: "Một cửa", unitId: app.units.province.id }, admin))
    .token;
  vi.stubEnv("DOSSIER_QUIET_HOURS", "off");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await smtp?.close();
  smtp = undefined;
  await new Promise((r) => (gateway ? gateway.close(r) : r(null)));
  gateway = undefined;
});

let seq = 0;
async function postDossier(contact: Record<string, string>, extra: Record<string, unknown> = {}) {
  seq += 1;
  const request = new Request("http://hailong.example/api/v1/dossiers", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      code: `000.00.12.H15-261008-${String(1000 + seq)}`,
      procedureCode: "1.001234",
      unitCode: "P-C",
      channel: "truc_tuyen",
      receivedAt: new Date().toISOString(),
      contact,
      notify: true,
      ...extra,
    }),
  });
  const res = (await dossiersAction({ request, params: {}, context: {} })) as Response;
  return {
    status: res.status,
    body: (await res.json()) as {
      code: string;
      link: { token: string; url: string };
      messages: Array<{ channel: string; status: string; sendAt?: string }>;
    },
  };
}

const runner = (now: () => Date) =>
  new JobRunner(app.ctx, [dossierLinkJob], { clock: now, log: () => {} });

async function messages() {
  return app.ctx.db
    .selectFrom("dossier_message")
    .select(["channel", "status", "attempts", "last_error"])
    .orderBy("created_at")
    .execute();
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startGateway(
  answer: (n: number) => number,
): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  gateway = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.statusCode = answer(got.length);
      res.end(res.statusCode < 300 ? '{"ok":true}' : '{"error":"tạm thời lỗi"}');
    });
  });
  await new Promise<void>((r) => gateway!.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/zns`, got };
}

describe("a dossier's rating link sent to the citizen", () => {
  it("by email through SMTP_URL: one message with the code, the link and the last day", async () => {
    smtp = await startSmtp();
    vi.stubEnv("SMTP_URL", smtp.url);
    vi.stubEnv("MAIL_FROM", "Hài Lòng <khaosat@example.gov.vn>");
    const { status, body } = await postDossier({ email: "dan@example.vn" });
    expect(status).toBe(201);
    expect(body.messages).toEqual([
      expect.objectContaining({ channel: "email", status: "queued" }),
    ]);
    expect(await runner(() => new Date()).runDue()).toMatchObject({ done: 1 });
    expect(smtp.accepted).toHaveLength(1);
    const mail = smtp.accepted[0]!;
    expect(mail.subject).toContain(body.code);
    expect(mail.text).toContain(body.link.url);
    expect(mail.text).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(await messages()).toEqual([
      { channel: "email", status: "sent", attempts: 1, last_error: null },
    ]);
  });

  it("by Zalo ZNS through the agency's HTTP gateway: retried after a 503, the body from the template", async () => {
    const gw = await startGateway((n) => (n === 1 ? 503 : 200));
    vi.stubEnv("ZALO_GATEWAY_URL", gw.url);
    vi.stubEnv("ZALO_GATEWAY_HEADERS", '{"X-Api-Key":"khoa-bi-mat"}');
    vi.stubEnv(
      "ZALO_GATEWAY_BODY",
      '{"phone":"{phone}","template_data":{"code":"{code}","link":"{url}","unit":"{unit}"},"id":"{messageId}"}',
    );
    const { body } = await postDossier({ phone: "0912 345 678" });
    expect(body.messages).toEqual([expect.objectContaining({ channel: "zalo", status: "queued" })]);
    let now = new Date();
    expect(await runner(() => now).runDue()).toMatchObject({ retrying: 1 });
    expect(await messages()).toEqual([
      expect.objectContaining({
        status: "queued",
        attempts: 1,
        last_error: expect.stringMatching(/503/),
      }),
    ]);
    now = new Date(Date.now() + 3 * 3600_000);
    expect(await runner(() => now).runDue()).toMatchObject({ done: 1 });
    expect(gw.got).toHaveLength(2);
    const sent = JSON.parse(gw.got[1]!.body) as {
      phone: string;
      id: string;
      template_data: Record<string, string>;
    };
    expect(sent.phone).toBe("84912345678");
    expect(sent.template_data).toEqual({ code: body.code, link: body.link.url, unit: "Trung tâm" });
    // The same id at both attempts: the gateway can tell a repeat.
    expect(JSON.parse(gw.got[0]!.body).id).toBe(sent.id);
    expect(gw.got[1]!.headers["x-api-key"]).toBe("khoa-bi-mat");
    expect(await messages()).toEqual([
      expect.objectContaining({ channel: "zalo", status: "sent", attempts: 2, last_error: null }),
    ]);
    // Each attempt is in the job's log too.
    const attempts = await app.ctx.db.selectFrom("job_attempt").select("outcome").execute();
    expect(attempts.map((a) => a.outcome).sort()).toEqual(["error", "ok"]);
  });

  it("a gateway's refusal (4xx) is not retried; SMS is used when no Zalo gateway is set", async () => {
    const gw = await startGateway(() => 400);
    vi.stubEnv("SMS_GATEWAY_URL", gw.url);
    const { body } = await postDossier({ phone: "+84912345678" });
    expect(body.messages[0]).toMatchObject({ channel: "sms", status: "queued" });
    expect(await runner(() => new Date()).runDue()).toMatchObject({ dead: 1 });
    expect(await messages()).toEqual([
      expect.objectContaining({
        channel: "sms",
        status: "failed",
        last_error: expect.stringMatching(/400/),
      }),
    ]);
    // The default SMS body: the Vietnamese text with the link.
    expect((JSON.parse(gw.got[0]!.body) as { message: string }).message).toContain(body.link.url);
  });

  it("at most DOSSIER_MESSAGES_MAX messages per dossier", async () => {
    const gw = await startGateway(() => 200);
    vi.stubEnv("SMS_GATEWAY_URL", gw.url);
    vi.stubEnv("DOSSIER_MESSAGES_MAX", "2");
    const first = await postDossier({ phone: "0912345678" });
    const code = first.body.code;
    const again = async () => {
      const request = new Request("http://hailong.example/api/v1/dossiers", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          code,
          procedureCode: "1.001234",
          unitCode: "P-C",
          channel: "truc_tuyen",
          receivedAt: new Date().toISOString(),
          notify: true,
        }),
      });
      const res = (await dossiersAction({ request, params: {}, context: {} })) as Response;
      return ((await res.json()) as { messages: Array<{ status: string }> }).messages;
    };
    expect((await again())[0]!.status).toBe("queued");
    expect((await again())[0]!.status).toBe("limit_reached");
    expect(await messages()).toHaveLength(2);
  });

  it("not in the quiet hours (Vietnam time): queued for their end", async () => {
    vi.stubEnv("DOSSIER_QUIET_HOURS", "21:00-07:00");
    const gw = await startGateway(() => 200);
    vi.stubEnv("SMS_GATEWAY_URL", gw.url);
    await postDossier({ phone: "0912345678" }, { notify: false });
    const dossier = await app.ctx.db.selectFrom("dossier").selectAll().executeTakeFirstOrThrow();
    // 23:30 in Hà Nội is 16:30 UTC.
    const late = new Date("2026-10-08T16:30:00.000Z");
    const [m] = await queueLinkMessages(app.ctx.db, dossier, late, "http://hailong.example");
    expect(m).toMatchObject({ status: "queued", sendAt: "2026-10-09T00:00:00.000Z" });
    const job = await app.ctx.db.selectFrom("job").select("run_at").executeTakeFirstOrThrow();
    expect(job.run_at).toBe("2026-10-09T00:00:00.000Z");
  });

  it("once the link is used the contact is erased and a queued message sends nothing", async () => {
    const gw = await startGateway(() => 200);
    vi.stubEnv("SMS_GATEWAY_URL", gw.url);
    const { body } = await postDossier({ phone: "0912345678" });
    const rated = await submitResponse(
      app.ctx,
      { id: randomUUID(), token: body.link.token, answers: { q1: 5, q2: 4 } },
      { limiter: new RateLimiter(0) },
    );
    expect(rated.status).toBe(201);
    const d = await app.ctx.db.selectFrom("dossier").selectAll().executeTakeFirstOrThrow();
    expect([d.contact_phone, d.contact_email]).toEqual([null, null]);
    expect(await runner(() => new Date()).runDue()).toMatchObject({ done: 1 });
    expect(gw.got).toHaveLength(0);
    expect((await messages())[0]).toMatchObject({ status: "skipped" });
  });

  it("an expired link's contact is erased", async () => {
    await postDossier({ email: "dan@example.vn" }, { notify: false });
    await app.ctx.db
      .updateTable("dossier")
      .set({ link_expires_at: "2020-01-01T00:00:00.000Z" })
      .execute();
    await postDossier({ email: "khac@example.vn" }, { notify: false });
    const rows = await app.ctx.db
      .selectFrom("dossier")
      .select(["contact_email", "contact_erased_at"])
      .orderBy("created_at")
      .execute();
    expect(rows[0]).toMatchObject({ contact_email: null });
    expect(rows[0]!.contact_erased_at).not.toBeNull();
    expect(rows[1]).toMatchObject({ contact_email: "khac@example.vn", contact_erased_at: null });
  });
});
