// Bilan's service worker: keeps the app usable offline.
// `cargo xtask build` replaces the two placeholders below with the build's files and their hash.
const VERSION = "{{version}}";
const PRECACHE = {{precache}};
const CACHE = `bilan-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)),
  );
});

// A new version waits until the person accepts it from the app's banner: never mid-survey.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("bilan-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (request.mode === "navigate") {
    // Pages: the network when it answers, else the cached shell (client-side routes share it).
    event.respondWith(
      fetch(request).catch(() => caches.match("/index.html", { cacheName: CACHE })),
    );
    return;
  }
  // Build files carry a content hash in their name: the cached copy is always right.
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)),
  );
});
