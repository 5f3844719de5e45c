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

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spinewise.breaks import services
from spinewise.planning.request import PlanningRequest, RequestRefused
from spinewise.planning.vocabulary import State
from spinewise.safety.services import stop_in_force
from spinewise.safety.words import advice_for
from spinewise.training.terminal import KEYS_HELP, Quit, TerminalPlayer, exercise_infos


def said(text: str) -> str:
    """A sentence made elsewhere (the planner's notes, the safety advice) in the run's language when
    the catalogue has it."""
    return _(text) if text else text


class BreakPlayer(TerminalPlayer):
    """The terminal player for a break: no pain questions before or after, just the moves."""

    def play_break(self) -> bool:
        """Play the routine; True when it was played to the end (q stops it early)."""
        count = len(self.states)
        self.say(
            "\n"
            + ngettext(
                "%(name)s: %(count)s move, about %(minutes)s min.",
                "%(name)s: %(count)s moves, about %(minutes)s min.",
                count,
            )
            % {"name": self.name, "count": count, "minutes": round(self.total / 60)}
        )
        self.say(_("Keys: %(keys)s") % {"keys": KEYS_HELP})
        try:
            with self.keys.cbreak():
                self._play()
        except Quit:
            self.say("\n\n" + _("Break stopped early; it is not counted."))
            return False
        self.say("\n\n" + _("Well done: back to work."))
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
        try:
            services.break_request(self.request, self.request.state)
        except RequestRefused:
            self.say(
                _(
                    "You avoid both standing and sitting on a chair, so no desk break fits: avoid fewer positions."
                )
            )
            return 2
        if every:
            said = _(
                "Desk mode: a %(minutes)s-minute movement break every %(every)s minutes. Ctrl+C to stop."
            )
        else:
            said = _(
                "Desk mode: a %(minutes)s-minute movement break every %(every)s seconds. Ctrl+C to stop."
            )
        self.say(said % {"minutes": self.minutes, "every": every or f"{self.interval:g}"})
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
            self.say(
                "\n"
                + ngettext(
                    "Desk mode stopped: %(count)s break taken.",
                    "Desk mode stopped: %(count)s breaks taken.",
                    self.taken,
                )
                % {"count": self.taken}
            )
            return 0

    def refusal(self) -> str | None:
        """Why no break can fit these limits at all, or None."""
        try:
            services.break_request(self.request, self.request.state)
        except RequestRefused:
            return _(
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
            said = _("Next break at %(time)s (in %(left)s).") % {"time": f"{at:%H:%M}", "left": _left(left)}
            self.out.write(f"\r\033[K{said}")
            self.out.flush()
            self.sleep(min(1.0, left))
        self.out.write("\r\033[K")

    def one_break(self) -> int | None:
        self.out.write("\a")
        self.say(_("Time to move: stand up, or sit tall at the front of your chair."))
        stop = stop_in_force(None)
        if stop is not None:
            advice = advice_for(stop.urgency)
            self.say(
                _("No break routine: the safety check's advice still holds. %(advice)s")
                % {"advice": advice.headline}
            )
            self.say(
                _("Record a clinician's visit with `spinewise play` first; walking about gently is fine.")
            )
            return 3
        self.out.write(_("Press Enter to start, or type s and Enter to skip this one: "))
        self.out.flush()
        if self.inp.readline().strip().lower().startswith("s"):
            self.say(_("Skipped."))
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
            self.say(said(plan.refusal))
            return 2
        for note in [*plan.notes, *plan.prescription.relaxed]:
            self.say(_("Note: %(note)s") % {"note": said(note)})
        level = "beginner" if plan.request.state == State.FLARE_UP else plan.request.level.value
        infos, variant_dose = exercise_infos(plan.prescription, level)
        player = BreakPlayer(
            said(services.BREAK_NAME),
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
            self.say(
                ngettext(
                    "Recorded: %(count)s break this time.",
                    "Recorded: %(count)s breaks this time.",
                    self.taken,
                )
                % {"count": self.taken}
            )
        return None


def _left(seconds: float) -> str:
    whole = int(seconds + 0.999)
    minutes, secs = divmod(whole, 60)
    if minutes:
        return _("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": f"{secs:02d}"}
    return _("%(seconds)s s") % {"seconds": secs}
