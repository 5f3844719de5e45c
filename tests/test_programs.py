"""Programs as a person follows them: enrolment, schedule, pauses, today's workout, the player and saving."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from typing import Any

import icalendar
import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spinewise.accounts.services import profile_for
from spinewise.programs.models import Enrolment, ProgramSession
from spinewise.programs.services import SwitchNeeded, current_enrolment, enrol, pause, plan_for, resume
from spinewise.training.models import Session
from spinewise.web import pagecache
from tests.programs_helpers import (
    MON_WED_FRI,
    NOW,
    SIX_WEEK,
    TODAY,
    done_session,
    enrolled,
    give_pain,
    payload_of,
    program,
    start_report,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


# ---------------------------------------------------------------- catalogue and enrolment


def test_it_lists_the_built_in_programs_with_their_access(client_of: Client) -> None:
    page = client_of.get(reverse("programs:list")).content.decode()
    for slug in (
        SIX_WEEK,
        "morning-release-four-weeks",
        "seven-back-stretches-week",
        "stiff-and-sore-basics-week",
    ):
        assert f'data-testid="program-{slug}"' in page
    assert "first 3 free, then lifetime access" in page


def test_the_built_in_programs_have_the_seed_structure() -> None:
    six = program()
    assert (six.weeks, six.workouts_per_week, six.total_workouts, six.minutes) == (6, 3, 18, 30)
    assert (six.access, six.free_workouts) == ("paid", 3)
    assert six.file.test_workouts == [1, 10, 18]
    morning = program("morning-release-four-weeks")
    assert (morning.weeks, morning.workouts_per_week, morning.access) == (4, 7, "free")
    for slug in (
        "seven-back-stretches-week",
        "thirteen-stretches-week",
        "roll-and-strengthen-week",
        "stiff-and-sore-basics-week",
    ):
        assert (program(slug).weeks, program(slug).access) == (1, "free")


def test_enrolling_shows_the_schedule_with_each_workouts_date(client_of: Client, trainee: User) -> None:
    response = client_of.post(
        reverse("programs:program", args=[SIX_WEEK]), {"start": "2026-11-25", "weekdays": ["0", "2", "4"]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:current")
    page = client_of.get(reverse("programs:current")).content.decode()
    assert "Wed 25 Nov" in page and "Fri 27 Nov" in page and "Mon 30 Nov" in page
    assert 'data-testid="workout-1" data-status="due"' in page
    assert 'data-testid="workout-4" data-status="paid"' in page
    enrolment = current_enrolment(trainee)
    assert enrolment is not None and enrolment.weekdays == MON_WED_FRI


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2026-11-25", "weekdays": ["0", "2"]}, "choose 3 days (you chose 2)"),
        ({"start": "2026-11-24", "weekdays": ["0", "2", "4"]}, "The start date is in the past"),
        ({"start": "not a date", "weekdays": ["0", "2", "4"]}, "Enter the start date as YYYY-MM-DD."),
        ({"start": "2026-11-25", "weekdays": ["0", "2", "9"]}, "Select a valid choice"),
    ],
)
def test_bad_enrolment_says_why_and_saves_nothing(
    client_of: Client, data: dict[str, Any], message: str
) -> None:
    response = client_of.post(reverse("programs:program", args=[SIX_WEEK]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Enrolment.objects.exists()


def test_switching_programs_asks_first_then_ends_the_old_one(client_of: Client, trainee: User) -> None:
    first = enrolled(trainee, "seven-back-stretches-week")
    url = reverse("programs:program", args=[SIX_WEEK])
    asked = client_of.post(url, {"start": "2026-11-25", "weekdays": ["0", "2", "4"]})
    assert asked.status_code == 400
    assert "Switching ends it" in asked.content.decode()
    assert current_enrolment(trainee) == first
    switched = client_of.post(url, {"start": "2026-11-25", "weekdays": ["0", "2", "4"], "switch": "on"})
    assert switched.status_code == 302
    first.refresh_from_db()
    assert first.status == Enrolment.Status.ENDED
    current = current_enrolment(trainee)
    assert current is not None and current.program.slug == SIX_WEEK


def test_one_current_program_is_enforced_by_the_service_too(trainee: User) -> None:
    enrolled(trainee, "seven-back-stretches-week")
    with pytest.raises(SwitchNeeded):
        enrol(trainee, program(), TODAY, MON_WED_FRI, today=TODAY)
    assert Enrolment.objects.current().filter(user=trainee).count() == 1


def test_anonymous_people_see_programs_but_must_sign_in_to_enrol(client: Client) -> None:
    page = client.get(reverse("programs:program", args=[SIX_WEEK]))
    assert page.status_code == 200
    assert "create a free account" in page.content.decode()
    assert client.post(reverse("programs:program", args=[SIX_WEEK]), {}).status_code == 302
    assert client.get(reverse("programs:current")).status_code == 302


# ---------------------------------------------------------------- unlocking across dates and pauses


def test_weeks_unlock_on_their_dates(trainee: User, frozen: time_machine.Traveller) -> None:
    enrolment = enrolled(trainee, "morning-release-four-weeks")
    plan = plan_for(enrolment, TODAY)
    assert [w.status for w in plan.workouts[:2]] == ["due", "open"]
    assert plan.workout(8).status == "week-locked"
    later = plan_for(enrolment, TODAY + timedelta(days=7))
    assert later.workout(8).status == "due"
    assert later.workout(15).status == "week-locked"
    assert later.workout(1).status == "late"


def test_pausing_moves_later_dates_and_unlocks(trainee: User, frozen: time_machine.Traveller) -> None:
    enrolment = enrolled(trainee, "morning-release-four-weeks")
    frozen.move_to(NOW + timedelta(days=2))
    pause(enrolment, TODAY + timedelta(days=2))
    frozen.move_to(NOW + timedelta(days=6))
    resume(enrolment, TODAY + timedelta(days=6))
    plan = plan_for(enrolment, TODAY + timedelta(days=6))
    # Workouts 1-2 fell before the pause; workout 3 (27 Nov) moves 4 days, to 1 Dec.
    assert plan.workout(2).day == TODAY + timedelta(days=1)
    assert plan.workout(3).day == TODAY + timedelta(days=6)
    assert plan.workout(8).unlocks == TODAY + timedelta(days=11)
    assert [p.end for p in enrolment.pauses.all()] == [TODAY + timedelta(days=6)]


def test_a_paused_program_refuses_its_workouts_and_the_page_says_so(client_of: Client, trainee: User) -> None:
    enrolment = enrolled(trainee)
    client_of.post(reverse("programs:pause"))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PAUSED
    page = client_of.get(reverse("programs:workout", args=[1]))
    assert page.status_code == 403
    assert "Your program is paused" in page.content.decode()
    assert client_of.get(reverse("programs:play", args=[1])).status_code == 302
    client_of.post(reverse("programs:resume"))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_stopping_needs_a_tick_and_keeps_the_history(client_of: Client, trainee: User) -> None:
    enrolment = enrolled(trainee)
    done_session(trainee, enrolment, 1)
    client_of.post(reverse("programs:stop"))
    assert current_enrolment(trainee) is not None
    client_of.post(reverse("programs:stop"), {"confirm": "yes"})
    assert current_enrolment(trainee) is None
    assert Session.objects.filter(user=trainee).count() == 1


# ---------------------------------------------------------------- today, late workouts and streaks


def test_today_shows_the_workout_due_and_the_streak(client_of: Client, trainee: User) -> None:
    enrolled(trainee)
    page = client_of.get(reverse("home")).content.decode()
    assert 'data-testid="today-workout"' in page
    assert "Today&#x27;s workout" in page or "Today's workout" in page
    assert "Streak: 0 in a row" in page


def test_a_missed_workout_can_be_done_late_and_then_counts(trainee: User) -> None:
    enrolment = enrolled(trainee)
    friday_after = TODAY + timedelta(days=3)  # Sat 28 Nov: workout 2 (Fri) was missed
    done_session(trainee, enrolment, 1)
    plan = plan_for(enrolment, friday_after)
    assert plan.workout(2).status == "late"
    assert plan.next_workout is not None and plan.next_workout.number == 2
    assert plan.streak.current == 0 and plan.streak.best == 1
    done_session(trainee, enrolment, 2, at=NOW + timedelta(days=3))
    plan = plan_for(enrolment, friday_after)
    assert plan.workout(2).status == "done"
    assert plan.streak.current == 2


def test_a_partial_session_with_work_done_counts_and_an_empty_start_does_not(trainee: User) -> None:
    enrolment = enrolled(trainee)
    done_session(trainee, enrolment, 1, status=Session.Status.PARTIAL)
    done_session(trainee, enrolment, 2, status=Session.Status.PARTIAL, marks={})
    plan = plan_for(enrolment, TODAY + timedelta(days=3))
    assert plan.workout(1).status == "partial"
    assert plan.workout(2).status == "late"


def test_the_schedule_takes_a_fixed_number_of_queries(trainee: User) -> None:
    enrolment = enrolled(trainee)
    with CaptureQueriesContext(connection) as few:
        plan_for(enrolment, TODAY)
    for n in range(1, 4):
        done_session(trainee, enrolment, n, at=NOW + timedelta(days=n))
    pause(enrolment, TODAY + timedelta(days=5))
    with CaptureQueriesContext(connection) as many:
        plan_for(enrolment, TODAY + timedelta(days=9))
    assert len(few) == len(many) == 3


def test_the_schedule_page_takes_a_fixed_number_of_queries(client_of: Client, trainee: User) -> None:
    enrolment = enrolled(trainee)
    client_of.get(reverse("programs:current"))
    with CaptureQueriesContext(connection) as few:
        client_of.get(reverse("programs:current"))
    for n in range(1, 4):
        done_session(trainee, enrolment, n, at=NOW + timedelta(hours=n))
    with CaptureQueriesContext(connection) as many:
        assert client_of.get(reverse("programs:current")).status_code == 200
    assert len(few) == len(many)


# ---------------------------------------------------------------- the calendar file


def test_the_calendar_file_has_every_workout_at_the_reminder_time_in_the_persons_zone(
    client_of: Client, trainee: User
) -> None:
    profile = profile_for(trainee)
    profile.time_zone = "America/New_York"
    profile.reminder_time = time(7, 30)
    profile.save()
    enrolment = enrolled(trainee)
    done_session(trainee, enrolment, 1)
    response = client_of.get(reverse("programs:calendar"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 18
    starts = [e.decoded("dtstart") for e in events]
    assert starts[0].date() == date(2026, 11, 25) and starts[2].date() == date(2026, 11, 30)
    assert starts[-1].date() == date(2027, 1, 4)  # week 6 opens Wed 30 Dec: Wed, Fri, then Mon 4 Jan
    for start in starts:
        assert (start.hour, start.minute) == (7, 30)
        assert str(start.tzinfo) == "America/New_York"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert events[0].decoded("duration") == timedelta(minutes=30)
    assert "test day" in str(events[0]["SUMMARY"])
    # Done workouts need no alarm; every other one has a display alarm at its time.
    assert events[0].walk("VALARM") == []
    for event in events[1:]:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("trigger") == timedelta(0)
    assert len({str(e["UID"]) for e in events}) == 18
    assert str(events[1]["URL"]) == "http://testserver/programs/current/workouts/2/"


def test_the_calendar_follows_pauses(
    client_of: Client, trainee: User, frozen: time_machine.Traveller
) -> None:
    enrolment = enrolled(trainee)
    pause(enrolment, TODAY)
    frozen.move_to(NOW + timedelta(days=3))
    resume(enrolment, TODAY + timedelta(days=3))
    cal = icalendar.Calendar.from_ical(client_of.get(reverse("programs:calendar")).content)
    first = next(iter(cal.walk("VEVENT")))
    assert first.decoded("dtstart").date() == TODAY + timedelta(days=3)
    assert (first.decoded("dtstart").hour, first.decoded("dtstart").minute) == (8, 0)


# ---------------------------------------------------------------- a workout: pain now, then play, then save


def test_a_workout_asks_pain_now_first(client_of: Client, trainee: User) -> None:
    enrolled(trainee)
    page = client_of.get(reverse("programs:workout", args=[1])).content.decode()
    assert 'data-testid="pain-now-form"' in page
    assert "Test day" in page
    # The player is not reachable before the pain question.
    assert client_of.get(reverse("programs:play", args=[1])).status_code == 302


def test_a_bad_pain_answer_is_refused_with_a_message(client_of: Client, trainee: User) -> None:
    enrolled(trainee)
    response = client_of.post(reverse("programs:pain", args=[1]), {"pain": "11"})
    assert response.status_code == 400
    assert "Pain is a whole number from 0 to 10." in response.content.decode()


def test_after_pain_now_the_workout_and_its_reasons_show(client_of: Client, trainee: User) -> None:
    enrolled(trainee)
    assert give_pain(client_of, 1, 3).status_code == 302
    page = client_of.get(reverse("programs:workout", args=[1])).content.decode()
    assert 'data-testid="why"' in page
    assert "Your first workout" in page
    assert 'data-testid="start-workout"' in page


def test_play_then_start_then_finish_saves_a_linked_session(client_of: Client, trainee: User) -> None:
    enrolment = enrolled(trainee)
    give_pain(client_of, 1, 3)
    payload = payload_of(client_of.get(reverse("programs:play", args=[1])))
    assert payload["pain_before"] == 3
    assert payload["ask_pain_before"] is False
    assert payload["save_url"] == reverse("programs:start", args=[1])
    started = client_of.post(
        payload["save_url"], json.dumps(start_report(payload)), content_type="application/json"
    )
    assert started.status_code == 201, started.content
    session = Session.objects.get(pk=started.json()["id"])
    link = ProgramSession.objects.get(session=session)
    assert (link.enrolment, link.number, link.dose_week) == (enrolment, 1, 1)
    assert session.pain_before == 3
    items = [
        {"index": i, "outcome": "done", "seconds": 30} for i in range(len(payload["prescription"]["items"]))
    ]
    finished = client_of.post(
        started.json()["url"],
        json.dumps(
            start_report(
                payload,
                items=items,
                finished_at=(NOW + timedelta(minutes=25)).isoformat(),
                worst_pain_during=3,
                pain_after=2,
            )
        ),
        content_type="application/json",
    )
    assert finished.status_code == 200, finished.content
    plan = plan_for(enrolment, TODAY)
    assert plan.workout(1).status == "done"
    assert plan.streak.current == 1


def test_starting_needs_the_prescription_the_server_prepared(client_of: Client, trainee: User) -> None:
    enrolled(trainee)
    give_pain(client_of, 1)
    payload = payload_of(client_of.get(reverse("programs:play", args=[1])))
    tampered = start_report(payload, token=payload["token"][:-4] + "AAAA")
    response = client_of.post(payload["save_url"], json.dumps(tampered), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("token: not a routine this site prepared")
    # A copy of the routine in the body is refused: only the token says what was prescribed.
    copied = start_report(payload, prescription=payload["prescription"])
    response = client_of.post(payload["save_url"], json.dumps(copied), content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0].startswith("prescription:")
    other = client_of.post(
        reverse("programs:start", args=[2]),
        json.dumps(start_report(payload)),
        content_type="application/json",
    )
    assert other.status_code == 409
    assert not Session.objects.exists()


def test_another_persons_program_is_not_reachable(client_of: Client, trainee: User, stranger: User) -> None:
    enrolled(stranger)
    assert client_of.get(reverse("programs:workout", args=[1])).status_code == 302  # to the catalogue
    assert client_of.get(reverse("programs:calendar")).status_code == 302


def test_the_workout_and_player_pages_take_a_fixed_number_of_queries(
    client_of: Client, trainee: User
) -> None:
    enrolment = enrolled(trainee, "morning-release-four-weeks", start=TODAY - timedelta(days=7))
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=1))
    give_pain(client_of, 8)
    urls = [reverse("programs:workout", args=[8]), reverse("programs:play", args=[8])]
    for url in urls:  # content-derived values are built on a first request, whichever test runs first
        client_of.get(url)
    counts = []
    for _ in range(2):
        pagecache.pages.clear()  # each page made afresh, not answered from a kept one
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                assert client_of.get(url).status_code == 200
        counts.append(len(queries))
        for n in range(1, 7):
            done_session(
                trainee,
                enrolment,
                n,
                at=NOW - timedelta(days=8 - n),
                marks={"cat-cow": "helps", "sphinx": ""},
            )
        give_pain(client_of, 8)
    assert counts[0] == counts[1]


def test_test_days_send_the_person_to_the_right_sitting_and_back(client_of: Client, trainee: User) -> None:
    from spinewise.assessments.models import Assessment

    enrolled(trainee)
    give_pain(client_of, 1)
    page = client_of.get(reverse("programs:workout", args=[1])).content.decode()
    assert 'data-testid="take-tests"' in page
    assert "/tests/?kind=baseline&amp;next=%2Fprograms%2Fcurrent%2Fworkouts%2F1%2F" in page
    battery = client_of.get("/tests/?kind=baseline&next=/programs/current/workouts/1/").content.decode()
    assert 'name="next" value="/programs/current/workouts/1/"' in battery
    Assessment.objects.create(user=trainee, taken_at=NOW, kind="baseline", pain_now=2)
    page = client_of.get(reverse("programs:workout", args=[1])).content.decode()
    assert 'data-testid="tests-done"' in page
    # Workout 2 is not a test day; 10 is the middle and 18 the end.
    assert (
        'data-testid="test-day"' not in client_of.get(reverse("programs:workout", args=[2])).content.decode()
    )
    from spinewise.programs.services import test_kind

    plan = plan_for(current_enrolment(trainee), TODAY)  # type: ignore[arg-type]
    assert [test_kind(plan, n) for n in (1, 2, 10, 18)] == ["baseline", None, "middle", "end"]


def test_an_off_site_next_after_the_tests_is_ignored(client_of: Client) -> None:
    battery = client_of.get("/tests/?next=https://evil.example/").content.decode()
    assert 'name="next"' not in battery
