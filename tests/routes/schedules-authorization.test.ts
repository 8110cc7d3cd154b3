/**
 * Report schedules and alerts: every role against their pages and actions (managers of the
 * subtree only; anything outside answers 404), and, without mail settings, the schedule's page
 * says so and its download gives the report's workbook.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as alertsRoute from "~/routes/manage.alerts";
import * as scheduleRoute from "~/routes/manage.schedules.$scheduleId";
import * as fileRoute from "~/routes/manage.schedules.$scheduleId_.file";
import * as schedulesRoute from "~/routes/manage.schedules._index";
import * as newSchedule from "~/routes/manage.schedules.new";
import { createAlertRule } from "~/services/alerts.server";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { createSchedule } from "~/services/report-schedules.server";
import { asUser, EVERYONE, makeTestApp, type Who } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let scheduleId: string;
let ruleId: string;

beforeAll(async () => {
  vi.stubEnv("SMTP_URL", "");
  app = await makeTestApp();
  scheduleId = await createSchedule(
    app.ctx,
    app.people.manager.id,
    {
      unitId: app.units.centre.id,
      periodKind: "month",
      sendDay: 2,
      recipients: "giamdoc@tt.example.gov.vn",
      formats: ["xlsx", "pdf"],
    },
    "http://localhost",
  );
  ruleId = await createAlertRule(
    app.ctx,
    app.people.manager.id,
    {
      unitId: app.units.centre.id,
      kind: "words",
      words: "hối lộ",
      delivery: "each",
      recipients: "giamdoc@tt.example.gov.vn",
    },
    "http://localhost",
  );
  // Last month's answers at the centre: what the download holds.
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 12, 3));
  for (let i = 0; i < 3; i++)
    await submitResponse(
      app.ctx,
      { id: randomUUID(), token: app.link.token, answers: { q1: 5, q2: 4 } },
      { limiter: new RateLimiter(0), now: new Date(lastMonth.getTime() + i * 1000) },
    );
});

const userId = (who: Who) => (who === "anonymous" ? null : app.people[who].id);

type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, never>;
}) => Promise<unknown>;

/** A loader's or action's status and body, thrown or returned. */
async function call(who: Who, handler: Handler, path: string, body?: FormData) {
  const request = await asUser(app.ctx, userId(who), path, body ? { method: "POST", body } : {});
  const params = { scheduleId };
  const text = async (v: unknown) =>
    v instanceof Response ? await v.clone().text() : JSON.stringify(v ?? null);
  const wrapped = (v: unknown) =>
    v as { type?: string; data?: unknown; init?: { status?: number } };
  try {
    const r = await handler({ request, params, context: {} });
    if (r instanceof Response) return { status: r.status, text: await text(r), response: r };
    if (wrapped(r)?.type === "DataWithResponseInit")
      return { status: wrapped(r).init?.status ?? 200, text: await text(wrapped(r).data) };
    return { status: 200, text: await text(r) };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, text: await text(e) };
    if (wrapped(e)?.type === "DataWithResponseInit")
      return { status: wrapped(e).init?.status ?? 500, text: await text(wrapped(e).data) };
    throw e;
  }
}

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

const LISTS: Record<Who, number> = {
  anonymous: 302,
  admin: 200,
  manager: 200,
  analyst: 403,
  viewer: 403,
  hospitalViewer: 403,
  outsider: 200, // a manager elsewhere: sees only their own
};
const THE_SCHEDULE: Record<Who, number> = { ...LISTS, outsider: 404 };

describe("who reaches the pages", () => {
  it.each(EVERYONE)("%s: the lists and the new schedule form", async (who) => {
    for (const [handler, path] of [
      [schedulesRoute.loader, "/manage/schedules"],
      [newSchedule.loader, "/manage/schedules/new"],
      [alertsRoute.loader, "/manage/alerts"],
    ] as const) {
      const r = await call(who, handler as Handler, path);
      expect(r.status, path).toBe(LISTS[who]);
      if (r.status === 200 && who === "outsider") {
        expect(r.text).not.toContain(scheduleId);
        expect(r.text).not.toContain(ruleId);
        expect(r.text).not.toContain(app.units.centre.id);
      }
    }
  });

  it.each(EVERYONE)("%s: one schedule, its download and its actions", async (who) => {
    const page = await call(
      who,
      scheduleRoute.loader as Handler,
      `/manage/schedules/${scheduleId}`,
    );
    expect(page.status).toBe(THE_SCHEDULE[who]);
    const pause = await call(
      who,
      scheduleRoute.action as Handler,
      `/manage/schedules/${scheduleId}`,
      form({ intent: "pause" }),
    );
    expect(pause.status).toBe(THE_SCHEDULE[who]);
    const rule = await call(
      who,
      alertsRoute.action as Handler,
      "/manage/alerts",
      form({ intent: "pause", id: ruleId }),
    );
    expect(rule.status).toBe(THE_SCHEDULE[who]);
  });
});

describe("without mail settings", () => {
  it("says so, refuses 'Gửi thử ngay' and offers the last period's files", async () => {
    const page = await call(
      "manager",
      scheduleRoute.loader as Handler,
      `/manage/schedules/${scheduleId}`,
    );
    const d = JSON.parse(page.text) as {
      mail: { ready: boolean; problem: string };
      downloads: Array<{ id: string }>;
      schedule: { lastFull: { key: string } };
    };
    expect(d.mail).toEqual({ ready: false, problem: "not_configured" });
    expect(d.downloads.map((c) => c.id)).toEqual([app.campaign.id]);
    const send = await call(
      "manager",
      scheduleRoute.action as Handler,
      `/manage/schedules/${scheduleId}`,
      form({ intent: "sendNow" }),
    );
    expect(send.status).toBe(409);
    expect(send.text).toContain("Chưa cấu hình gửi thư");
    const q = new URLSearchParams({
      period: d.schedule.lastFull.key,
      campaign: app.campaign.id,
      format: "xlsx",
    });
    const file = await call(
      "manager",
      fileRoute.loader as Handler,
      `/manage/schedules/${scheduleId}/file?${q}`,
    );
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await (file as { response: Response }).response.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const foreign = await call(
      "manager",
      fileRoute.loader as Handler,
      `/manage/schedules/${scheduleId}/file?${new URLSearchParams({ ...Object.fromEntries(q), campaign: "x" })}`,
    );
    expect(foreign.status).toBe(404);
  });

  it("refuses a form with an address that is not one, saying which", async () => {
    const r = await call(
      "manager",
      newSchedule.action as Handler,
      "/manage/schedules/new",
      form({
        unitId: app.units.centre.id,
        campaignId: "",
        periodKind: "quarter",
        sendDay: "5",
        recipients: "giamdoc@tt.example.gov.vn\ngiam doc",
        format: "pdf",
      }),
    );
    expect(r.status).toBe(400);
    expect(r.text).toContain("Không phải địa chỉ thư hợp lệ: giam doc.");
  });
});
