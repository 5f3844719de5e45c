"""Programs as a person lives them: enrolment, the schedule, pauses, and who may open a workout.

Preparing a workout through the pain rule and recording it are in programs.workouts. Views,
the command line and (later) the API call these; each write runs in one transaction.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spinewise.accounts.services import profile_for
from spinewise.accounts.stamps import touch
from spinewise.assessments.models import Assessment
from spinewise.library.i18n import localized
from spinewise.planning import schedule
from spinewise.planning.progression import STOP_PAIN
from spinewise.programs.access import lifetime, lifetime_with, workout_open
from spinewise.programs.dates import day_month, weekday_day_month
from spinewise.programs.models import Access, Enrolment, Pause, Program, ProgramSession
from spinewise.safety.models import Screening
from spinewise.safety.services import stop_in_force
from spinewise.training.jsonrows import JSONRows
from spinewise.training.models import Session, SessionItem

MAX_START_AHEAD_DAYS = 60


def local_today(user: User, now: datetime | None = None) -> date:
    """Today in the person's own time zone (their profile's), so a day turns at their midnight."""
    zone = zoneinfo.ZoneInfo(profile_for(user).time_zone or "UTC")
    return (now or timezone.now()).astimezone(zone).date()


def zone_of(user: User) -> zoneinfo.ZoneInfo:
    """The person's time zone from their profile (read with the signed-in user: no query), else UTC."""
    try:
        return zoneinfo.ZoneInfo(profile_for(user).time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def plan_today(user: User, enrolment: Enrolment) -> Plan:
    """The person's plan as of their today, reading their profile's time zone once."""
    zone = zone_of(user)
    return plan_for(enrolment, timezone.now().astimezone(zone).date(), zone)


def local_zone(user_id: int) -> zoneinfo.ZoneInfo:
    """The person's time zone (their profile's), UTC without one."""
    from spinewise.accounts.models import Profile

    name = Profile.objects.filter(user_id=user_id).values_list("time_zone", flat=True).first()
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def current_enrolment(user: User) -> Enrolment | None:
    """The person's current enrolment, read in one query with what plan_for and prepare need
    besides: whether they hold lifetime access, whether it was ever paused, its workouts' sessions
    and the dose week of its last workout."""
    return (
        Enrolment.objects.current()
        .filter(user=user)
        .select_related("program")
        .annotate(
            holds_access=Exists(
                Access.objects.filter(user_id=OuterRef("user_id"), program_id=OuterRef("program_id"))
            ),
            ever_paused=Exists(Pause.objects.filter(enrolment=OuterRef("pk"))),
            link_rows=_link_rows(),
            last_dose_week=Subquery(
                ProgramSession.objects.filter(enrolment=OuterRef("pk"))
                .order_by("-session__started_at", "-pk")
                .values("dose_week")[:1]
            ),
        )
        .first()
    )


class SwitchNeeded(ValueError):
    """The person is in another program: switching ends it, so they must say so."""

    def __init__(self, current: Enrolment) -> None:
        name = localized(current.program, translation.get_language()).name
        super().__init__(
            _("You are following %(name)s. Switching ends it (your history stays).") % {"name": name}
        )
        self.current = current


class EnrolError(ValueError):
    pass


def default_weekdays(per_week: int, chosen: Sequence[str] = ()) -> list[int]:
    """The profile's training days when they fit, else days spread over the week."""
    days = schedule.parse_weekdays(d for d in chosen if d in schedule.WEEKDAY_NAMES)
    if len(days) == per_week:
        return days
    spread = {1: [0], 2: [0, 3], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4], 6: [0, 1, 2, 3, 4, 5]}
    return spread.get(per_week, list(range(7)))


def _end(enrolment: Enrolment, status: str, today: date) -> None:
    enrolment.status = status
    enrolment.ended_at = timezone.now()
    enrolment.save(update_fields=["status", "ended_at"])
    enrolment.pauses.filter(end__isnull=True).update(end=today)
    touch([enrolment.user_id], progress=False)  # the update above sends no signal (accounts.stamps)


def enrol(
    user: User,
    program: Program,
    start: date,
    weekdays: Sequence[int],
    *,
    switch: bool = False,
    today: date | None = None,
) -> Enrolment:
    """Start a program on `start`, on these weekdays; ends the current one only when `switch` says so."""
    today = today or local_today(user)
    name = localized(program, translation.get_language()).name
    if program.retired:
        raise EnrolError(_("%(name)s is no longer offered.") % {"name": name})
    days = sorted(set(weekdays))
    if len(days) != program.workouts_per_week:
        raise EnrolError(
            ngettext(
                "%(name)s has %(n)s workout a week: choose %(n)s day (you chose %(chosen)s).",
                "%(name)s has %(n)s workouts a week: choose %(n)s days (you chose %(chosen)s).",
                program.workouts_per_week,
            )
            % {"name": name, "n": program.workouts_per_week, "chosen": len(days)}
        )
    if start < today:
        raise EnrolError(_("The start date is in the past: start today or later."))
    if (start - today).days > MAX_START_AHEAD_DAYS:
        raise EnrolError(_("Start within the next %(n)s days.") % {"n": MAX_START_AHEAD_DAYS})
    with transaction.atomic():
        current = Enrolment.objects.current().select_for_update().filter(user=user).first()
        if current is not None:
            if not switch:
                raise SwitchNeeded(current)
            _end(current, Enrolment.Status.ENDED, today)
        return Enrolment.objects.create(user=user, program=program, start_date=start, weekdays=days)


def stop(enrolment: Enrolment, today: date) -> None:
    with transaction.atomic():
        _end(enrolment, Enrolment.Status.ENDED, today)


def pause(enrolment: Enrolment, today: date, reason: str = Pause.Reason.CHOSEN, explain: str = "") -> Pause:
    """Pause from today; the later dates move by the days it lasts. Pausing twice keeps the first pause."""
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        open_pause = locked.pauses.filter(end__isnull=True).first()
        if open_pause is not None:
            if reason != Pause.Reason.CHOSEN and open_pause.reason == Pause.Reason.CHOSEN:
                # A safety pause outranks the person's own: resuming then needs the safety check.
                open_pause.reason = reason
                open_pause.explain = explain
                open_pause.save(update_fields=["reason", "explain"])
            return open_pause
        locked.status = Enrolment.Status.PAUSED
        locked.save(update_fields=["status"])
        enrolment.status = locked.status
        enrolment.ever_paused = True  # type: ignore[attr-defined]
        return Pause.objects.create(enrolment=locked, start=today, reason=reason, explain=explain)


class ResumeRefused(ValueError):
    pass


def resume(enrolment: Enrolment, today: date) -> None:
    """Resume a paused program; after a safety pause only once a new safety check allows exercise."""
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        open_pause = locked.pauses.filter(end__isnull=True).first()
        if open_pause is None:
            return
        if open_pause.reason != Pause.Reason.CHOSEN:
            screening = Screening.objects.latest_for(locked.user)
            # A check taken since the pause allows it, or the stop was cleared by a clinician visit;
            # an earlier uncleared stop holds whatever the latest answers say.
            if (
                screening is None
                or not screening.may_exercise
                or (screening.created_at <= open_pause.created_at and screening.cleared_at is None)
                or stop_in_force(locked.user) is not None
            ):
                raise ResumeRefused(
                    _(
                        "This pause came from your pain or the safety check: take the safety check again"
                        " first. When it says you may exercise, you can resume."
                    )
                )
        open_pause.end = max(today, open_pause.start)
        open_pause.save(update_fields=["end"])
        locked.status = Enrolment.Status.ACTIVE
        locked.save(update_fields=["status"])
        enrolment.status = locked.status


def pause_for_severe_pain(session: Session) -> None:
    """Worst pain during (or after) a session at 8/10 or more pauses the person's program.

    training calls this (installed in ProgramsConfig.ready) inside the transaction that saves the session.
    """
    worst = max(session.worst_pain_during or 0, session.pain_after or 0)
    if session.user is None or worst < STOP_PAIN:
        return
    enrolment = Enrolment.objects.filter(user=session.user, status=Enrolment.Status.ACTIVE).first()
    if enrolment is not None:
        pause(
            enrolment,
            local_today(session.user),
            Pause.Reason.PAIN,
            _(
                "Pain reached %(worst)s/10 in your session on %(day)s: %(stop)s/10 or more is more than"
                " exercise should cause."
            )
            % {"worst": worst, "day": day_month(session.started_at), "stop": STOP_PAIN},
        )


def pause_for_red_flag(screening: Screening) -> None:
    """A safety check that stops exercise pauses the program until a later one allows it.

    safety calls this (installed in ProgramsConfig.ready) inside the transaction that records the screening.
    """
    if screening.user is None or screening.may_exercise:
        return
    enrolment = Enrolment.objects.current().filter(user=screening.user).first()
    if enrolment is not None:
        pause(
            enrolment,
            local_today(screening.user),
            Pause.Reason.RED_FLAG,
            _("Your answers to the safety check need a clinician's advice before you train again."),
        )


def pauses_of(rows: Sequence[Pause]) -> list[schedule.Pause]:
    return [schedule.Pause(p.start, p.end) for p in rows]


# ---------------------------------------------------------------- the schedule as the person sees it


class Status(StrEnum):
    DONE = "done"
    PARTIAL = "partial"
    DUE = "due"  # today
    LATE = "late"  # its day passed: still there to do
    OPEN = "open"  # its week is open, its day is ahead
    WEEK_LOCKED = "week-locked"  # its week has not begun
    TOMORROW = "tomorrow"  # open, but a workout was already done today: one a day at most
    PAID = "paid"  # needs lifetime access


@dataclass(frozen=True)
class Workout:
    number: int
    week: int
    index: int
    name: str
    summary: str
    day: date
    unlocks: date
    status: Status
    is_test: bool
    session_id: int | None

    @property
    def playable(self) -> bool:
        return self.status in {Status.DUE, Status.LATE, Status.OPEN, Status.DONE, Status.PARTIAL}

    @property
    def attended(self) -> bool:
        return self.status in {Status.DONE, Status.PARTIAL}


@dataclass(frozen=True)
class Plan:
    enrolment: Enrolment
    program: Program
    today: date
    workouts: list[Workout]
    streak: schedule.Streak
    lifetime: bool
    open_pause: Pause | None
    done_today: Workout | None = None  # the workout started today, if any: the next waits for tomorrow

    @property
    def paused(self) -> bool:
        return self.open_pause is not None

    @property
    def tomorrow(self) -> date:
        return self.today + timedelta(days=1)

    @property
    def next_workout(self) -> Workout | None:
        """Today's workout; else the earliest one left behind; else the next one ahead."""
        todo = [w for w in self.workouts if not w.attended]
        for wanted in (
            Status.DUE,
            Status.LATE,
            Status.OPEN,
            Status.TOMORROW,
            Status.WEEK_LOCKED,
            Status.PAID,
        ):
            match = [w for w in todo if w.status == wanted]
            if match:
                return match[0]
        return None

    @property
    def late(self) -> list[Workout]:
        return [w for w in self.workouts if w.status == Status.LATE]

    @property
    def done_count(self) -> int:
        return sum(1 for w in self.workouts if w.attended)

    @property
    def current_week(self) -> int:
        opened = [w.week for w in self.workouts if w.unlocks <= self.today]
        return max(opened, default=1)

    def workout(self, number: int) -> Workout:
        return self.workouts[number - 1]


@dataclass(frozen=True)
class _Link:
    """A program workout's session as the schedule needs it."""

    number: int
    session: int
    complete: bool
    worked: int  # the session's exercises done (as given, easier or harder)
    started: datetime  # when its session began


def _attended(links: Sequence[_Link]) -> dict[int, tuple[Status, int]]:
    """Per workout number, its best session: complete beats partial; a partial counts once it has work done."""
    out: dict[int, tuple[Status, int]] = {}
    for link in links:
        if link.complete:
            out[link.number] = (Status.DONE, link.session)
        elif link.worked and out.get(link.number, (None,))[0] != Status.DONE:
            out[link.number] = (Status.PARTIAL, link.session)
    return out


def _started_at(value: object) -> datetime:
    """A session's start read back from a JSON row (SQLite gives naive UTC text, PostgreSQL ISO)."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _link_rows() -> Subquery:
    """The enrolment's workout sessions as JSON rows, read with the enrolment (current_enrolment)."""
    worked = (
        SessionItem.objects.filter(session=OuterRef("session_id"), outcome__in=SessionItem.WORKED)
        .order_by()
        .values("session")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(
        ProgramSession.objects.filter(enrolment=OuterRef("pk"))
        .order_by()
        .values("enrolment")
        .annotate(
            rows=JSONRows(
                JSONObject(
                    pk="pk",
                    number="number",
                    session="session_id",
                    status="session__status",
                    started="session__started_at",
                    worked=Subquery(worked),
                )
            )
        )
        .values("rows")
    )


def _links(enrolment: Enrolment) -> list[_Link]:
    if hasattr(enrolment, "link_rows"):
        rows = sorted(enrolment.link_rows or [], key=lambda row: int(row["pk"]))
        return [
            _Link(
                number=int(row["number"]),
                session=int(row["session"]),
                complete=row["status"] == Session.Status.COMPLETE,
                worked=int(row["worked"] or 0),
                started=_started_at(row["started"]),
            )
            for row in rows
        ]
    found = (
        ProgramSession.objects.filter(enrolment=enrolment)
        .select_related("session")
        .annotate(worked=Count("session__items", filter=Q(session__items__outcome__in=SessionItem.WORKED)))
        .order_by("pk")
    )
    return [
        _Link(
            link.number,
            link.session_id,
            link.session.status == Session.Status.COMPLETE,
            link.worked,
            link.session.started_at,
        )
        for link in found
    ]


def _started_today(
    links: Sequence[_Link], user_id: int, today: date, zone: zoneinfo.ZoneInfo | None
) -> list[_Link]:
    """The workouts whose session began on `today` in the person's time zone (read only when one might have)."""
    # A workout opened and left before any exercise ran does not count (as in `_attended`).
    near = [
        link
        for link in links
        if abs((link.started.date() - today).days) <= 1 and (link.complete or bool(link.worked))
    ]
    if not near:
        return []
    zone = zone or local_zone(user_id)
    return [link for link in near if link.started.astimezone(zone).date() == today]


def plan_for(enrolment: Enrolment, today: date, zone: zoneinfo.ZoneInfo | None = None) -> Plan:
    """The whole schedule with each workout's date and state, in three queries whatever its length
    (none for an enrolment read by current_enrolment, unless it was ever paused: one).

    At most one workout a day: once a workout was started today (in the person's time zone, `zone`
    or their profile's), every other one that would be open waits for tomorrow (`Status.TOMORROW`);
    the one started today stays open, to finish or do again.
    """
    # The program in the language of the page (its workouts' names and summaries).
    program = localized(enrolment.program, translation.get_language())
    # An enrolment read by current_enrolment says whether it has pauses and access: no query for those.
    pause_rows = list(enrolment.pauses.all()) if getattr(enrolment, "ever_paused", True) else []
    holds_access = getattr(enrolment, "holds_access", None)
    has_lifetime = (
        lifetime(enrolment.user_id, program) if holds_access is None else lifetime_with(program, holds_access)
    )
    links = _links(enrolment)
    attended = _attended(links)
    today_numbers = {link.number for link in _started_today(links, enrolment.user_id, today, zone)}
    file = program.file
    slots = schedule.schedule(
        enrolment.start_date,
        enrolment.weekdays,
        program.weeks,
        program.workouts_per_week,
        pauses_of(pause_rows),
        today,
    )
    open_pause = next((p for p in pause_rows if p.end is None), None)
    workouts: list[Workout] = []
    for slot in slots:
        template = file.block_for(slot.week).workouts[slot.index]
        done = attended.get(slot.number)
        if done is not None:
            status = done[0]
        elif not workout_open(program, slot.number, has_lifetime):
            status = Status.PAID
        elif slot.unlocks > today:
            status = Status.WEEK_LOCKED
        elif slot.planned == today:
            status = Status.DUE
        elif slot.planned < today:
            status = Status.LATE
        else:
            status = Status.OPEN
        if (
            today_numbers
            and slot.number not in today_numbers
            and status in {Status.DUE, Status.LATE, Status.OPEN}
        ):
            status = Status.TOMORROW
        workouts.append(
            Workout(
                number=slot.number,
                week=slot.week,
                index=slot.index,
                name=template.name,
                summary=template.summary,
                day=slot.planned,
                unlocks=slot.unlocks,
                status=status,
                is_test=slot.number in file.test_workouts,
                session_id=done[1] if done else None,
            )
        )
    streak = schedule.streak([(w.day, w.attended) for w in workouts], today)
    done_today = next((w for w in reversed(workouts) if w.number in today_numbers), None)
    return Plan(enrolment, program, today, workouts, streak, has_lifetime, open_pause, done_today)


def test_kind(plan: Plan, number: int) -> str | None:
    """A test workout's sitting: the first is the baseline, the last the end, any other the middle."""
    tests = sorted(plan.program.file.test_workouts)
    if number not in tests:
        return None
    if number == tests[0]:
        return "baseline"
    return "end" if number == tests[-1] else "middle"


def tests_taken(plan: Plan, kind: str) -> bool:
    """Whether this sitting of the home tests was done since the person enrolled."""
    return Assessment.objects.filter(
        user_id=plan.enrolment.user_id, kind=kind, taken_at__gte=plan.enrolment.created_at
    ).exists()


# ---------------------------------------------------------------- who may open a workout


def refusal(plan: Plan, number: int) -> str | None:
    """Why workout `number` cannot be played now, or None. The same check guards pages, player and saving."""
    if not 1 <= number <= len(plan.workouts):
        return _("%(name)s has workouts 1 to %(last)s.") % {
            "name": plan.program.name,
            "last": len(plan.workouts),
        }
    workout = plan.workout(number)
    if workout.status == Status.PAID:
        return _(
            "Workout %(number)s is part of the full program. Lifetime access unlocks all %(total)s"
            " workouts, the retests at the middle and the end, and every later week, for good; the first"
            " %(free)s are free."
        ) % {
            "number": number,
            "total": plan.program.total_workouts,
            "free": plan.program.free_workouts,
        }
    if plan.paused:
        return _(
            "Your program is paused. Resume it to carry on; the dates move on by the days it was paused."
        )
    if plan.enrolment.status not in (Enrolment.Status.ACTIVE,):
        return _("This program has ended.")
    if workout.status == Status.WEEK_LOCKED:
        return _("Week %(week)s opens on %(day)s.") % {"week": workout.week, "day": long_day(workout.unlocks)}
    if workout.status == Status.TOMORROW:
        return one_a_day(plan, workout)
    return None


def one_a_day(plan: Plan, workout: Workout) -> str:
    """Why `workout` waits until tomorrow: one program workout a day at most."""
    tomorrow = plan.today + timedelta(days=1)
    done = plan.done_today
    if done is not None:
        return _(
            "One workout a day: you did workout %(done)s (%(name)s) today, so workout %(number)s opens"
            " tomorrow, %(day)s. Your back adapts between sessions, not during them."
        ) % {"done": done.number, "name": done.name, "number": workout.number, "day": long_day(tomorrow)}
    return _(
        "One workout a day: you did a workout today, so workout %(number)s opens tomorrow, %(day)s."
        " Your back adapts between sessions, not during them."
    ) % {"number": workout.number, "day": long_day(tomorrow)}


def long_day(day: date) -> str:
    """A day as sentences name it, in the active language: "Tuesday 24 November"."""
    return weekday_day_month(day)


def _numbers(workouts: Sequence[Workout]) -> str:
    nums = [w.number for w in workouts]
    if len(nums) == 1:
        return _("workout %(n)s") % {"n": nums[0]}
    if nums == list(range(nums[0], nums[-1] + 1)):
        return _("workouts %(first)s to %(last)s") % {"first": nums[0], "last": nums[-1]}
    return _("workouts %(listed)s and %(last)s") % {
        "listed": ", ".join(str(n) for n in nums[:-1]),
        "last": nums[-1],
    }


def what_opens(plan: Plan) -> list[str]:
    """Which workouts are open now and when the others open, in plain sentences (after redeeming a code, say)."""
    left = [w for w in plan.workouts if not w.attended]
    if not left:
        return [_("Every workout of this program is done.")]
    out: list[str] = []
    if plan.paused:
        out.append(_("Your program is paused: resume it to carry on."))
        return out
    now = [w for w in left if w.status in {Status.DUE, Status.LATE, Status.OPEN}]
    waiting = [w for w in left if w.status == Status.TOMORROW]
    if now:
        out.append(_("Open now: %(workouts)s.") % {"workouts": _numbers(now)})
    if waiting:
        out.append(one_a_day(plan, waiting[0]))
    locked = [w for w in left if w.status == Status.WEEK_LOCKED]
    if locked:
        first = locked[0]
        week = [w for w in locked if w.week == first.week]
        out.append(
            _(
                "Week %(week)s (%(workouts)s) opens on %(day)s; each later week opens seven days after"
                " the one before."
            )
            % {"week": first.week, "workouts": _numbers(week), "day": long_day(first.unlocks)}
        )
    paid = [w for w in left if w.status == Status.PAID]
    if paid:
        out.append(
            ngettext("%(workouts)s needs lifetime access.", "%(workouts)s need lifetime access.", len(paid))
            % {"workouts": capfirst(_numbers(paid))}
        )
    return out
