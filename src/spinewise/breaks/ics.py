"""The desk-mode calendar feed: the working day's breaks as weekly repeating events with alarms.

A phone's own calendar subscribes to the feed's private address and rings at each break, with
no push service. Each break of the day is one event repeating weekly on the working days
(RRULE BYDAY), at its wall-clock time in the person's zone (TZID with its VTIMEZONE), so it
stays at 10:00 across a daylight-saving change. UIDs are stable, so a calendar refreshing the
feed after a change moves the events instead of doubling them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spinewise.breaks.schedule import DeskHours, day_slots

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def break_calendar(
    hours: DeskHours | None, *, minutes: int, today: date, take_url: str, owner: int, zone_name: str = "UTC"
) -> bytes:
    """The feed, its words in the active language (the view sets the owner's); with desk mode off
    (`hours` None) a calendar without events, so a subscribed phone stops ringing at its next refresh."""
    zone = hours.zone if hours is not None else ZoneInfo(zone_name)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//spinewise//desk mode//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("spinewise: movement breaks"))
    cal.add("x-wr-timezone", zone.key)
    # Refresh every few hours, so a change of hours reaches the phone the same day.
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    if hours is None:
        return bytes(cal.to_ical())
    # The first working day from today: the events start there and repeat weekly.
    first = next(
        today + timedelta(days=n) for n in range(7) if (today + timedelta(days=n)).weekday() in hours.days
    )
    days = [BYDAY[d] for d in sorted(hours.days)]
    stamp = datetime.now(zone)
    summary = _("Time to move: a short break")
    description = ngettext(
        "Stand up and move for %(minutes)s minute: a short routine on your feet or in your chair.\nOpen it: %(url)s",
        "Stand up and move for %(minutes)s minutes: a short routine on your feet or in your chair.\nOpen it: %(url)s",
        minutes,
    ) % {"minutes": minutes, "url": take_url}
    for slot in day_slots(hours, first):
        local = slot.astimezone(zone)
        event = icalendar.Event()
        event.add("uid", f"desk-{owner}-{local:%H%M}@spinewise")
        event.add("dtstamp", stamp)
        event.add("dtstart", local.replace(tzinfo=None), parameters={"TZID": zone.key})
        event.add("duration", timedelta(minutes=minutes))
        event.add("rrule", {"freq": "weekly", "byday": days})
        event.add("summary", summary)
        event.add("description", description)
        event.add("url", take_url)
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not make you busy
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
