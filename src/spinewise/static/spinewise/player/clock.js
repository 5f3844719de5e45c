/* The player's clock: virtual seconds from deadlines on performance.now(), never from counted ticks.
 *
 * A throttled or hidden tab calls back late, but the seconds it reads are still right, so the
 * player catches up on waking instead of stretching a hold. A `speed` above 1 runs the clock
 * faster than real time (demos and tests).
 */

/** How often the player looks at the clock; only drawing depends on it, never the timing. */
export const TICK_MS = 100;

/** Virtual seconds that run `speed` times faster than real ones, and can pause. */
export class Clock {
  constructor(speed) {
    this.speed = speed > 0 ? speed : 1;
    this.origin = performance.now();
    this.pausedAt = null;
    this.pausedTotal = 0;
  }

  seconds() {
    const end = this.pausedAt === null ? performance.now() : this.pausedAt;
    return ((end - this.origin - this.pausedTotal) / 1000) * this.speed;
  }

  get paused() {
    return this.pausedAt !== null;
  }

  pause() {
    if (this.pausedAt === null) this.pausedAt = performance.now();
  }

  resume() {
    if (this.pausedAt === null) return;
    this.pausedTotal += performance.now() - this.pausedAt;
    this.pausedAt = null;
  }
}
