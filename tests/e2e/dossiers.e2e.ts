/**
 * A dossier from a one-stop system to its one rating: an administrator creates the system's
 * access token at /admin/clients; the system posts a dossier; a phone opens the dossier's
 * link and answers; a second rating of the dossier is refused with 409 and the link says the
 * dossier was rated. (The webhook that tells other systems of the rating is tested with the
 * outbox.)
 */
import { mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { closeDatabase, COUNTER_CAMPAIGN, database, selectByText, signInAdmin } from "./collect";
import { startServer, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await closeDatabase();
  await browser?.close();
  await server?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 }, locale: "vi-VN", hasTouch: true } as const;

describe("a dossier's one rating", () => {
  it("dossier posted → its link → a phone answers → a second rating refused with 409", async () => {
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
  });
});
