/* spinewise guided player: the entry point (loaded as a module by training/player.html).
 *
 * Plays the segments the server sends (the same ones the terminal player walks): work, switch
 * sides, rest and the move to the next exercise. No build step and no dependencies: each part
 * is a module beside this one, named by a relative path so hashed static names still resolve.
 */

import { EndForm } from "./finish.js";
import { findElements } from "./page.js";
import { Reporter } from "./reporter.js";
import { buildItems } from "./routine.js";
import { Player } from "./session.js";
import { haptics } from "./sound.js";
import { View } from "./view.js";

function boot() {
  const dataNode = document.getElementById("player-data");
  const root = document.getElementById("player");
  if (!dataNode || !root) return;
  const data = JSON.parse(dataNode.textContent);
  if (!Array.isArray(data.items) || data.items.length === 0) return;

  const el = findElements();
  const player = new Player(buildItems(data.items), data);
  const view = new View(root, el, player);
  const reporter = new Reporter({
    url: data.save_url,
    csrf: (root.querySelector('input[name="csrfmiddlewaretoken"]') || { value: "" }).value,
    body: () => player.reportBody(),
    started: () => player.startedAt !== null,
  });
  player.connect(view, reporter);
  haptics.target = root;

  view.bind();
  new EndForm(root, el, player, reporter).bind();
  // Whatever happened is kept when the page is hidden or closed, even after the end.
  reporter.watch(() => player.isActive() || player.state === "ended");
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "hidden") player.resurface();
  });
  view.reveal();

  // Tests and scripts can read the player's state; the page itself never depends on it.
  window.spinewisePlayer = {
    get state() {
      return player.state;
    },
    get sessionId() {
      return reporter.id;
    },
    // Reports asked for and not answered yet: 0 once the server has all the page sent.
    get reportsBusy() {
      return reporter.busy;
    },
    items: player.items,
  };
}

boot();
