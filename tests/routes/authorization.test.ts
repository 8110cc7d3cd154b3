/**
 * The authorization matrix: every route module is listed here as public or protected,
 * and every role is tried against every protected loader and action. A route added
 * without an entry fails the first test.
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as account from "~/routes/account";
import * as home from "~/routes/_index";
import * as results from "~/routes/results.$campaignId";
import * as webhooks from "~/routes/admin.webhooks._index";
import { asUser, makeTestApp, PASSWORD, EVERYONE, type Who } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;

/** Why each public route needs no sign-in. */
const PUBLIC: Record<string, string> = {
  "_index.tsx": "introduction; lists only what the signed-in user reaches (tested below)",
  "api.v1.forms.$token.ts": "respondents' clients; the unguessable token is the key",
  "api.v1.noop.ts": "benchmark only; 404 unless HAI_LONG_BENCH=1",
  "api.v1.responses.ts": "the public ingestion API",
  "healthz.ts": "liveness probe, no data",
  "readyz.ts": "readiness probe; migration counts only",
  "login.tsx": "sign-in",
  "logout.tsx": "sign-out (Origin-checked)",
  "questionnaires._index.tsx": "the official questionnaires are public documents",
  "questionnaires.$slug.tsx": "preview of a public questionnaire; stores nothing",
  "s.$token.tsx": "respondents; the unguessable token is the key",
  "api.v1.analytics.openapi[.]json.ts": "the analysts' API description; no data",
  "api.v1.openapi[.]json.ts": "the connection API's description (webhooks, dossiers); no data",
  "public._index.tsx": "lists results an administrator published (exports-authorization.test.ts)",
  "public.results.$campaignId.tsx":
    "published aggregates only, small n removed (public-results.test.ts)",
  // Counter kiosks: the tablet is not signed in; its device token (cookie) is the key.
  "kiosk._index.tsx": "kiosk screen; shows only what the paired device's token opens",
  "kiosk.form.tsx": "kiosk long form; shows only what the paired device's token opens",
  "kiosk.pair.tsx": "pairing with a one-time code; attempts limited per address",
  "kiosk.heartbeat.ts": "the paired device's heartbeat; 401 without its token",
};
const PROTECTED = [
  "account.tsx",
  "results.$campaignId.tsx",
  // Exports, reports and the analysts' API (tokens): matrix in exports-authorization.test.ts.
  "exports._index.tsx",
  "exports.$campaignId.tsx",
  "export.$campaignId.$format.ts",
  "reports.$campaignId.tsx",
  "reports.$campaignId_.pdf.ts",
  "api.v1.analytics.campaigns.ts",
  "api.v1.analytics.campaigns.$campaignId.results.ts",
  "api.v1.analytics.campaigns.$campaignId.responses.ts",
  // Kiosks, links, QR codes, invitations, flags: matrix in collection-authorization.test.ts.
  "manage.kiosks.tsx",
  "manage.links.tsx",
  "manage.flags.tsx",
  "qr.$token.ts",
  "qr.$token.poster.tsx",
  "qr.$token.slips.tsx",
  "qr.invitations.$batchId.tsx",
  // Units, people, audit log, jobs, campaigns, own questionnaires: matrix in
  // admin-authorization.test.ts.
  "admin._index.tsx",
  "admin.units._index.tsx",
  "admin.units.$unitId.tsx",
  "admin.units.import.tsx",
  "admin.units[.]csv.ts",
  "admin.people._index.tsx",
  "admin.people.$userId.tsx",
  "admin.audit.tsx",
  "admin.jobs._index.tsx",
  "admin.jobs.$jobId.tsx",
  "manage.campaigns._index.tsx",
  "manage.campaigns.new.tsx",
  "manage.campaigns.$campaignId.tsx",
  "manage.questionnaires.tsx",
  // Report schedules and alerts: matrix in schedules-authorization.test.ts.
  "manage.schedules._index.tsx",
  "manage.schedules.new.tsx",
  "manage.schedules.$scheduleId.tsx",
  "manage.schedules.$scheduleId_.file.ts",
  "manage.alerts.tsx",
  // Dashboards and targets: matrix in dashboard-authorization.test.ts.
  "dashboard._index.tsx",
  "dashboard.units.tsx",
  "dashboard.trend.tsx",
  "dashboard.distribution.tsx",
  "dashboard.hours.tsx",
  "dashboard.comments.tsx",
  "dashboard.compare.tsx",
  "dashboard.targets.tsx",
  // Follow-up cases: who sees and does what in tests/db/cases.test.ts.
  "manage.cases._index.tsx",
  "manage.cases.new.tsx",
  "manage.cases.$caseId.tsx",
  "manage.cases.summary.tsx",
  "manage.cases.rules.tsx",
  // System clients, dossiers and the QĐ 766 view: tests/routes/dossiers.test.ts (a client's
  // token acts only inside its subtree; /admin/clients for administrators).
  "admin.clients.tsx",
  "api.v1.dossiers.ts",
  "dashboard.dossiers.tsx",
  // Webhooks: the API with a system client's token (api-webhooks.test.ts); the admin pages below.
  "api.v1.webhooks.ts",
  "api.v1.webhooks.$webhookId.ts",
  "admin.webhooks._index.tsx",
  "admin.webhooks.$webhookId.tsx",
  // Ratings in: the page and its template for managers, the API for a system client's token
  // (rating-import.test.ts: role matrix, subtree refusal).
  "manage.imports.tsx",
  "manage.imports.template.ts",
  "api.v1.imports.ts",
  // The independent channel and SDG 16.6.2: matrix in channel-authorization.test.ts (and the
  // dashboard views in dashboard-authorization.test.ts).
  "manage.independent.tsx",
  "dashboard.channels.tsx",
  "dashboard.sdg.tsx",
];

beforeAll(async () => {
  app = await makeTestApp();
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

describe("route inventory", () => {
  it("classifies every route module as public or protected", () => {
    const files = readdirSync(resolve(__dirname, "../../app/routes")).sort();
    const listed = [...Object.keys(PUBLIC), ...PROTECTED].sort();
    expect(files).toEqual(listed);
  });
});

describe("/results/:campaignId", () => {
  // Who may read the test campaign (scope: the province), and how much of it.
  type Scope = "whole" | "centre" | "counter" | "hospital";
  const expected: Record<Who, { status: number; scope?: Scope }> = {
    anonymous: { status: 302 }, // to the sign-in page
    admin: { status: 200, scope: "whole" },
    manager: { status: 200, scope: "centre" }, // holds the centre, inside the campaign's scope
    analyst: { status: 200, scope: "whole" },
    viewer: { status: 200, scope: "counter" },
    hospitalViewer: { status: 200, scope: "hospital" },
    outsider: { status: 404 }, // not told that the campaign exists
  };

  it.each(EVERYONE)("%s", async (who) => {
    const request = await asUser(app.ctx, userId(who), `/results/${app.campaign.id}`);
    const r = await outcome(() =>
      results.loader({ request, params: { campaignId: app.campaign.id }, context: {} }),
    );
    expect(r.status).toBe(expected[who].status);
    if (r.status === 200) {
      const body = r.body as { scopes: Array<{ value: string }>; scope: string };
      const scopeIds: Record<Scope, string> = {
        whole: "",
        centre: app.units.centre.id,
        counter: app.units.counter.id,
        hospital: app.units.hospital.id,
      };
      expect(body.scope).toBe(scopeIds[expected[who].scope!]);
    }
  });

  it("shows a unit viewer only their unit's responses, never the rest of the campaign", async () => {
    const { submitResponse } = await import("~/services/ingest.server");
    const { RateLimiter } = await import("~/services/rate-limit.server");
    const limiter = new RateLimiter(0);
    const answers = { q1: 5, q2: 4 };
    for (const token of [app.link.token, app.link.token, app.counterLink.token]) {
      await submitResponse(app.ctx, { id: crypto.randomUUID(), token, answers }, { limiter });
    }
    const read = async (who: Who, unit?: string) => {
      const request = await asUser(
        app.ctx,
        userId(who),
        `/results/${app.campaign.id}${unit ? `?unit=${unit}` : ""}`,
      );
      const r = await outcome(() =>
        results.loader({ request, params: { campaignId: app.campaign.id }, context: {} }),
      );
      return r.body as { responses: number; scope: string };
    };
    expect((await read("admin")).responses).toBe(3);
    expect((await read("viewer")).responses).toBe(1);
    // Asking for the whole campaign does not widen a viewer's scope.
    expect((await read("viewer", "")).responses).toBe(1);
    expect((await read("viewer", app.units.province.id)).responses).toBe(1);
    expect((await read("manager")).responses).toBe(3); // centre subtree: both links are in it
    expect((await read("hospitalViewer")).responses).toBe(0);
  });
});

describe("/admin/webhooks", () => {
  // Webhooks send a subtree's events out of the building: administrators only.
  it.each(EVERYONE)("%s", async (who) => {
    const request = await asUser(app.ctx, userId(who), "/admin/webhooks");
    const r = await outcome(() => webhooks.loader({ request, params: {}, context: {} }));
    const expected = who === "anonymous" ? 302 : who === "admin" || who === "outsider" ? 200 : 403;
    expect(r.status).toBe(expected);
  });
});

describe("/account", () => {
  it.each(EVERYONE)("%s", async (who) => {
    const request = await asUser(app.ctx, userId(who), "/account");
    const r = await outcome(() => account.loader({ request, params: {}, context: {} }));
    expect(r.status).toBe(who === "anonymous" ? 302 : 200);
  });

  it("refuses a password change from another origin (CSRF)", async () => {
    const request = await asUser(app.ctx, app.people.viewer.id, "/account", {
      method: "POST",
      body: new URLSearchParams({ current: PASSWORD, next: "mot-mat-khau-moi-dai" }),
    });
    const forged = new Request(request, { headers: new Headers(request.headers) });
    forged.headers.set("Origin", "https://evil.example");
    const r = await outcome(() => account.action({ request: forged, params: {}, context: {} }));
    expect(r.status).toBe(403);
  });
});

describe("home page", () => {
  it.each(EVERYONE)(
    "%s sees only campaigns inside their units, and links only where they manage",
    async (who) => {
      const request = await asUser(app.ctx, userId(who), "/");
      const r = await outcome(() => home.loader({ request, params: {}, context: {} }));
      const body = r.body as { campaigns: Array<{ id: string; links: unknown[] }> };
      const ids = body.campaigns.map((c) => c.id);
      if (who === "anonymous" || who === "outsider") expect(ids).toEqual([]);
      else expect(ids).toContain(app.campaign.id);
      const links = body.campaigns.flatMap((c) => c.links);
      if (who === "admin") expect(links.length).toBeGreaterThan(0);
      else expect(links).toEqual([]); // the manager holds the centre, not the province-wide campaign
    },
  );
});
