/* On every page (templates/offline/head.html): the service worker, sessions kept on this phone, sign-out.
 *
 * - Registers /sw.js, which keeps the app's files and the pages opened for use without a network.
 * - Sends the sessions kept on this phone (queue.js) when the page loads, when the network comes
 *   back (`online`) and when the page becomes visible again, and says where they are: "saved on
 *   this phone, will sync", then "synced", or why they cannot be sent yet.
 * - Signing out first tries to send what is kept (while still signed in), then deletes the
 *   person's kept pages, so the next person on a shared phone finds none of them.
 * - On the offline page, lists the pages kept on this phone.
 */

import { QUEUE_EVENT, drain, entries } from "./queue.js";

const script = document.querySelector("script[data-sw]");
const PAGES = "spinewise-pages-";
const ANON = `${PAGES}anon`;

/* The words are the page's (gettext, ngettext, interpolate: static/spinewise/i18n.js, loaded first). */
function counted(fmt, n) {
  return interpolate(fmt, { n }, true);
}

// ------------------------------------------------------------------ where the kept sessions are

let box = null;

function statusBox() {
  if (box) return box;
  box = document.createElement("div");
  box.className = "sync-status";
  box.id = "sync-status";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  box.dataset.testid = "sync-status";
  box.hidden = true;
  const main = document.getElementById("main") || document.body;
  main.prepend(box);
  return box;
}

function say(state, text, link) {
  const node = statusBox();
  node.dataset.state = state;
  node.textContent = text;
  if (link) {
    const a = document.createElement("a");
    a.href = link.href;
    a.textContent = link.text;
    node.append(" ", a);
  }
  node.hidden = false;
}

async function showQueue(synced) {
  let kept = [];
  try {
    kept = await entries();
  } catch (err) {
    return kept; // no IndexedDB here: nothing was kept either
  }
  const history = script && script.dataset.history;
  if (kept.length === 0) {
    if (synced && synced.length) {
      const text = counted(
        ngettext(
          "Synced: %(n)s session played offline now in your history.",
          "Synced: %(n)s sessions played offline now in your history.",
          synced.length,
        ),
        synced.length,
      );
      say("synced", text, history && { href: history, text: gettext("See your history") });
    }
    return kept;
  }
  const stuck = kept.filter((entry) => entry.state === "blocked" || entry.state === "refused");
  if (stuck.length) {
    const reasons = [...new Set(stuck.map((entry) => entry.problem).filter(Boolean))].join(" ");
    const viewer = document.querySelector('meta[name="spinewise-viewer"]');
    const login = script && script.dataset.login;
    const signedOut = viewer && viewer.content === "" && login && !document.body.classList.contains("offline-page");
    const notSynced = counted(
      ngettext(
        "%(n)s session saved on this phone is not synced yet.",
        "%(n)s sessions saved on this phone are not synced yet.",
        kept.length,
      ),
      kept.length,
    );
    const stays = counted(
      ngettext(
        "It stays on this phone until then; nothing is lost.",
        "They stay on this phone until then; nothing is lost.",
        kept.length,
      ),
      kept.length,
    );
    say(
      "blocked",
      `${notSynced} ${reasons} ${stays}`,
      signedOut && { href: `${login}?next=${encodeURIComponent(location.pathname)}`, text: gettext("Sign in") },
    );
  } else {
    say(
      "waiting",
      counted(
        ngettext(
          "%(n)s session saved on this phone, will sync when the network is back.",
          "%(n)s sessions saved on this phone, will sync when the network is back.",
          kept.length,
        ),
        kept.length
      ),
    );
  }
  return kept;
}

let retryTimer = 0;
let retryDelay = 0;

/** Send what is kept, then say where things are (drains run one after another, never at once).
 * The browser may say it is online before a connection really works (a Wi-Fi still joining, the
 * radio waking up): while it says so and something still waits, try again, 5 s, 10 s ... 1 min later. */
async function sync() {
  clearTimeout(retryTimer);
  let synced = [];
  try {
    synced = await drain();
  } catch (err) {
    synced = [];
  }
  const kept = (await showQueue(synced)) || [];
  if (navigator.onLine && kept.some((entry) => entry.state === "waiting")) {
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 5000, 60000);
    retryTimer = setTimeout(sync, retryDelay);
  } else {
    retryDelay = 0;
  }
}

// The player's own "Saved on this phone" (training/player.html) follows the session it showed.
window.addEventListener("spinewise:synced", (event) => {
  const saved = document.getElementById("saved");
  if (!saved || saved.hidden || saved.dataset.clientId !== event.detail.client_id) return;
  const strong = saved.querySelector("strong");
  if (!strong) return;
  strong.textContent = `${gettext("Saved and synced.")} `;
  if (event.detail.detail_url && !saved.querySelector("a")) {
    const link = document.createElement("a");
    link.href = event.detail.detail_url;
    link.textContent = gettext("See this session");
    saved.append(" ", link);
  }
});

window.addEventListener(QUEUE_EVENT, (event) => {
  if (event.detail && event.detail.kind === "kept") showQueue([]);
});
window.addEventListener("online", sync);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") sync();
});

// ------------------------------------------------------------------ signing out

async function forgetPeople() {
  if (!("caches" in window)) return;
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES) && name !== ANON) await caches.delete(name);
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  const logout = script && script.dataset.logout;
  if (!(form instanceof HTMLFormElement) || !logout || form.dataset.forgotten) return;
  if (new URL(form.action, location.href).pathname !== logout) return;
  event.preventDefault();
  (async () => {
    try {
      await Promise.race([drain(), new Promise((resolve) => setTimeout(resolve, 3000))]);
    } catch (err) {
      // kept: it is explained once signed in again
    }
    try {
      await forgetPeople();
    } catch (err) {
      // the worker forgets them too when it sees the sign-out
    }
    form.dataset.forgotten = "yes";
    form.submit();
  })();
});

// ------------------------------------------------------------------ the offline page

async function listKeptPages() {
  const list = document.getElementById("offline-pages");
  if (!list || !("caches" in window)) return;
  const seen = new Map();
  for (const name of await caches.keys()) {
    if (!name.startsWith(PAGES)) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const url = new URL(request.url);
      const key = url.pathname + url.search;
      if (seen.has(key)) continue;
      const response = await cache.match(request);
      const text = response ? await response.text() : "";
      const title = /<title>([^<]*)<\/title>/.exec(text);
      const doc = new DOMParser().parseFromString(title ? title[1] : key, "text/html");
      seen.set(key, (doc.documentElement.textContent || key).replace(/ · spinewise$/, "").trim());
    }
  }
  if (seen.size === 0) return;
  list.textContent = "";
  for (const [href, title] of seen) {
    const item = document.createElement("li");
    const a = document.createElement("a");
    a.href = href;
    a.textContent = title;
    item.append(a);
    list.append(item);
  }
}

// ------------------------------------------------------------------ start

if ("serviceWorker" in navigator && script && window.isSecureContext) {
  navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(() => {});
}
listKeptPages().catch(() => {});
sync();
