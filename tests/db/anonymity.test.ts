import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import { findQuestion } from "~/domain/surveyjs";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { findForm } from "~/services/forms.server";
import { submitResponse } from "~/services/ingest.server";
import { uploadQuestionnaire } from "~/services/own-questionnaires.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { makeTestApp } from "../fixtures/app";

// The inpatient form (QĐ 56) asks for an optional mobile number: TT_A3.
const PHONE = "TT_A3";
const noLimit = new RateLimiter(0);

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let namedToken: string;

beforeAll(async () => {
  app = await makeTestApp({ slug: "byt-noi-tru", surveysDir: resolve(__dirname, "../../surveys") });
  // The fixture's campaign is anonymous (the default); this one is not.
  const named = await insertCampaign(app.ctx.db, {
    title: "Đợt có ghi thông tin liên hệ",
    questionnaireVersionId: app.version.id,
    status: "open",
    opensAt: "2020-01-01T00:00:00.000Z",
    closesAt: "2100-01-01T00:00:00.000Z",
    targetPct: null,
    channels: ["link"],
    minN: 30,
    scopeUnitIds: [app.units.province.id],
    anonymous: false,
  });
  namedToken = (
    await insertAccessLink(app.ctx.db, {
      campaignId: named.id,
      unitId: app.units.hospital.id,
      channel: "link",
    })
  ).token;
});

async function formOf(token: string) {
  const form = await findForm(app.ctx, token);
  if (form.kind !== "ok") throw new Error(form.kind);
  return form;
}

async function sendWithPhone(token: string) {
  const { version } = await formOf(token);
  const answers = {
    ...syntheticAnswers(version.compiled, seededRandom(3), { fillOptional: 1 }),
    [PHONE]: "0912345678",
  };
  return { sent: answers, stored: await sendAndRead(token, answers) };
}

/** Submits answers through a link (201) and gives back the answers as they were stored. */
async function sendAndRead(token: string, answers: Record<string, unknown>) {
  const id = randomUUID();
  const r = await submitResponse(app.ctx, { id, token, answers }, { limiter: noLimit });
  expect(r.status).toBe(201);
  const row = await app.ctx.db
    .selectFrom("response")
    .select("answers")
    .where("client_id", "=", id)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.answers) as Record<string, unknown>;
}

describe("an anonymous campaign", () => {
  it("does not show the question asking for a phone number; a named campaign does", async () => {
    const anonymous = await formOf(app.link.token);
    const named = await formOf(namedToken);
    const pages = (s: Record<string, unknown>) => s.pages as unknown[];
    expect(findQuestion(pages(anonymous.survey), PHONE)).toBeUndefined();
    expect(findQuestion(pages(named.survey), PHONE)).toMatchObject({ inputType: "tel" });
    // Nothing else left out: the other questions are all there.
    expect(findQuestion(pages(anonymous.survey), "A1")).toBeDefined();
    expect(JSON.stringify(anonymous.survey).length).toBeLessThan(
      JSON.stringify(named.survey).length,
    );
  });

  it("does not keep a phone number a client sends anyway, and keeps every other answer", async () => {
    const { sent, stored } = await sendWithPhone(app.link.token);
    expect(stored).not.toHaveProperty(PHONE);
    const { [PHONE]: _phone, ...rest } = sent;
    expect(stored).toEqual(rest);
  });

  it("a named campaign keeps it", async () => {
    const { sent, stored } = await sendWithPhone(namedToken);
    expect(stored[PHONE]).toBe("0912345678");
    expect(stored).toEqual(sent);
  });
});

describe("an agency's own questionnaire that marks personal data", () => {
  // Uploaded as an agency writes it: a name, an address, an identity number in a marked
  // panel, and a plain note. Only tel and email inputs counted before, so "Họ và tên" was kept.
  const own = {
    slug: "p-c-gop-y",
    meta: { title: "Góp ý của trung tâm", sector: "administrative", verification: "own" },
    survey: {
      pages: [
        {
          name: "p1",
          elements: [
            {
              type: "rating",
              name: "hai_long",
              title: "Mức độ hài lòng",
              rateMin: 1,
              rateMax: 5,
              isRequired: true,
            },
            { type: "text", name: "ho_ten", title: "Họ và tên", personalData: "name" },
            { type: "comment", name: "dia_chi", title: "Địa chỉ", personalData: "address" },
            {
              type: "panel",
              name: "giay_to",
              personalData: "idNumber",
              elements: [{ type: "text", name: "so_cccd", title: "Số CCCD" }],
            },
            { type: "text", name: "ghi_chu", title: "Ghi chú về thủ tục" },
          ],
        },
      ],
    },
    scoring: {
      method: "generic",
      scale: { levels: [1, 2, 3, 4, 5], satisfied: [4, 5], notApplicable: [] },
      items: [{ code: "HL", question: "hai_long" }],
    },
  };

  it("is shown without them in an anonymous campaign, and their answers are not kept", async () => {
    const manager = {
      id: app.people.admin.id,
      grants: [{ role: "admin" as const, unitPath: app.units.province.path }],
    };
    const { version } = await uploadQuestionnaire(
      app.ctx,
      { ownerUnitId: app.units.centre.id, text: JSON.stringify(own) },
      manager,
    );
    const campaign = await insertCampaign(app.ctx.db, {
      title: "Đợt góp ý ẩn danh",
      questionnaireVersionId: version.id,
      status: "open",
      opensAt: "2020-01-01T00:00:00.000Z",
      closesAt: "2100-01-01T00:00:00.000Z",
      targetPct: null,
      channels: ["link"],
      minN: 1,
      scopeUnitIds: [app.units.centre.id],
    });
    const { token } = await insertAccessLink(app.ctx.db, {
      campaignId: campaign.id,
      unitId: app.units.centre.id,
      channel: "link",
    });
    const pages = (await formOf(token)).survey.pages as unknown[];
    for (const name of ["ho_ten", "dia_chi", "so_cccd"])
      expect(findQuestion(pages, name)).toBeUndefined();
    expect(findQuestion(pages, "ghi_chu")).toBeDefined();
    const stored = await sendAndRead(token, {
      hai_long: 5,
      ho_ten: "Nguyễn Thị Bí Mật",
      dia_chi: "12 Lý Thường Kiệt",
      so_cccd: "001234567890",
      ghi_chu: "Nhanh",
    });
    expect(stored).toEqual({ hai_long: 5, ghi_chu: "Nhanh" });
  });
});
