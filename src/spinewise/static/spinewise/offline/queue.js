/* Session reports kept on this phone until the server has them (IndexedDB), and their sending.
 *
 * The player keeps a report here when it cannot send it: no network, or the server cannot take it
 * now (signed out, a safety check to answer, a server error). One entry per session, keyed by the
 * client UUID the player made for it; keeping again replaces the body with the latest one.
 * Sending is `drain()`: on every page's load, on `online` and when a page becomes visible
 * (offline/app.js), and after the player keeps something. The same UUID makes a resend harmless:
 * the server answers a start it already has with 200 and that session, and the body then goes to
 * the session itself. The CSRF token is read when sending (from Django's cookie), not when the
 * entry was kept: a sign-in since then has changed it.
 *
 * Nothing is ever dropped here unless the server took it. What cannot be sent is kept, with the
 * reason, for the page to explain.
 */

const DB_NAME = "spinewise-offline";
const STORE = "reports";
const EVENT = "spinewise:queue";

let opening = null;

function database() {
  if (!("indexedDB" in globalThis)) return Promise.reject(new Error("this browser cannot keep data offline."));
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "client_id" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    opening.catch(() => {
      opening = null;
    });
  }
  return opening;
}

/** Run `work(store)` in one transaction; resolves with what it returns once the transaction is done. */
async function inStore(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    let result;
    Promise.resolve(work(tx.objectStore(STORE))).then((value) => {
      result = value;
    }, reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function asPromise(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Every entry kept, oldest first. */
export async function entries() {
  const all = await inStore("readonly", (store) => asPromise(store.getAll()));
  return (all || []).sort((a, b) => (a.kept_at < b.kept_at ? -1 : 1));
}

function announce(detail) {
  window.dispatchEvent(new CustomEvent(EVENT, { detail }));
}

/**
 * Keep a session's latest report. `report` has client_id, create_url (where a first report
 * creates the session), session_url (null until the server has made it), body and label.
 */
export async function keep(report) {
  await inStore("readwrite", async (store) => {
    const before = await asPromise(store.get(report.client_id));
    store.put({
      client_id: report.client_id,
      create_url: report.create_url,
      session_url: report.session_url || (before && before.session_url) || null,
      body: report.body,
      label: report.label || (before && before.label) || "",
      kept_at: (before && before.kept_at) || new Date().toISOString(),
      rev: ((before && before.rev) || 0) + 1,
      state: "waiting",
      problem: "",
    });
  });
  announce({ kind: "kept", client_id: report.client_id });
}

/** Django's CSRF token as it is now: its cookie, else the one the page was rendered with. */
export function csrfToken(fallback = "") {
  const script = document.querySelector("script[data-csrf-cookie]");
  const name = (script && script.dataset.csrfCookie) || "csrftoken";
  for (const part of document.cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
  return (input && input.value) || fallback;
}

class Unsent extends Error {
  constructor(state, message) {
    super(message);
    this.state = state; // "waiting": try again later; "blocked": needs the person; "refused": the server said no
  }
}

/** Why the server did not take it, in the person's words. */
function unsentFor(status, reply) {
  const said = reply && Array.isArray(reply.errors) ? reply.errors.join(" ") : "";
  if (status === 0 || status === 401 || status === 403 || status === 404) {
    if (said && status === 403 && !/sign/i.test(said)) {
      return new Unsent("blocked", interpolate(gettext("The site cannot take it yet: %(said)s"), { said }, true));
    }
    const again = gettext(
      "Sign in again as the person who played it (and answer the safety check if asked); it is sent then.",
    );
    return new Unsent(
      "blocked",
      said && !/sign/i.test(said)
        ? `${again} ${interpolate(gettext("(The site said: %(said)s)"), { said }, true)}`
        : again,
    );
  }
  if (status >= 500 || status === 408 || status === 429) {
    return new Unsent("waiting", gettext("The server could not take it just now; it is sent again later."));
  }
  const why = said || interpolate(gettext("it answered %(status)s."), { status }, true);
  return new Unsent("refused", interpolate(gettext("The server refused it: %(why)s"), { why }, true));
}

const SEND_TIMEOUT_MS = 15000;

async function postJson(url, body) {
  let response;
  // A request caught by the network going away can wait for ever; every later send waits behind it.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), SEND_TIMEOUT_MS);
  try {
    response = await fetch(url, {
      signal: abort.signal,
      method: "POST",
      credentials: "same-origin",
      redirect: "manual", // a redirect (to sign in, to the safety check) is not a save
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: JSON.stringify(body),
    });
  } catch (err) {
    clearTimeout(timer);
    throw new Unsent("waiting", gettext("No network: it is sent when the connection comes back."));
  }
  let reply = null;
  try {
    reply = await response.json();
  } catch (err) {
    reply = null;
  } finally {
    clearTimeout(timer);
  }
  if (response.type === "opaqueredirect") throw unsentFor(0, null);
  if (!response.ok) throw unsentFor(response.status, reply);
  return { status: response.status, reply: reply || {} };
}

/** Send one entry; resolves with the server's reply once the session holds its body. */
async function sendOne(entry) {
  if (entry.session_url) return (await postJson(entry.session_url, entry.body)).reply;
  const created = await postJson(entry.create_url, entry.body);
  // 201: made from this very body. 200: the server had this start already (its reply was lost,
  // or a copy of it went first), and kept what it had then: the latest body goes to the session.
  if (created.status === 201 || !created.reply.url) return created.reply;
  await inStore("readwrite", async (store) => {
    const now = await asPromise(store.get(entry.client_id));
    if (now) store.put({ ...now, session_url: created.reply.url });
  });
  return (await postJson(created.reply.url, entry.body)).reply;
}

/** Forget an entry the server has, unless a newer body was kept meanwhile (it is sent next). */
async function settle(entry, reply) {
  return inStore("readwrite", async (store) => {
    const now = await asPromise(store.get(entry.client_id));
    if (!now) return true;
    if (now.rev === entry.rev) {
      store.delete(entry.client_id);
      return true;
    }
    if (reply && reply.url) store.put({ ...now, session_url: reply.url });
    return false;
  });
}

async function mark(entry, problem) {
  await inStore("readwrite", async (store) => {
    const now = await asPromise(store.get(entry.client_id));
    if (now && now.rev === entry.rev) store.put({ ...now, state: problem.state, problem: problem.message });
  });
}

let draining = null;

async function drainOnce() {
  const synced = [];
  let waiting = await entries();
  for (let round = 0; round < 5 && waiting.length; round += 1) {
    const again = [];
    for (const entry of waiting) {
      try {
        const reply = await sendOne(entry);
        if (await settle(entry, reply)) {
          const done = { client_id: entry.client_id, label: entry.label, ...reply };
          synced.push(done);
          window.dispatchEvent(new CustomEvent("spinewise:synced", { detail: done }));
        } else {
          again.push(entry.client_id);
        }
      } catch (err) {
        if (!(err instanceof Unsent)) throw err;
        await mark(entry, err);
        if (err.state === "waiting" && /network/i.test(err.message)) {
          // No network: the others would fail the same way.
          announce({ kind: "drained", synced });
          return synced;
        }
      }
    }
    // A newer body kept while the older one was on its way: send it too.
    waiting = (await entries()).filter((entry) => again.includes(entry.client_id));
  }
  announce({ kind: "drained", synced });
  return synced;
}

/** Send what is kept, one entry at a time; a drain asked for while one runs waits for it, then runs. */
export function drain() {
  const run = (draining || Promise.resolve()).then(drainOnce, drainOnce);
  draining = run.catch(() => []);
  return run;
}

export const QUEUE_EVENT = EVENT;
