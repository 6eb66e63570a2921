// Bilan's service worker: keeps the app usable offline.
// `cargo xtask build` replaces the placeholders below with the build's files and their hash.
const VERSION = "{{version}}";
// What every visit needs: the page, the first module, its loader and the style sheet.
const CORE = {{core}};
// The other pages' chunks, the surveys and the icons: cached after the first screen is
// interactive, when the app asks (a participant's phone joining a session never does), or one by
// one as they are used.
const LATER = {{later}};
const CACHE = `bilan-${VERSION}`;

self.addEventListener("install", (event) => {
  // The build's files (`/bilan…`, named by their content) are read from this version's cache by
  // the browser itself, without waking this worker's script for each (Chromium's static routes;
  // about 15 of them per page). One not cached yet comes from the network; the precache below
  // keeps it. Browsers without static routes, or without this form of them, use the handler.
  if ("addRoutes" in event) {
    event
      .addRoutes({
        condition: { urlPattern: new URLPattern({ pathname: "/bilan*" }) },
        source: { cacheName: CACHE },
      })
      .catch((err) => console.warn("static routes:", err));
  }
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(CORE)),
  );
});

self.addEventListener("message", (event) => {
  // A new version waits until the person accepts it from the app's banner: never mid-survey.
  if (event.data === "skip-waiting") self.skipWaiting();
  // The app is interactive: keep the rest for offline, then say so to the page that asked.
  // Only what this version does not hold yet: `addAll` downloads every file it is given, and
  // asking for all of them on every visit sent the whole app again each time.
  if (event.data === "precache") {
    event.waitUntil(
      caches.open(CACHE)
        .then(async (cache) => {
          const held = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
          await cache.addAll(LATER.filter((path) => !held.has(path)));
        })
        .then(() => event.source?.postMessage("precached"))
        .catch((err) => console.warn("precache:", err)),
    );
  }
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
    // The app's pages (client-side routes share one page): this version's page from the cache,
    // at once, whatever the network does. Waiting for the network first held a repeat visit
    // for a round trip, and left the page blank on a connection that answers nothing. A new
    // version comes as a new service worker, which the app offers. Before this one has the page
    // (a first visit), and for a file opened on its own (a name with an extension), the network.
    if (/\.[a-z0-9]+$/i.test(url.pathname)) return;
    event.respondWith(
      caches.match("/index.html", { cacheName: CACHE }).then((page) => page || fetch(request)),
    );
    return;
  }
  // Build files carry a content hash in their name: the cached copy is always right. A file of
  // this build fetched for the first time is kept for the next offline visit. (Where the browser
  // has static routes, build files do not reach this handler: the precache keeps them.)
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok && (CORE.includes(url.pathname) || LATER.includes(url.pathname))) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
      }
      return response;
    })),
  );
});
