"""Property-based fuzzing of every JSON endpoint, form and query string, signed in as a trainee.

Whatever the body, the answer is never a server error, and afterwards every page of the
person's data still opens. The examples of one test share a database, so what one request
stored is what the next ones (and the page checks) read: a value that would break a page
later is caught. Sized by the "fuzz" profile (SPINEWISE_FUZZ_EXAMPLES raises it locally).
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinewise.safety.screening import QUESTIONS
from spinewise.training.models import Session
from tests.play_helpers import START, payload_of
from tests.programs_helpers import enrolled, give_pain, signed_in

pytestmark = pytest.mark.django_db

settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("SPINEWISE_FUZZ_EXAMPLES", "15")),
    deadline=None,
    derandomize=True,  # the same examples on every run and in CI: a failure is reproducible
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
FUZZ = settings.get_profile("fuzz")

NASTY = [
    "",
    "x",
    "\x00",
    "\ud800",
    "2024-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "1999-12-31T23:59:59Z",
    "nowhere",
    "-1",
    "1e309",
    "x" * 3000,
    "<script>alert(1)</script>",
    "//evil.example/",
    "x",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(NASTY),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


def _maybe(valid: Any) -> st.SearchStrategy[Any]:
    """Mostly the valid value, sometimes anything: a body near enough to valid to reach deep code."""
    return st.one_of(st.just(valid), st.just(valid), JSON)


ITEM = st.fixed_dictionaries(
    {
        "index": st.one_of(st.integers(min_value=-2, max_value=45), JSON),
        "outcome": st.one_of(st.sampled_from(["done", "skipped", "easier", "harder", "not-reached"]), JSON),
    },
    optional={
        "performed_slug": st.one_of(
            st.none(), st.sampled_from(["cat-cow", "seated-cat-cow", "bridge"]), JSON
        ),
        "mark": st.one_of(st.sampled_from(["hurts", "helps"]), JSON),
        "seconds": st.one_of(st.integers(min_value=-5, max_value=20_000), JSON),
    },
)


def _report(token: str) -> st.SearchStrategy[Any]:
    near = st.fixed_dictionaries(
        {
            "token": _maybe(token),
            "client_id": st.one_of(st.uuids().map(str), JSON),
            "started_at": _maybe(START.isoformat()),
            "items": st.one_of(st.lists(ITEM, max_size=6), JSON),
        },
        optional={
            "finished_at": st.one_of(
                st.none(), st.sampled_from(NASTY), st.datetimes().map(lambda d: d.isoformat())
            ),
            "pain_before": st.one_of(st.integers(min_value=-3, max_value=13), JSON),
            "worst_pain_during": st.one_of(st.integers(min_value=-3, max_value=13), JSON),
            "pain_after": st.one_of(st.integers(min_value=0, max_value=10), JSON),
            "effort": st.one_of(st.integers(min_value=0, max_value=12), JSON),
            "notes": st.one_of(st.text(max_size=50), st.sampled_from(NASTY)),
            "prescription": JSON,
            "surprise": JSON,
        },
    )
    return st.one_of(near, near, near, JSON)


def _body(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    return json.dumps(value).encode("utf-8", "surrogatepass")


def _still_open(client: Client) -> None:
    """Every page of the person's data still answers; gated pages may send to the safety check."""
    for url in ("/history/", "/progress/", "/account/data.json", "/progress/reports/"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert client.get("/programs/current/").status_code in (200, 302)
    for session in Session.objects.order_by("-pk")[:2]:
        assert client.get(f"/history/{session.pk}/").status_code == 200
        assert client.get(f"/play/again/{session.pk}/").status_code in (200, 302)


@pytest.fixture
def trainee_ready(trainee: User, frozen: Any) -> dict[str, Any]:
    """A trainee in a program, with a pain-now given, a planned routine's token and a started session."""
    client = signed_in(trainee)
    enrolled(trainee)
    give_pain(client, 1)
    planned = payload_of(client.get("/play/plan/?minutes=9&seed=1"))
    workout = payload_of(client.get(reverse("programs:play", args=[1])))
    start = {"token": planned["token"], "client_id": "2b1f8a4e-0000-4000-8000-000000000001"}
    started = client.post(
        "/play/sessions/",
        json.dumps({**start, "started_at": START.isoformat(), "items": []}),
        content_type="application/json",
    )
    assert started.status_code == 201
    return {"client": client, "planned": planned, "workout": workout, "update_url": started.json()["url"]}


@FUZZ
@given(data=st.data())
def test_fuzz_session_json_endpoints(trainee_ready: dict[str, Any], data: st.DataObject) -> None:
    client: Client = trainee_ready["client"]
    targets = [
        ("/play/sessions/", trainee_ready["planned"]["token"]),
        (trainee_ready["update_url"], trainee_ready["planned"]["token"]),
        (trainee_ready["workout"]["save_url"], trainee_ready["workout"]["token"]),
    ]
    url, token = data.draw(st.sampled_from(targets))
    body = data.draw(st.one_of(_report(token), st.binary(max_size=64), st.just(b"[" * 100_000)))
    response = client.post(url, _body(body), content_type="application/json")
    assert response.status_code < 500, response.content[:300]
    _still_open(client)


SCREENING = [q.key for q in QUESTIONS]
FORMS: list[tuple[str, list[str]]] = [
    (
        "/profile/",
        [
            "level",
            "equipment",
            "avoid",
            "usual_minutes",
            "days",
            "goal",
            "focus",
            "prefer",
            "sex",
            "birth_year",
            "time_zone",
            "reminder_time",
            "units",
            "next",
        ],
    ),
    ("/check/", ["next", *SCREENING]),
    ("/screening/", ["next", *SCREENING]),
    ("/screening/result/", ["next", "cleared"]),
    (
        "/tests/",
        [
            "kind",
            "pain_now",
            "pain_worst_week",
            "stiffness",
            "note",
            "client_id",
            "new_name_0",
            "new_score_0",
            "result__fingertip-to-floor__one",
            "next",
        ],
    ),
    ("/programs/morning-check/", ["pain", "client_id", "next"]),
    ("/programs/current/workouts/1/pain/", ["pain", "client_id"]),
    ("/programs/redeem/", ["code"]),
    ("/programs/six-week-lower-back/", ["start", "weekdays", "switch"]),
    ("/programs/current/pause/", []),
    ("/programs/current/resume/", []),
    ("/routines/stiff-and-sore-basics/favourite/", ["back"]),
]
QUERIES: list[tuple[str, list[str]]] = [
    ("/play/plan/", ["minutes", "seed", "equipment", "avoid", "state", "focus", "level", "speed", "prefer"]),
    ("/relief/", ["minutes", "state", "equipment", "avoid"]),
    ("/play/routine/stiff-and-sore-basics/", ["level", "speed"]),
    ("/tests/", ["kind", "next"]),
    ("/history/", ["page"]),
    ("/progress/", ["weeks", "from", "to"]),
    ("/screening/result/", ["next"]),
]
FORM_TEXT = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from([v for v in NASTY if v != "\ud800"]),
    st.sampled_from(["yes", "no", "on", "1", "0", "10", "2026-11-25", "08:00", "Europe/Paris"]),
)


def _pairs(fields: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    names = st.sampled_from(fields) if fields else st.just("x")
    return st.lists(st.tuples(names, FORM_TEXT), max_size=8)


def _encoded(pairs: list[tuple[str, str]], raw_tail: bool) -> str:
    # A tail of bytes that are not UTF-8 at all, as a broken or hostile client may send.
    return urlencode(pairs, quote_via=quote) + ("&next=%FF%FE&x=%C0" if raw_tail else "")


@FUZZ
@given(data=st.data())
def test_fuzz_forms(trainee_ready: dict[str, Any], data: st.DataObject) -> None:
    client: Client = trainee_ready["client"]
    url, fields = data.draw(st.sampled_from(FORMS))
    body = _encoded(data.draw(_pairs(fields)), data.draw(st.booleans()))
    query = _encoded(data.draw(_pairs(["next", "back"])), False)
    response = client.post(f"{url}?{query}", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, (url, body)
    _still_open(client)


@FUZZ
@given(data=st.data())
def test_fuzz_query_strings(trainee_ready: dict[str, Any], data: st.DataObject) -> None:
    client: Client = trainee_ready["client"]
    url, fields = data.draw(st.sampled_from(QUERIES))
    query = _encoded(data.draw(_pairs(fields)), data.draw(st.booleans()))
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500, (url, query)
    _still_open(client)
