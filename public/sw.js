// Bilan's service worker: keeps the app usable offline.
// `cargo xtask build` replaces the placeholders below with the build's files and their hash.
const VERSION = "{{version}}";
// What every visit needs: the page, the first module, its loader and the style sheet.
const CORE = {{core}};
// The other pages' chunks, the surveys and the icons: cached after the first screen is
// interactive, when the app asks (a participant's phone joining a session never does), or one by
// one as they are used.
const LATER = {{later}};
// The chunks of `LATER` in one file whose functions are merged across chunks, with the surveys and
// messages whole, sent as xz, which compresses better than the files one by one
// (`src/xtask/src/pack.rs`): one pack for each first page a device may open (each without the
// chunks that page loads). With the xz decoder's module (xz-embedded), what each pack weighs with
// it, what each file weighs alone as gzip, and the content hash of those whose name lacks it.
const PACKS = {{packs}};
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
  // A build file an earlier version kept is the same file under the same name (the name is
  // its content): it is copied from that version's cache, not downloaded again, so an update
  // brings only what changed (the offline pack weighs what this version still lacks).
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const wanted = new Set([...CORE, ...LATER].filter((path) => path.startsWith("/bilan")));
    for (const name of await caches.keys()) {
      if (!name.startsWith("bilan-") || name === CACHE) continue;
      const earlier = await caches.open(name);
      for (const request of await earlier.keys()) {
        if (!wanted.has(new URL(request.url).pathname)) continue;
        const response = await earlier.match(request);
        if (response) await cache.put(request, response);
      }
    }
    await retried(async () => {
      const held = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
      await cache.addAll(CORE.filter((path) => path !== "/index.html" && !held.has(path)));
      if (!held.has("/index.html")) await cache.put("/index.html", await thePage());
    });
  })());
});

// The page, as the visit that registers this worker just loaded it: the browser's HTTP cache
// holds it under that address, and asked again with its date it comes back "not modified" (a
// few hundred bytes, where `/index.html`, never fetched by the visit, came whole). The server
// sends the same page for every address of the app; it is kept as `/index.html`.
async function thePage() {
  const [client] = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const url = client && new URL(client.url);
  const same = url && url.origin === self.location.origin && !/\.[a-z0-9]+$/i.test(url.pathname);
  const address = same ? url.pathname + url.search : "/index.html";
  const response = await fetch(address);
  if (!response.ok) throw new Error(`${address}: ${response.status}`);
  return response;
}

// `work` again after a pause when it fails, twice at most: one dropped answer on a room's Wi-Fi
// would otherwise leave the device without its offline copy (an install that fails is not tried
// again before the next visit).
async function retried(work) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt === 3) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

self.addEventListener("message", (event) => {
  // A new version waits until the person accepts it from the app's banner: never mid-survey.
  if (event.data === "skip-waiting") self.skipWaiting();
  // The app is interactive: keep the rest for offline, then say so to the page that asked.
  // Only what this version does not hold yet: `addAll` downloads every file it is given, and
  // asking for all of them on every visit sent the whole app again each time. The page says
  // which chunks it has loaded (the browser's HTTP cache has them).
  if (event.data === "precache" || event.data?.precache) {
    const loaded = new Set(event.data.precache || []);
    event.waitUntil(
      caches.open(CACHE)
        .then(async (cache) => {
          const held = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
          const missing = LATER.filter((path) => !held.has(path));
          // What the pack gave before a fault is kept; the rest is asked for one by one.
          const unpacked = [];
          await unpack(cache, missing.filter((p) => p in PACKS.alone && !loaded.has(p)), unpacked)
            .catch((err) => console.warn("offline pack:", err));
          await retried(async () => {
            const now = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
            await cache.addAll(missing.filter((path) => !unpacked.includes(path) && !now.has(path)));
          });
        })
        // A page that opened while this worker was taking over (its `clients.claim()` at
        // activation) may have been left out of it: it asks for the precache, so it is claimed
        // now, before being told it is kept for offline.
        .then(() => self.clients.claim())
        .then(() => event.source?.postMessage("precached"))
        .catch((err) => console.warn("precache:", err)),
    );
  }
});

// Keeps `wanted` (files of the packs) from the offline pack that brings them for fewer bytes
// than they weigh one by one, if one does (with those it lacks, one by one), each rebuilt and
// checked against its content hash, and adds each one kept to `kept`.
async function unpack(cache, wanted, kept) {
  const alone = (paths) => paths.reduce((n, path) => n + PACKS.alone[path], 0);
  const cost = (pack) => pack.bytes + alone(wanted.filter((path) => !pack.files.includes(path)));
  const best = PACKS.packs.reduce((best, pack) => (!best || cost(pack) < cost(best) ? pack : best), null);
  if (!best || cost(best) >= alone(wanted)) return;
  // Not kept by the HTTP cache: once its chunks are in this cache, it is never read again.
  const [response, decoder] = await Promise.all([
    fetch(best.path, { cache: "no-store" }),
    WebAssembly.instantiateStreaming(fetch(PACKS.decoder)),
  ]);
  if (!response.ok) throw new Error(`${best.path}: ${response.status}`);
  const pack = unxz(new Uint8Array(await response.arrayBuffer()), decoder.instance.exports);
  const view = new DataView(pack.buffer);
  let at = 0;
  const word = () => { at += 4; if (at > pack.length) throw new Error("the pack ends early"); return view.getUint32(at - 4, true); };
  const files = [];
  for (let n = word(); n > 0; n--) {
    const length = word();
    const path = new TextDecoder().decode(pack.subarray(at, at += length));
    files.push({ path, head: word(), tail: word(), count: word(), entries: [] });
  }
  for (const file of files) {
    file.headBytes = pack.subarray(at, at += file.head);
    file.tailBytes = pack.subarray(at, at += file.tail);
  }
  const owners = pack.subarray(at, at += files.reduce((n, f) => n + f.count, 0));
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= pack.length || shift > 28) throw new Error("the pack ends early");
      const byte = pack[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  // Every function's size, then its locals (a count, then a count and a one-byte type each),
  // then its code: rejoined, they are the function as its chunk's code section writes it.
  const sizes = [...owners].map(() => { const start = at; const size = leb(); return [start, at, size]; });
  const locals = [...owners].map(() => {
    const start = at;
    for (let n = leb(); n > 0; n--) { leb(); at++; }
    return [start, at];
  });
  owners.forEach((owner, i) => {
    const [start, end, size] = sizes[i];
    const code = size - (locals[i][1] - locals[i][0]);
    if (code < 0 || at + code > pack.length) throw new Error("a damaged pack");
    files[owner].entries.push(pack.subarray(start, end), pack.subarray(...locals[i]), pack.subarray(at, at += code));
  });
  if (at !== pack.length || files.some((f) => f.entries.length !== 3 * f.count)) throw new Error("a damaged pack");
  for (const file of files.filter((f) => wanted.includes(f.path))) {
    const bytes = concat([file.headBytes, ...file.entries, file.tailBytes]);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hash = [...digest.subarray(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join("");
    const listed = PACKS.hashes[file.path];
    if (listed ? hash !== listed : !file.path.endsWith(`-${hash}.wasm`)) throw new Error(`${file.path} rebuilt wrong`);
    const type = file.path.endsWith(".wasm") ? "application/wasm"
      : file.path.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8";
    await cache.put(file.path, new Response(bytes, { headers: { "Content-Type": type } }));
    kept.push(file.path);
  }
}

// The bytes of the xz stream `xz`, decoded by `x`, the exports of xz-embedded's module (the one
// npm's xz-decompress carries). Its context starts with six words: the size of its two buffers,
// the input buffer's address, how far it has read and how much it was given, the output
// buffer's address, and how much it has written there.
function unxz(xz, x) {
  const context = x.create_context();
  const words = () => new Uint32Array(x.memory.buffer, context, 6); // again after memory grows
  const [size, input, , , output] = words();
  const parts = [];
  try {
    for (let at = 0; ;) {
      if (words()[2] === words()[3]) {
        // Empty past the end: the decoder may still have output to give, or says the stream
        // ends early (error 8, no progress).
        const piece = xz.subarray(at, at += size);
        new Uint8Array(x.memory.buffer, input, piece.length).set(piece);
        x.supply_input(context, piece.length);
      }
      // 0: more to come; 1: the end (streams one after the other, with xz's padding, are read
      // as one); more: an error.
      const status = x.get_next_output(context);
      if (status > 1) throw new Error(`a damaged pack (xz error ${status})`);
      parts.push(new Uint8Array(x.memory.buffer, output, words()[5]).slice());
      words()[5] = 0;
      if (status === 1) break;
    }
  } finally {
    x.destroy_context(context);
  }
  return concat(parts);
}

// `parts` (byte arrays) one after the other, in one array.
function concat(parts) {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, part) => { bytes.set(part, offset); return offset + part.length; }, 0);
  return bytes;
}

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
    // (a first visit), and for a file opened on its own (a name with an extension, but not a
    // join link's code, which people type with any separator), the network.
    if (/\.[a-z0-9]+$/i.test(url.pathname) && !url.pathname.startsWith("/rejoindre/")) return;
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
