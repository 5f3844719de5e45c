"""Whatever a coach or a client sends to the coaching forms, the answer is never a server error."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinewise.coaching.models import Link
from tests.coaching_helpers import coach_client, linked, make_coach
from tests.programs_helpers import screened, signed_in

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "cat-cow", "bridge", "0", "-1", "11", "100", "901", "1e9", "x", "knee-to-chest"]),
)


@pytest.fixture
def link(coach: Any, trainee: Any) -> Link:
    make_coach(coach)
    screened(trainee)
    return linked(coach, trainee)


@FUZZ
@given(
    name=text,
    per_week=text,
    action=st.sampled_from(["preview", "save", "", "x"]),
    rows=st.lists(st.tuples(text, text, text, text), max_size=4),
)
def test_the_composer_never_fails(
    link: Link, coach: Any, name: str, per_week: str, action: str, rows: Any
) -> None:
    data = {"name": name, "per_week": per_week, "notes": name, "action": action}
    for i, (exercise, sets, amount, note) in enumerate(rows):
        data |= {
            f"item-{i}-exercise": exercise,
            f"item-{i}-sets": sets,
            f"item-{i}-amount": amount,
            f"item-{i}-note": note,
        }
    response = coach_client(coach).post(f"/coaching/clients/{link.pk}/routines/new/", data)
    assert response.status_code in (200, 302, 400), response.status_code


@FUZZ
@given(program=text, start=st.one_of(text, st.dates().map(str)), weekdays=st.lists(text, max_size=8))
def test_the_program_form_never_fails(
    link: Link, coach: Any, program: str, start: str, weekdays: list[str]
) -> None:
    response = coach_client(coach).post(
        f"/coaching/clients/{link.pk}/programs/new/",
        {"program": program, "start": start, "weekdays": weekdays},
    )
    assert response.status_code in (302, 400), response.status_code


@FUZZ
@given(code=text, action=st.sampled_from(["accept", "decline", "", "x"]))
def test_the_join_page_never_fails(link: Link, stranger: Any, code: str, action: str) -> None:
    client = signed_in(stranger)
    assert client.post("/coaching/join/", {"code": code}).status_code in (200, 302)
    assert client.post(f"/coaching/join/{code.replace('/', '')}/", {"action": action}).status_code in (
        302,
        400,
        404,
        409,
    )
