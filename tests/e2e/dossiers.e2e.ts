/**
 * A dossier from a one-stop system to its one rating: an administrator creates the system's
 * access token at /admin/clients; the system posts a dossier; a phone opens the dossier's
 * link and answers; a second rating of the dossier is refused with 409 and the link says the
 * dossier was rated; a webhook the system registered beforehand receives the one
 * `dossier.rated` event, signed.
 */
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../fixtures/webhook-receiver";
import { startE2E, stopE2E } from "./fixture";
import { COUNTER_CAMPAIGN, database, selectByText, signInAdmin } from "./collect";
import { type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;
let receiver: Receiver;

const SECRET = "e2e-webhook-secret-0123456789";

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  // The receiver is on loopback; a failed attempt is retried after a second, not a minute.
  ({ server, browser } = await startE2E({
    WEBHOOK_ALLOW_PRIVATE: "1",
    WEBHOOK_RETRY_BASE_SECONDS: "1",
  }));
});

afterAll(async () => {
  await stopE2E({ server, browser });
  await receiver?.close();
});

/** Waits (polling, up to `timeoutMs`) until `done()` holds; fails with `describe()` if not. */
async function eventually(done: () => boolean, describe: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`after ${timeoutMs} ms: ${describe()}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

const PHONE = { viewport: { width: 390, height: 844 }, locale: "vi-VN", hasTouch: true } as const;

describe("a dossier's one rating", () => {
  it("dossier posted → its link → a phone answers → a second rating refused with 409 → the webhook receives dossier.rated", async () => {
    // The system's token, made at /admin/clients by the demo administrator.
    const admin = await signInAdmin(browser, server);
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/admin/clients`);
    await page.getByText("Tạo mã truy cập cho hệ thống").click();
    await page.getByLabel("Tên hệ thống").fill("Hệ thống một cửa tỉnh");
    await selectByText(
      page.locator("form", { hasText: "Tên hệ thống" }),
      "unitId",
      "Tỉnh Minh Hoạ (T01)",
    );
    await page.getByRole("button", { name: "Tạo mã" }).click();
    const token = (await page.getByTestId("secret").innerText()).trim();
    expect(token).toMatch(/^hlc_/);
    await page.screenshot({ path: "screenshots/admin-clients.png", fullPage: true });

    // The counter campaign takes dossier ratings, each link valid 7 days.
    const { db } = await database(server);
    await db
      .updateTable("campaign")
      .set({ dossier_link_days: 7 })
      .where("title", "=", COUNTER_CAMPAIGN)
      .execute();

    // The system registers its webhook with the same token, before anyone answers.
    const hooked = await fetch(`${server.baseUrl}/api/v1/webhooks`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        url: receiver.url,
        secret: SECRET,
        events: ["dossier.rated", "response.accepted"],
        includeAnswers: false,
      }),
    });
    expect(hooked.status).toBe(201);

    const code = "H15.50.05.13-261008-0975";
    const posted = await fetch(`${server.baseUrl}/api/v1/dossiers`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        code,
        procedureCode: "1.001234",
        unitCode: "T01-TTPVHCC-Q1",
        officer: "Nguyễn Văn A",
        channel: "truc_tiep",
        receivedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        returnedAt: new Date(Date.now() - 3600_000).toISOString(),
      }),
    });
    expect(posted.status).toBe(201);
    const dossier = (await posted.json()) as {
      link: { token: string; url: string; qr: { svg: string } };
    };
    expect(dossier.link.qr.svg).toContain("<svg");

    // A phone opens the link (as printed on the receipt) and rates.
    const phone = await browser.newContext(PHONE);
    const form = await phone.newPage();
    await form.goto(dossier.link.url);
    await form
      .locator(".hl-choice", { hasText: /^Rất hài lòng$/ })
      .first()
      .click();
    await form.screenshot({ path: "screenshots/dossier-link-phone.png" });
    await form.getByRole("button", { name: "Gửi đánh giá" }).click();
    await form.getByRole("heading", { name: "Xin cảm ơn Ông/Bà!" }).waitFor();
    const ratings = await db.selectFrom("dossier_rating").selectAll().execute();
    expect(ratings).toHaveLength(1);

    // A second rating of the same dossier, through the API: 409, nothing stored.
    const before = await db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const again = await fetch(`${server.baseUrl}/api/v1/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        id: randomUUID(),
        token: dossier.link.token,
        answers: { danh_gia_tong_the: 0 },
      }),
    });
    expect(again.status).toBe(409);
    const refusal = (await again.json()) as { error: string; message: string };
    expect(refusal.error).toBe("dossier_already_rated");
    expect(refusal.message).toMatch(/đã được đánh giá/);
    const after = await db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // The receiver gets the rating as one signed dossier.rated event (the refused second rating
    // makes none). The job runner delivers it within a few polls.
    const rated = () =>
      receiver.received.filter(
        (r) =>
          r.type === "dossier.rated" &&
          (r.body.data as { dossierCode?: string }).dossierCode === code,
      );
    const seen = () =>
      `received ${JSON.stringify(receiver.received.map((r) => [r.type, r.signatureValid]))}`;
    await eventually(
      () =>
        rated().some((r) => r.signatureValid) &&
        receiver.received.some((r) => r.type === "response.accepted"),
      seen,
    );
    expect(rated().every((r) => r.signatureValid)).toBe(true);
    expect(new Set(rated().map((r) => r.id)).size).toBe(1);
    // The outbox holds that one event and no other for the dossier.
    const written = await db
      .selectFrom("event")
      .select(["id", "data"])
      .where("type", "=", "dossier.rated")
      .execute();
    expect(written.filter((e) => String(e.data).includes(code)).map((e) => e.id)).toEqual([
      rated()[0]!.id,
    ]);
    expect(rated()[0]!.headers["x-hailong-event-type"]).toBe("dossier.rated");

    // The link itself now says so, instead of a form.
    await form.goto(dossier.link.url);
    await form.getByRole("heading", { name: "Hồ sơ đã được đánh giá" }).waitFor();
    await form.screenshot({ path: "screenshots/dossier-link-rated.png" });

    // The dossier stands in the QĐ 766 view of the administrator's dashboard.
    await page.goto(`${server.baseUrl}/dashboard/dossiers`);
    await page.getByTestId("qd766-rules").waitFor();
    expect(await page.getByTestId("qd766-rules").innerText()).toMatch(/Chưa đối chiếu/);
    // One dossier this month, returned on time and rated satisfied: 100 %, 6 points.
    const total = page.getByTestId("qd766-units").locator("tr", { hasText: "Tổng cộng" });
    expect((await total.locator("td").allInnerTexts()).slice(0, 6)).toEqual([
      "1",
      "0",
      "1",
      "0",
      "100,0 %",
      "6,00",
    ]);
    await page.screenshot({ path: "screenshots/dashboard-dossiers.png", fullPage: true });
    await phone.close();
    await admin.close();
  }, 180_000); // the browser steps, then up to 60 s for the webhook's delivery
});
