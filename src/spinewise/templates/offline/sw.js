/* spinewise service worker (served at /sw.js by spinewise.web.offline; README: "Installing the app
 * and using it offline").
 *
 * - Installing fetches the app shell: the offline page and every static file of the app, by its
 *   hashed name. A new version of any file is a new list, so a new worker, which drops the old files.
 * - Static files are answered from that cache first (their names change when they do).
 * - Pages (navigations) go to the network first; a page that answers is kept, for the person it was
 *   made for, and shown again when the network is gone. A page never kept gets the offline page.
 * - Nothing but GET is ever answered from a cache: sessions, pain checks and forms always go to the
 *   server (the page keeps a session it could not send; see static/spinewise/offline/queue.js).
 *
 * Signed-in pages are `Cache-Control: private, no-store`: no HTTP cache keeps them. The worker puts
 * them in the Cache API itself, in a cache named after the person (an opaque mark in the page's
 * <meta name="spinewise-viewer">). A sign-out, or any page made for someone else or for nobody,
 * deletes it, so the next person on a shared phone finds none of it.
 */

const CONFIG = {{ config|safe }};
const STATIC_CACHE = `spinewise-static-${CONFIG.version}`;
const RUNTIME_CACHE = "spinewise-runtime"; // figure stylesheets: their URL names their content
const PAGES = "spinewise-pages-"; // + the viewer's mark, or "anon" for pages made for nobody
const ANON = `${PAGES}anon`;
const MAX_PAGES = 80; // per cache, the oldest dropped first
const VIEWER = /<meta name="spinewise-viewer" content="([0-9a-f]*)">/;

/** Fetch the app shell: each file up to 3 times (a busy server, a flaky network), without cookies
 * (none of it depends on who is signed in). One file missing fails the install; the next page tries again. */
async function precache() {
  const cache = await caches.open(STATIC_CACHE);
  await Promise.all(
    CONFIG.precache.map(async (url) => {
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        try {
          const response = await fetch(new Request(url, { cache: "reload", credentials: "omit" }));
          if (response.ok) return cache.put(url, response);
        } catch (err) {
          // tried again below
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
      throw new Error(`${url} could not be fetched`);
    }),
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("spinewise-static-") && name !== STATIC_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** Delete the kept pages of every signed-in person except `keep` (a cache name). */
async function forgetPeople(keep) {
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES) && name !== ANON && name !== keep) await caches.delete(name);
  }
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-people") event.waitUntil(forgetPeople(null));
});

async function trim(cache) {
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(request);
}

/** Keep a page that answered, in its viewer's cache; a page for someone else forgets the others. */
async function keepPage(request, response) {
  if (response.status !== 200 || response.type !== "basic") return;
  if (!(response.headers.get("Content-Type") || "").startsWith("text/html")) return;
  const text = await response.clone().text();
  const match = VIEWER.exec(text);
  if (!match) return; // not one of the app's pages
  const name = match[1] ? `${PAGES}${match[1]}` : ANON;
  await forgetPeople(name === ANON ? null : name);
  const cache = await caches.open(name);
  await cache.put(request, response);
  await trim(cache);
}

async function keptPage(request) {
  const names = (await caches.keys()).filter((name) => name.startsWith(PAGES));
  // A person's own copy before the one made for nobody.
  names.sort((a, b) => (a === ANON) - (b === ANON));
  for (const name of names) {
    const cache = await caches.open(name);
    const hit = await cache.match(request, { ignoreVary: true });
    if (hit) return hit;
  }
  return null;
}

async function page(event, keep) {
  const { request } = event;
  try {
    const response = await fetch(request);
    if (keep) event.waitUntil(keepPage(request, response.clone()).catch(() => {}));
    return response;
  } catch (err) {
    const kept = await keptPage(request);
    if (kept) return kept;
    const offline = await caches.match(CONFIG.offline, { cacheName: STATIC_CACHE, ignoreVary: true });
    return (
      offline ||
      new Response("You are offline, and this page was not saved on this device.", {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      })
    );
  }
}

/** Hashed static files and figure stylesheets: the cache, else the network (and keep it). */
async function cacheFirst(request) {
  const hit = await caches.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(RUNTIME_CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

/** Unhashed static files (development): the network, else the copy fetched at install time. */
async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (err) {
    const hit = await caches.match(request, { ignoreVary: true });
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Never answered from a cache. Signing out forgets the person's pages, whatever the network does.
    if (request.method === "POST" && url.pathname === CONFIG.logout) event.waitUntil(forgetPeople(null));
    return;
  }
  const never = CONFIG.never.some((prefix) => url.pathname.startsWith(prefix));
  if (request.mode === "navigate") {
    // Sign-in forms, staff pages and the data download are never kept, but offline they get the offline page.
    event.respondWith(page(event, !never));
  } else if (never) {
    return;
  } else if (CONFIG.immutable.some((prefix) => url.pathname.startsWith(prefix))) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(CONFIG.hashed ? cacheFirst(request) : networkFirst(request));
  } else if (CONFIG.precache.includes(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});
