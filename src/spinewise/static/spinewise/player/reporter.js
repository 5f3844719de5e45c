/* Reports of the session to the server, as JSON: the first creates it (as partial), the next update it.
 *
 * One report goes at a time, in order, so the server never sees an older state after a newer
 * one. A report that fails is sent again, whole and current, with the next one. When the page
 * is hidden or goes away, the latest state goes at once with `keepalive`, outliving the page.
 *
 * A report that gets no answer (no network) or one the server cannot take now (signed out: 401,
 * 403, 404; a server error) is kept on this phone (../offline/queue.js) with the session's client
 * UUID, and from then on every report of this session goes there: the queue sends the latest one
 * when it can, and tells the page. The CSRF token is read when a report is sent.
 */

import { csrfToken, drain, keep } from "../offline/queue.js";

const noop = () => {};
// The server cannot take the report now (signed out, a server error), but may later: keep it.
const KEPT_STATUSES = new Set([401, 403, 404, 408, 429]);

export class Reporter {
  /**
   * @param {object} options
   * @param {string|null} options.url where the first report creates the session; null for people
   *   without an account: nothing is sent
   * @param {string} options.csrf Django's CSRF token
   * @param {() => object} options.body the report, built when it is sent
   * @param {() => boolean} options.started whether the session has started (nothing before)
   */
  constructor({ url, csrf, body, started }) {
    this.url = url;
    this.csrf = csrf;
    this.body = body;
    this.started = started;
    this.sessionUrl = null;
    this.detailUrl = null;
    this.id = null;
    this.closed = false; // the answers are saved: nothing more to send for this page
    this.chain = Promise.resolve();
    this.pending = null;
    this.creating = null;
    this.queued = false; // kept on this phone: the queue sends this session's reports now
    this.busy = 0; // reports asked for and not yet answered (or kept): tests wait for none (main.js)
    this.onSynced = (event) => this.synced(event.detail);
    if (typeof window !== "undefined") window.addEventListener("spinewise:synced", this.onSynced);
  }

  /** The queue sent this session: reports go straight to the server again. */
  synced(detail) {
    if (!this.queued || !detail || detail.client_id !== this.clientId) return;
    this.queued = false;
    if (detail.id) this.id = detail.id;
    if (detail.url) this.sessionUrl = detail.url;
    if (detail.detail_url) this.detailUrl = detail.detail_url;
  }

  get clientId() {
    return this.lastBody ? this.lastBody.client_id : null;
  }

  /** Keep the report on this phone; the queue sends it when it can. Resolves with `{ queued: true }`. */
  async keepOnPhone(body, why) {
    this.queued = true;
    await keep({
      client_id: body.client_id,
      create_url: this.url,
      session_url: this.sessionUrl,
      body,
      label: document.title.split(" · ")[0],
    });
    drain().catch(noop);
    return { queued: true, why };
  }

  async post(url, keepalive) {
    const body = this.body();
    this.lastBody = body;
    if (this.queued) return this.keepOnPhone(body, "kept");
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive,
        redirect: "error", // a redirect (to sign in, to the screening) is not a save
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrfToken(this.csrf),
        },
        body: JSON.stringify(body),
      });
    } catch (err) {
      // No answer at all (offline), or a redirect: keep it on this phone.
      return this.keepOnPhone(body, "offline");
    }
    if (KEPT_STATUSES.has(response.status) || response.status >= 500) return this.keepOnPhone(body, "server");
    let reply = null;
    try {
      reply = await response.json();
    } catch (e) {
      reply = null;
    }
    if (!response.ok) {
      const problems = reply && Array.isArray(reply.errors) ? reply.errors.join(" ") : "";
      throw new Error(problems || interpolate(gettext("the server answered %(status)s."), { status: response.status }, true));
    }
    if (reply && reply.id && !this.id) {
      this.id = reply.id;
      this.sessionUrl = reply.url;
    }
    if (reply && reply.detail_url) this.detailUrl = reply.detail_url;
    return reply;
  }

  async send(keepalive) {
    if (!this.id && this.creating) {
      // The first request is still on its way; a second would make a second session.
      if (keepalive) return null;
      await this.creating.catch(noop);
    }
    if (this.id) return this.post(this.sessionUrl, keepalive);
    this.creating = this.post(this.url, keepalive);
    try {
      return await this.creating;
    } finally {
      this.creating = null;
    }
  }

  get active() {
    return Boolean(this.url) && !this.closed && this.started();
  }

  /** Reports go one at a time, in order; one asked for while another waits joins it (built when sent). */
  report() {
    if (!this.active) return Promise.resolve(null);
    if (this.pending) return this.pending;
    this.busy += 1;
    const run = this.chain.then(() => {
      this.pending = null;
      return this.send(false);
    });
    this.pending = run;
    this.chain = run.catch(noop).then(() => {
      this.busy -= 1;
    });
    return run;
  }

  /** The page is going away (closed tab, locked phone): send the latest now, outliving the page. */
  flush() {
    if (!this.active) return;
    this.busy += 1;
    this.send(true)
      .catch(noop)
      .then(() => {
        this.busy -= 1;
      });
  }

  /** Flush whenever the page is hidden or unloaded while `wanted()` says there is something to keep. */
  watch(wanted) {
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && wanted()) this.flush();
    });
    window.addEventListener("pagehide", () => {
      if (wanted()) this.flush();
    });
  }
}
