/* The end of a session: its summary, the answers the pain rule needs, and the advice once they are saved. */

import { option } from "./routine.js";
import { radioValue, setText, showFieldError } from "./page.js";
import { fill, shortSeconds } from "./words.js";

/** What was done, as it was: never "Well done" when nothing was; how many done, skipped and not reached. */
export function summaryText(items, finished) {
  const done = items.filter((st) => st.outcome && st.outcome !== "skipped").length;
  const skipped = items.filter((st) => st.outcome === "skipped").length;
  const notReached = items.length - done - skipped;
  const work = items.reduce((sum, st) => sum + st.seconds, 0);
  const countParts = [
    fill(ngettext("%(done)s of %(total)s exercises done", "%(done)s of %(total)s exercises done", items.length), { done, total: items.length }),
  ];
  if (skipped) countParts.push(fill(gettext("%(n)s skipped"), { n: skipped }));
  if (notReached) countParts.push(fill(gettext("%(n)s not reached"), { n: notReached }));
  const counts = `${countParts.join(", ")}.`;
  let opening;
  if (done === 0) {
    opening = skipped
      ? gettext("No exercise was done this time: you skipped every one you reached.")
      : gettext("No exercise was done this time.");
  } else if (finished && skipped === 0) {
    opening = gettext("Well done: that is the whole routine.");
  } else if (finished) {
    opening = gettext("That is the end of the routine.");
  } else {
    opening = gettext("You ended the session early.");
  }
  const parts = [opening, counts];
  if (work > 0) parts.push(fill(gettext("%(time)s of work."), { time: shortSeconds(work) }));
  const hurt = items.filter((st) => st.mark === "hurts").map((st) => option(st).name);
  if (hurt.length) {
    parts.push(
      fill(gettext("You marked %(names)s as hurting: next time try an easier version, or leave it out."), { names: hurt.join(", ") }),
    );
  }
  return parts.join(" ");
}

/** Pain before and after, compared in plain words (a 2-point change is the smallest that counts). */
export function painChangeText(before, after) {
  if (before === null || before === undefined || after === null) return "";
  const change = after - before;
  let verdict;
  if (change <= -2) verdict = fill(gettext("%(n)s points less, a real easing."), { n: -change });
  else if (change >= 2) verdict = fill(gettext("%(n)s points more."), { n: change });
  else verdict = change === 0 ? gettext("the same.") : gettext("about the same.");
  return fill(gettext("Pain before the session %(before)s out of 10, now %(after)s: %(verdict)s"), { before, after, verdict });
}

/** The pain-monitoring rule (CLINICAL.md) in plain words, at the payload's limit; never a diagnosis. */
export function adviceText(worst, after, limit) {
  if (worst > limit || after > limit) {
    return fill(
      gettext(
        "The pain went above %(limit)s out of 10, which is more than these exercises should cause. Next time, choose easier versions or a shorter routine, and if the pain has not settled by tomorrow morning, ease off and get advice.",
      ),
      { limit },
    );
  }
  return fill(gettext("Pain up to %(limit)s out of 10 is acceptable, as long as it settles by tomorrow morning."), { limit });
}

/** The answers form after the session (only for people with an account): checked, saved, then advice. */
export class EndForm {
  constructor(root, el, player, reporter) {
    this.root = root;
    this.el = el;
    this.player = player;
    this.reporter = reporter;
  }

  bind() {
    if (this.el.endForm) this.el.endForm.addEventListener("submit", (event) => this.save(event));
  }

  async save(event) {
    event.preventDefault();
    const { el, root, player, reporter } = this;
    const worst = radioValue(root, "worst_pain_during");
    const after = radioValue(root, "pain_after");
    showFieldError("worst-pain", worst === null ? gettext("Choose the worst pain you felt, from 0 to 10.") : "");
    showFieldError("pain-after", after === null ? gettext("Choose how much it hurts now, from 0 to 10.") : "");
    if (worst === null || after === null) {
      const first = root.querySelector(worst === null ? 'input[name="worst_pain_during"]' : 'input[name="pain_after"]');
      if (first) first.focus();
      return;
    }
    player.answers = {
      worst,
      after,
      effort: radioValue(root, "effort"),
      notes: (el.notes || { value: "" }).value.slice(0, 2000),
    };
    if (el.endForm.dataset.local === "true") {
      // Without an account nothing is sent: the answers are shown back, and stay in this page.
      el.endForm.hidden = true;
      el.saved.hidden = false;
      el.saved.textContent = "";
      const change = painChangeText(player.painBefore, after);
      el.saved.append(
        [change, adviceText(worst, after, player.data.pain_limit), gettext("Nothing was sent: this stays on this page.")]
          .filter(Boolean)
          .join(" "),
      );
      el.saved.setAttribute("tabindex", "-1");
      el.saved.focus();
      return;
    }
    el.save.disabled = true;
    setText(el.save, gettext("Saving…"));
    el.saveError.hidden = true;
    try {
      const reply = await reporter.report();
      reporter.closed = true; // nothing more to send for this page
      el.endForm.hidden = true;
      el.saved.hidden = false;
      el.saved.textContent = "";
      const strong = document.createElement("strong");
      // Kept on this phone (offline, or signed out): the page tells when it is synced.
      strong.textContent = `${reply && reply.queued ? gettext("Saved on this phone, will sync.") : gettext("Saved.")} `;
      if (reply && reply.queued) el.saved.dataset.clientId = player.clientId; // offline/app.js: "synced"
      const change = painChangeText(player.painBefore, after);
      el.saved.append(strong, [change, adviceText(worst, after, player.data.pain_limit)].filter(Boolean).join(" "));
      if (reporter.detailUrl) {
        const link = document.createElement("a");
        link.href = reporter.detailUrl;
        link.textContent = gettext("See this session");
        el.saved.append(" ", link);
      }
      el.saved.setAttribute("tabindex", "-1");
      el.saved.focus();
    } catch (err) {
      el.save.disabled = false;
      setText(el.save, gettext("Try again"));
      el.saveError.textContent = fill(gettext("Not saved yet: %(problem)s Check your connection and try again; your answers are kept."), { problem: err.message });
      el.saveError.hidden = false;
    }
  }
}
