"""Desk mode in a terminal (`spinewise breaks`): a quiet timer, the bell at each break, and the
short routine in the same terminal player as `spinewise play`; each finished break is recorded.

Runs after Django is set up (the command's `prepare`). The terminal's person is user None, as
for sessions; the safety stop is checked again before every break.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO

from spinewise.breaks import services
from spinewise.planning.request import PlanningRequest, RequestRefused
from spinewise.planning.vocabulary import State
from spinewise.safety.services import stop_in_force
from spinewise.safety.words import advice_for
from spinewise.training.terminal import KEYS_HELP, Quit, TerminalPlayer, exercise_infos


class BreakPlayer(TerminalPlayer):
    """The terminal player for a break: no pain questions before or after, just the moves."""

    def play_break(self) -> bool:
        """Play the routine; True when it was played to the end (q stops it early)."""
        count = len(self.states)
        self.say(
            f"\n{self.name}: {count} move{'s' if count != 1 else ''}, about {round(self.total / 60)} min."
        )
        self.say(f"Keys: {KEYS_HELP}")
        try:
            with self.keys.cbreak():
                self._play()
        except Quit:
            self.say("\n\nBreak stopped early; it is not counted.")
            return False
        self.say("\n\nWell done: back to work.")
        return True


@dataclass
class DeskTimer:
    """The loop: wait quietly, ring, play, record; `once` stops after one break, `now` starts with one."""

    request: PlanningRequest
    interval: float  # seconds between breaks
    minutes: int = 2
    once: bool = False
    now: bool = False
    speed: float = 1.0
    out: IO[str] = field(default_factory=lambda: sys.stdout)
    inp: IO[str] = field(default_factory=lambda: sys.stdin)
    sleep: Callable[[float], None] = time.sleep
    taken: int = 0

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def run(self) -> int:
        """Breaks until Ctrl+C (or one, with `once`); returns the exit status (3: a safety stop)."""
        every = round(self.interval / 60) if self.interval >= 60 else None
        how_often = f"every {every} minutes" if every else f"every {self.interval:g} seconds"
        try:
            services.break_request(self.request, self.request.state)
        except RequestRefused:
            self.say(
                "You avoid both standing and sitting on a chair, so no desk break fits: avoid fewer positions."
            )
            return 2
        self.say(f"Desk mode: a {self.minutes}-minute movement break {how_often}. Ctrl+C to stop.")
        first = True
        try:
            while True:
                if not (first and self.now):
                    self.wait(self.interval)
                first = False
                status = self.one_break()
                if status is not None:
                    return status
                if self.once:
                    return 0
        except KeyboardInterrupt:
            self.say(f"\nDesk mode stopped: {self.taken} break{'s' if self.taken != 1 else ''} taken.")
            return 0

    def refusal(self) -> str | None:
        """Why no break can fit these limits at all, or None."""
        try:
            services.break_request(self.request, self.request.state)
        except RequestRefused:
            return (
                "you avoid both standing and sitting on a chair, so no desk break fits: avoid fewer positions"
            )
        return None

    def wait(self, seconds: float) -> None:
        """A quiet countdown on one line, from a deadline (a slow terminal never stretches it)."""
        deadline = time.monotonic() + seconds
        at = datetime.now().astimezone() + timedelta(seconds=seconds)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self.out.write(f"\r\033[KNext break at {at:%H:%M} (in {_left(left)}).")
            self.out.flush()
            self.sleep(min(1.0, left))
        self.out.write("\r\033[K")

    def one_break(self) -> int | None:
        self.out.write("\a")
        self.say("Time to move: stand up, or sit tall at the front of your chair.")
        stop = stop_in_force(None)
        if stop is not None:
            advice = advice_for(stop.urgency)
            self.say(f"No break routine: the safety check's advice still holds. {advice.headline}")
            self.say("Record a clinician's visit with `spinewise play` first; walking about gently is fine.")
            return 3
        self.out.write("Press Enter to start, or type s and Enter to skip this one: ")
        self.out.flush()
        if self.inp.readline().strip().lower().startswith("s"):
            self.say("Skipped.")
            return None
        started = datetime.now(UTC)
        plan = services.plan_for(
            self.request,
            state=self.request.state,
            minutes=self.minutes,
            at=started,
            slot=None,
            recent=services.recent_moves(None, None),
        )
        if plan.prescription is None or plan.request is None:
            self.say(plan.refusal)
            return 2
        for note in plan.notes:
            self.say(f"Note: {note}")
        for note in plan.prescription.relaxed:
            self.say(f"Note: {note}")
        level = "beginner" if plan.request.state == State.FLARE_UP else plan.request.level.value
        infos, variant_dose = exercise_infos(plan.prescription, level)
        player = BreakPlayer(
            services.BREAK_NAME,
            None,
            plan.prescription,
            infos,
            variant_dose,
            speed=self.speed,
            out=self.out,
            inp=self.inp,
            pain_before=0,
        )
        if player.play_break():
            services.record_break(
                user=None,
                source="cli",
                prescription=plan.prescription,
                started_at=started,
                finished_at=datetime.now(UTC),
            )
            self.taken += 1
            self.say(f"Recorded: {self.taken} break{'s' if self.taken != 1 else ''} this time.")
        return None


def _left(seconds: float) -> str:
    whole = int(seconds + 0.999)
    minutes, secs = divmod(whole, 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
