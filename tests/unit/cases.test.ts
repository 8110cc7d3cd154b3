import { describe, expect, it } from "vitest";
import {
  allowedActions,
  closedInTime,
  contactOf,
  dueAt,
  fillLetter,
  isOverdue,
  median,
  parseHolidays,
  summarizeCases,
  vietnamDay,
} from "~/domain/cases";

/** An instant given as Vietnam's wall-clock time. */
const vn = (s: string) => new Date(`${s}+07:00`);

describe("due dates in working days (Asia/Ho_Chi_Minh)", () => {
  const rule = { workingDays: 5, holidays: [] };

  it("counts from the next working day and ends at midnight in Vietnam", () => {
    // Monday 7/12/2026: Tue..Fri is 4, Monday 14/12 the fifth.
    const due = dueAt(vn("2026-12-07T10:00:00"), rule);
    expect(due.toISOString()).toBe("2026-12-14T16:59:59.999Z");
    expect(vietnamDay(due)).toBe("2026-12-14");
  });

  it("reads the day in Vietnam, not in UTC: 23:30 on Friday is still Friday", () => {
    // 23:30 Friday in Vietnam is 16:30 UTC Friday; 06:30 Saturday in Vietnam is Friday in UTC.
    expect(vietnamDay(dueAt(vn("2026-12-11T23:30:00"), rule))).toBe("2026-12-18");
    expect(vietnamDay(dueAt(vn("2026-12-12T06:30:00"), rule))).toBe("2026-12-18");
  });

  it("skips weekends when opened on a Saturday or a Sunday", () => {
    expect(vietnamDay(dueAt(vn("2026-12-12T09:00:00"), { workingDays: 1, holidays: [] }))).toBe(
      "2026-12-14",
    );
    expect(vietnamDay(dueAt(vn("2026-12-13T09:00:00"), { workingDays: 1, holidays: [] }))).toBe(
      "2026-12-14",
    );
  });

  it("skips the listed days off (Tết 2027)", () => {
    const tet = parseHolidays("05/02/2027 08/02/2027 09/02/2027 10/02/2027 11/02/2027 12/02/2027");
    expect(tet.bad).toEqual([]);
    // Opened Thursday 4/2/2027: Friday 5/2 is off, 8–12/2 off, then 15, 16, 17, 18, 19.
    const due = dueAt(vn("2027-02-04T15:00:00"), { workingDays: 5, holidays: tet.days });
    expect(vietnamDay(due)).toBe("2027-02-19");
  });

  it("is at least one working day, whatever the number given", () => {
    expect(vietnamDay(dueAt(vn("2026-12-07T10:00:00"), { workingDays: 0, holidays: [] }))).toBe(
      "2026-12-08",
    );
  });
});

describe("parseHolidays", () => {
  it("reads dd/mm/yyyy and yyyy-mm-dd, one per line or comma-separated, sorted, without repeats", () => {
    expect(parseHolidays("2/9/2026\n01/09/2026, 2026-09-02 ; 30/04/2026")).toEqual({
      days: ["2026-04-30", "2026-09-01", "2026-09-02"],
      bad: [],
    });
  });

  it("lists what it cannot read, impossible dates included", () => {
    expect(parseHolidays("31/02/2026 mai 2026-13-01").bad).toEqual([
      "31/02/2026",
      "mai",
      "2026-13-01",
    ]);
  });
});

describe("states", () => {
  const open = { status: "open" as const, dueAt: "2026-12-14T16:59:59.999Z", closedAt: null };

  it("an open case is overdue only after its due instant", () => {
    expect(isOverdue(open, new Date("2026-12-14T16:59:59.999Z"))).toBe(false);
    expect(isOverdue(open, new Date("2026-12-14T17:00:00.000Z"))).toBe(true);
    expect(
      isOverdue({ ...open, status: "closed", closedAt: "2026-12-20T00:00:00.000Z" }, new Date()),
    ).toBe(false);
  });

  it("closed in time is closed at or before the due instant", () => {
    expect(closedInTime({ ...open, status: "closed", closedAt: "2026-12-14T16:59:59.999Z" })).toBe(
      true,
    );
    expect(closedInTime({ ...open, status: "closed", closedAt: "2026-12-14T17:00:00.000Z" })).toBe(
      false,
    );
    expect(closedInTime(open)).toBe(false);
  });

  it("managers may do everything, the assignee all but reassign, nobody anything once closed", () => {
    expect(allowedActions("open", { manager: true, assignee: false })).toEqual([
      "assign",
      "note",
      "reply",
      "close",
    ]);
    expect(allowedActions("open", { manager: false, assignee: true })).toEqual([
      "note",
      "reply",
      "close",
    ]);
    expect(allowedActions("open", { manager: false, assignee: false })).toEqual([]);
    expect(allowedActions("closed", { manager: true, assignee: true })).toEqual([]);
  });
});

describe("contactOf", () => {
  const survey = {
    pages: [
      {
        name: "p1",
        elements: [
          { type: "comment", name: "comment" },
          {
            type: "panel",
            name: "contact",
            elements: [
              { type: "text", name: "who", personalData: "name" },
              { type: "text", name: "mail", inputType: "email" },
              { type: "text", name: "tel", personalData: "phone" },
              { type: "text", name: "note" },
            ],
          },
        ],
      },
    ],
  };

  it("reads the marked questions (and an email input) inside panels", () => {
    expect(
      contactOf(
        survey,
        { who: "Nguyễn Văn A", mail: "a@example.vn", tel: "0912 345 678", note: "x@y.vn" },
        false,
      ),
    ).toEqual({ name: "Nguyễn Văn A", email: "a@example.vn", phone: "0912 345 678" });
  });

  it("reads nothing from an anonymous campaign, and skips what is not an address or a number", () => {
    expect(contactOf(survey, { mail: "a@example.vn" }, true)).toEqual({});
    expect(contactOf(survey, { mail: "not an address", tel: "gọi tôi" }, false)).toEqual({});
  });

  it("does not read an answer keyed like an object's own property", () => {
    const s = { pages: [{ elements: [{ type: "text", name: "toString", inputType: "email" }] }] };
    expect(contactOf(s, {}, false)).toEqual({});
  });
});

describe("the summary", () => {
  it("median of an odd and an even count, none of nothing", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("counts per unit and in total: closed in time, overdue, median time to close", () => {
    const day = 86_400_000;
    const at = (d: number) => new Date(Date.UTC(2026, 11, 1) + d * day).toISOString();
    const now = new Date(Date.UTC(2026, 11, 20));
    const cases = [
      { unitId: "a", status: "closed" as const, openedAt: at(0), dueAt: at(7), closedAt: at(2) },
      { unitId: "a", status: "closed" as const, openedAt: at(0), dueAt: at(7), closedAt: at(10) },
      { unitId: "a", status: "open" as const, openedAt: at(1), dueAt: at(8), closedAt: null },
      { unitId: "b", status: "open" as const, openedAt: at(18), dueAt: at(25), closedAt: null },
      { unitId: "b", status: "closed" as const, openedAt: at(3), dueAt: at(10), closedAt: at(4) },
    ];
    const s = summarizeCases(cases, now);
    expect(s.rows).toEqual([
      {
        unitId: "a",
        opened: 3,
        closed: 2,
        closedInTime: 1,
        open: 1,
        overdue: 1,
        medianMs: 6 * day,
      },
      {
        unitId: "b",
        opened: 2,
        closed: 1,
        closedInTime: 1,
        open: 1,
        overdue: 0,
        medianMs: 1 * day,
      },
    ]);
    expect(s.total).toMatchObject({ opened: 5, closed: 3, closedInTime: 2, overdue: 1 });
    expect(s.total.medianMs).toBe(2 * day);
  });
});

describe("fillLetter", () => {
  it("fills every occurrence of a placeholder and leaves those without a value", () => {
    expect(
      fillLetter("[Tên đơn vị] xin lỗi [Họ và tên]. [Tên đơn vị] hẹn [Hạn trả mới].", [
        ["[Tên đơn vị]", "UBND xã A"],
        ["[Họ và tên]", ""],
      ]),
    ).toBe("UBND xã A xin lỗi [Họ và tên]. UBND xã A hẹn [Hạn trả mới].");
  });
});
