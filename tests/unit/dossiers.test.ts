/** Dossier codes and dates, the QĐ 766 satisfaction group, quiet hours and the gateway template. */
import { describe, expect, it } from "vitest";
import {
  compileCodePattern,
  DEFAULT_DOSSIER_CODE_PATTERN,
  normalizePhone,
  parseDossierTime,
  readDossierCode,
} from "~/domain/dossier";
import {
  DEFAULT_BODIES,
  fillTemplate,
  gatewayOutcome,
  nextSendTime,
  parseQuietHours,
  readGateway,
} from "~/domain/dossier-messages";
import {
  countDossiers,
  countedInMonth,
  figuresBy,
  monthBounds,
  qd766Figure,
  ratedDissatisfied,
} from "~/domain/qd766";
import { parseDefinition } from "~/domain/questionnaire";
import counterForm from "../../surveys/mot-cua-danh-gia-nhanh.json";

describe("dossier codes", () => {
  const re = (compileCodePattern(undefined) as { regex: RegExp }).regex;
  it("the default pattern takes the portals' shape and refuses others", () => {
    for (const ok of [
      "H15.50.05.13-261008-0975",
      "000.00.12.H15-261008-0001",
      "G01.123-250101-1234567",
    ])
      expect(readDossierCode(` ${ok} `, re), ok).toBe(ok);
    for (const bad of [
      "",
      "H15-2610-0975",
      "H15.50-261008-97",
      "H15 50-261008-0975",
      "x".repeat(80),
    ])
      expect(readDossierCode(bad, re), bad).toBeNull();
  });

  it("a configured pattern must be anchored, a regular expression, and safe from ReDoS", () => {
    expect(compileCodePattern("^HS-\\d{6}$").ok).toBe(true);
    expect(compileCodePattern("HS-\\d{6}")).toMatchObject({ ok: false });
    expect(compileCodePattern("^(unclosed$")).toMatchObject({ ok: false });
    expect(compileCodePattern("^(a+)+$")).toMatchObject({ ok: false, problem: /ReDoS/ });
    expect(compileCodePattern("").ok && DEFAULT_DOSSIER_CODE_PATTERN.length > 0).toBe(true);
  });

  it("reads ISO 8601 with an offset and the portal's yyyyMMddHHmmss in Vietnam time", () => {
    expect(parseDossierTime("20261008083000")).toBe("2026-10-08T01:30:00.000Z");
    expect(parseDossierTime("2026-10-08T08:30:00+07:00")).toBe("2026-10-08T01:30:00.000Z");
    expect(parseDossierTime("20260231083000")).toBeNull();
    expect(parseDossierTime("2026-10-08T08:30:00")).toBeNull();
    expect(parseDossierTime("08/10/2026")).toBeNull();
  });

  it("normalises Vietnamese mobile numbers", () => {
    expect(normalizePhone("0912 345 678")).toBe("84912345678");
    expect(normalizePhone("+84.912.345.678")).toBe("84912345678");
    expect(normalizePhone("12345")).toBeNull();
  });
});

describe("QĐ 766 satisfaction group", () => {
  const now = "2026-11-15T00:00:00.000Z";
  const { from, to } = monthBounds("2026-10");

  it("months are cut in Vietnam time", () => {
    expect(monthBounds("2026-10")).toEqual({
      from: "2026-09-30T17:00:00.000Z",
      to: "2026-10-31T17:00:00.000Z",
    });
  });

  it("counts returned dossiers by their month and overdue open ones by their due date", () => {
    const returned = {
      dueAt: "2026-10-10T10:00:00.000Z",
      returnedAt: "2026-10-09T00:00:00.000Z",
      dissatisfied: null,
    };
    const openLate = { dueAt: "2026-10-20T00:00:00.000Z", returnedAt: null, dissatisfied: null };
    const openOnTime = { dueAt: "2026-12-01T00:00:00.000Z", returnedAt: null, dissatisfied: null };
    expect(countedInMonth(returned, from, to, now)).toBe(true);
    expect(countedInMonth(openLate, from, to, now)).toBe(true);
    expect(countedInMonth(openOnTime, from, to, now)).toBe(false);
  });

  it("rate = share neither overdue nor dissatisfied; 6 points from 90 %, else rate × 6 / 90 %", () => {
    const on = { dueAt: "2026-10-10T00:00:00.000Z", returnedAt: "2026-10-09T00:00:00.000Z" };
    const late = { dueAt: "2026-10-10T00:00:00.000Z", returnedAt: "2026-10-12T00:00:00.000Z" };
    const ds = [
      ...Array.from({ length: 16 }, () => ({ ...on, dissatisfied: false })),
      { ...on, dissatisfied: null },
      { ...late, dissatisfied: true }, // overdue and dissatisfied: deducted once
      { ...late, dissatisfied: null },
      { ...on, dissatisfied: true },
    ];
    const c = countDossiers(ds, now);
    expect(c).toEqual({ dossiers: 20, overdue: 2, rated: 18, dissatisfied: 2, deducted: 3 });
    const f = qd766Figure(c);
    expect(f.rate).toBeCloseTo(0.85);
    expect(f.points).toBeCloseTo((0.85 * 6) / 0.9, 2);
    expect(qd766Figure({ ...c, deducted: 2 }).points).toBe(6);
    expect(
      qd766Figure({ dossiers: 0, overdue: 0, rated: 0, dissatisfied: 0, deducted: 0 }),
    ).toMatchObject({
      rate: null,
      points: null,
    });
    const byKey = figuresBy(
      ds.map((d, i) => ({ ...d, k: i % 2 ? "a" : "b" })),
      (d) => d.k,
      now,
      from,
      to,
    );
    expect(byKey.map((g) => g.figure.dossiers)).toEqual([10, 10]);
  });

  it("'không hài lòng' is the overall item's level outside the satisfied ones", () => {
    const def = { definition: parseDefinition(counterForm) };
    expect(ratedDissatisfied(def.definition, { danh_gia_tong_the: 0 })).toBe(true);
    expect(ratedDissatisfied(def.definition, { danh_gia_tong_the: 1, thai_do_cbccvc: 0 })).toBe(
      false,
    );
    expect(ratedDissatisfied(def.definition, {})).toBe(false);
  });
});

describe("sending links", () => {
  it("quiet hours (Vietnam time) move a message to their end, across midnight", () => {
    const q = parseQuietHours("21:00-07:00");
    // 22:30 in Hà Nội → 07:00 the next day.
    expect(nextSendTime(new Date("2026-10-08T15:30:00Z"), q).toISOString()).toBe(
      "2026-10-09T00:00:00.000Z",
    );
    // 05:00 in Hà Nội → 07:00 the same day.
    expect(nextSendTime(new Date("2026-10-08T22:00:00Z"), q).toISOString()).toBe(
      "2026-10-09T00:00:00.000Z",
    );
    const noon = new Date("2026-10-08T05:00:00Z");
    expect(nextSendTime(noon, q)).toBe(noon);
    expect(parseQuietHours("off")).toBeNull();
    expect(() => parseQuietHours("9pm")).toThrow(/HH:MM/);
  });

  it("the gateway's body template: JSON-escaped values, checked once filled", () => {
    expect(
      fillTemplate('{"m":"{message}","x":"{unknown}"}', {
        phone: "",
        phoneLocal: "",
        code: "",
        url: "",
        expires: "",
        unit: "",
        message: 'Đơn vị "A"\nlink',
        messageId: "",
      }),
    ).toBe('{"m":"Đơn vị \\"A\\"\\nlink","x":"{unknown}"}');
    expect(readGateway("http://127.0.0.1:9/x", undefined, undefined, DEFAULT_BODIES.sms).ok).toBe(
      true,
    );
    expect(readGateway("http://127.0.0.1:9/x", "[1]", undefined, DEFAULT_BODIES.sms)).toMatchObject(
      { ok: false },
    );
    expect(
      readGateway("http://127.0.0.1:9/x", undefined, '{"to":{phone}}', DEFAULT_BODIES.sms),
    ).toMatchObject({
      ok: false,
    });
    expect(readGateway("ftp://x", undefined, undefined, DEFAULT_BODIES.sms)).toMatchObject({
      ok: false,
    });
    expect(readGateway("", undefined, undefined, DEFAULT_BODIES.sms)).toEqual({ ok: null });
    expect([200, 429, 503, 400, 404].map(gatewayOutcome)).toEqual([
      "sent",
      "retry",
      "retry",
      "refused",
      "refused",
    ]);
  });
});
