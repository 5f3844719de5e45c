"""When the next movement breaks fall: working days and hours in the person's time zone.

Pure Python (no Django), so the web reminder, the calendar feed and the tests share one rule:

- a working day has breaks every `every` minutes from the start of the working hours, the first
  one `every` minutes after the start and the last one before the end (09:00-17:00 every
  60 minutes: 10:00, 11:00 ... 16:00);
- times are wall-clock times in the person's time zone, so a break at 10:00 stays at 10:00
  across a daylight-saving change; a wall time that does not exist that day (the hour skipped
  in spring) moves forward by the gap, and an ambiguous one (autumn) takes its first occurrence;
- a snooze puts one break at the end of the snooze (when that is later than now), ahead of the
  slots; slots before the end of a snooze are passed over;
- a skipped slot is left out.

Every datetime in and out is timezone-aware; results are in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

INTERVALS: tuple[int, ...] = (30, 45, 60, 90)
WORKDAYS: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday to Friday, date.weekday() numbers
SNOOZE_MINUTES = 10
# How far ahead to look for a working day (a person working one day a week, after a long gap).
_SEARCH_DAYS = 15


def gettext_noop(message: str) -> str:
    """Marks a text for the catalogues (xgettext collects it); the pages translate it with gettext."""
    return message


@dataclass(frozen=True)
class DeskHours:
    """A person's desk mode: on which weekdays, between which hours, where, and how often to move."""

    days: frozenset[int] = frozenset(WORKDAYS)
    start: time = time(9, 0)
    end: time = time(17, 0)
    every: int = 60
    time_zone: str = "UTC"
    skipped: frozenset[datetime] = field(default_factory=frozenset)
    snoozed_until: datetime | None = None

    def __post_init__(self) -> None:
        if self.every not in INTERVALS:
            raise ValueError(
                f"every must be one of {', '.join(map(str, INTERVALS))} minutes (got {self.every})"
            )
        if not self.start < self.end:
            raise ValueError("the working hours must end after they start")
        if not self.days or not set(self.days) <= set(range(7)):
            raise ValueError("working days are weekday numbers 0 (Monday) to 6 (Sunday), at least one")
        ZoneInfo(self.time_zone)  # raises for an unknown zone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


def wall_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`at` on `day` in `zone`, as an aware UTC datetime; a skipped wall time moves past the gap."""
    local = datetime.combine(day, at, tzinfo=zone)  # fold=0: the first of an ambiguous pair
    as_utc = local.astimezone(UTC)
    if as_utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        # In the spring gap: of the two readings, the later (02:30 -> 03:30), never an hour early.
        as_utc = max(as_utc, local.replace(fold=1).astimezone(UTC))
    return as_utc


def day_slots(hours: DeskHours, day: date) -> list[datetime]:
    """Every break of `day` (in the person's zone), in UTC, whether or not `day` is a working day."""
    zone = hours.zone
    start = datetime.combine(day, hours.start)
    end = datetime.combine(day, hours.end)
    step = timedelta(minutes=hours.every)
    slots: list[datetime] = []
    at = start + step
    while at < end:
        slot = wall_time(day, at.time(), zone)
        if slot not in slots:  # a time moved out of the spring gap can meet the next one
            slots.append(slot)
        at += step
    return slots


def _slots_from(hours: DeskHours, now: datetime) -> Iterator[datetime]:
    """Scheduled breaks after `now` (strictly), in order, for the next few weeks."""
    today = now.astimezone(hours.zone).date()
    for offset in range(-1, _SEARCH_DAYS):
        day = today + timedelta(days=offset)
        if day.weekday() not in hours.days:
            continue
        for slot in day_slots(hours, day):
            if slot > now:
                yield slot


def next_breaks(hours: DeskHours, now: datetime, count: int = 1) -> list[datetime]:
    """The next `count` breaks after `now` (aware), in UTC: a snooze's end first, skipped slots left out."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    out: list[datetime] = []
    snooze = hours.snoozed_until
    after = now
    if snooze is not None and snooze > now:
        out.append(snooze.astimezone(UTC))
        after = snooze
    skipped = {s.astimezone(UTC) for s in hours.skipped}
    for slot in _slots_from(hours, after):
        if len(out) >= count:
            break
        if slot not in skipped:
            out.append(slot)
    return out[:count]


def next_break(hours: DeskHours, now: datetime) -> datetime | None:
    found = next_breaks(hours, now, 1)
    return found[0] if found else None


def current_slot(hours: DeskHours, now: datetime, within: timedelta) -> datetime | None:
    """The scheduled break that fell in the last `within` before `now` (the one being taken), if any."""
    today = now.astimezone(hours.zone).date()
    best = None
    for day in (today - timedelta(days=1), today):
        if day.weekday() not in hours.days:
            continue
        for slot in day_slots(hours, day):
            if now - within <= slot <= now:
                best = slot
    return best


def is_slot(hours: DeskHours, at: datetime) -> bool:
    """Whether `at` is one of the scheduled breaks (on a working day, at one of its times)."""
    day = at.astimezone(hours.zone).date()
    return day.weekday() in hours.days and at.astimezone(UTC) in day_slots(hours, day)


def break_seed(at: datetime) -> int:
    """The planner's seed for the break at `at`: its minute since the epoch, so every break differs."""
    return int(at.timestamp() // 60) % (2**31 - 1)


def working_day_names(days: Iterable[int]) -> list[str]:
    names = (
        gettext_noop("Monday"),
        gettext_noop("Tuesday"),
        gettext_noop("Wednesday"),
        gettext_noop("Thursday"),
        gettext_noop("Friday"),
        gettext_noop("Saturday"),
        gettext_noop("Sunday"),
    )
    return [names[d] for d in sorted(days)]
