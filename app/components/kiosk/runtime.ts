/**
 * What every kiosk screen needs in the browser: the offline outbox and its drainer, the
 * service worker (pages and assets cached for offline use), the heartbeat, opening hours,
 * and a screen that does not let people wander off (full screen, no context menu, the back
 * button kept on the kiosk). No SurveyJS here: the one-tap screen stays small.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { isOpenAt, type OpeningPeriod } from "~/domain/opening-hours";
import { countQueued, Drainer, enqueue, type Outgoing } from "./queue";

export interface KioskRuntime {
  pending: number;
  online: boolean;
  revoked: boolean;
  open: boolean;
  /** The service worker has cached this page and its assets. */
  offlineReady: boolean;
  /** False when the device cannot store submissions (IndexedDB unavailable). */
  storageOk: boolean;
  submit(item: Outgoing): Promise<void>;
}

const HEARTBEAT_MS = 60_000;

export function useKioskRuntime(initialHours: OpeningPeriod[]): KioskRuntime {
  const [pending, setPending] = useState(0);
  const [online, setOnline] = useState(true);
  const [revoked, setRevoked] = useState(false);
  const [hours, setHours] = useState(initialHours);
  const [open, setOpen] = useState(() => isOpenAt(initialHours, new Date()));
  const [offlineReady, setOfflineReady] = useState(false);
  const [storageOk, setStorageOk] = useState(true);
  const drainer = useRef<Drainer | null>(null);
  const pendingRef = useRef(0);
  pendingRef.current = pending;

  useEffect(() => {
    const d = new Drainer(setPending, () => setRevoked(true));
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

  // Heartbeat: the server learns the kiosk is alive and how much it has queued.
  useEffect(() => {
    let stopped = false;
    const beat = async () => {
      try {
        const res = await fetch("/kiosk/heartbeat", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ queued: pendingRef.current }),
        });
        if (stopped) return;
        if (res.status === 410) setRevoked(true);
        if (res.ok) {
          const body = (await res.json()) as { hours?: OpeningPeriod[] };
          if (body.hours) setHours(body.hours);
        }
      } catch {
        // Offline: the next beat will tell.
      }
    };
    void beat();
    const t = setInterval(() => void beat(), HEARTBEAT_MS);
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, []);

  useEffect(() => {
    const check = () => setOpen(isOpenAt(hours, new Date()));
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

  const submit = useCallback(async (item: Outgoing) => {
    await enqueue(item);
    setPending(await countQueued());
    drainer.current?.kick();
  }, []);

  return { pending, online, revoked, open, offlineReady, storageOk, submit };
}
