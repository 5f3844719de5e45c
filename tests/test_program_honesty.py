"""Honest program states: the paywall's offer, what redeeming opens, one workout a day, and reasons
that name the session they compare with (issue 17)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from spinewise.accounts.services import profile_for
from spinewise.planning.progression import Decision
from spinewise.programs.access import make_batch
from spinewise.programs.services import Status, plan_for, refusal, what_opens
from spinewise.programs.workouts import prepare, readings, record_pain_now
from spinewise.training.models import Session
from tests.programs_helpers import (
    NOW,
    TODAY,
    done_session,
    enrolled,
    give_pain,
    payload_of,
    program,
    start_report,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
MORNING = "morning-release-four-weeks"


# ---------------------------------------------------------------- the paywall


def test_a_locked_workout_shows_the_price_the_buy_link_and_the_code_form(
    client_of: Client, trainee: User, settings: object
) -> None:
    settings.PRICE = "€29"  # type: ignore[attr-defined]
    settings.BUY_URL = "https://shop.example/buy?item={program}"  # type: ignore[attr-defined]
    enrolled(trainee, start=TODAY - timedelta(days=7))
    page = client_of.get(reverse("programs:workout", args=[4]))
    assert page.status_code == 403
    text = page.content.decode()
    assert "Price: <strong>€29</strong>, paid once." in text
    assert 'href="https://shop.example/buy?item=six-week-lower-back"' in text
    assert 'data-testid="redeem-form"' in text
    assert f'name="next" value="{reverse("programs:workout", args=[4])}"' in text


def test_without_a_shop_the_locked_workout_says_so_and_never_links_a_script(
    client_of: Client, trainee: User, settings: object
) -> None:
    settings.PRICE = ""  # type: ignore[attr-defined]
    settings.BUY_URL = "javascript:alert(1)"  # type: ignore[attr-defined]
    enrolled(trainee, start=TODAY - timedelta(days=7))
    text = client_of.get(reverse("programs:workout", args=[4])).content.decode()
    assert "javascript:" not in text
    assert 'data-testid="no-shop"' in text and 'data-testid="buy"' not in text
    assert "The price is on the seller's page." in text


def test_redeeming_says_which_workouts_are_open_and_when_the_next_week_opens(
    client_of: Client, trainee: User
) -> None:
    # Started Monday: workouts 1 and 2 are behind (Mon, Wed), week 2 opens next Monday.
    enrolled(trainee, start=TODAY - timedelta(days=2))
    _, (code,) = make_batch(program(), 1, "shop")
    back = reverse("programs:workout", args=[4])
    response = client_of.post(reverse("programs:redeem"), {"code": code, "next": back}, follow=True)
    text = response.content.decode()
    assert response.redirect_chain[-1][0] == back
    assert "every workout is unlocked" not in text
    assert "Open now: workouts 1 to 3." in text
    assert "Week 2 (workouts 4 to 6) opens on Monday 30 November" in text
    # The workout page itself agrees: week 2 is not open yet.
    assert "Week 2 opens on Monday 30 November." in text


def test_what_opens_names_waiting_and_paid_workouts(trainee: User) -> None:
    enrolment = enrolled(trainee, start=TODAY - timedelta(days=14))
    lines = what_opens(plan_for(enrolment, TODAY))
    assert lines[0] == "Open now: workouts 1 to 3."
    assert lines[-1] == "Workouts 4 to 18 need lifetime access."


# ---------------------------------------------------------------- one workout a day


def test_after_a_workout_today_the_next_opens_tomorrow(trainee: User, frozen: time_machine.Traveller) -> None:
    enrolment = enrolled(trainee, MORNING, start=TODAY - timedelta(days=3))
    done_session(trainee, enrolment, 1, at=NOW - timedelta(hours=1))
    plan = plan_for(enrolment, TODAY)
    assert plan.workout(1).status == Status.DONE
    assert {plan.workout(n).status for n in (2, 3, 4)} == {Status.TOMORROW}
    assert plan.next_workout is not None and plan.next_workout.number == 2
    said = refusal(plan, 2)
    assert said is not None
    assert "One workout a day: you did workout 1 (" in said
    assert "workout 2 opens tomorrow, Thursday 26 November" in said
    # Tomorrow it opens (late), and the day after the one done today counts as any other.
    frozen.move_to(NOW + timedelta(days=1))
    tomorrow = plan_for(enrolment, TODAY + timedelta(days=1))
    assert tomorrow.workout(2).status == Status.LATE
    assert refusal(tomorrow, 2) is None


def test_a_workout_opened_and_left_without_exercise_does_not_use_up_the_day(trainee: User) -> None:
    enrolment = enrolled(trainee, MORNING, start=TODAY - timedelta(days=3))
    session = done_session(trainee, enrolment, 1, at=NOW - timedelta(hours=1), status=Session.Status.PARTIAL)
    session.items.update(outcome="skipped", seconds=0)
    plan = plan_for(enrolment, TODAY)
    assert plan.workout(2).status == Status.LATE


def test_the_day_turns_at_the_persons_midnight(trainee: User, frozen: time_machine.Traveller) -> None:
    profile = profile_for(trainee)
    profile.time_zone = "America/New_York"
    profile.save()
    enrolment = enrolled(trainee, MORNING, start=TODAY - timedelta(days=3))
    # 03:00 UTC on the 25th is 22:00 on the 24th in New York: yesterday there.
    done_session(trainee, enrolment, 1, at=NOW.replace(hour=3))
    frozen.move_to(NOW.replace(hour=15))  # 10:00 in New York on the 25th
    plan = plan_for(enrolment, TODAY)
    assert plan.workout(2).status != Status.TOMORROW


def test_the_server_refuses_a_second_workout_the_same_day(client_of: Client, trainee: User) -> None:
    enrolment = enrolled(trainee, MORNING, start=TODAY - timedelta(days=3))
    give_pain(client_of, 1)
    payload = payload_of(client_of.get(reverse("programs:play", args=[1])))
    started = client_of.post(
        payload["save_url"], json.dumps(start_report(payload)), content_type="application/json"
    )
    assert started.status_code == 201
    Session.objects.update(status=Session.Status.COMPLETE)
    assert plan_for(enrolment, TODAY).workout(2).status == Status.TOMORROW
    page = client_of.get(reverse("programs:workout", args=[2]))
    assert page.status_code == 403
    assert "opens tomorrow, Thursday 26 November" in page.content.decode()
    # The player page and a save are refused by the same rule.
    assert client_of.get(reverse("programs:play", args=[2])).status_code == 302
    second = client_of.post(
        reverse("programs:start", args=[2]),
        json.dumps(start_report(payload)),
        content_type="application/json",
    )
    assert second.status_code == 403
    assert "One workout a day" in second.json()["errors"][0]
    schedule = client_of.get(reverse("programs:current")).content.decode()
    assert 'data-status="tomorrow"' in schedule
    assert "opens tomorrow" in schedule


# ---------------------------------------------------------------- reasons that name the session


def test_a_quick_session_before_the_program_never_holds_its_first_workout(trainee: User) -> None:
    done_session(trainee, None, at=NOW - timedelta(days=2), before=0, worst=7)  # quick relief, days before
    enrolment = enrolled(trainee, MORNING, start=TODAY)
    record_pain_now(trainee, 2)
    prepared = prepare(trainee, plan_for(enrolment, TODAY), 1)
    assert prepared.verdict.decision == Decision.AS_PLANNED
    assert prepared.verdict.reasons == ("Your first workout: doses as the program starts them.",)


def test_a_hold_names_the_workout_it_compared_with_and_why(trainee: User) -> None:
    enrolment = enrolled(trainee, MORNING, start=TODAY - timedelta(days=7))
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=1), before=2, worst=7)
    record_pain_now(trainee, 2)
    prepared = prepare(trainee, plan_for(enrolment, TODAY), 8)
    assert prepared.verdict.decision == Decision.HOLD
    name = program(MORNING).file.block_for(1).workouts[0].name
    first = prepared.reasons[0]
    assert first.startswith(f"Your worst pain during your workout 7 ({name}) on Tuesday 24 November was 7/10")
    assert "above the 5/10 that is acceptable" in first


def test_a_quick_session_since_the_program_began_is_named_as_such(trainee: User) -> None:
    enrolment = enrolled(trainee, MORNING, start=TODAY - timedelta(days=7))
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=2), worst=2)
    quick = done_session(trainee, None, at=NOW - timedelta(days=1), before=2, worst=3)
    quick.routine_name = "Quick relief: 9 minutes"
    quick.save()
    record_pain_now(trainee, 5)
    read = readings(trainee, enrolment)
    assert read.last == quick
    prepared = prepare(trainee, plan_for(enrolment, TODAY), 8, read)
    assert prepared.verdict.decision == Decision.HOLD
    assert (
        "Your pain now (5/10) is above where it was before your session “Quick relief: 9 minutes”"
        " on Tuesday 24 November (2/10)" in prepared.reasons[0]
    )


def test_an_eased_exercise_names_the_session_it_hurt_in(trainee: User) -> None:
    enrolment = enrolled(trainee, MORNING, start=TODAY - timedelta(days=7))
    done_session(
        trainee, enrolment, 7, at=NOW - timedelta(days=1), before=2, worst=6, marks={"king-cobra": "hurts"}
    )
    record_pain_now(trainee, 2)
    prepared = prepare(trainee, plan_for(enrolment, TODAY), 8)
    swap = next(s for s in prepared.swaps if s.slug == "king-cobra")
    assert swap.why.startswith("You marked King Cobra as hurting in your workout 7 (")
    assert "on Tuesday 24 November" in swap.why


def test_today_says_the_next_workout_waits_for_tomorrow(client_of: Client, trainee: User) -> None:
    enrolment = enrolled(trainee, MORNING, start=TODAY - timedelta(days=3))
    done_session(trainee, enrolment, 1, at=NOW - timedelta(hours=1))
    page = client_of.get(reverse("home")).content.decode()
    assert "Done for today (one workout a day); next, tomorrow" in page
    assert 'data-testid="today-workout"' not in page
