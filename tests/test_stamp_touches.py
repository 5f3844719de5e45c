"""Every write that sends no signal changes its people's data stamps itself (accounts.stamps.touch):
a finished break, a session's items recorded or replaced, a sitting's results and ratings, a program's
pauses ended with it, a coaching invitation used, declined or withdrawn, a link ended, and the
admin's coach role taken or given back (the coach's clients too).

Each test makes the data through the services, then checks two things. That the stamps changed for
exactly the people the write concerns. And that the stamp was written right after the write that
sends no signal, before any other write: where the same service also saves a row through the ORM
(whose signal changes the same stamps in the same transaction), only this tells the service's own
`touch` from the signal's. (The safety clearance's is in tests/test_page_cache.py.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spinewise.accounts.models import Profile
from spinewise.accounts.services import profile_for
from spinewise.coaching import services as coaching
from spinewise.coaching.models import CoachProfile, Invitation
from spinewise.planning.model import Profile as Limits
from spinewise.programs import services as programs
from spinewise.programs.models import Pause
from spinewise.training.schema import SessionIn
from spinewise.training.services import build_routine, record_session, routine_json, update_session
from tests.assessment_data import sitting
from tests.coaching_helpers import linked, make_coach
from tests.conftest import person
from tests.programs_helpers import enrolled

pytestmark = pytest.mark.django_db

_WRITE = re.compile(r'\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)
_STAMP = re.compile(
    r'\s*UPDATE\s+"?accounts_profile"?\s+SET\s+"?data_stamp"?.*\bIN\s*\(([\d,\s]+)\)', re.I | re.S
)


@pytest.fixture
def bystander(db: None) -> User:
    return person("bystander")  # type: ignore[no-any-return]


@pytest.fixture
def everyone(trainee: User, coach: User, stranger: User, bystander: User) -> list[User]:
    # People who signed up have a profile, and so a stamp, from the start.
    people = [trainee, coach, stranger, bystander]
    for user in people:
        profile_for(user)
    return people


class Write:
    """What a write did: whose stamps it changed, and the statements it ran."""

    def __init__(self, people: list[User]) -> None:
        self.people = people
        self.changed: set[str] = set()
        self.statements: list[str] = []

    def stamped_right_after(self, table: str) -> set[int]:
        """The ids of the stamps written right after the last write to `table`, before any other write."""
        writes = [(m.group(2), sql) for sql in self.statements if (m := _WRITE.match(sql))]
        last = max((i for i, (name, _sql) in enumerate(writes) if name == table), default=None)
        assert last is not None, f"no write to {table}"
        ids: set[int] = set()
        for _name, sql in writes[last + 1 :]:
            stamp = _STAMP.match(sql)
            if stamp is None:
                break
            ids |= {int(pk) for pk in stamp.group(1).split(",")}
        return ids


@contextmanager
def write(people: list[User]) -> Iterator[Write]:
    before = {user.username: stamp_of(user) for user in people}
    done = Write(people)
    with CaptureQueriesContext(connection) as queries:
        yield done
    done.statements = [q["sql"] for q in queries.captured_queries]
    done.changed = {user.username for user in people if stamp_of(user) != before[user.username]}


def stamp_of(user: User) -> str:
    return Profile.objects.get(user=user).data_stamp


def ids(*users: User) -> set[int]:
    return {user.pk for user in users}


def prescription() -> dict[str, Any]:
    return routine_json(build_routine(Limits(), 9, 7)).model_dump(mode="json")


def report(plan: dict[str, Any], **overrides: Any) -> SessionIn:
    started = timezone.now() - timedelta(minutes=30)
    data: dict[str, Any] = {
        "routine_name": "9-minute routine",
        "source": "web",
        "prescription": plan,
        "started_at": started,
        "items": [],
        "pain_before": 3,
        **overrides,
    }
    return SessionIn.model_validate(data)


# ---------------------------------------------------------------- one person's own data


def test_a_finished_break(everyone: list[User], trainee: User) -> None:
    from spinewise.breaks.services import finish_break, record_break
    from spinewise.training.schema import RoutineJSON

    started = timezone.now() - timedelta(minutes=5)
    row = record_break(
        user=trainee,
        source="web",
        prescription=RoutineJSON.model_validate(prescription()),
        started_at=started,
        finished_at=None,
    )
    with write(everyone) as done:
        finish_break(row, started + timedelta(minutes=2))
    assert row.finished_at is not None
    assert done.changed == {"trainee"}
    assert done.stamped_right_after("breaks_breaktaken") == ids(trainee)


def test_a_recorded_session_and_its_items(everyone: list[User], trainee: User) -> None:
    with write(everyone) as done:
        session = record_session(report(prescription()), user=trainee)
    assert session.items.count() > 0
    assert done.changed == {"trainee"}
    assert done.stamped_right_after("training_sessionitem") == ids(trainee)


def test_a_sessions_items_replaced_by_a_later_report(everyone: list[User], trainee: User) -> None:
    plan = prescription()
    session = record_session(report(plan), user=trainee)
    with write(everyone) as done:
        update_session(session, report(plan, finished_at=timezone.now() - timedelta(minutes=5), pain_after=2))
    assert done.changed == {"trainee"}
    assert done.stamped_right_after("training_sessionitem") == ids(trainee)


ACTIVITIES = [("Putting on socks", 3), ("Sitting through a film", 4), ("Lifting the shopping", 5)]


def test_a_sittings_results_and_ratings(everyone: list[User], trainee: User) -> None:
    with write(everyone) as done:
        sitting(trainee, results={("fingertip-to-floor", ""): 22.5}, activities=ACTIVITIES)
    assert done.changed == {"trainee"}
    assert done.stamped_right_after("assessments_functionrating") == ids(trainee)


def test_a_programs_open_pause_ended_with_it(everyone: list[User], trainee: User) -> None:
    enrolment = enrolled(trainee)
    today = programs.local_today(trainee)
    programs.pause(enrolment, today)
    with write(everyone) as done:
        programs.stop(enrolment, today)
    assert not Pause.objects.filter(enrolment=enrolment, end__isnull=True).exists()
    assert done.changed == {"trainee"}
    assert done.stamped_right_after("programs_pause") == ids(trainee)


# ---------------------------------------------------------------- coaching: both sides


def test_a_client_invitation_accepted(everyone: list[User], coach: User, trainee: User) -> None:
    make_coach(coach)
    invitation, _code = coaching.create_invitation(coach)
    with write(everyone) as done:
        coaching.accept(invitation, trainee)
    assert done.changed == {"coach", "trainee"}
    assert done.stamped_right_after("coaching_invitation") == ids(coach, trainee)


def test_a_coach_invitation_accepted(everyone: list[User], trainee: User) -> None:
    invitation, _code = coaching.create_invitation(None, Invitation.Kind.COACH)
    with write(everyone) as done:
        coaching.accept(invitation, trainee)
    assert coaching.coach_profile(trainee) is not None
    assert done.changed == {"trainee"}
    assert done.stamped_right_after("coaching_invitation") == ids(trainee)


def test_an_invitation_declined(everyone: list[User], coach: User, trainee: User) -> None:
    make_coach(coach)
    invitation, _code = coaching.create_invitation(coach)
    with write(everyone) as done:
        coaching.decline(invitation, trainee)
    assert done.changed == {"coach", "trainee"}
    assert done.stamped_right_after("coaching_invitation") == ids(coach, trainee)


def test_an_invitation_withdrawn(everyone: list[User], coach: User) -> None:
    make_coach(coach)
    invitation, _code = coaching.create_invitation(coach)
    with write(everyone) as done:
        coaching.withdraw(invitation)
    assert done.changed == {"coach"}
    assert done.stamped_right_after("coaching_invitation") == ids(coach)


@pytest.mark.parametrize("side", ["coach", "client"])
def test_a_link_ended(everyone: list[User], coach: User, trainee: User, side: str) -> None:
    make_coach(coach)
    link = linked(coach, trainee)
    with write(everyone) as done:
        coaching.end_link(link, side)
    assert link.ended_at is not None
    assert done.changed == {"coach", "trainee"}
    assert done.stamped_right_after("coaching_link") == ids(coach, trainee)


@pytest.mark.parametrize("action", ["revoke", "restore"])
def test_the_admin_takes_or_gives_back_the_coach_role(
    everyone: list[User], coach: User, trainee: User, stranger: User, admin_client: Client, action: str
) -> None:
    # The coach's clients see the coach's name and role: the current one, and the one whose link
    # ended (their page of coaches lists past ones). The bystander is nobody's client.
    make_coach(coach)
    linked(coach, trainee)
    coaching.end_link(linked(coach, stranger), "client")
    profile = CoachProfile.objects.get(user=coach)
    if action == "restore":
        CoachProfile.objects.filter(pk=profile.pk).update(active=False)
    with write(everyone) as done:
        response = admin_client.post(
            "/admin/coaching/coachprofile/", {"action": action, "_selected_action": [profile.pk]}
        )
    assert response.status_code == 302
    assert CoachProfile.objects.get(pk=profile.pk).active is (action == "restore")
    assert done.changed == {"coach", "trainee", "stranger"}
    assert done.stamped_right_after("coaching_coachprofile") == ids(coach, trainee, stranger)
