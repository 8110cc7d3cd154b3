/** What the kiosk tells the citizen when the server refused a rating for its dossier code. */
import { describe, expect, it } from "vitest";
import type { Rejected } from "~/components/kiosk/queue";
import { dossierRefusalOf } from "~/components/kiosk/runtime";
import { translator } from "~/utils/i18n";
import "~/utils/messages/kiosk";

const refused = (error: string, dossierCode?: string): Rejected => ({
  id: "x",
  token: "t",
  answers: {},
  locale: "vi",
  deviceStartedAt: "2026-12-07T02:59:50.000Z",
  status: 409,
  error,
  at: "2026-12-07T03:00:00.000Z",
  ...(dossierCode ? { dossierCode } : {}),
});

describe("a kiosk rating refused for its dossier code", () => {
  it("says the dossier was rated already, or not found, naming its code", () => {
    const code = "H15.50.05.13-261008-0975";
    expect(dossierRefusalOf([refused("dossier_already_rated", code)])).toEqual({
      code,
      reason: "rated",
    });
    expect(dossierRefusalOf([refused("dossier_not_found", code)])?.reason).toBe("unknown");
    expect(dossierRefusalOf([refused("dossier_code_invalid", code)])?.reason).toBe("unknown");
    // The last one refused in the pass is the one the citizen at the tablet just typed.
    expect(
      dossierRefusalOf([
        refused("dossier_already_rated", "A-1"),
        refused("dossier_not_found", code),
      ]),
    ).toEqual({ code, reason: "unknown" });
    const t = translator("vi");
    expect(t("kiosk.dossier.rated", { code })).toBe(
      `Hồ sơ ${code} đã được đánh giá trước đó. Mỗi hồ sơ chỉ được đánh giá một lần, nên lần đánh giá vừa rồi không được ghi nhận.`,
    );
  });

  it("says nothing for other refusals or a rating without a dossier code", () => {
    expect(dossierRefusalOf([refused("outside_opening_hours", "A-1")])).toBeNull();
    expect(dossierRefusalOf([refused("dossier_already_rated")])).toBeNull();
    expect(dossierRefusalOf([])).toBeNull();
  });
});
