/**
 * The kiosk's persistent outbox (browser only). Every submission gets its UUID on the device
 * and is written to IndexedDB before the thank-you screen; a drainer sends the queue to
 * POST /api/v1/responses in tap order, with exponential backoff while the network or the
 * server is away. The API is idempotent on the id, so a resend after a lost answer stores
 * nothing twice. Each send carries the device's clock (deviceSentAt) and each answer the
 * server's, which keeps the kiosk's clock offset measured (./clock.ts).
 *
 * Refused submissions (4xx other than "try later") move to a "rejected" store kept on the
 * device: the heartbeat reports them to the server (./heartbeat.ts), where a manager accepts
 * or discards them; the device forgets one only once a manager has resolved it.
 */
import type { TapStamp } from "~/domain/clock-offset";
import { observeServerTime } from "./clock";

/** A submission as queued: its tap times come from stampTap() (./clock.ts). */
export interface Outgoing extends TapStamp {
  id: string;
  token: string;
  answers: Record<string, unknown>;
  locale: string;
  /** A dossier code typed at the kiosk: the rating is that dossier's one rating. */
  dossierCode?: string;
}

/** A refused submission as the device keeps it. */
export interface Rejected extends Outgoing {
  status: number;
  error: string;
  /** Device time of the refusal. */
  at: string;
  /** The server has recorded it (a heartbeat acknowledged it). */
  reported?: boolean;
}

const DB_NAME = "hai-long-kiosk";
const QUEUE = "queue";
const REJECTED = "rejected";

/** RFC 4122 v4 from getRandomValues: crypto.randomUUID needs a secure context, LAN tablets may not have one. */
export function newClientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let opening: Promise<IDBDatabase> | undefined;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(QUEUE)) db.createObjectStore(QUEUE, { keyPath: "id" });
      if (!db.objectStoreNames.contains(REJECTED))
        db.createObjectStore(REJECTED, { keyPath: "id" });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      opening = undefined;
      reject(req.error);
    };
  });
  return opening;
}

function run<T>(
  store: string,
  mode: IDBTransactionMode,
  fn: (s: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T | undefined> {
  return openDb().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const req = fn(tx.objectStore(store));
        // Resolved when the transaction has committed, not when the request succeeded.
        tx.oncomplete = () => resolve(req ? req.result : undefined);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

/** Resolves once the submission is committed to IndexedDB. */
export function enqueue(item: Outgoing): Promise<unknown> {
  return run(QUEUE, "readwrite", (s) => s.put(item));
}

/**
 * A submission queued by an earlier version of this page carries only `startedAt`, read off
 * the device's clock uncorrected: it is the device time, for the server to place.
 */
export function normalized(item: Outgoing): Outgoing {
  if (item.deviceStartedAt || !item.startedAt) return item;
  const { startedAt, ...rest } = item;
  return { ...rest, deviceStartedAt: startedAt };
}

const tapOf = (o: Outgoing) => o.deviceStartedAt ?? o.startedAt ?? "";

export async function queued(): Promise<Outgoing[]> {
  const all = (await run(QUEUE, "readonly", (s) => s.getAll() as IDBRequest<Outgoing[]>)) ?? [];
  return all
    .map(normalized)
    .sort((a, b) => (tapOf(a) < tapOf(b) ? -1 : tapOf(a) > tapOf(b) ? 1 : 0));
}

export async function countQueued(): Promise<number> {
  return (await run(QUEUE, "readonly", (s) => s.count())) ?? 0;
}

function remove(id: string) {
  return run(QUEUE, "readwrite", (s) => s.delete(id));
}

async function moveToRejected(item: Outgoing, status: number, error: string) {
  const db = await openDb();
  const kept: Rejected = { ...item, status, error, at: new Date().toISOString() };
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction([QUEUE, REJECTED], "readwrite");
    tx.objectStore(REJECTED).put(kept);
    tx.objectStore(QUEUE).delete(item.id);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  return kept;
}

export async function rejected(): Promise<Rejected[]> {
  const all = (await run(REJECTED, "readonly", (s) => s.getAll() as IDBRequest<Rejected[]>)) ?? [];
  return all.map(({ status, error, at, reported, ...item }) => ({
    ...normalized(item),
    status,
    error,
    at,
    reported,
  }));
}

/**
 * What the server answered about refused submissions: `known` are recorded (not sent again),
 * `resolved` were accepted or discarded by a manager (forgotten here), and any other id of
 * `held` the server no longer knows (a restored database) is sent again.
 */
export async function settleRejected(known: string[], resolved: string[], held: string[]) {
  const db = await openDb();
  const all = await rejected();
  const isKnown = new Set(known);
  const isResolved = new Set(resolved);
  const wasHeld = new Set(held);
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(REJECTED, "readwrite");
    const store = tx.objectStore(REJECTED);
    for (const r of all) {
      if (isResolved.has(r.id)) store.delete(r.id);
      else if (isKnown.has(r.id) && !r.reported) store.put({ ...r, reported: true });
      else if (wasHeld.has(r.id) && !isKnown.has(r.id)) store.put({ ...r, reported: false });
    }
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

export type SendOutcome = "stored" | "rejected" | "retry" | "revoked";

/** What a status means for a queued submission. */
export function outcomeOf(status: number, error: string | undefined): SendOutcome {
  if (status === 200 || status === 201) return "stored";
  if (status === 410 && error === "kiosk_revoked") return "revoked";
  if (status === 429 && error === "kiosk_too_soon") return "rejected";
  if (status === 429 || status >= 500 || status === 0 || status === 408) return "retry";
  return "rejected";
}

/**
 * Sends the queue, oldest first. One drainer per page; kick() after each new submission,
 * when the network comes back, and on a timer.
 */
export class Drainer {
  private running = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly onCount: (n: number) => void,
    private readonly onRevoked: () => void,
    /**
     * Some submissions were refused (these, in this pass): worth telling the server now rather
     * than in a minute, and the citizen still at the tablet why (a dossier rated already).
     */
    private readonly onRejected: (refused: Rejected[]) => void = () => {},
  ) {}

  kick = () => {
    if (this.stopped) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    void this.drain();
  };

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private later(ms: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, ms);
  }

  private async drain() {
    if (this.running) return;
    this.running = true;
    let retry = false;
    const refused: Rejected[] = [];
    try {
      for (const item of await queued()) {
        const outcome = await send(item);
        if (outcome.kind === "stored") {
          await remove(item.id);
          this.failures = 0;
        } else if (outcome.kind === "rejected") {
          refused.push(await moveToRejected(item, outcome.status, outcome.error));
        } else if (outcome.kind === "revoked") {
          await moveToRejected(item, outcome.status, outcome.error);
          this.onRevoked();
        } else {
          retry = true;
          break;
        }
        this.onCount(await countQueued());
      }
    } catch {
      retry = true;
    } finally {
      this.running = false;
    }
    this.onCount(await countQueued().catch(() => 0));
    if (refused.length > 0) this.onRejected(refused);
    if (retry) {
      this.failures += 1;
      // 2 s, 4 s, 8 s … up to 5 minutes, with jitter so a room of kiosks does not retry in step.
      const base = Math.min(300_000, 2000 * 2 ** Math.min(this.failures - 1, 8));
      this.later(base / 2 + Math.random() * (base / 2));
    }
  }
}

async function send(item: Outgoing): Promise<{ kind: SendOutcome; status: number; error: string }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 15_000);
  try {
    const sentAt = Date.now();
    const res = await fetch("/api/v1/responses", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ ...item, deviceSentAt: new Date(sentAt).toISOString() }),
      signal: abort.signal,
    });
    observeServerTime(res, sentAt);
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    return { kind: outcomeOf(res.status, body.error), status: res.status, error: body.error ?? "" };
  } catch {
    return { kind: "retry", status: 0, error: "network" };
  } finally {
    clearTimeout(timer);
  }
}
