"""The guided player in a plain terminal: countdowns, paced reps, sides, rests and keys.

Runs from a deadline clock (time.monotonic), so a slow terminal never stretches a hold;
`speed` makes the clock run faster for demos and tests.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import termios
import time
import tty
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from spinewise.planning.vocabulary import Position, transition_seconds
from spinewise.training.schema import RoutineItemJSON, RoutineJSON, SessionIn, SessionItemIn
from spinewise.training.timeline import Segment, breath_at, item_segments, transition

KEYS_HELP = gettext_lazy(
    "space pause · n skip · b back · s steps · h hurts · g helps · e easier · u harder · q quit"
)


@dataclass(frozen=True)
class ExerciseInfo:
    """What the player shows for an exercise: its steps, breathing, cautions and variants."""

    slug: str
    name: str
    position: str
    steps: list[str]
    breathing: list[str]
    cautions: list[str]
    seconds_per_rep: float | None
    easier: list[str]
    harder: list[str]
    skip_if: list[str] = field(default_factory=list)


@dataclass
class ItemState:
    item: RoutineItemJSON
    outcome: Literal["done", "skipped", "easier", "harder"] | None = None
    performed_slug: str | None = None
    mark: Literal["hurts", "helps"] | None = None
    swap: Literal["easier", "harder"] | None = None
    seconds: float = 0.0


class Quit(Exception):
    """The person pressed q: stop and save what was done."""


class Clock:
    """Virtual seconds that run `speed` times faster than real ones, and can pause."""

    def __init__(self, speed: float, now: Callable[[], float] = time.monotonic) -> None:
        self.speed = speed
        self._now = now
        self._origin = now()
        self._paused_at: float | None = None
        self._paused_total = 0.0

    def seconds(self) -> float:
        end = self._paused_at if self._paused_at is not None else self._now()
        return (end - self._origin - self._paused_total) * self.speed

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def toggle(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._now()
        else:
            self._paused_total += self._now() - self._paused_at
            self._paused_at = None


class Keys:
    """Single key presses from a terminal (cbreak mode), or nothing when stdin is not one."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.fd = stream.fileno() if hasattr(stream, "fileno") else -1
        self.is_tty = self.fd >= 0 and os.isatty(self.fd)

    @contextlib.contextmanager
    def cbreak(self) -> Iterator[None]:
        if not self.is_tty:
            yield
            return
        saved = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd)
            yield
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)

    def poll(self, timeout: float) -> str | None:
        if not self.is_tty:
            time.sleep(timeout)
            return None
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            return os.read(self.fd, 1).decode(errors="ignore")
        return None


@dataclass
class TerminalPlayer:
    name: str
    slug: str | None
    prescription: RoutineJSON
    exercises: dict[str, ExerciseInfo]
    variant_dose: Callable[[str], RoutineItemJSON]
    speed: float = 1.0
    out: IO[str] = field(default_factory=lambda: sys.stdout)
    inp: IO[str] = field(default_factory=lambda: sys.stdin)
    # Asked by the caller before the routine is chosen (the pain rule can change the day); asked
    # here only when the caller did not.
    pain_before: int | None = None

    def __post_init__(self) -> None:
        self.states = [ItemState(item) for item in self.prescription.items]
        self.keys = Keys(self.inp)
        self.clock = Clock(self.speed)
        self.total = max(sum(i.seconds for i in self.prescription.items), 1)
        self.started_at = datetime.now(UTC)

    # ------------------------------------------------------------ output

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def status(self, text: str) -> None:
        done = sum(s.seconds for s in self.states)
        pct = min(100, round(100 * done / self.total))
        bar = "#" * (pct // 5) + "-" * (20 - pct // 5)
        paused = "  " + _("PAUSED") if self.clock.paused else ""
        self.out.write(f"\r\033[K{text}  [{bar}] {pct:3d}%{paused}")
        self.out.flush()

    def beep(self) -> None:
        self.out.write("\a")

    # ------------------------------------------------------------ prompts

    def ask_number(self, question: str, *, required: bool = True) -> int | None:
        while True:
            scale = _("(0-10)") if required else _("(0-10, Enter to skip)")
            self.out.write(f"{question} {scale}: ")
            self.out.flush()
            line = self.inp.readline()
            if line == "":
                return None
            answer = line.strip()
            if not answer and not required:
                return None
            if answer.isdigit() and 0 <= int(answer) <= 10:
                return int(answer)
            self.say(_("Please type a whole number from 0 to 10."))

    def ask_text(self, question: str) -> str:
        self.out.write(f"{question}: ")
        self.out.flush()
        return self.inp.readline().strip()[:2000]

    # ------------------------------------------------------------ playing

    def run(self) -> SessionIn:
        count = len(self.states)
        self.say(
            "\n"
            + ngettext(
                "%(name)s: %(count)s exercise, about %(minutes)s min.",
                "%(name)s: %(count)s exercises, about %(minutes)s min.",
                count,
            )
            % {"name": self.name, "count": count, "minutes": round(self.total / 60)}
        )
        pain_before = self.pain_before
        if pain_before is None:
            pain_before = self.ask_number(_("How much does your back hurt right now"))
        self.say("\n" + _("Keys: %(keys)s") % {"keys": KEYS_HELP})
        finished = False
        try:
            with self.keys.cbreak():
                self._play()
            finished = True
        except Quit:
            self.say("\n\n" + _("Stopped. What you did is saved as a partial session."))
        except KeyboardInterrupt:
            self.say("\n\n" + _("Interrupted. What you did is saved as a partial session."))
            return self._session(pain_before, None, None, None, "", finished=False)
        self.say("\n")
        if finished:
            done = sum(1 for st in self.states if st.outcome not in (None, "skipped"))
            skipped = sum(1 for st in self.states if st.outcome == "skipped")
            if done == 0:
                self.say(_("No exercise was done this time: you skipped every one."))
            elif skipped:
                self.say(
                    _("That is the end of the routine: %(done)s of %(total)s done, %(skipped)s skipped.")
                    % {"done": done, "total": len(self.states), "skipped": skipped}
                )
            else:
                self.say(_("Well done: that is the whole routine."))
        worst = self.ask_number(_("Worst pain during the session"))
        after = self.ask_number(_("Pain now, after the session"))
        effort = self.ask_number(_("How hard was it"), required=False)
        notes = self.ask_text(_("Notes (Enter to skip)"))
        return self._session(pain_before, worst, after, effort, notes, finished=finished)

    def _session(
        self,
        before: int | None,
        worst: int | None,
        after: int | None,
        effort: int | None,
        notes: str,
        *,
        finished: bool,
    ) -> SessionIn:
        items = [
            SessionItemIn(
                index=i,
                outcome=s.outcome,
                performed_slug=s.performed_slug,
                mark=s.mark,
                seconds=round(s.seconds),
            )
            for i, s in enumerate(self.states)
            if s.outcome is not None
        ]
        return SessionIn(
            routine_name=self.name,
            routine_slug=self.slug,
            source="cli",
            prescription=self.prescription,
            started_at=self.started_at,
            finished_at=datetime.now(UTC) if finished else None,
            items=items,
            pain_before=before,
            worst_pain_during=worst,
            pain_after=after,
            effort=effort,
            notes=notes,
        )

    def _play(self) -> None:
        index = 0
        while index < len(self.states):
            step = self._play_item(index)
            index = max(0, index + step)

    def _current(self, state: ItemState) -> tuple[ExerciseInfo, RoutineItemJSON]:
        slug = state.performed_slug or state.item.slug
        item = state.item if slug == state.item.slug else self.variant_dose(slug)
        return self.exercises[slug], item

    def _announce(self, index: int, info: ExerciseInfo, item: RoutineItemJSON) -> None:
        dose = describe(item)
        self.say(
            f"\n\n== {index + 1}/{len(self.states)} · {info.name} · {phase_word(item.phase)} · {dose} =="
        )
        # Cautions and reasons to skip come before the first set, when they can still change it.
        for line in info.cautions:
            self.say(f"  ! {line}")
        for line in info.skip_if:
            self.say("  " + _("Skip it if: %(reason)s") % {"reason": line})
        self._steps(info)
        if index + 1 < len(self.states):
            self.say("  " + _("Next: %(name)s") % {"name": self.states[index + 1].item.name})

    def _steps(self, info: ExerciseInfo) -> None:
        for n, step in enumerate(info.steps, start=1):
            self.say(f"  {n}. {step}")
        for cue in info.breathing:
            self.say(f"  ~ {cue}")

    def _play_item(self, index: int) -> int:
        """Play one item; returns +1 to go on, -1 to go back."""
        state = self.states[index]
        state.seconds = 0.0
        state.outcome = None
        info, item = self._current(state)
        self._announce(index, info, item)
        segments = item_segments(item.dose(), info.seconds_per_rep)
        if index + 1 < len(self.states):
            nxt = self.states[index + 1].item
            allowance = transition_seconds(Position(item.position), Position(nxt.position))
            segments.append(transition(nxt.name, allowance))
        for segment in segments:
            self.beep()
            action = self._run_segment(segment, state)
            if action == "skip":
                state.outcome = "skipped"
                return 1
            if action == "back":
                state.outcome = None
                state.seconds = 0.0
                return -1
            if action == "swap":
                return 0
        if state.outcome is None:
            state.outcome = state.swap or "done"
        return 1

    def _run_segment(self, segment: Segment, state: ItemState) -> str | None:
        start = self.clock.seconds()
        while True:
            elapsed = self.clock.seconds() - start
            if elapsed >= segment.seconds:
                if segment.is_work:
                    state.seconds += segment.seconds - (
                        elapsed - segment.seconds if elapsed > segment.seconds else 0
                    )
                return None
            self.status(self._label(segment, elapsed))
            key = self.keys.poll(0.05)
            if key is None:
                continue
            action = self._key(key, state)
            if action is not None:
                if segment.is_work:
                    state.seconds += min(elapsed, segment.seconds)
                return action

    def _key(self, key: str, state: ItemState) -> str | None:
        if key in (" ", "p"):
            self.clock.toggle()
            self.status(_("Paused. Press space to go on.") if self.clock.paused else _("Resumed."))
            return None
        if key == "q":
            raise Quit
        if key == "n":
            return "skip"
        if key == "b":
            return "back"
        if key == "s":
            info, _item = self._current(state)
            self.say("\n  " + _("Steps for %(name)s:") % {"name": info.name})
            self._steps(info)
            return None
        if key == "h":
            state.mark = "hurts"
            self.say(
                "\n  " + _("Marked: this one hurts. Ease off, try the easier version (e), or skip it (n).")
            )
            return None
        if key == "g":
            state.mark = "helps"
            self.say("\n  " + _("Marked: this one helps."))
            return None
        if key in ("e", "u"):
            info, _item = self._current(state)
            options = info.easier if key == "e" else info.harder
            options = [o for o in options if o in self.exercises]
            if not options:
                none = (
                    _("No easier version of %(name)s.") if key == "e" else _("No harder version of %(name)s.")
                )
                self.say("\n  " + none % {"name": info.name})
                return None
            state.performed_slug = options[0]
            state.swap = "easier" if key == "e" else "harder"
            self.say("\n  " + _("Swapped for %(name)s.") % {"name": self.exercises[options[0]].name})
            return "swap"
        return None

    def _label(self, segment: Segment, elapsed: float) -> str:
        left = max(0, round(segment.seconds - elapsed))
        side = " " + side_word(segment.side) if segment.side else ""
        sets = (
            " " + _("set %(set)s/%(sets)s") % {"set": segment.set_no, "sets": segment.sets}
            if segment.sets > 1
            else ""
        )
        if segment.kind == "reps":
            rep, breath = breath_at(segment, elapsed)
            said = _("Rep %(rep)s/%(reps)s%(side)s%(sets)s: breathe %(breath)s") % {
                "rep": rep,
                "reps": segment.reps,
                "side": side,
                "sets": sets,
                "breath": breath_word(breath),
            }
            return "  " + said
        if segment.kind in ("hold", "duration"):
            return f"  {segment_label(segment.label)}{side}{sets}: {left} s"
        if segment.kind == "rest":
            return "  " + _("Rest: %(seconds)s s") % {"seconds": left}
        return f"  {segment_label(segment.label)}: {left} s"


def side_word(side: str) -> str:
    """ "left side", "right side" in the run's language."""
    return {"left": _("left side"), "right": _("right side")}.get(side, _("%(side)s side") % {"side": side})


def breath_word(breath: str) -> str:
    return {"in": pgettext("breathe", "in"), "out": pgettext("breathe", "out")}.get(breath, _(breath))


def phase_word(phase: str) -> str:
    """A routine phase (warm-up, main, cool-down) as the player says it."""
    return {"warm-up": _("warm-up"), "main": pgettext("phase", "main"), "cool-down": _("cool-down")}.get(
        phase, _(phase)
    )


def level_word(level: str) -> str:
    return {
        "beginner": _("beginner"),
        "intermediate": _("intermediate"),
        "advanced": _("advanced"),
    }.get(level, level)


def segment_label(text: str) -> str:
    """A timeline's own label (training.timeline: "Hold", "Get ready: Bird dog") in the run's language."""
    prefix = "Get ready: "
    if text.startswith(prefix):
        return _("Get ready: %(name)s") % {"name": text[len(prefix) :]}
    words = {
        "Switch sides": _("Switch sides"),
        "Hold": _("Hold"),
        "Keep going": _("Keep going"),
        "Rest": _("Rest"),
    }
    return words.get(text, text)


def dose_text(dose: Any) -> str:
    """A dose (the planner's or a prescription item's) in words: "2 x 5 reps per side", "hold 25 s"."""
    per_side = bool(dose.per_side)
    if dose.reps is not None:
        what = (
            ngettext("%(reps)s rep per side", "%(reps)s reps per side", dose.reps)
            if per_side
            else ngettext("%(reps)s rep", "%(reps)s reps", dose.reps)
        ) % {"reps": dose.reps}
    elif dose.hold_seconds is not None:
        what = (_("hold %(seconds)s s per side") if per_side else _("hold %(seconds)s s")) % {
            "seconds": dose.hold_seconds
        }
    else:
        what = (_("%(seconds)s s per side") if per_side else _("%(seconds)s s")) % {
            "seconds": dose.duration_seconds
        }
    return _("%(sets)s x %(what)s") % {"sets": dose.sets, "what": what} if dose.sets > 1 else what


def describe(item: RoutineItemJSON) -> str:
    return dose_text(item)


def exercise_infos(
    prescription: RoutineJSON, level: str
) -> tuple[dict[str, ExerciseInfo], Callable[[str], RoutineItemJSON]]:
    """What the terminal player shows for each move and its variants, and a variant's dose at `level`
    (for `spinewise play` and `spinewise breaks`), in the run's language."""
    from django.utils import translation

    from spinewise.library.i18n import localized
    from spinewise.library.models import Exercise
    from spinewise.training.services import item_json

    wanted = {i.slug for i in prescription.items}
    rows = {e.slug: e for e in Exercise.objects.filter(slug__in=wanted).with_variants()}
    variant_slugs = {v.slug for e in rows.values() for v in (*e.easier.all(), *e.harder.all())}
    rows.update(
        {
            e.slug: e
            for e in Exercise.objects.active()
            .filter(slug__in=variant_slugs - set(rows))
            .with_tags()
            .with_variants()
        }
    )
    lang = translation.get_language()
    rows = {slug: localized(e, lang) for slug, e in rows.items()}
    infos = {
        e.slug: ExerciseInfo(
            slug=e.slug,
            name=e.name,
            position=e.position,
            steps=list(e.steps),
            breathing=[f"{c['cue']}" for c in e.breathing],
            cautions=list(e.cautions),
            skip_if=list(e.skip_if),
            seconds_per_rep=e.seconds_per_rep,
            easier=[v.slug for v in e.easier.all()],
            harder=[v.slug for v in e.harder.all()],
        )
        for e in rows.values()
    }
    phases = {i.slug: i.phase for i in prescription.items}

    def variant_dose(variant: str) -> RoutineItemJSON:
        ex = rows[variant]
        return item_json(
            slug=ex.slug,
            name=ex.name,
            phase=phases.get(variant, "main"),
            position=ex.position,
            equipment=ex.equipment_slugs(),
            dose=ex.dose_for(level),
            seconds_per_rep=ex.seconds_per_rep,
        )

    return infos, variant_dose
