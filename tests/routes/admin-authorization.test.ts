/**
 * The authorization matrix of the administration routes (units, people, audit log, campaigns,
 * own questionnaires): every role against every loader and action, and no data from outside
 * the caller's subtree in any answer. Roles (tests/fixtures/app.ts): admin of the province,
 * manager of its centre, analyst of the province, viewer of a counter, viewer of the hospital,
 * and the administrator of another province ("outsider").
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as adminHome from "~/routes/admin._index";
import * as audit from "~/routes/admin.audit";
import * as job from "~/routes/admin.jobs.$jobId";
import * as jobs from "~/routes/admin.jobs._index";
import * as person from "~/routes/admin.people.$userId";
import * as people from "~/routes/admin.people._index";
import * as unit from "~/routes/admin.units.$unitId";
import * as units from "~/routes/admin.units._index";
import * as unitsCsv from "~/routes/admin.units[.]csv";
import * as unitsImport from "~/routes/admin.units.import";
import * as campaign from "~/routes/manage.campaigns.$campaignId";
import * as campaigns from "~/routes/manage.campaigns._index";
import * as newCampaign from "~/routes/manage.campaigns.new";
import * as ownQuestionnaires from "~/routes/manage.questionnaires";
import { createCampaign } from "~/services/campaigns.server";
import { startSession } from "~/services/auth.server";
import { addRole } from "~/services/people.server";
import { createUser } from "~/services/users.server";
import {
  asUser,
  EVERYONE,
  FIXTURE_SURVEYS,
  makeTestApp,
  PASSWORD,
  type Who,
} from "../fixtures/app";
import { enqueue } from "~/services/jobs.server";
import { mailJob } from "~/services/mail.server";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let draftId: string;
/** Mail jobs of the centre, and of the other province. */
let centreJob: string;
let otherJob: string;

beforeAll(async () => {
  app = await makeTestApp();
  const draft = await createCampaign(
    app.ctx,
    {
      title: "Đợt nháp của tỉnh",
      questionnaireVersionId: app.version.id,
      scopeUnitIds: [app.units.province.id],
      from: "2026-01-01",
      to: "2099-12-31",
      targetPct: 90,
      targetResponses: null,
      channels: ["link"],
      minN: 5,
      anonymous: true,
    },
    { id: app.people.admin.id, grants: [{ role: "admin", unitPath: app.units.province.path }] },
  );
  draftId = draft.id;
  const mail = (subject: string) => ({
    to: ["a@example.gov.vn"],
    cc: [],
    subject,
    text: "…",
    attachments: [],
  });
  const later = { runAt: new Date(Date.now() + 86_400_000) };
  centreJob = (
    await enqueue(app.ctx.db, mailJob, mail("Thư của trung tâm"), {
      ...later,
      unitId: app.units.centre.id,
    })
  ).id;
  otherJob = (
    await enqueue(app.ctx.db, mailJob, mail("Thư của tỉnh khác"), {
      ...later,
      unitId: app.units.other.id,
    })
  ).id;
});

const userId = (who: Who) => (who === "anonymous" ? null : app.people[who].id);

interface Outcome {
  status: number;
  text: string;
}

/** Runs a loader or action and reports its status and everything it would send. */
async function run(fn: () => Promise<unknown>): Promise<Outcome> {
  const serialise = async (v: unknown) =>
    v instanceof Response ? await v.clone().text() : JSON.stringify(v ?? null);
  try {
    const r = await fn();
    if (r instanceof Response) return { status: r.status, text: await serialise(r) };
    const wrapped = r as { type?: string; data?: unknown; init?: { status?: number } | null };
    if (wrapped?.type === "DataWithResponseInit")
      return { status: wrapped.init?.status ?? 200, text: await serialise(wrapped.data) };
    return { status: 200, text: await serialise(r) };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, text: await serialise(e) };
    const wrapped = e as { type?: string; data?: unknown; init?: { status?: number } | null };
    if (wrapped?.type === "DataWithResponseInit")
      return { status: wrapped.init?.status ?? 500, text: await serialise(wrapped.data) };
    throw e;
  }
}

type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, never>;
}) => Promise<unknown>;

async function call(
  who: Who,
  handler: Handler,
  path: string,
  params: Record<string, string> = {},
  body?: FormData,
) {
  const request = await asUser(app.ctx, userId(who), path, body ? { method: "POST", body } : {});
  return run(() => handler({ request, params, context: {} }));
}

const form = (fields: Record<string, string | string[] | Blob>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) for (const x of v) f.append(k, x);
    else f.append(k, v);
  }
  return f;
};

/**
 * Ids that must never appear in an answer to this person: every unit and person outside the
 * subtree their roles reach (the campaign's title and the catalog are not theirs to hide).
 */
function foreign(who: Who): string[] {
  const u = app.units;
  const p = app.people;
  const provincePeople = [p.admin, p.manager, p.analyst, p.viewer, p.hospitalViewer].map(
    (x) => x.id,
  );
  switch (who) {
    case "admin":
      return [u.other.id, p.outsider.id];
    case "manager":
      return [u.province.id, u.hospital.id, u.other.id, p.outsider.id, p.hospitalViewer.id];
    case "outsider":
      return [u.province.id, u.centre.id, u.counter.id, u.hospital.id, ...provincePeople];
    default:
      return [u.province.id, u.centre.id, u.counter.id, u.hospital.id, u.other.id];
  }
}

type Expect = Record<Who, number>;
/** Anonymous → sign-in page; roles without the permission → 403 (or 404 outside the subtree). */
const only = (allowed: Partial<Expect>, otherwise = 403): Expect => ({
  anonymous: 302,
  admin: otherwise,
  manager: otherwise,
  analyst: otherwise,
  viewer: otherwise,
  hospitalViewer: otherwise,
  outsider: otherwise,
  ...allowed,
});

interface Case {
  name: string;
  expected: Expect;
  call: (who: Who) => Promise<Outcome>;
}

const CASES: Case[] = [
  {
    name: "GET /admin",
    expected: only({ admin: 200, manager: 200, outsider: 200 }),
    call: (who) => call(who, adminHome.loader as Handler, "/admin"),
  },
  {
    name: "GET /admin/units",
    expected: only({ admin: 200, outsider: 200 }),
    call: (who) => call(who, units.loader as Handler, "/admin/units"),
  },
  {
    name: "POST /admin/units (a counter under the centre)",
    expected: only({ admin: 200, outsider: 404 }),
    call: (who) =>
      call(
        who,
        units.action as Handler,
        "/admin/units",
        {},
        form({
          parentId: app.units.centre.id,
          code: `P-C-${who}`,
          name: `Quầy ${who}`,
          kind: "counter",
          sector: "administrative",
        }),
      ),
  },
  {
    name: "GET /admin/units/:centre",
    expected: only({ admin: 200, outsider: 404 }),
    call: (who) =>
      call(who, unit.loader as Handler, `/admin/units/${app.units.centre.id}`, {
        unitId: app.units.centre.id,
      }),
  },
  {
    name: "POST /admin/units/:counter (rename)",
    expected: only({ admin: 200, outsider: 404 }),
    call: (who) =>
      call(
        who,
        unit.action as Handler,
        `/admin/units/${app.units.counter.id}`,
        { unitId: app.units.counter.id },
        form({
          intent: "update",
          code: "P-C-1",
          name: `Quầy 1 (${who})`,
          kind: "counter",
          sector: "administrative",
        }),
      ),
  },
  {
    name: "GET /admin/units/import",
    expected: only({ admin: 200, outsider: 200 }),
    call: (who) => call(who, unitsImport.loader as Handler, "/admin/units/import"),
  },
  {
    name: "POST /admin/units/import (dry run of a counter under the centre)",
    // The outsider is told only that the parent is unknown, as for a code that does not exist.
    expected: only({ admin: 200, outsider: 422 }),
    call: (who) =>
      call(
        who,
        unitsImport.action as Handler,
        "/admin/units/import",
        {},
        form({
          intent: "check",
          file: new Blob(
            ["code,name,kind,sector,parent_code\nP-C-7,Quầy 7,counter,administrative,P-C\n"],
            {
              type: "text/csv",
            },
          ),
        }),
      ),
  },
  {
    name: "GET /admin/units.csv",
    expected: only({ admin: 200, outsider: 200 }),
    call: (who) => call(who, unitsCsv.loader as Handler, "/admin/units.csv"),
  },
  {
    name: "GET /admin/people",
    expected: only({ admin: 200, outsider: 200 }),
    call: (who) => call(who, people.loader as Handler, "/admin/people"),
  },
  {
    name: "POST /admin/people (a viewer of the counter)",
    expected: only({ admin: 200, outsider: 404 }),
    call: (who) =>
      call(
        who,
        people.action as Handler,
        "/admin/people",
        {},
        form({
          login: `moi.${who.toLowerCase()}`,
          name: "Người mới",
          password: "",
          role: "viewer",
          unitId: app.units.counter.id,
        }),
      ),
  },
  {
    name: "GET /admin/people/:viewer",
    expected: only({ admin: 200, outsider: 404 }),
    call: (who) =>
      call(who, person.loader as Handler, `/admin/people/${app.people.viewer.id}`, {
        userId: app.people.viewer.id,
      }),
  },
  {
    name: "POST /admin/people/:viewer (unlock)",
    expected: only({ admin: 200, outsider: 404 }),
    call: (who) =>
      call(
        who,
        person.action as Handler,
        `/admin/people/${app.people.viewer.id}`,
        { userId: app.people.viewer.id },
        form({ intent: "unlock" }),
      ),
  },
  {
    name: "GET /admin/audit",
    expected: only({ admin: 200, outsider: 200 }),
    call: (who) => call(who, audit.loader as Handler, "/admin/audit"),
  },
  {
    name: "GET /admin/jobs",
    expected: only({ admin: 200, outsider: 200 }),
    call: (who) => call(who, jobs.loader as Handler, "/admin/jobs?state=scheduled"),
  },
  {
    name: "GET /admin/jobs/:centre's mail",
    expected: only({ admin: 200, outsider: 404 }),
    call: (who) =>
      call(who, job.loader as Handler, `/admin/jobs/${centreJob}`, { jobId: centreJob }),
  },
  {
    name: "POST /admin/jobs (cancel the centre's mail)",
    expected: only({ admin: 200, outsider: 404 }),
    call: (who) =>
      call(
        who,
        jobs.action as Handler,
        "/admin/jobs",
        {},
        form({ intent: "cancel", jobId: centreJob }),
      ),
  },
  {
    name: "POST /admin/jobs/:centre's mail (run again)",
    expected: only({ admin: 200, outsider: 404 }),
    call: (who) =>
      call(
        who,
        job.action as Handler,
        `/admin/jobs/${centreJob}`,
        { jobId: centreJob },
        form({ intent: "retry" }),
      ),
  },
  {
    name: "GET /manage/campaigns",
    expected: only({ admin: 200, manager: 200, outsider: 200 }),
    call: (who) => call(who, campaigns.loader as Handler, "/manage/campaigns"),
  },
  {
    name: "GET /manage/campaigns/new",
    expected: only({ admin: 200, manager: 200, outsider: 200 }),
    call: (who) => call(who, newCampaign.loader as Handler, "/manage/campaigns/new"),
  },
  {
    name: "POST /manage/campaigns/new (scope: the counter)",
    expected: only({ admin: 302, manager: 302, outsider: 404 }),
    call: (who) =>
      call(
        who,
        newCampaign.action as Handler,
        "/manage/campaigns/new",
        {},
        form({
          title: `Đợt của ${who}`,
          questionnaireVersionId: app.version.id,
          scopeUnitId: app.units.counter.id,
          from: "2026-01-01",
          to: "2026-12-31",
          targetPct: "90",
          minN: "10",
          channel: ["link", "qr"],
          anonymous: "on",
        }),
      ),
  },
  {
    name: "GET /manage/campaigns/:fixture (scope: the province)",
    expected: only({ admin: 200, manager: 200, outsider: 404 }),
    call: (who) =>
      call(who, campaign.loader as Handler, `/manage/campaigns/${app.campaign.id}`, {
        campaignId: app.campaign.id,
      }),
  },
  {
    name: "POST /manage/campaigns/:fixture (a link for the counter)",
    expected: only({ admin: 200, manager: 200, outsider: 404 }),
    call: (who) =>
      call(
        who,
        campaign.action as Handler,
        `/manage/campaigns/${app.campaign.id}`,
        { campaignId: app.campaign.id },
        form({ intent: "link", unitId: app.units.counter.id, channel: "qr", label: who }),
      ),
  },
  {
    name: "POST /manage/campaigns/:draft (open; the manager runs only part of its scope)",
    expected: only({ admin: 200, manager: 403, outsider: 404 }),
    call: (who) =>
      call(
        who,
        campaign.action as Handler,
        `/manage/campaigns/${draftId}`,
        { campaignId: draftId },
        form({ intent: "open" }),
      ),
  },
  {
    name: "GET /manage/questionnaires",
    expected: only({ admin: 200, manager: 200, outsider: 200 }),
    call: (who) => call(who, ownQuestionnaires.loader as Handler, "/manage/questionnaires"),
  },
  {
    name: "POST /manage/questionnaires (the centre's own form)",
    expected: only({ admin: 200, manager: 200, outsider: 404 }),
    call: (who) =>
      call(
        who,
        ownQuestionnaires.action as Handler,
        "/manage/questionnaires",
        {},
        form({ ownerUnitId: app.units.centre.id, json: ownForm() }),
      ),
  },
];

/** The fixture questionnaire as the centre's own, under the centre's slug prefix. */
function ownForm() {
  const doc = JSON.parse(readFileSync(resolve(FIXTURE_SURVEYS, "test-form.json"), "utf8"));
  return JSON.stringify({ ...doc, slug: "p-c-phieu-rieng" });
}

describe.each(CASES)("$name", (c) => {
  it.each(EVERYONE)("%s", async (who) => {
    const r = await c.call(who);
    expect(r.status, r.text.slice(0, 300)).toBe(c.expected[who]);
    if (r.status === 200) {
      for (const id of foreign(who)) expect(r.text, `leaks ${id}`).not.toContain(id);
    }
    if (r.status === 302 && who === "anonymous") expect(r.text).toBe("");
  });
});

describe("what each answer holds", () => {
  it("the outsider's tree, people, audit log and CSV hold only their own province", async () => {
    const csv = await call("outsider", unitsCsv.loader as Handler, "/admin/units.csv");
    expect(csv.text).toContain("Q,Tỉnh khác,province");
    expect(csv.text).not.toMatch(/^P/m);
    const list = await call("outsider", people.loader as Handler, "/admin/people");
    expect(list.text).toContain(app.people.outsider.id);
    const log = await call("outsider", audit.loader as Handler, "/admin/audit");
    expect(log.text).not.toContain("P-C");
    const admin = await call("admin", audit.loader as Handler, "/admin/audit");
    expect(admin.text).toContain('"action":"create"');
    expect(admin.text).toContain("P-C-admin");
  });

  it("a subtree administrator's audit log names no role held outside the subtree", async () => {
    // An administrator of the centre; the centre's manager is also given a role over the
    // hospital by the province's administrator.
    const centreAdmin = await createUser(
      app.ctx,
      {
        login: "admin.trungtam",
        name: "Quản trị trung tâm",
        password: PASSWORD,
        grants: [{ unitId: app.units.centre.id, role: "admin" }],
      },
      app.people.admin.id,
    );
    const provinceAdmin = {
      id: app.people.admin.id,
      grants: [{ role: "admin" as const, unitPath: app.units.province.path }],
    };
    await addRole(
      app.ctx,
      app.people.manager.id,
      { unitId: app.units.hospital.id, role: "analyst" },
      provinceAdmin,
    );
    await startSession(app.ctx, new Request("http://localhost/login"), app.people.manager.id);
    const request = await asUser(app.ctx, centreAdmin.id, "/admin/audit");
    const log = await run(() => (audit.loader as Handler)({ request, params: {}, context: {} }));
    expect(log.status).toBe(200);
    // The grant over the hospital is the province's business: neither it nor the unit shows.
    expect(log.text).not.toContain("P-H");
    expect(log.text).not.toContain("Bệnh viện");
    // What concerns the manager's account itself (a sign-in) still shows.
    const entries = (
      JSON.parse(log.text) as { entries: Array<{ action: string; entity_id: string }> }
    ).entries;
    expect(entries).toContainEqual(
      expect.objectContaining({ action: "sign_in", entity_id: app.people.manager.id }),
    );
    // The province's administrator sees the grant.
    const all = await call("admin", audit.loader as Handler, "/admin/audit");
    expect(all.text).toContain("P-H");
  });

  it("each administrator's job page holds only their own province's jobs", async () => {
    const mine = await call("admin", jobs.loader as Handler, "/admin/jobs");
    expect(mine.text).toContain("Thư của trung tâm");
    expect(mine.text).not.toContain(otherJob);
    const theirs = await call("outsider", jobs.loader as Handler, "/admin/jobs");
    expect(theirs.text).toContain(otherJob);
    expect(theirs.text).not.toContain(centreJob);
  });

  it("a manager sees only their units' links of a province-wide campaign", async () => {
    const r = await call(
      "manager",
      campaign.loader as Handler,
      `/manage/campaigns/${app.campaign.id}`,
      {
        campaignId: app.campaign.id,
      },
    );
    const body = JSON.parse(r.text) as { whole: boolean; links: Array<{ token: string }> };
    expect(body.whole).toBe(false);
    const tokens = body.links.map((l) => l.token);
    expect(tokens).toContain(app.counterLink.token);
    expect(tokens).not.toContain(app.closedLink.token); // another campaign
  });

  it("refuses state changes from another site (CSRF) before anything else", async () => {
    const request = await asUser(app.ctx, app.people.admin.id, "/admin/units", {
      method: "POST",
      body: form({
        parentId: app.units.centre.id,
        code: "P-CSRF",
        name: "x",
        kind: "counter",
        sector: "generic",
      }),
    });
    const forged = new Request(request, { headers: new Headers(request.headers) });
    forged.headers.set("Origin", "https://evil.example");
    const r = await run(() => units.action({ request: forged, params: {}, context: {} }));
    expect(r.status).toBe(403);
  });
});
