"""Desk mode as the pages, the calendar feed and the command line use it: settings, the next
break, snooze and skip, the break routine (planned for standing or a chair within the person's
limits), and the record of breaks taken."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_noop

from spinewise.accounts.models import Profile as AccountProfile
from spinewise.accounts.stamps import touch
from spinewise.breaks.models import BreakTaken, DeskMode, new_feed_token
from spinewise.breaks.schedule import (
    SNOOZE_MINUTES,
    WORKDAYS,
    break_seed,
    current_slot,
    is_slot,
    next_break,
)
from spinewise.library import cache as content_cache
from spinewise.planning.planner import Unplannable, plan_break
from spinewise.planning.request import PlanningRequest, RequestRefused
from spinewise.planning.vocabulary import Equipment, Focus, Position, State
from spinewise.training.schema import RoutineJSON
from spinewise.training.services import library_specs, routine_json

# A desk break stays off the floor: on your feet, or in the chair you sit on.
BREAK_POSITIONS: tuple[Position, ...] = (Position.STANDING, Position.SEATED_CHAIR)
# Marked here, shown through gettext by the pages (the command line keeps the English).
BREAK_NAME = gettext_noop("Movement break")


# ---------------------------------------------------------------- settings


def desk_mode_of(user: User) -> DeskMode | None:
    return DeskMode.objects.filter(user=user).first()


def default_time_zone(user: User) -> str:
    """The profile's time zone when there is a profile, else the site's."""
    stored = AccountProfile.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return stored or settings.TIME_ZONE


def unsaved_desk_mode(user: User) -> DeskMode:
    """Desk mode as the settings page first offers it: weekdays 9 to 5, every hour, on."""
    return DeskMode(user=user, days=list(WORKDAYS), time_zone=default_time_zone(user))


# Whether desk mode is on, kept in the browser's session with when it was read: every page a
# signed-in person opens asks (for the reminder), and the session is loaded anyway. Read again at
# log-in, when desk mode is saved in this browser, and at most every RECHECK_SECONDS otherwise
# (so turning it on from another device reaches this one within that time).
DESK_ON_KEY = "breaks_desk_on"
RECHECK_SECONDS = 15 * 60


def remember_desk_on(request: HttpRequest, on: bool | None = None, user: object = None) -> bool:
    """Read desk mode's on/off for the signed-in person (or take `on`) into the session."""
    user = user if user is not None else request.user
    if on is None:
        on = isinstance(user, User) and DeskMode.objects.filter(user=user, enabled=True).exists()
    request.session[DESK_ON_KEY] = [on, int(time.time())]
    return on


def desk_on(request: HttpRequest) -> bool:
    """Whether the reminder belongs on this person's pages: from the session, read again when stale."""
    if not request.user.is_authenticated:
        return False
    stored = request.session.get(DESK_ON_KEY)
    if (
        isinstance(stored, list)
        and len(stored) == 2
        and isinstance(stored[1], int)
        and 0 <= time.time() - stored[1] < RECHECK_SECONDS
    ):
        return bool(stored[0])
    return remember_desk_on(request)


def regenerate_feed(desk: DeskMode) -> str:
    """A new secret calendar address; the old one stops working at once."""
    desk.feed_token = new_feed_token()
    desk.save(update_fields=["feed_token", "updated_at"])
    return desk.feed_token


# ---------------------------------------------------------------- the next break, snooze, skip


def reminder_state(desk: DeskMode | None, now: datetime) -> dict[str, Any]:
    """What the in-page reminder needs: whether desk mode is on, the next break, the server's now."""
    upcoming = desk.next_break(now) if desk is not None else None
    return {
        "enabled": bool(desk is not None and desk.enabled),
        "now": now.isoformat(),
        "next": upcoming.isoformat() if upcoming else None,
        "every": desk.every if desk is not None else None,
        "snooze_minutes": SNOOZE_MINUTES,
    }


def snooze(desk: DeskMode, now: datetime, minutes: int = SNOOZE_MINUTES) -> datetime | None:
    """Put the break off for `minutes` from now; returns the next break."""
    desk.snoozed_until = now + timedelta(minutes=minutes)
    desk.save(update_fields=["snoozed_until", "updated_at"])
    return desk.next_break(now)


def skip(desk: DeskMode, now: datetime, due: datetime | None = None) -> datetime | None:
    """Skip one break: `due` (the break the reminder rang for) when given, else the one due now or
    next. Skipping a snoozed break ends the snooze; skipping a scheduled one leaves its slot out.
    Returns the break after it."""
    hours = dataclasses.replace(desk.hours(), snoozed_until=None, skipped=frozenset())
    every = timedelta(minutes=desk.every)
    snoozed = desk.snoozed_until
    desk.snoozed_until = None
    if due is not None and snoozed is not None and abs(due - snoozed) < timedelta(seconds=1):
        pass  # the snoozed break: ending the snooze is the skip
    elif due is not None and is_slot(hours, due) and now - every <= due <= now + timedelta(days=1):
        desk.skipped_slot = due
    elif snoozed is None or snoozed <= now - every:
        target = current_slot(hours, now, every) or next_break(hours, now)
        if target is not None:
            desk.skipped_slot = target
    desk.save(update_fields=["snoozed_until", "skipped_slot", "updated_at"])
    return desk.next_break(now)


# ---------------------------------------------------------------- the break routine


@dataclass(frozen=True)
class BreakPlan:
    """A break's routine, or why there is none."""

    prescription: RoutineJSON | None
    request: PlanningRequest | None
    slot: datetime | None
    seed: int
    notes: tuple[str, ...] = ()
    refusal: str = ""


def break_request(usual: PlanningRequest | None, state: State) -> PlanningRequest:
    """The person's limits for a desk break: their level, equipment (and the chair they sit on),
    avoided positions and today's state, for moving rather than training, standing or seated only.
    Raises RequestRefused when they avoid both standing and sitting on a chair."""
    base = usual or PlanningRequest()
    equipment = tuple(sorted({*base.equipment, Equipment.CHAIR}, key=lambda e: e.value))
    return dataclasses.replace(
        base,
        equipment=equipment,
        state=state,
        focus=Focus.MOBILITY,
        prefer=base.prefer,
        positions=BREAK_POSITIONS,
    )


def _notes(request: PlanningRequest) -> list[str]:
    """The break's notes, in English and marked: the pages show them through gettext."""
    notes = [gettext_noop("A desk break stays off the floor: only moves done standing or on a chair.")]
    avoided = request.avoided()
    if Position.STANDING in avoided and Position.SEATED_CHAIR not in avoided:
        notes.append(gettext_noop("You avoid standing, so this break stays in your chair."))
    elif Position.SEATED_CHAIR in avoided and Position.STANDING not in avoided:
        notes.append(
            gettext_noop("You avoid sitting on a chair for exercises, so this break is done standing.")
        )
    if request.state == State.FLARE_UP:
        notes.append(gettext_noop("Today is a flare-up day: only gentle moves, at their lowest doses."))
    return notes


def plan_for(
    usual: PlanningRequest | None,
    *,
    state: State,
    minutes: int,
    at: datetime,
    slot: datetime | None,
    recent: frozenset[str] = frozenset(),
) -> BreakPlan:
    """The routine for the break at `slot` (or, off schedule, at `at`), unlike the last one (`recent`)."""
    seed = break_seed(slot or at)
    try:
        request = break_request(usual, state)
    except RequestRefused:
        return BreakPlan(
            None,
            None,
            slot,
            seed,
            refusal=gettext_noop(
                "You avoid both standing and sitting on a chair, so no desk break fits: walk about"
                " for a minute instead, or change the positions you avoid in your profile."
            ),
        )
    version = content_cache.content_version()
    try:
        planned = plan_break(
            list(library_specs(version=version).values()), request.profile(), minutes, seed, recent
        )
    except Unplannable as exc:
        return BreakPlan(None, request, slot, seed, refusal=str(exc))
    notes = _notes(request)
    prescription = routine_json(planned)
    return BreakPlan(prescription, request, slot, seed, tuple(notes))


def recent_moves(user: User | None, slot: datetime | None) -> frozenset[str]:
    """The moves of the person's last break (not this slot's own, when it was opened before)."""
    rows = BreakTaken.objects.filter(user=user)
    if slot is not None:
        rows = rows.exclude(slot=slot)
    last = rows.order_by("-started_at", "-id").only("prescription").first()
    return last.slugs() if last is not None else frozenset()


# ---------------------------------------------------------------- breaks taken


def record_break(
    *,
    user: User | None,
    source: str,
    prescription: RoutineJSON,
    started_at: datetime,
    finished_at: datetime | None,
    slot: datetime | None = None,
    client_id: Any = None,
    name: str = BREAK_NAME,
) -> BreakTaken:
    with transaction.atomic():
        return BreakTaken.objects.create(
            user=user,
            source=source,
            routine_name=name,
            prescription=prescription.model_dump(mode="json"),
            slot=slot,
            started_at=started_at,
            finished_at=finished_at,
            client_id=client_id,
        )


def finish_break(row: BreakTaken, finished_at: datetime | None) -> BreakTaken:
    """Mark a break finished (a report without a finish changes nothing; a finish is kept)."""
    if finished_at is not None and row.finished_at is None:
        BreakTaken.objects.filter(pk=row.pk, finished_at__isnull=True).update(finished_at=finished_at)
        touch([row.user_id], progress=False)  # the update sends no signal (accounts.stamps)
        row.refresh_from_db(fields=["finished_at"])
    return row


@dataclass(frozen=True)
class Week:
    start: datetime
    count: int


def weekly_counts(
    user: User, weeks: int = 8, now: datetime | None = None, time_zone: str | None = None
) -> list[Week]:
    """Finished breaks per week (Monday to Sunday, in `time_zone`, else desk mode's, else the
    profile's), the latest `weeks`, oldest first."""
    now = now or timezone.now()
    if time_zone is None:
        desk = desk_mode_of(user)
        time_zone = desk.time_zone if desk is not None else default_time_zone(user)
    tz = ZoneInfo(time_zone)
    today = timezone.localdate(now, tz)
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    days = [
        timezone.localdate(at, tz)
        for at in BreakTaken.objects.filter(
            user=user, finished_at__isnull=False, started_at__gte=since
        ).values_list("started_at", flat=True)
    ]
    out = []
    for n in range(weeks):
        start = first + timedelta(weeks=n)
        count = sum(1 for d in days if start <= d < start + timedelta(days=7))
        out.append(Week(datetime.combine(start, datetime.min.time(), tzinfo=tz), count))
    return out


def export_breaks(user: User) -> dict[str, Any]:
    """Desk mode (without its calendar secret) and every break taken, oldest first."""
    desk = desk_mode_of(user)
    return {
        "desk_mode": None
        if desk is None
        else {
            "enabled": desk.enabled,
            "days": list(desk.days),
            "start": desk.start.isoformat(),
            "end": desk.end.isoformat(),
            "time_zone": desk.time_zone,
            "every_minutes": desk.every,
            "break_minutes": desk.minutes,
            "snoozed_until": desk.snoozed_until.isoformat() if desk.snoozed_until else None,
            "skipped_slot": desk.skipped_slot.isoformat() if desk.skipped_slot else None,
        },
        "taken": [b.as_dict() for b in BreakTaken.objects.filter(user=user).order_by("started_at", "id")],
    }
