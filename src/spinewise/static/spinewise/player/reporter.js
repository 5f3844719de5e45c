/* Reports of the session to the server, as JSON: the first creates it (as partial), the next update it.
 *
 * One report goes at a time, in order, so the server never sees an older state after a newer
 * one. A report that fails is sent again, whole and current, with the next one. When the page
 * is hidden or goes away, the latest state goes at once with `keepalive`, outliving the page.
 */

const noop = () => {};

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
  }

  async post(url, keepalive) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive,
      redirect: "error", // a redirect (to sign in, to the screening) is not a save
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": this.csrf,
      },
      body: JSON.stringify(this.body()),
    });
    let reply = null;
    try {
      reply = await response.json();
    } catch (e) {
      reply = null;
    }
    if (!response.ok) {
      const problems = reply && Array.isArray(reply.errors) ? reply.errors.join(" ") : "";
      throw new Error(problems || `the server answered ${response.status}.`);
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
    const run = this.chain.then(() => {
      this.pending = null;
      return this.send(false);
    });
    this.pending = run;
    this.chain = run.catch(noop);
    return run;
  }

  /** The page is going away (closed tab, locked phone): send the latest now, outliving the page. */
  flush() {
    if (!this.active) return;
    this.send(true).catch(noop);
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
