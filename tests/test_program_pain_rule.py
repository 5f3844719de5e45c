"""The pain-monitoring rule deciding real program workouts: progress, hold and ease, pause; direction."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from spinewise.accounts.services import profile_for
from spinewise.planning.progression import Decision
from spinewise.programs.models import Enrolment, PainCheck, Pause
from spinewise.programs.services import ResumeRefused, plan_for, resume
from spinewise.programs.workouts import apply_rule, prepare, record_pain_now
from tests.programs_helpers import NOW, TODAY, done_session, enrolled, give_pain, screened

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
MORNING = "morning-release-four-weeks"


def a_week_in(trainee: User) -> Enrolment:
    """Eight days into the daily Morning release program, workout 8 (week 2) due today."""
    return enrolled(trainee, MORNING, start=TODAY - timedelta(days=7))


def doses(prepared_items: list[tuple[str, int | None]]) -> dict[str, int | None]:
    return dict(prepared_items)


def reps_of(prepared: object) -> dict[str, int | None]:
    return {item.slug: item.reps for item in prepared.prescription.items}  # type: ignore[attr-defined]


def test_settled_pain_within_5_progresses_to_the_weeks_doses(trainee: User) -> None:
    enrolment = a_week_in(trainee)
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=1), before=3, worst=5, dose_week=1)
    record_pain_now(trainee, 3)
    prepared = prepare(trainee, plan_for(enrolment, TODAY), 8)
    assert prepared.verdict.decision == Decision.PROGRESS
    assert prepared.dose_week == 2
    # Week 2 adds one rep to each seed dose (table-top wag: 8 per side in week 1).
    assert reps_of(prepared)["table-top-wag"] == 9


def test_pain_above_5_holds_the_doses_and_swaps_what_hurt_for_its_easier_variant(trainee: User) -> None:
    enrolment = a_week_in(trainee)
    done_session(
        trainee, enrolment, 7, at=NOW - timedelta(days=1), before=2, worst=6, marks={"king-cobra": "hurts"}
    )
    record_pain_now(trainee, 2)
    prepared = prepare(trainee, plan_for(enrolment, TODAY), 8)
    assert prepared.verdict.decision == Decision.HOLD
    assert prepared.dose_week == 1
    slugs = [item.slug for item in prepared.prescription.items]
    assert "king-cobra" not in slugs and "cobra-pose" in slugs
    assert reps_of(prepared)["table-top-wag"] == 8
    reasons = " ".join(prepared.reasons)
    assert "6/10" in reasons and "Cobra" in reasons


def test_pain_not_settled_holds(trainee: User) -> None:
    enrolment = a_week_in(trainee)
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=1), before=2, worst=4)
    record_pain_now(trainee, 4)
    prepared = prepare(trainee, plan_for(enrolment, TODAY), 8)
    assert prepared.verdict.decision == Decision.HOLD
    assert prepared.verdict.settled is False


def test_a_morning_check_in_that_had_not_settled_holds(trainee: User, frozen: time_machine.Traveller) -> None:
    enrolment = a_week_in(trainee)
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=1), before=2, worst=4)
    frozen.move_to(NOW - timedelta(hours=2))
    record_pain_now(trainee, 5, PainCheck.Kind.MORNING)
    frozen.move_to(NOW)
    record_pain_now(trainee, 2)
    prepared = prepare(trainee, plan_for(enrolment, TODAY), 8)
    assert prepared.verdict.decision == Decision.HOLD
    assert "the morning after (5/10)" in " ".join(prepared.reasons)


def test_pain_of_8_now_pauses_the_program_and_points_to_the_safety_check(
    client_of: Client, trainee: User
) -> None:
    enrolment = a_week_in(trainee)
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=1))
    response = give_pain(client_of, 8, 8)
    assert response.status_code == 302 and response["Location"] == reverse("programs:current")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PAUSED
    pause = enrolment.pauses.get()
    assert pause.reason == Pause.Reason.PAIN
    page = client_of.get(reverse("programs:current")).content.decode()
    assert 'data-testid="retake-screening"' in page
    assert "8/10" in page


def test_after_a_pain_pause_resuming_needs_a_new_clear_safety_check(
    trainee: User, frozen: time_machine.Traveller
) -> None:
    enrolment = a_week_in(trainee)
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=1), worst=9)  # the signal pauses at once
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PAUSED
    with pytest.raises(ResumeRefused, match="safety check"):
        resume(enrolment, TODAY)
    frozen.move_to(NOW + timedelta(days=2))
    screened(trainee)
    resume(enrolment, TODAY + timedelta(days=2))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_a_new_red_flag_pauses_the_program(client_of: Client, trainee: User) -> None:
    enrolment = a_week_in(trainee)
    screened(trainee, urgency=3)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PAUSED
    assert enrolment.pauses.get().reason == Pause.Reason.RED_FLAG
    page = client_of.get(reverse("home"))
    assert page.status_code == 200


def test_the_pain_rule_reads_the_last_session_of_any_routine(trainee: User) -> None:
    enrolment = a_week_in(trainee)
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=2), worst=2)
    done_session(trainee, None, at=NOW - timedelta(days=1), before=2, worst=7)  # a quick-relief session
    record_pain_now(trainee, 2)
    assert apply_rule(trainee, plan_for(enrolment, TODAY)).decision == Decision.HOLD


def test_hurts_and_helps_in_2_of_3_sessions_set_the_directional_preference(
    client_of: Client, trainee: User
) -> None:
    enrolment = a_week_in(trainee)
    marks = {"knee-to-chest": "hurts", "prone-press-up": "helps"}
    done_session(trainee, enrolment, 5, at=NOW - timedelta(days=3), marks=marks)
    done_session(trainee, enrolment, 6, at=NOW - timedelta(days=2), marks={"cat-cow": ""})
    done_session(trainee, enrolment, 7, at=NOW - timedelta(days=1), marks=marks)
    give_pain(client_of, 8, 2)
    assert profile_for(trainee).prefer == "extension"
    page = client_of.get(reverse("programs:workout", args=[8])).content.decode()
    assert "extension moves helped and flexion moves hurt" in page
    prepared = prepare(trainee, plan_for(enrolment, TODAY), 8)
    assert prepared.pattern is not None
    # Flexion moves with an easier variant that does not bend forward are eased; others are flagged.
    assert any("flexion" in s.why for s in prepared.swaps)
