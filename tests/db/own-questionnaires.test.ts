/**
 * Agencies' own questionnaires: checked like the official catalog (every problem listed),
 * versioned by content hash, owned by the uploading unit, labelled "own" wherever shown.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import * as catalog from "~/routes/questionnaires._index";
import { createCampaign, listUsableQuestionnaires } from "~/services/campaigns.server";
import { loadCatalog } from "~/services/catalog.server";
import { CATALOG_BROKEN } from "~/services/catalog-files.server";
import { listOwnQuestionnaires, uploadQuestionnaire } from "~/services/own-questionnaires.server";
import { ServiceError, type Actor } from "~/services/service-error.server";
import { FIXTURE_SURVEYS, makeTestApp, ORIGIN } from "../fixtures/app";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let manager: Actor;
beforeEach(async () => {
  app = await makeTestApp();
  manager = {
    id: app.people.manager.id,
    grants: [{ role: "manager", unitPath: app.units.centre.path }],
  };
});

const base = () => JSON.parse(readFileSync(resolve(FIXTURE_SURVEYS, "test-form.json"), "utf8"));
const doc = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ ...base(), slug: "p-c-rieng", ...over });

async function failure(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ServiceError);
  return e as ServiceError;
}

describe("uploading", () => {
  it("stores version 1, keeps it for the same content, makes version 2 when it changes", async () => {
    const v1 = await uploadQuestionnaire(
      app.ctx,
      { ownerUnitId: app.units.centre.id, text: doc() },
      manager,
    );
    expect(v1).toMatchObject({
      created: true,
      version: { slug: "p-c-rieng", version: 1, owner_unit_id: app.units.centre.id },
    });
    // The same document reformatted, keys reordered: the same version.
    const parsed = JSON.parse(doc()) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(parsed).reverse());
    const same = JSON.stringify(reordered, null, 2);
    const again = await uploadQuestionnaire(
      app.ctx,
      { ownerUnitId: app.units.centre.id, text: same },
      manager,
    );
    expect(again).toMatchObject({ created: false, version: { id: v1.version.id } });
    const changed = base();
    changed.meta.title = "Phiếu riêng, bản 2";
    const v2 = await uploadQuestionnaire(
      app.ctx,
      { ownerUnitId: app.units.centre.id, text: JSON.stringify({ ...changed, slug: "p-c-rieng" }) },
      manager,
    );
    expect(v2).toMatchObject({ created: true, version: { version: 2 } });
    expect((await listOwnQuestionnaires(app.ctx, manager)).map((q) => q.version)).toEqual([2, 1]);
    const log = await app.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity", "=", "questionnaire")
      .execute();
    expect(log.map((a) => [a.action, a.unit_id])).toEqual([
      ["upload", app.units.centre.id],
      ["upload", app.units.centre.id],
    ]);
  });

  it("labels it the agency's own whatever the file claims, in the catalog too", async () => {
    await uploadQuestionnaire(app.ctx, { ownerUnitId: app.units.centre.id, text: doc() }, manager);
    const request = new Request(`${ORIGIN}/questionnaires`);
    const page = (await catalog.loader({ request, params: {}, context: {} })) as {
      questionnaires: Array<{ slug: string; verification: string }>;
    };
    expect(page.questionnaires.find((q) => q.slug === "p-c-rieng")?.verification).toBe("own");
    expect(page.questionnaires.find((q) => q.slug === "test-form")?.verification).toBe(
      "paraphrase",
    );
  });

  it("lists every problem of a broken form, as the catalog check does", async () => {
    const broken = base();
    broken.scoring.items.push({ code: "Q9", question: "nope" });
    broken.meta.sector = "agriculture";
    const e = await failure(
      uploadQuestionnaire(
        app.ctx,
        { ownerUnitId: app.units.centre.id, text: JSON.stringify({ ...broken, slug: "p-c-x" }) },
        manager,
      ),
    );
    expect(e.status).toBe(400);
    expect(e.problems.join("\n")).toContain("meta.sector");
    const e2 = await failure(
      uploadQuestionnaire(
        app.ctx,
        {
          ownerUnitId: app.units.centre.id,
          text: JSON.stringify({
            ...base(),
            slug: "p-c-x",
            scoring: { ...base().scoring, items: [{ code: "Q9", question: "nope" }] },
          }),
        },
        manager,
      ),
    );
    expect(e2.problems.join("\n")).toContain('question "nope" does not exist');
    const e3 = await failure(
      uploadQuestionnaire(
        app.ctx,
        { ownerUnitId: app.units.centre.id, text: "{ not json" },
        manager,
      ),
    );
    expect(e3.message).toMatch(/JSON/);
  });

  it("keeps slugs apart: the unit's prefix, never the catalog's or another unit's", async () => {
    expect(
      (
        await failure(
          uploadQuestionnaire(
            app.ctx,
            { ownerUnitId: app.units.centre.id, text: doc({ slug: "khao-sat" }) },
            manager,
          ),
        )
      ).message,
    ).toContain("p-c-");
    expect(
      (
        await failure(
          uploadQuestionnaire(
            app.ctx,
            { ownerUnitId: app.units.centre.id, text: doc({ slug: "test-form" }) },
            manager,
          ),
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await failure(
          uploadQuestionnaire(
            app.ctx,
            { ownerUnitId: app.units.hospital.id, text: doc({ slug: "p-h-x" }) },
            manager,
          ),
        )
      ).status,
    ).toBe(404);
    // The official catalog never versions over an agency's slug.
    await uploadQuestionnaire(app.ctx, { ownerUnitId: app.units.centre.id, text: doc() }, manager);
    const dir = mkdtempSync(join(tmpdir(), "hl-own-"));
    cpSync(FIXTURE_SURVEYS, dir, { recursive: true });
    writeFileSync(join(dir, "clash.json"), JSON.stringify({ ...base(), slug: "p-c-rieng" }));
    await expect(loadCatalog(app.ctx.db, dir)).rejects.toMatchObject({ key: CATALOG_BROKEN });
  });

  it("is offered for campaigns inside its owner only", async () => {
    const { version } = await uploadQuestionnaire(
      app.ctx,
      { ownerUnitId: app.units.centre.id, text: doc() },
      manager,
    );
    expect((await listUsableQuestionnaires(app.ctx, manager)).map((q) => q.slug)).toContain(
      "p-c-rieng",
    );
    const hospitalManager: Actor = {
      id: app.people.admin.id,
      grants: [{ role: "manager", unitPath: app.units.hospital.path }],
    };
    expect(
      (await listUsableQuestionnaires(app.ctx, hospitalManager)).map((q) => q.slug),
    ).not.toContain("p-c-rieng");
    const admin: Actor = {
      id: app.people.admin.id,
      grants: [{ role: "admin", unitPath: app.units.province.path }],
    };
    const input = {
      title: "Đợt",
      questionnaireVersionId: version.id,
      from: "2026-01-01",
      to: "2026-12-31",
      targetPct: null,
      targetResponses: null,
      channels: ["link"],
      minN: 10,
      anonymous: true,
    };
    await createCampaign(app.ctx, { ...input, scopeUnitIds: [app.units.counter.id] }, admin);
    const e = await failure(
      createCampaign(app.ctx, { ...input, scopeUnitIds: [app.units.province.id] }, admin),
    );
    expect(e.status).toBe(409);
  });
});
