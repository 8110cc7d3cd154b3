/**
 * Every answer a staff form gets (confirmations, refusals from the services, validation) is in
 * the reader's language: each action below runs with the `lang=en` cookie, and what it sends
 * back to be shown must hold no Vietnamese once the data it names (unit names, campaign
 * titles: Vietnamese by nature) is taken out. A message written in Vietnamese in a route or a
 * service, instead of a key of app/utils/messages, fails here. Also: closing a campaign needs
 * its confirmation, and ?lang= is kept in a cookie.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as account from "~/routes/account";
import * as person from "~/routes/admin.people.$userId";
import * as people from "~/routes/admin.people._index";
import * as unit from "~/routes/admin.units.$unitId";
import * as units from "~/routes/admin.units._index";
import * as targets from "~/routes/dashboard.targets";
import * as exportsHome from "~/routes/exports._index";
import * as campaign from "~/routes/manage.campaigns.$campaignId";
import * as newCampaign from "~/routes/manage.campaigns.new";
import * as kiosks from "~/routes/manage.kiosks";
import * as links from "~/routes/manage.links";
import * as ownQuestionnaires from "~/routes/manage.questionnaires";
import { languageCookie, localeFromRequest } from "~/utils/i18n";
import { asUser, FIXTURE_SURVEYS, makeTestApp, PASSWORD } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let names: string[];

beforeAll(async () => {
  app = await makeTestApp();
});

/** Letters only Vietnamese uses (ă â đ ê ô ơ ư and the tone marks), in either case. */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

type Handler = (args: never) => Promise<unknown>;

/** Runs an action as the admin (or `who`) in English; gives its status and what it shows. */
async function english(
  handler: Handler,
  path: string,
  fields: Record<string, string | string[]>,
  opts: { params?: Record<string, string>; who?: keyof App["people"] } = {},
): Promise<{ status: number; shown: string[] }> {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields))
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const request = await asUser(app.ctx, app.people[opts.who ?? "admin"].id, path, {
    method: "POST",
    body,
  });
  request.headers.set("Cookie", `${request.headers.get("Cookie")}; lang=en`);
  let status = 200;
  let value: unknown;
  try {
    value = await handler({ request, params: opts.params ?? {}, context: {} } as never);
  } catch (e) {
    value = e;
  }
  if (value instanceof Response) {
    status = value.status;
    value = status >= 300 && status < 400 ? null : await value.text();
  }
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit") {
    status = wrapped.init?.status ?? 200;
    value = wrapped.data;
  }
  // What a page shows of an action's answer: its message, error and problems.
  const shown: string[] = [];
  const collect = (v: unknown) => {
    if (typeof v === "string") shown.push(v);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      for (const k of ["message", "error", "problems"]) {
        const x = o[k];
        if (typeof x === "string" && x) shown.push(x);
        if (Array.isArray(x)) shown.push(...x.map(String));
      }
    }
  };
  collect(value);
  return { status, shown };
}

/** The data a message may name (Vietnamese by nature), taken out before looking at the words. */
async function dataNames(): Promise<string[]> {
  const unitNames = await app.ctx.db.selectFrom("unit").select("name").execute();
  const titles = await app.ctx.db.selectFrom("campaign").select("title").execute();
  const forms = await app.ctx.db.selectFrom("questionnaire_version").select("title").execute();
  return [...unitNames, ...titles, ...forms]
    .map((r) => ("name" in r ? r.name : r.title))
    .sort((a, b) => b.length - a.length);
}

function assertEnglish(label: string, shown: string[]) {
  expect(shown.length, `${label}: nothing shown`).toBeGreaterThan(0);
  for (const text of shown) {
    let words = text;
    for (const n of names) words = words.replaceAll(n, "");
    expect(words, `${label}: «${text}»`).not.toMatch(VIETNAMESE);
  }
}

describe("staff actions answer in English when English is chosen", () => {
  it("units, people, campaigns, links, kiosks, questionnaires, account, exports, targets", async () => {
    const u = app.units;
    const c = app.campaign.id;
    const cases: Array<[string, () => Promise<{ status: number; shown: string[] }>]> = [];
    const add = (label: string, run: () => Promise<{ status: number; shown: string[] }>) =>
      cases.push([label, run]);
    const unitFields = { kind: "counter", sector: "administrative", parentId: u.centre.id };
    // Units.
    add("unit created", () =>
      english(units.action as Handler, "/admin/units", {
        ...unitFields,
        code: "P-C-EN",
        name: "Counter EN",
      }),
    );
    add("unit code taken", () =>
      english(units.action as Handler, "/admin/units", {
        ...unitFields,
        code: "P-C-1",
        name: "Again",
      }),
    );
    add("unit without a name", () =>
      english(units.action as Handler, "/admin/units", { ...unitFields, code: "P-C-X", name: "" }),
    );
    add("unit code malformed", () =>
      english(units.action as Handler, "/admin/units", {
        ...unitFields,
        code: "mã sai",
        name: "X",
      }),
    );
    const onCounter = { params: { unitId: u.counter.id } };
    add("unit saved", () =>
      english(
        unit.action as Handler,
        `/admin/units/${u.counter.id}`,
        { intent: "update", code: "P-C-1", name: "Quầy 1", kind: "counter", sector: "generic" },
        onCounter,
      ),
    );
    add("unit moved into itself", () =>
      english(
        unit.action as Handler,
        `/admin/units/${u.centre.id}`,
        { intent: "move", parentId: u.counter.id },
        { params: { unitId: u.centre.id } },
      ),
    );
    add("unit deactivated on a bad date", () =>
      english(
        unit.action as Handler,
        `/admin/units/${u.counter.id}`,
        { intent: "deactivate", from: "31/12/2026" },
        onCounter,
      ),
    );
    add("merge without units", () =>
      english(
        unit.action as Handler,
        `/admin/units/${u.counter.id}`,
        { intent: "merge", effectiveFrom: "2026-01-01" },
        onCounter,
      ),
    );
    add("unit: unknown intent", () =>
      english(unit.action as Handler, `/admin/units/${u.counter.id}`, { intent: "x" }, onCounter),
    );
    // People.
    const newPerson = { name: "N", role: "viewer", unitId: u.counter.id };
    add("person created (password shown once)", () =>
      english(people.action as Handler, "/admin/people", {
        ...newPerson,
        login: "en.one",
        password: "",
      }),
    );
    add("person: login malformed", () =>
      english(people.action as Handler, "/admin/people", {
        ...newPerson,
        login: "Ê",
        password: "",
      }),
    );
    add("person: password too short", () =>
      english(people.action as Handler, "/admin/people", {
        ...newPerson,
        login: "en.two",
        password: "123",
      }),
    );
    add("person: login taken", () =>
      english(people.action as Handler, "/admin/people", {
        ...newPerson,
        login: "viewer",
        password: "",
      }),
    );
    const viewer = { params: { userId: app.people.viewer.id } };
    const viewerPath = `/admin/people/${app.people.viewer.id}`;
    for (const [intent, extra] of [
      ["grant", { role: "analyst", unitId: u.counter.id }],
      ["revoke", { role: "analyst", unitId: u.counter.id }],
      ["revoke", { role: "viewer", unitId: u.counter.id }], // the last role
      ["disable", {}],
      ["enable", {}],
      ["unlock", {}],
      ["nonsense", {}],
    ] as const)
      add(`person: ${intent}`, () =>
        english(person.action as Handler, viewerPath, { intent, ...extra }, viewer),
      );
    add("person: oneself", () =>
      english(
        person.action as Handler,
        `/admin/people/${app.people.admin.id}`,
        { intent: "disable" },
        { params: { userId: app.people.admin.id } },
      ),
    );
    // Campaigns.
    const campaignFields = {
      title: "EN",
      questionnaireVersionId: app.version.id,
      scopeUnitId: u.counter.id,
      from: "2026-01-01",
      to: "2026-12-31",
      targetPct: "90",
      minN: "10",
      channel: ["link"],
    };
    for (const [label, bad] of [
      ["without a title", { title: "" }],
      ["ending before it starts", { to: "2025-01-01" }],
      ["with a target over 100 %", { targetPct: "120" }],
      ["without a channel", { channel: [] as string[] }],
      ["with a date in another form", { from: "01/01/2026" }],
    ] as Array<[string, Record<string, string | string[]>]>)
      add(`campaign ${label}`, () =>
        english(newCampaign.action as Handler, "/manage/campaigns/new", {
          ...campaignFields,
          ...bad,
        }),
      );
    const onCampaign = { params: { campaignId: c } };
    const campaignPath = `/manage/campaigns/${c}`;
    add("link created", () =>
      english(
        campaign.action as Handler,
        campaignPath,
        { intent: "link", unitId: u.counter.id, channel: "qr" },
        onCampaign,
      ),
    );
    add("link on a channel the campaign does not use", () =>
      english(
        campaign.action as Handler,
        campaignPath,
        { intent: "link", unitId: u.counter.id, channel: "kiosk" },
        onCampaign,
      ),
    );
    add("link revoked", () =>
      english(
        campaign.action as Handler,
        campaignPath,
        { intent: "revoke", token: app.counterLink.token },
        onCampaign,
      ),
    );
    add("open an open campaign", () =>
      english(campaign.action as Handler, campaignPath, { intent: "open" }, onCampaign),
    );
    add("close without the confirmation", () =>
      english(campaign.action as Handler, campaignPath, { intent: "close" }, onCampaign),
    );
    // Own questionnaires.
    const own = (json: string) =>
      english(ownQuestionnaires.action as Handler, "/manage/questionnaires", {
        ownerUnitId: u.centre.id,
        json,
      });
    const doc = JSON.parse(readFileSync(resolve(FIXTURE_SURVEYS, "test-form.json"), "utf8"));
    add("questionnaire: nothing sent", () => own(""));
    add("questionnaire: not JSON", () => own("{"));
    add("questionnaire: slug of another unit", () => own(JSON.stringify({ ...doc, slug: "khac" })));
    add("questionnaire stored", () => own(JSON.stringify({ ...doc, slug: "p-c-en" })));
    // Links and invitations, kiosks.
    add("QR link created", () =>
      english(links.action as Handler, "/manage/links", {
        intent: "create-link",
        campaignId: c,
        unitId: u.counter.id,
        channel: "qr",
      }),
    );
    add("invitations: count out of range", () =>
      english(links.action as Handler, "/manage/links", {
        intent: "create-batch",
        campaignId: c,
        unitId: u.counter.id,
        count: "0",
      }),
    );
    add("links: unknown intent", () =>
      english(links.action as Handler, "/manage/links", { intent: "x" }),
    );
    add("kiosk registered", () =>
      english(kiosks.action as Handler, "/manage/kiosks", {
        intent: "register",
        campaignId: c,
        unitId: u.counter.id,
        label: "Tablet",
      }),
    );
    add("kiosk for an unknown campaign", () =>
      english(kiosks.action as Handler, "/manage/kiosks", {
        intent: "register",
        campaignId: "00000000-0000-0000-0000-000000000000",
        unitId: u.counter.id,
      }),
    );
    add("opening hours malformed", () =>
      english(kiosks.action as Handler, "/manage/kiosks", {
        intent: "hours",
        unitId: u.counter.id,
        day1: "7h-11h",
      }),
    );
    add("opening hours saved", () =>
      english(kiosks.action as Handler, "/manage/kiosks", {
        intent: "hours",
        unitId: u.counter.id,
        day1: "07:30-11:30",
      }),
    );
    add("kiosks: unknown intent", () =>
      english(kiosks.action as Handler, "/manage/kiosks", { intent: "x" }),
    );
    // Account, exports, targets.
    add("password: a field missing", () =>
      english(account.action as Handler, "/account", { current: "", next: "" }, { who: "analyst" }),
    );
    add("password: the current one wrong", () =>
      english(
        account.action as Handler,
        "/account",
        { current: "sai", next: "mat-khau-moi-dai-2026" },
        { who: "analyst" },
      ),
    );
    add("password: too short", () =>
      english(
        account.action as Handler,
        "/account",
        { current: PASSWORD, next: "ngan" },
        { who: "analyst" },
      ),
    );
    add("API token without a name", () =>
      english(exportsHome.action as Handler, "/exports", { intent: "create-token", name: "" }),
    );
    add("target malformed", () =>
      english(targets.action as Handler, "/dashboard/targets", { sector: "administrative" }),
    );

    // Run one by one (each is a transaction on the same database), then judge them all.
    const results: Array<[string, { status: number; shown: string[] }]> = [];
    for (const [label, run] of cases) results.push([label, await run()]);
    names = await dataNames();
    for (const [label, r] of results) {
      // A redirect shows nothing; 403 and 404 show the error page, whose words are translated.
      if ((r.status >= 300 && r.status < 400) || r.status === 403 || r.status === 404) continue;
      assertEnglish(label, r.shown);
    }
    // The cases above do reach their messages (not only a 404 page).
    const byLabel = Object.fromEntries(results);
    expect(byLabel["link created"]!.shown[0]).toBe("Survey link created:");
    expect(byLabel["unit code taken"]!.shown[0]).toBe("The unit code «P-C-1» is taken.");
    expect(byLabel["close without the confirmation"]!.status).toBe(400);
    expect(byLabel["person: oneself"]!.status).toBe(409);
  });
});

describe("closing a campaign", () => {
  it("is refused without its confirmation and done with it", async () => {
    const c = app.campaign.id;
    const path = `/manage/campaigns/${c}`;
    const close = async (fields: Record<string, string>) => {
      const request = await asUser(app.ctx, app.people.admin.id, path, {
        method: "POST",
        body: new URLSearchParams(fields),
      });
      const r = (await campaign.action({ request, params: { campaignId: c }, context: {} })) as {
        data: { ok: boolean; message: string };
        init: { status?: number } | null;
      };
      const row = await app.ctx.db
        .selectFrom("campaign")
        .select("status")
        .where("id", "=", c)
        .executeTakeFirstOrThrow();
      return { status: r.init?.status ?? 200, message: r.data.message, campaign: row.status };
    };
    expect(await close({ intent: "close" })).toEqual({
      status: 400,
      message: "Xin đánh dấu ô xác nhận: đóng đợt khảo sát là vĩnh viễn, không mở lại được.",
      campaign: "open",
    });
    expect(await close({ intent: "close", confirm: "yes" })).toMatchObject({
      status: 200,
      campaign: "closed",
    });
  });
});

describe("the language chosen", () => {
  it("is kept in a cookie from ?lang= and read back on the next pages", () => {
    const chosen = languageCookie(new Request("http://localhost/admin?lang=en"));
    expect(chosen).toMatch(/^lang=en; Path=\/; Max-Age=\d+; SameSite=Lax$/);
    expect(languageCookie(new Request("https://hl.example/admin?lang=vi"))).toMatch(/; Secure$/);
    expect(languageCookie(new Request("http://localhost/admin"))).toBeNull();
    expect(languageCookie(new Request("http://localhost/admin?lang=fr"))).toBeNull();
    const next = new Request("http://localhost/manage/links", {
      headers: { Cookie: `hl_session=x; ${chosen!.split(";")[0]}` },
    });
    expect(localeFromRequest(next)).toBe("en");
  });
});
