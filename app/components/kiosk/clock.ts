/**
 * The kiosk's clock offset from the server (browser only): one estimate per page, measured
 * from every answer of the server (its X-Server-Time header) and saved in localStorage, so a
 * page reloaded without network still corrects its taps. See app/domain/clock-offset.ts.
 */
import {
  ClockOffset,
  SERVER_TIME_HEADER,
  type ClockSample,
  type TapStamp,
} from "~/domain/clock-offset";

const KEY = "hai-long-kiosk-clock";
let clock: ClockOffset | undefined;

function theClock(): ClockOffset {
  if (!clock) {
    let stored: ClockSample | null = null;
    try {
      stored = JSON.parse(localStorage.getItem(KEY) ?? "null") as ClockSample | null;
    } catch {
      // Storage unavailable or garbled: measure afresh.
    }
    clock = new ClockOffset({ wall: () => Date.now(), mono: () => performance.now() }, stored);
  }
  return clock;
}

/** Reads the server's time off an answer to a request sent at device time `sentAt`. */
export function observeServerTime(res: Response, sentAt: number): void {
  const header = res.headers.get(SERVER_TIME_HEADER);
  if (!header) return;
  const c = theClock();
  if (!c.observe(sentAt, Date.now(), Date.parse(header))) return;
  try {
    localStorage.setItem(KEY, JSON.stringify(c.saved()));
  } catch {
    // Kept for this page only.
  }
}

/** The server's time now, as well as the kiosk knows it (its own clock when it does not). */
export const serverNow = (): Date => theClock().now();

/** Whether the kiosk knows its offset from the server right now. */
export const clockSynced = (): boolean => theClock().current() !== null;

/** The times a rating records for a tap made at device time `at` (default: now). */
export const stampTap = (at?: number): TapStamp => theClock().stamp(at);
