import { describe, expect, it } from "vitest";
import {
  HoursFormatError,
  hoursThatApply,
  unitLineage,
  formatDayHours,
  isOpenAt,
  minutesOutside,
  parseDayHours,
  vietnamClock,
} from "~/domain/opening-hours";

// Monday 2026-11-23, times in Vietnam (UTC+7).
const vn = (hhmm: string, day = 23) => new Date(`2026-11-${day}T${hhmm}:00+07:00`);
const weekdayHours = [1, 2, 3, 4, 5].flatMap((d) => [
  ...parseDayHours(d, "07:30-11:30, 13:30-17:00"),
]);

describe("opening hours", () => {
  it("reads the Vietnamese clock whatever the machine's time zone", () => {
    expect(vietnamClock(vn("00:10"))).toEqual({ weekday: 1, minute: 10 });
    expect(vietnamClock(new Date("2026-11-22T17:30:00Z"))).toEqual({ weekday: 1, minute: 30 });
  });

  it("is open inside a period, closed at lunch, at night and on Sunday", () => {
    expect(isOpenAt(weekdayHours, vn("07:30"))).toBe(true);
    expect(isOpenAt(weekdayHours, vn("11:29"))).toBe(true);
    expect(isOpenAt(weekdayHours, vn("11:30"))).toBe(false);
    expect(isOpenAt(weekdayHours, vn("12:00"))).toBe(false);
    expect(isOpenAt(weekdayHours, vn("21:00"))).toBe(false);
    expect(isOpenAt(weekdayHours, vn("09:00", 29))).toBe(false); // Sunday
  });

  it("is always open without hours", () => {
    expect(isOpenAt([], vn("03:00"))).toBe(true);
  });

  it("measures how far outside the hours an instant is", () => {
    expect(minutesOutside(weekdayHours, vn("09:00"))).toBe(0);
    expect(minutesOutside(weekdayHours, vn("17:20"))).toBe(20);
    expect(minutesOutside(weekdayHours, vn("07:00"))).toBe(30);
    expect(minutesOutside(weekdayHours, vn("12:00"))).toBe(30);
    expect(minutesOutside(weekdayHours, vn("09:00", 29))).toBe(Infinity);
  });

  it("parses and formats the form's text, and refuses nonsense in Vietnamese", () => {
    expect(parseDayHours(6, " 7:30 - 11:30 ")).toEqual([
      { weekday: 6, opens: "07:30", closes: "11:30" },
    ]);
    expect(formatDayHours(weekdayHours, 1)).toBe("07:30-11:30, 13:30-17:00");
    expect(parseDayHours(7, "")).toEqual([]);
    expect(() => parseDayHours(1, "8h-17h")).toThrow(HoursFormatError);
    expect(() => parseDayHours(1, "17:00-08:00")).toThrow(/sau giờ mở/);
    expect(() => parseDayHours(1, "25:00-26:00")).toThrow(HoursFormatError);
  });
});

describe("the hours that apply to a unit", () => {
  const row = (unit_id: string, opens: string) => ({ unit_id, weekday: 1, opens, closes: "17:00" });
  it("are its own, else its nearest ancestor's, else none", () => {
    const rows = [row("a", "07:00"), row("b", "08:00")];
    expect(hoursThatApply(rows, "/a/b/c/")).toEqual([
      { weekday: 1, opens: "08:00", closes: "17:00" },
    ]);
    expect(hoursThatApply([...rows, row("c", "09:00")], "/a/b/c/")[0]!.opens).toBe("09:00");
    expect(hoursThatApply([row("a", "07:00")], "/a/b/c/")[0]!.opens).toBe("07:00");
    expect(hoursThatApply([row("x", "07:00")], "/a/b/c/")).toEqual([]);
  });
  it("reads a path's units root first", () => {
    expect(unitLineage("/a/b/c/")).toEqual(["a", "b", "c"]);
  });
});
