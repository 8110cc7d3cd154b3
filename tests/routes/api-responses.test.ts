import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { action } from "~/routes/api.v1.responses";
import { loader as formLoader } from "~/routes/api.v1.forms.$token";
import { RateLimiter } from "~/services/rate-limit.server";
import { submitResponse } from "~/services/ingest.server";
import { makeTestApp } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;

beforeEach(async () => {
  app = await makeTestApp();
});

const good = () => ({ q1: 5, q2: 4, channel_used: 1, comment: "Tốt", age: 40, again: true });

function post(body: unknown, init: { type?: string; raw?: string; clientKey?: string } = {}) {
  const request = new Request("http://localhost/api/v1/responses", {
    method: "POST",
    headers: { "Content-Type": init.type ?? "application/json" },
    body: init.raw ?? JSON.stringify(body),
  });
  return action({
    request,
    params: {},
    context: { clientKey: init.clientKey ?? randomUUID() },
  }) as Promise<Response>;
}

function submission(answers: Record<string, unknown> = good(), token = app.link.token) {
  return { id: randomUUID(), token, answers, startedAt: new Date().toISOString(), locale: "vi" };
}

/** Everything stored: response rows and the rollup total. Errors must leave both unchanged. */
async function stored() {
  const { db } = app.ctx;
  const responses = await db.selectFrom("response").select(["client_id", "answers"]).execute();
  const rollup = await db
    .selectFrom("rollup")
    .select((eb) => eb.fn.sum<number>("count").as("s"))
    .executeTakeFirst();
  return { responses, rollupTotal: Number(rollup?.s ?? 0) };
}

async function expectNothingStoredBy(run: () => Promise<Response>, status: number) {
  await post(submission()); // something already stored, which must stay as it is
  const before = await stored();
  const res = await run();
  expect(res.status).toBe(status);
  const body = (await res.json()) as Record<string, unknown>;
  expect(await stored()).toEqual(before);
  return body;
}

describe("POST /api/v1/responses", () => {
  it("stores a valid response and answers 201 with the client's id", async () => {
    const s = submission();
    const res = await post(s);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: s.id, status: "accepted" });
    const { responses, rollupTotal } = await stored();
    expect(responses).toHaveLength(1);
    expect(JSON.parse(responses[0]!.answers)).toEqual(s.answers);
    // $responses + q1 + q2 + channel_used + again
    expect(rollupTotal).toBe(5);
  });

  it("is idempotent: the same id again answers 200 with the same body and stores once, first answers win", async () => {
    const s = submission();
    const first = await post(s);
    const again = await post({ ...s, answers: { ...s.answers, q1: 1, reasons: ["cho_lau"] } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    const { responses, rollupTotal } = await stored();
    expect(responses).toHaveLength(1);
    expect(JSON.parse(responses[0]!.answers).q1).toBe(5);
    expect(rollupTotal).toBe(5);
  });

  it("stores concurrent duplicates once (group commit keeps the first)", async () => {
    const subs = Array.from({ length: 20 }, () => submission());
    const results = await Promise.all([...subs, ...subs, ...subs].map((s) => post(s)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    const { responses } = await stored();
    expect(responses).toHaveLength(20);
  });

  it("400 on malformed JSON", async () => {
    const body = await expectNothingStoredBy(() => post(null, { raw: '{"id": ' }), 400);
    expect(body.error).toBe("malformed_json");
    expect(String(body.message)).toMatch(/JSON/);
  });

  it.each([
    ["id", "id"],
    ["token", "token"],
    ["answers", "answers"],
  ])("400 when %s is missing", async (field) => {
    const s: Record<string, unknown> = submission();
    delete s[field];
    const body = await expectNothingStoredBy(() => post(s), 400);
    expect(body.error).toBe("bad_request");
    expect(String(body.message)).toContain(field);
  });

  it("400 when the id is not a UUID or the body is not an object", async () => {
    await expectNothingStoredBy(() => post({ ...submission(), id: "abc" }), 400);
    await expectNothingStoredBy(() => post([submission()]), 400);
    await expectNothingStoredBy(() => post({ ...submission(), answers: [1, 2] }), 400);
  });

  it("404 on an unknown token", async () => {
    const body = await expectNothingStoredBy(
      () => post(submission(good(), "AAAAAAAAAAAAAAAA")),
      404,
    );
    expect(body.error).toBe("not_found");
  });

  it("410 when the campaign is closed or not open yet", async () => {
    const closed = await expectNothingStoredBy(
      () => post(submission(good(), app.closedLink.token)),
      410,
    );
    expect(closed.error).toBe("campaign_closed");
    const future = await expectNothingStoredBy(
      () => post(submission(good(), app.futureLink.token)),
      410,
    );
    expect(future.error).toBe("campaign_not_open");
  });

  it("413 when the body is over 64 KB", async () => {
    const big = JSON.stringify({
      ...submission(),
      answers: { ...good(), comment: "x".repeat(70 * 1024) },
    });
    const body = await expectNothingStoredBy(() => post(null, { raw: big }), 413);
    expect(body.error).toBe("payload_too_large");
  });

  it("415 when the body is not JSON", async () => {
    const body = await expectNothingStoredBy(
      () => post(null, { raw: "q1=5", type: "application/x-www-form-urlencoded" }),
      415,
    );
    expect(body.error).toBe("unsupported_media_type");
  });

  const invalid: Array<[string, Record<string, unknown>, string, string]> = [
    ["an unknown question", { ...good(), nope: 1 }, "nope", "unknown_question"],
    ["a choice not offered", { ...good(), channel_used: 9 }, "channel_used", "invalid_choice"],
    ["a rating outside the scale", { ...good(), q1: 6 }, "q1", "out_of_scale"],
    ["a wrong type (text for a rating)", { ...good(), q2: "bốn" }, "q2", "wrong_type"],
    ["a wrong type (object for a rating)", { ...good(), q1: { v: 5 } }, "q1", "wrong_type"],
    ["text too long", { ...good(), comment: "x".repeat(51) }, "comment", "too_long"],
    ["a required answer missing", { q2: 4 }, "q1", "required"],
    ["a required answer missing behind visibleIf", { ...good(), q1: 1 }, "reasons", "required"],
    [
      "an answer to a hidden question",
      { ...good(), reasons: ["cho_lau"] },
      "reasons",
      "not_visible",
    ],
    [
      "a matrix row that does not exist",
      { ...good(), channel_used: 3, m: { r1: 4, r2: 4, r9: 1 } },
      "m",
      "invalid_choice",
    ],
    ["a number outside its range", { ...good(), age: 12 }, "age", "out_of_range"],
    [
      "'other' chosen without its text",
      { ...good(), q1: 1, reasons: ["other"] },
      "reasons-Comment",
      "required",
    ],
  ];
  it.each(invalid)("422 on %s", async (_label, answers, question, code) => {
    const body = await expectNothingStoredBy(() => post(submission(answers)), 422);
    const errors = body.errors as Array<{ question: string; code: string; message: string }>;
    expect(errors).toContainEqual(expect.objectContaining({ question, code }));
    for (const e of errors) expect(e.message.length).toBeGreaterThan(10);
  });

  it("accepts answers that visibleIf shows, including a matrix inside a conditional panel and an 'other' text", async () => {
    const res = await post(
      submission({
        ...good(),
        q1: 2,
        reasons: ["other"],
        "reasons-Comment": "Thiếu hướng dẫn",
        channel_used: 3,
        m: { r1: 5, r2: 1 },
      }),
    );
    expect(res.status).toBe(201);
  });

  it("429 when one client sends too much, without storing", async () => {
    const limiter = new RateLimiter(2);
    const send = () => submitResponse(app.ctx, submission(), { clientKey: "10.0.0.1", limiter });
    expect((await send()).status).toBe(201);
    expect((await send()).status).toBe(201);
    const before = await stored();
    const third = await send();
    expect(third.status).toBe(429);
    expect(await stored()).toEqual(before);
    // Another kiosk behind the same address, on its own token, is not blocked.
    const other = await submitResponse(app.ctx, submission(good(), app.counterLink.token), {
      clientKey: "10.0.0.1",
      limiter,
    });
    expect(other.status).toBe(201);
  });

  it("429 through the route once the default per-minute limit is used up", async () => {
    let last = 0;
    for (let i = 0; i < 121; i++)
      last = (await post(submission(), { clientKey: "10.9.9.9" })).status;
    expect(last).toBe(429);
  });
});

describe("GET /api/v1/forms/:token", () => {
  const get = (token: string) =>
    formLoader({
      request: new Request(`http://localhost/api/v1/forms/${token}`),
      params: { token },
      context: {},
    }) as Promise<Response>;

  it("returns the campaign, the questionnaire version and its scoring block", async () => {
    const res = await get(app.link.token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      campaign: { id: string; status: string };
      questionnaire: { id: string; survey: { pages: unknown[] }; scoring: { method: string } };
    };
    expect(body.campaign.id).toBe(app.campaign.id);
    expect(body.questionnaire.id).toBe(app.version.id);
    expect(body.questionnaire.survey.pages).toHaveLength(1);
    expect(body.questionnaire.scoring.method).toBe("generic");
  });

  it("404 for an unknown token and 410 for a closed campaign", async () => {
    expect((await get("AAAAAAAAAAAAAAAA")).status).toBe(404);
    expect((await get("../../etc/passwd")).status).toBe(404);
    expect((await get(app.closedLink.token)).status).toBe(410);
    expect((await get(app.futureLink.token)).status).toBe(410);
  });
});
