/**
 * POST /kiosk/heartbeat, both ways: what a kiosk tells the server every minute and what it
 * hears back. Shared by the tablet (app/components/kiosk/heartbeat.ts) and the server
 * (app/services/kiosk-rejections.server.ts).
 */
import type { OpeningPeriod } from "./opening-hours";

/** A rating the server refused, as the tablet keeps it. */
export interface RejectedReport {
  /** The rating's id (the submission's `id`). */
  id: string;
  status: number;
  /** The API's error code; "" when the answer had none (a 422 lists `errors`). */
  error: string;
  /** Device time of the refusal. */
  at?: string;
  /** The submission as it was queued. */
  item: Record<string, unknown>;
}

export interface HeartbeatReport {
  /** Ratings waiting in the tablet's queue. */
  queued: number;
  /** The device's clock when sending: the server measures its offset from it. */
  deviceTime?: string;
  rejected?: {
    /** Refused ratings the tablet holds. */
    count: number;
    /** Ids the server already acknowledged: it answers which of them a manager resolved. */
    held: string[];
    /** Refusals not acknowledged yet, in full (a few per heartbeat). */
    items: RejectedReport[];
  };
}

export interface HeartbeatAnswer {
  status: "ok";
  now: string;
  hours: OpeningPeriod[];
  rejected: {
    /** Recorded and waiting for a manager: the tablet need not send them again. */
    known: string[];
    /** Accepted or discarded by a manager: the tablet can forget them. */
    resolved: string[];
  };
}

export const HEARTBEAT_MAX_BYTES = 512 * 1024;
export const REPORT_ITEMS_MAX = 20;
export const REPORT_HELD_MAX = 1000;
