/*
 * Service worker of the counter kiosk (scope /kiosk): the kiosk keeps working without a
 * network. Pages: network first (3 s), else the cached copy. Fingerprinted assets: cache
 * first (they never change). Submissions are not cached here: the page queues them in
 * IndexedDB and sends them itself (app/components/kiosk/queue.ts).
 */
const CACHE = "hai-long-kiosk-v1";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

// The page lists what it loaded before this worker controlled it.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "precache" || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const url of data.urls) {
        const u = new URL(url, self.location.origin);
        if (u.origin !== self.location.origin) continue;
        const isAsset = u.pathname.startsWith("/assets/");
        if (isAsset && (await cache.match(u.href))) continue;
        try {
          const res = await fetch(u.href, { credentials: "same-origin" });
          if (res.ok) await cache.put(isAsset ? u.href : u.pathname, res);
        } catch {
          // Offline already: what is cached stays.
        }
      }
      if (event.source) event.source.postMessage({ type: "precached" });
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === "navigate" && url.pathname.startsWith("/kiosk")) {
    event.respondWith(networkFirst(req, url.pathname));
  } else if (url.pathname.startsWith("/assets/") || url.pathname === "/kiosk.webmanifest") {
    event.respondWith(cacheFirst(req));
  }
});

async function networkFirst(req, key) {
  const cache = await caches.open(CACHE);
  try {
    const res = await withTimeout(fetch(req), 3000);
    if (res.ok && !res.redirected) await cache.put(key, res.clone());
    return res;
  } catch {
    const hit = await cache.match(key);
    if (hit) return hit;
    return new Response(
      "<!doctype html><meta charset=utf-8><title>Hài Lòng</title><p style='font:24px sans-serif;padding:2em'>Mất kết nối mạng. Máy sẽ tự thử lại.</p><script>setTimeout(()=>location.reload(),15000)</script>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
    );
  }
}

async function cacheFirst(req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req.url);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) await cache.put(req.url, res.clone());
  return res;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
