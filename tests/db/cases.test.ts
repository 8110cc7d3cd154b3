/**
 * Follow-up cases through their pages' loaders and actions, on the test database (SQLite, or
 * PostgreSQL with TEST_DATABASE_URL), with a real SMTP server on loopback: a complaint with an
 * email address is taken up from the comments page, assigned, replied to (the citizen's
 * message arrives), closed; its timeline and audit trail hold every step and never the
 * address. Who sees what, the unit's rule, the summary, and openCase for alerts.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import * as comments from "~/routes/dashboard.comments";
import * as detail from "~/routes/manage.cases.$caseId";
import * as list from "~/routes/manage.cases._index";
import * as opening from "~/routes/manage.cases.new";
import * as rules from "~/routes/manage.cases.rules";
import * as summary from "~/routes/manage.cases.summary";
import { casesSummary, openCase } from "~/services/cases.server";
import { submitResponse } from "~/services/ingest.server";
import { deleteResponse } from "~/services/privacy.server";
import { JobRunner } from "~/services/jobs.server";
import { mailJob } from "~/services/mail.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { asUser, makeTestApp, type Who } from "../fixtures/app";
import { startSmtp, type TestSmtp } from "../fixtures/smtp";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let smtp: TestSmtp | undefined;
let token: string;
let anonymousToken: string;
const EMAIL = "nguoi.dan@example.vn";
const limiter = new RateLimiter(0);

beforeEach(async () => {
  app = await makeTestApp({
    surveysDir: resolve(__dirname, "../fixtures/case-surveys"),
    slug: "contact-form",
  });
  const year = { opensAt: "2020-01-01T00:00:00.000Z", closesAt: "2100-01-01T00:00:00.000Z" };
  const named = await insertCampaign(app.ctx.db, {
    title: "Đợt có liên hệ",
    questionnaireVersionId: app.version.id,
    status: "open",
    ...year,
    targetPct: 90,
    channels: ["link"],
    minN: 1,
    scopeUnitIds: [app.units.province.id],
    anonymous: false,
  });
  token = (
    await insertAccessLink(app.ctx.db, {
      campaignId: named.id,
      unitId: app.units.centre.id,
      channel: "link",
    })
  ).token;
  anonymousToken = app.link.token; // the fixture's campaign is anonymous
  vi.stubEnv("MAIL_FROM", "Trung tâm <khaosat@trungtam.example.gov.vn>");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await smtp?.close();
  smtp = undefined;
});

async function respond(answers: Record<string, unknown>, t = token): Promise<string> {
  const clientId = randomUUID();
  const r = await submitResponse(app.ctx, { id: clientId, token: t, answers }, { limiter });
  expect(r.status).toBe(201);
  const row = await app.ctx.db
    .selectFrom("response")
    .select("id")
    .where("client_id", "=", clientId)
    .executeTakeFirstOrThrow();
  return row.id;
}

const complaint = () =>
  respond({
    q1: 1,
    comment: "Chờ hai tiếng mà không ai hướng dẫn.",
    fullname: "Trần Thị B",
    email: EMAIL,
  });

// The pages' bodies differ; each test reads the fields it asserts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

/** The status and body of a loader or action, whether it returned or threw. */
async function outcome(
  run: () => Promise<unknown>,
): Promise<{ status: number; body: Body; location?: string }> {
  try {
    const r = await run();
    if (r instanceof Response)
      return { status: r.status, body: null, location: r.headers.get("Location") ?? undefined };
    const d = r as { type?: string; init?: { status?: number } | null; data?: unknown } | null;
    if (d?.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, body: d.data };
    return { status: 200, body: r };
  } catch (e) {
    if (e instanceof Response)
      return { status: e.status, body: null, location: e.headers.get("Location") ?? undefined };
    const thrown = e as { init?: { status?: number }; data?: unknown };
    if (thrown.init?.status) return { status: thrown.init.status, body: thrown.data };
    throw e;
  }
}

const uid = (who: Who) => (who === "anonymous" ? null : app.people[who].id);

async function get(
  mod: { loader: (a: LoaderFunctionArgs) => unknown },
  who: Who,
  path: string,
  params = {},
) {
  const request = await asUser(app.ctx, uid(who), path);
  return outcome(async () => mod.loader({ request, params, context: {} }));
}

async function post(
  mod: { action: (a: ActionFunctionArgs) => unknown },
  who: Who,
  path: string,
  fields: Record<string, string>,
  params = {},
) {
  const request = await asUser(app.ctx, uid(who), path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  return outcome(async () => mod.action({ request, params, context: {} }));
}

async function takeUp(responseId: string, who: Who = "manager", assignee = "") {
  const r = await post(opening, who, "/manage/cases/new", { response: responseId, assignee });
  expect(r.status).toBe(302);
  return r.location!.split("/").pop()!.split("?")[0]!;
}

const caseAudit = (id: string) =>
  app.ctx.db
    .selectFrom("audit_log")
    .select(["action", "user_id", "before", "after", "unit_id"])
    .where("entity", "=", "case")
    .where("entity_id", "=", id)
    .orderBy("id")
    .execute();

describe("a complaint is taken up, answered by email, and closed", () => {
  it("delivers the reply to the citizen and records every step, never the address", async () => {
    smtp = await startSmtp();
    vi.stubEnv("SMTP_URL", smtp.url);
    const responseId = await complaint();

    // The comments page offers the manager to take it up; not the viewer of the counter.
    const page = await get(comments, "manager", `/dashboard/comments?unit=${app.units.centre.id}`);
    expect(page.status).toBe(200);
    expect(page.body.cases[responseId]).toEqual({ caseId: null, canOpen: true });
    const viewerPage = await get(comments, "analyst", "/dashboard/comments");
    expect(viewerPage.body.cases).toEqual({});

    // The form says an address was left, without showing it.
    const draft = await get(opening, "manager", `/manage/cases/new?response=${responseId}`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ eligible: true, contactKinds: { email: true } });
    expect(JSON.stringify(draft.body)).not.toContain(EMAIL);
    expect(draft.body.people.map((p: { id: string }) => p.id)).toContain(app.people.viewer.id);
    expect(draft.body.people.map((p: { id: string }) => p.id)).not.toContain(
      app.people.hospitalViewer.id,
    );

    const id = await takeUp(responseId, "manager", app.people.viewer.id);
    // Taken up twice (two managers at once): the same case.
    expect(await takeUp(responseId, "admin")).toBe(id);

    // The assignee (a viewer of the counter) and the managers read it with the contact.
    const mine = await get(detail, "viewer", `/manage/cases/${id}`, { caseId: id });
    expect(mine.status).toBe(200);
    expect(mine.body.contact).toEqual({ name: "Trần Thị B", email: EMAIL });
    expect(mine.body.actions).toEqual(["note", "reply", "close"]);
    expect(mine.body.response.comments[0].text).toBe("Chờ hai tiếng mà không ai hướng dẫn.");
    for (const who of ["analyst", "hospitalViewer", "outsider"] as const)
      expect((await get(detail, who, `/manage/cases/${id}`, { caseId: id })).status).toBe(404);

    // The assignee replies by email.
    const body = "Kính gửi Bà,\n\nTrung tâm xin lỗi Bà và đã bố trí thêm người hướng dẫn.";
    const replied = await post(
      detail,
      "viewer",
      `/manage/cases/${id}`,
      { intent: "reply", channel: "email", body },
      { caseId: id },
    );
    expect(replied).toMatchObject({ status: 200, body: { ok: true } });
    const runner = new JobRunner(app.ctx, [mailJob], {
      clock: () => new Date(Date.now() + 1000),
      log: () => {},
    });
    expect(await runner.runDue()).toMatchObject({ done: 1 });
    expect(smtp.accepted).toHaveLength(1);
    const mail = smtp.accepted[0]!;
    expect((Array.isArray(mail.to) ? mail.to : [mail.to])[0]!.value[0]!.address).toBe(EMAIL);
    expect(mail.subject).toBe("Trả lời ý kiến của Ông/Bà — Trung tâm");
    expect(mail.text).toContain("đã bố trí thêm người hướng dẫn");

    // The timeline says the message was accepted by the mail server.
    const after = await get(detail, "manager", `/manage/cases/${id}`, { caseId: id });
    const reply = after.body.events.find((e: { kind: string }) => e.kind === "reply");
    expect(reply).toMatchObject({ body, delivery: { status: "done" }, data: { channel: "email" } });

    // Closed by the assignee, in time; then nothing more can change.
    const closed = await post(
      detail,
      "viewer",
      `/manage/cases/${id}`,
      { intent: "close", outcome: "resolved", body: "Đã bố trí người hướng dẫn tại quầy." },
      { caseId: id },
    );
    expect(closed).toMatchObject({ status: 200, body: { ok: true } });
    const late = await post(
      detail,
      "manager",
      `/manage/cases/${id}`,
      { intent: "note", body: "Thêm" },
      { caseId: id },
    );
    expect(late.status).toBe(409);
    const final = await get(detail, "manager", `/manage/cases/${id}`, { caseId: id });
    expect(final.body.case).toMatchObject({ status: "closed", outcome: "resolved" });
    expect(final.body.actions).toEqual([]);
    expect(final.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      "opened",
      "assigned",
      "reply",
      "closed",
    ]);

    // The audit trail: every step, by whom, under the unit; no address, no comment.
    const audit = await caseAudit(id);
    expect(audit.map((a) => [a.action, a.user_id])).toEqual([
      ["case.open", app.people.manager.id],
      ["case.reply", app.people.viewer.id],
      ["case.close", app.people.viewer.id],
    ]);
    expect(audit.every((a) => a.unit_id === app.units.centre.id)).toBe(true);
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ assignee: app.people.viewer.id });
    expect(JSON.parse(audit[2]!.after!)).toMatchObject({ outcome: "resolved", inTime: true });
    const everywhere = JSON.stringify([
      await app.ctx.db.selectFrom("audit_log").selectAll().execute(),
      await app.ctx.db.selectFrom("job").select(["summary", "payload", "last_error"]).execute(),
      await app.ctx.db.selectFrom("case_event").selectAll().execute(),
      await app.ctx.db.selectFrom("follow_up_case").selectAll().execute(),
    ]);
    expect(everywhere).not.toContain(EMAIL);
    expect(everywhere).not.toContain("Trần Thị B");

    // Listed as closed in time, and counted so in the summary.
    const closedList = await get(list, "manager", "/manage/cases?show=closed");
    expect(closedList.body.cases).toHaveLength(1);
    expect(JSON.stringify(closedList.body)).not.toContain(EMAIL);
    const s = await get(summary, "manager", "/manage/cases/summary");
    expect(s.body.rows).toEqual([
      expect.objectContaining({
        unitName: "Trung tâm",
        opened: 1,
        closed: 1,
        closedInTime: 1,
        overdue: 0,
      }),
    ]);
  });
});

describe("what can become a case", () => {
  it("refuses a satisfied response, and reads no contact from an anonymous campaign", async () => {
    const happy = await respond({ q1: 5, comment: "Tốt", email: EMAIL });
    const refused = await post(opening, "manager", "/manage/cases/new", {
      response: happy,
      assignee: "",
    });
    expect(refused.status).toBe(409);
    expect(await app.ctx.db.selectFrom("follow_up_case").selectAll().execute()).toEqual([]);

    const anonymous = await respond(
      { q1: 1, comment: "Nhân viên thiếu tôn trọng.", email: EMAIL },
      anonymousToken,
    );
    const draft = await get(opening, "manager", `/manage/cases/new?response=${anonymous}`);
    expect(draft.body).toMatchObject({
      anonymous: true,
      eligible: true,
      contactKinds: { email: false },
    });
    const id = await takeUp(anonymous);
    const page = await get(detail, "manager", `/manage/cases/${id}`, { caseId: id });
    expect(page.body.contact).toEqual({});
    // No address: an email reply is refused with the reason; a call is recorded.
    smtp = await startSmtp();
    vi.stubEnv("SMTP_URL", smtp.url);
    const email = await post(
      detail,
      "manager",
      `/manage/cases/${id}`,
      { intent: "reply", channel: "email", body: "Xin lỗi" },
      { caseId: id },
    );
    expect(email.status).toBe(409);
    const phone = await post(
      detail,
      "manager",
      `/manage/cases/${id}`,
      { intent: "reply", channel: "phone", body: "Đã gọi điện xin lỗi", letter: "on" },
      { caseId: id },
    );
    expect(phone).toMatchObject({ status: 200 });
    expect(await app.ctx.db.selectFrom("job").selectAll().execute()).toEqual([]);
  });

  it("keeps the managers of other units and people without a role out", async () => {
    const responseId = await complaint();
    // The manager of the centre reaches it; a viewer of the counter cannot take it up.
    expect(
      (await post(opening, "viewer", "/manage/cases/new", { response: responseId, assignee: "" }))
        .status,
    ).toBe(404);
    expect(
      (await post(opening, "outsider", "/manage/cases/new", { response: responseId, assignee: "" }))
        .status,
    ).toBe(404);
    // Assigning to someone of another province is refused.
    const refused = await post(opening, "manager", "/manage/cases/new", {
      response: responseId,
      assignee: app.people.outsider.id,
    });
    expect(refused.status).toBe(400);
    // Every page asks for sign-in; the rules need a manager.
    for (const mod of [list, summary, rules])
      expect((await get(mod, "anonymous", "/manage/cases")).status).toBe(302);
    expect((await get(rules, "viewer", "/manage/cases/rules")).status).toBe(403);
    expect((await get(summary, "viewer", "/manage/cases/summary")).status).toBe(404);
    const id = await takeUp(responseId);
    expect((await get(detail, "anonymous", `/manage/cases/${id}`, { caseId: id })).status).toBe(
      302,
    );
    // Not yet assigned: the viewer of the counter does not see it.
    expect((await get(detail, "viewer", `/manage/cases/${id}`, { caseId: id })).status).toBe(404);
    expect((await get(list, "viewer", "/manage/cases")).body.cases).toEqual([]);
    expect((await get(list, "admin", "/manage/cases")).body.cases).toHaveLength(1);
  });
});

describe("a response deleted on its respondent's request", () => {
  it("takes the contact with it; the case stays, saying the response is gone", async () => {
    const responseId = await complaint();
    const id = await takeUp(responseId);
    const { client_id } = await app.ctx.db
      .selectFrom("response")
      .select("client_id")
      .where("id", "=", responseId)
      .executeTakeFirstOrThrow();
    expect((await deleteResponse(app.ctx, client_id)).deleted).toBe(true);
    const page = await get(detail, "manager", `/manage/cases/${id}`, { caseId: id });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ responseGone: true, response: null, contact: {} });
  });
});

describe("the unit's rule and overdue cases", () => {
  it("dates a case by the unit's working days and days off, and lists it overdue after", async () => {
    const saved = await post(rules, "manager", "/manage/cases/rules", {
      unit: app.units.centre.id,
      days: "2",
      holidays: "03/11/2026",
      letter: "",
    });
    expect(saved).toMatchObject({ status: 200, body: { ok: true } });
    const bad = await post(rules, "manager", "/manage/cases/rules", {
      unit: app.units.centre.id,
      days: "2",
      holidays: "31/02/2026",
      letter: "",
    });
    expect(bad.status).toBe(400);
    // The counter below follows the centre's rule.
    const counterRule = (await get(rules, "admin", "/manage/cases/rules")).body.units;
    expect(counterRule).toHaveLength(1); // the admin's one unit: the province, on the default
    expect(counterRule[0]).toMatchObject({ workingDays: 5, own: false, from: null });

    // Monday 2/11/2026 10:00 in Vietnam; Tuesday 3/11 is off: due end of Thursday 5/11.
    const { id } = await openCase(app.ctx, {
      source: "alert",
      alertId: "alert-1",
      unitId: app.units.counter.id,
      title: "Tỷ lệ hài lòng quý IV thấp hơn chỉ tiêu",
      openedBy: null,
      now: new Date("2026-11-02T03:00:00.000Z"),
    });
    const again = await openCase(app.ctx, {
      source: "alert",
      alertId: "alert-1",
      unitId: app.units.counter.id,
      openedBy: null,
    });
    expect(again).toEqual({ id, created: false });
    const row = await app.ctx.db
      .selectFrom("follow_up_case")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: "alert", due_at: "2026-11-05T16:59:59.999Z" });
    const overdue = await get(list, "manager", "/manage/cases?show=overdue");
    expect(overdue.body.cases.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(overdue.body.counts).toEqual({ open: 1, overdue: 1, closed: 0 });
    const audit = await caseAudit(id);
    expect(audit).toEqual([expect.objectContaining({ action: "case.open", user_id: null })]);

    const s = await casesSummary(
      app.ctx,
      { id: app.people.manager.id, grants: [{ role: "manager", unitPath: app.units.centre.path }] },
      { from: "2026-11-01", to: "2026-11-30" },
    );
    expect(s.rows).toEqual([
      expect.objectContaining({ unitName: "Quầy 1", opened: 1, overdue: 1 }),
    ]);
  });
});
