"""Safety pauses of a program happen in the same transaction as the save that causes them.

Programs plug into training and safety through their hooks (no signals): a session saved with
severe pain, or a screening that stops exercise, pauses the program, and a failure while pausing
undoes the save itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User

from spinewise.programs import services
from spinewise.programs.models import Enrolment, Pause
from spinewise.safety import hooks as safety_hooks
from spinewise.safety.models import Screening
from spinewise.safety.services import record_screening
from spinewise.training import hooks as training_hooks
from spinewise.training.models import Session
from spinewise.training.schema import SessionIn
from spinewise.training.services import record_session, update_session
from tests.programs_helpers import NOW, enrolled
from tests.test_session_record import session_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


class DiskFull(RuntimeError):
    pass


@pytest.fixture
def failing_after_the_pause() -> Iterator[None]:
    """The programs' own pauses, then a failure, as if the database gave out half-way."""

    def session_then_fail(session: Session) -> None:
        services.pause_for_severe_pain(session)
        raise DiskFull("no space left")

    def screening_then_fail(screening: Screening) -> None:
        services.pause_for_red_flag(screening)
        raise DiskFull("no space left")

    installed: list[tuple[Callable[[Any], None], Callable[[Any], None]]] = [
        (training_hooks.on_session_saved, session_then_fail),
        (safety_hooks.on_screening_recorded, screening_then_fail),
    ]
    for install, callback in installed:
        install(callback)
    yield
    training_hooks.uninstall(session_then_fail)
    safety_hooks.uninstall(screening_then_fail)


def report(**overrides: Any) -> SessionIn:
    return SessionIn.model_validate(
        session_data(**{"source": "web", "started_at": NOW, "finished_at": None, **overrides})
    )


def test_a_session_saved_with_severe_pain_pauses_the_program(trainee: User) -> None:
    enrolment = enrolled(trainee)
    record_session(report(worst_pain_during=9), user=trainee)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PAUSED
    pause = enrolment.pauses.get()
    assert pause.reason == Pause.Reason.PAIN and "Pain reached 9/10" in pause.explain


def test_a_later_report_of_severe_pain_pauses_it_too(trainee: User) -> None:
    enrolment = enrolled(trainee)
    session = record_session(report(worst_pain_during=3), user=trainee)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ACTIVE
    update_session(session, report(worst_pain_during=3, pain_after=8, finished_at=NOW + timedelta(minutes=9)))
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.PAUSED


def test_moderate_pain_and_the_command_lines_sessions_pause_nothing(trainee: User) -> None:
    enrolment = enrolled(trainee)
    record_session(report(worst_pain_during=7, pain_after=7), user=trainee)
    record_session(report(worst_pain_during=10))  # the terminal's local person has no program
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ACTIVE


def test_a_screening_that_stops_exercise_pauses_the_program(trainee: User) -> None:
    enrolment = enrolled(trainee)
    record_screening(trainee, {"no_better_month"}, source="web")  # mention it: exercise goes on
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ACTIVE
    record_screening(trainee, {"infection"}, source="web")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PAUSED
    assert enrolment.pauses.get().reason == Pause.Reason.RED_FLAG


@pytest.mark.usefixtures("failing_after_the_pause")
def test_a_failure_while_pausing_undoes_the_session_save(trainee: User) -> None:
    enrolment = enrolled(trainee)
    with pytest.raises(DiskFull):
        record_session(report(worst_pain_during=9), user=trainee)
    assert not Session.objects.filter(user=trainee).exists()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE and not enrolment.pauses.exists()


@pytest.mark.usefixtures("failing_after_the_pause")
def test_a_failure_while_pausing_undoes_the_screening(trainee: User) -> None:
    enrolment = enrolled(trainee)
    with pytest.raises(DiskFull):
        record_screening(trainee, {"bladder_bowel"}, source="web")
    assert not Screening.objects.filter(user=trainee).exists()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE and not enrolment.pauses.exists()
