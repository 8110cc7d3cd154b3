/**
 * The independent channel's page and views, tried for every role: /manage/independent needs a
 * manager's role somewhere and acts only from a unit the person manages; the dashboard's view
 * shows only the units carrying a code inside the unit shown.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as channels from "~/routes/dashboard.channels";
import * as independent from "~/routes/manage.independent";
import { createIndependentLink } from "~/services/independent-channel.server";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { asUser, EVERYONE, makeTestApp, type Who } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;

beforeAll(async () => {
  app = await makeTestApp();
  const link = await createIndependentLink(
    app.ctx,
    {
      campaignId: app.campaign.id,
      unitId: app.units.centre.id,
      ownerUnitId: app.units.province.id,
    },
    app.people.admin.id,
  );
  const limiter = new RateLimiter(0);
  for (const token of [app.link.token, link.token, link.token, link.token])
    expect(
      (
        await submitResponse(
          app.ctx,
          { id: crypto.randomUUID(), token, answers: { q1: 5, q2: 4 } },
          { limiter },
        )
      ).status,
    ).toBe(201);
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

describe("/manage/independent", () => {
  it.each(EVERYONE)("%s opening the page", async (who) => {
    const request = await asUser(app.ctx, userId(who), "/manage/independent");
    const r = await outcome(() => independent.loader({ request, params: {}, context: {} }));
    const expected = {
      anonymous: 302,
      admin: 200,
      manager: 200,
      analyst: 403,
      viewer: 403,
      hospitalViewer: 403,
      outsider: 200, // an administrator of another province: sees nothing of this one
    }[who];
    expect(r.status).toBe(expected);
    if (who === "outsider") expect((r.body as { campaigns: unknown[] }).campaigns).toEqual([]);
  });

  it.each(EVERYONE)("%s making a code owned by the province for the counter", async (who) => {
    const request = await asUser(app.ctx, userId(who), "/manage/independent", {
      method: "POST",
      body: new URLSearchParams({
        intent: "create",
        campaignId: app.campaign.id,
        unitId: app.units.counter.id,
        ownerUnitId: app.units.province.id,
      }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const r = await outcome(() => independent.action({ request, params: {}, context: {} }));
    const expected = {
      anonymous: 302,
      admin: 200,
      manager: 404, // manages the centre, not the province
      analyst: 403,
      viewer: 403,
      hospitalViewer: 403,
      outsider: 404,
    }[who];
    expect(r.status).toBe(expected);
  });
});

describe("/dashboard/channels", () => {
  const rows = async (who: Who, unit?: string) => {
    const request = await asUser(
      app.ctx,
      userId(who),
      `/dashboard/channels${unit ? `?unit=${unit}` : ""}`,
    );
    const r = await outcome(() => channels.loader({ request, params: {}, context: {} }));
    return { status: r.status, rows: (r.body as { rows: unknown[] | null } | null)?.rows };
  };

  it("shows the centre's comparison to those who read the centre, and to nobody else", async () => {
    const admin = await rows("admin");
    expect(admin.rows).toMatchObject([
      { unitName: "Trung tâm", own: { responses: 1 }, independent: { responses: 3 } },
    ]);
    expect((await rows("manager")).rows).toHaveLength(1);
    expect((await rows("viewer")).rows).toBeNull(); // the counter holds no code
    expect((await rows("outsider")).rows ?? null).toBeNull();
    expect((await rows("viewer", app.units.centre.id)).status).toBe(404);
  });
});
