"""The program's calendar file: each workout at the person's reminder time, in their zone, with an alarm."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

import icalendar
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spinewise.programs.services import Plan, Status

DEFAULT_REMINDER = time(8, 0)


def calendar(plan: Plan, *, time_zone: str, reminder: time | None, base_url: str) -> bytes:
    """Every workout still to do (and those done, for the record), as events with a display alarm.

    UIDs are stable per enrolment and workout, so importing the file again after a pause moves
    the events instead of doubling them. The titles and descriptions are in the active language
    (the request's), as is the plan's program.
    """
    zone = zoneinfo.ZoneInfo(time_zone or "UTC")
    at = reminder or DEFAULT_REMINDER
    cal = icalendar.Calendar()
    cal.add("prodid", "-//spinewise//programs//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"spinewise: {plan.program.name}")
    cal.add("x-wr-timezone", zone.key)
    stamp = timezone.now()
    site = base_url.rstrip("/")
    for workout in plan.workouts:
        event = icalendar.Event()
        event.add("uid", f"enrolment-{plan.enrolment.pk}-workout-{workout.number}@spinewise")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.combine(workout.day, at, tzinfo=zone))
        event.add("duration", timedelta(minutes=plan.program.minutes))
        words = {"program": plan.program.name, "number": workout.number, "total": len(plan.workouts)}
        if workout.is_test:
            title = _("%(program)s: workout %(number)s of %(total)s (test day)") % words
        else:
            title = _("%(program)s: workout %(number)s of %(total)s") % words
        event.add("summary", title)
        lines = [workout.name, workout.summary]
        if workout.is_test:
            lines.append(_("This workout starts with the home tests."))
        url = site + reverse("programs:workout", args=[workout.number])
        lines.append(_("Open it: %(url)s") % {"url": url})
        event.add("description", "\n".join(lines))
        event.add("url", url)
        if workout.status in (Status.DONE, Status.PARTIAL):
            event.add("status", "CONFIRMED")
        else:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add(
                "description",
                _("Time for %(name)s (%(program)s)") % {"name": workout.name, "program": plan.program.name},
            )
            alarm.add("trigger", timedelta(0))
            event.add_component(alarm)
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def calendar_download(request: HttpRequest, plan: Plan, user: User) -> HttpResponse:
    """The calendar file as a download, at the person's reminder time in their zone (web and API)."""
    from spinewise.accounts.services import profile_for

    profile = profile_for(user)
    body = calendar(
        plan,
        time_zone=profile.time_zone,
        reminder=profile.reminder_time,
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.program.slug}.ics"'
    return response
