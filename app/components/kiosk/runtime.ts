/**
 * What every kiosk screen needs in the browser: the offline outbox and its drainer, the
 * service worker (pages and assets cached for offline use), the heartbeat, opening hours,
 * the clock offset from the server, and a screen that does not let people wander off (full
 * screen, no context menu, the back button kept on the kiosk). No SurveyJS here: the one-tap
 * screen stays small. A screen stamps each tap with stampTap() (./clock.ts) and queues it
 * with submit().
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { isOpenAt, type OpeningPeriod } from "~/domain/opening-hours";
import { clockSynced, serverNow } from "./clock";
import { sendHeartbeat } from "./heartbeat";
import { countQueued, Drainer, enqueue, type Outgoing, type Rejected } from "./queue";

export interface KioskRuntime {
  pending: number;
  online: boolean;
  revoked: boolean;
  open: boolean;
  /** The service worker has cached this page and its assets. */
  offlineReady: boolean;
  /** False when the device cannot store submissions (IndexedDB unavailable). */
  storageOk: boolean;
  /** The kiosk knows its clock's offset from the server. */
  clockSynced: boolean;
  /** A rating just refused for its dossier code: what the citizen at the tablet is told. */
  dossierRefusal: DossierRefusal | null;
  submit(item: Outgoing): Promise<void>;
}

export interface DossierRefusal {
  code: string;
  /** rated: the dossier has its rating already; unknown: no such dossier here (or a bad code). */
  reason: "rated" | "unknown";
}

/** How long the tablet says why a dossier's rating was refused. */
const REFUSAL_MS = 20_000;

export function dossierRefusalOf(refused: Rejected[]): DossierRefusal | null {
  const r = [...refused].reverse().find((x) => x.dossierCode && x.error.startsWith("dossier_"));
  if (!r?.dossierCode) return null;
  return { code: r.dossierCode, reason: r.error === "dossier_already_rated" ? "rated" : "unknown" };
}

const HEARTBEAT_MS = 60_000;

export function useKioskRuntime(initialHours: OpeningPeriod[]): KioskRuntime {
  const [pending, setPending] = useState(0);
  const [online, setOnline] = useState(true);
  const [revoked, setRevoked] = useState(false);
  const [hours, setHours] = useState(initialHours);
  // The server's clock as far as the kiosk knows it: a tablet running fast opens on time.
  const [open, setOpen] = useState(() => isOpenAt(initialHours, serverNow()));
  const [offlineReady, setOfflineReady] = useState(false);
  const [storageOk, setStorageOk] = useState(true);
  const [synced, setSynced] = useState(false);
  const [dossierRefusal, setDossierRefusal] = useState<DossierRefusal | null>(null);
  const drainer = useRef<Drainer | null>(null);
  const beatNow = useRef<() => void>(() => {});

  useEffect(() => {
    let last = 0;
    const d = new Drainer(
      (n) => {
        setPending(n);
        setSynced(clockSynced());
        // The queue just emptied: tell the server now (its list, and no older tap can follow).
        if (n === 0 && last > 0) beatNow.current();
        last = n;
      },
      () => setRevoked(true),
      (refused) => {
        beatNow.current();
        const why = dossierRefusalOf(refused);
        if (why) setDossierRefusal(why);
      },
    );
    drainer.current = d;
    countQueued()
      .then(setPending)
      .catch(() => setStorageOk(false));
    d.kick();
    const onOnline = () => {
      setOnline(true);
      d.kick();
    };
    const onOffline = () => setOnline(false);
    setOnline(navigator.onLine);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    const tick = setInterval(d.kick, 30_000);
    // Ask the browser not to evict the queue under storage pressure.
    void navigator.storage?.persist?.().catch(() => false);
    return () => {
      d.stop();
      clearInterval(tick);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  }, []);

  // Service worker: cache this page and everything it loaded, for offline reloads.
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    const onMessage = (e: MessageEvent) => {
      if ((e.data as { type?: string } | null)?.type === "precached") setOfflineReady(true);
    };
    navigator.serviceWorker.addEventListener("message", onMessage);
    navigator.serviceWorker
      .register("/kiosk-sw.js", { scope: "/kiosk" })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const urls = [
          location.pathname,
          "/kiosk.webmanifest",
          ...performance
            .getEntriesByType("resource")
            .map((e) => e.name)
            .filter((u) => u.startsWith(`${location.origin}/assets/`)),
        ];
        reg.active?.postMessage({ type: "precache", urls });
      })
      .catch(() => {});
    return () => navigator.serviceWorker.removeEventListener("message", onMessage);
  }, []);

  // Heartbeat: the server learns the kiosk is alive, its queue, its clock and its refusals.
  useEffect(() => {
    let stopped = false;
    let busy = false;
    let again = false;
    const beat = async () => {
      // One at a time; one asked for meanwhile runs right after, with what changed since.
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        const answer = await sendHeartbeat();
        if (stopped) return;
        if ("hours" in answer) setHours(answer.hours);
        else if (answer.status === 410) setRevoked(true);
      } catch {
        // Offline: the next beat will tell.
      } finally {
        busy = false;
        if (!stopped) setSynced(clockSynced());
        if (again && !stopped) {
          again = false;
          void beat();
        }
      }
    };
    beatNow.current = () => void beat();
    void beat();
    const t = setInterval(() => void beat(), HEARTBEAT_MS);
    // Back from sleep or from the network's absence: the clock may have moved meanwhile.
    const wake = () => {
      if (document.visibilityState === "visible") void beat();
    };
    document.addEventListener("visibilitychange", wake);
    window.addEventListener("online", wake);
    return () => {
      stopped = true;
      clearInterval(t);
      document.removeEventListener("visibilitychange", wake);
      window.removeEventListener("online", wake);
    };
  }, []);

  useEffect(() => {
    const check = () => {
      setOpen(isOpenAt(hours, serverNow()));
      setSynced(clockSynced());
    };
    check();
    const t = setInterval(check, 20_000);
    return () => clearInterval(t);
  }, [hours]);

  // Keep people on the kiosk: no context menu, the back button stays here, full screen.
  useEffect(() => {
    const noMenu = (e: Event) => e.preventDefault();
    const stay = () => history.pushState(null, "", location.href);
    const full = () => {
      const el = document.documentElement;
      if (!document.fullscreenElement && el.requestFullscreen)
        el.requestFullscreen({ navigationUI: "hide" }).catch(() => {});
    };
    history.pushState(null, "", location.href);
    window.addEventListener("popstate", stay);
    document.addEventListener("contextmenu", noMenu);
    document.addEventListener("pointerdown", full);
    return () => {
      window.removeEventListener("popstate", stay);
      document.removeEventListener("contextmenu", noMenu);
      document.removeEventListener("pointerdown", full);
    };
  }, []);

  useEffect(() => {
    if (!dossierRefusal) return;
    const timer = setTimeout(() => setDossierRefusal(null), REFUSAL_MS);
    return () => clearTimeout(timer);
  }, [dossierRefusal]);

  const submit = useCallback(async (item: Outgoing) => {
    await enqueue(item);
    setPending(await countQueued());
    drainer.current?.kick();
  }, []);

  return {
    pending,
    online,
    revoked,
    open,
    offlineReady,
    storageOk,
    clockSynced: synced,
    dossierRefusal,
    submit,
  };
}
