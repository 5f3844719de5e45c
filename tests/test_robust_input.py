"""Regressions of issue #11: what a client sends cannot break a record or a page.

Each test names the defect it guards; before the fix each of these answered 500 or wrote a
second row.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client
from django.urls import reverse

from spinewise.assessments.models import Assessment
from spinewise.programs.models import PainCheck, ProgramSession
from spinewise.training.models import Session
from spinewise.training.prescriptions import SALT
from tests.play_helpers import START, payload_of, planned_prescription, post_json, report, web_body
from tests.programs_helpers import enrolled, give_pain, start_report

pytestmark = pytest.mark.django_db

HEALTH_PAGES = ["training:history", "progress:dashboard", "accounts:data"]


def _pages_still_open(client: Client) -> None:
    for name in HEALTH_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    for session in Session.objects.all():
        assert client.get(reverse("play:again", args=[session.pk])).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"finished_at": "2026-11-21T08:10:00"}, "finished_at"),  # naive
        ({"started_at": "0001-01-01T00:00:00+14:00"}, "started_at"),
        ({"finished_at": "9999-12-31T23:59:59-14:00"}, "finished_at"),
        ({"started_at": "1999-12-31T23:59:59+00:00"}, "started_at"),
        ({"notes": "\ud800"}, "notes"),
        ({"notes": "a\x00b"}, "notes"),
        ({"items": [{"index": 0, "outcome": "done", "performed_slug": "\ud800"}]}, "items.0.performed_slug"),
        ({"items": [{"index": 0, "outcome": "done", "seconds": 10**9}]}, "items.0.seconds"),
        ({"items": [{"index": 0, "outcome": "done", "seconds": 3 * 3600}]}, "items"),
        ({"pain_before": 11}, "pain_before"),
    ],
)
def test_a_bad_start_is_a_400_naming_the_field_and_writes_nothing(
    trainee_client: Client, overrides: dict[str, Any], field: str
) -> None:
    response = post_json(
        trainee_client, reverse("play:sessions"), report(planned_prescription(), **overrides)
    )
    assert response.status_code == 400
    assert any(e.startswith(f"{field}") for e in response.json()["errors"]), response.json()
    assert not Session.objects.exists()
    _pages_still_open(trainee_client)


@pytest.mark.parametrize(
    "overrides",
    [
        {"finished_at": "2026-11-21T08:10:00"},
        {"finished_at": "9999-12-31T23:59:59-14:00"},
        {"notes": "\ud800"},
        {"notes": "x" * 2001},
    ],
)
def test_a_bad_update_is_a_400_and_keeps_the_session(
    trainee_client: Client, overrides: dict[str, Any]
) -> None:
    prescription = planned_prescription()
    url = post_json(trainee_client, reverse("play:sessions"), report(prescription)).json()["url"]
    response = post_json(trainee_client, url, report(prescription, **overrides))
    assert response.status_code == 400
    assert Session.objects.get().finished_at is None
    _pages_still_open(trainee_client)


@pytest.mark.parametrize(
    "body", [b"[" * 100_000, b"[" * 5_000 + b"]" * 5_000, b'{"notes": "' + b"x" * 70_000 + b'"}']
)
def test_deep_or_huge_bodies_are_refused_before_parsing(trainee_client: Client, body: bytes) -> None:
    response = trainee_client.post(reverse("play:sessions"), body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert "errors" in response.json()
    assert not Session.objects.exists()


def test_the_routine_cannot_come_from_the_body(trainee_client: Client) -> None:
    """position "nowhere" and 10**30 sets were stored, then /play/again/ answered 500."""
    prescription = planned_prescription()
    forged = json.loads(json.dumps(prescription))
    forged["items"][0]["position"] = "nowhere"
    forged["items"][0]["sets"] = 10**30
    body = web_body(trainee_client, report(planned_prescription()))
    body["prescription"] = forged
    response = trainee_client.post(
        reverse("play:sessions"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("prescription:")
    assert not Session.objects.exists()


def test_a_token_cannot_carry_an_unbounded_routine(trainee_client: Client) -> None:
    prescription = planned_prescription()
    prescription["items"][0]["sets"] = 100_000
    body = web_body(trainee_client, report(planned_prescription()))
    # Signed with the site's key (as if an old page had made it), yet the routine is out of bounds.
    body["token"] = signing.dumps(
        {
            "u": int(trainee_client.session["_auth_user_id"]),
            "name": "x",
            "slug": None,
            "routine": prescription,
        },
        salt=SALT,
        compress=True,
    )
    response = post_json(trainee_client, reverse("play:sessions"), body)
    assert response.status_code == 400
    assert not Session.objects.exists()


def test_a_stored_broken_snapshot_is_refused_with_a_page_not_a_500(
    trainee_client: Client, trainee: User
) -> None:
    good = post_json(trainee_client, reverse("play:sessions"), report(planned_prescription())).json()
    session = Session.objects.get(pk=good["id"])
    broken = dict(session.prescription)
    broken["items"] = [{**broken["items"][0], "position": "nowhere"}]
    Session.objects.filter(pk=session.pk).update(prescription=broken)
    response = trainee_client.get(reverse("play:again", args=[session.pk]))
    assert response.status_code == 422
    assert b"cannot be played again" in response.content


def test_a_token_made_for_someone_else_is_refused(trainee_client: Client, stranger_client: Client) -> None:
    body = web_body(stranger_client, report(planned_prescription()))
    response = post_json(trainee_client, reverse("play:sessions"), body)
    assert response.status_code == 400 and "someone else" in response.json()["errors"][0]


def test_a_swap_must_be_a_known_variant(trainee_client: Client) -> None:
    prescription = planned_prescription()
    items = [{"index": 0, "outcome": "easier", "performed_slug": "made-up-move"}]
    response = post_json(trainee_client, reverse("play:sessions"), report(prescription, items=items))
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("items.0.performed_slug:")
    assert not Session.objects.exists()


def test_a_start_sent_twice_makes_one_session(trainee_client: Client) -> None:
    body = web_body(trainee_client, report(planned_prescription()))
    first = post_json(trainee_client, reverse("play:sessions"), body)
    again = post_json(trainee_client, reverse("play:sessions"), body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Session.objects.count() == 1
    # Another person may use the same UUID: it is unique per person.
    assert Session.objects.get().client_id == uuid.UUID(body["client_id"])


def test_a_start_needs_a_client_id_and_a_token(trainee_client: Client) -> None:
    body = web_body(trainee_client, report(planned_prescription()))
    for missing in ("client_id", "token"):
        response = post_json(
            trainee_client, reverse("play:sessions"), {k: v for k, v in body.items() if k != missing}
        )
        assert response.status_code == 400
        assert response.json()["errors"][0].startswith(f"{missing}:")
    assert not Session.objects.exists()


@pytest.mark.usefixtures("frozen")
def test_a_program_workout_started_twice_makes_one_session(client_of: Client, trainee: User) -> None:
    enrolled(trainee)
    give_pain(client_of, 1)
    page = client_of.get(reverse("programs:play", args=[1]))
    # The prescription travels in the page's token: nothing is written to the web session on GET.
    assert "program-workout" not in client_of.session
    payload = payload_of(page)
    body = json.dumps(start_report(payload))
    first = client_of.post(payload["save_url"], body, content_type="application/json")
    again = client_of.post(payload["save_url"], body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert Session.objects.count() == ProgramSession.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("accounts:profile", None),
        ("programs:morning-check", {"pain": "3"}),
        ("safety:quick-check", None),
        ("safety:screening-result", None),
    ],
)
@pytest.mark.parametrize("target", ["x", "javascript:alert(1)", "//evil.example/", "https://evil.example/"])
def test_a_bad_next_never_breaks_a_redirect(
    trainee_client: Client, name: str, data: dict[str, str] | None, target: str
) -> None:
    url = f"{reverse(name)}?next={target}"
    response = trainee_client.post(url, data or {})
    assert response.status_code < 500
    if response.status_code == 302:
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")


def test_a_bad_back_never_breaks_the_favourite_toggle(trainee_client: Client) -> None:
    url = reverse("training:favourite", args=["stiff-and-sore-basics"])
    response = trainee_client.post(url, {"back": "x"})
    assert response.status_code == 302
    assert response["Location"] == reverse("training:routine", args=["stiff-and-sore-basics"])
    assert trainee_client.post(url, {"back": "/history/"})["Location"] == "/history/"


def test_start_is_the_real_start_time(trainee_client: Client) -> None:
    started = post_json(trainee_client, reverse("play:sessions"), report(planned_prescription()))
    assert Session.objects.get(pk=started.json()["id"]).started_at == START


def _hidden_client_id(html: bytes) -> str:
    match = re.search(rb'name="client_id" value="([0-9a-f-]{36})"', html)
    assert match, "the form carries a client UUID"
    return match.group(1).decode()


def test_a_test_sitting_sent_twice_is_recorded_once(client: Client, trainee: User) -> None:
    from tests.assessment_data import ready_to_test
    from tests.test_assessment_pages import first_sitting_form

    ready_to_test(trainee)
    client.force_login(trainee)
    client_id = _hidden_client_id(client.get("/tests/").content)
    form = first_sitting_form(client_id=client_id)
    first = client.post("/tests/", form)
    again = client.post("/tests/", form)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Assessment.objects.count() == 1


@pytest.mark.usefixtures("frozen")
def test_a_check_in_sent_twice_is_recorded_once(client_of: Client, trainee: User) -> None:
    enrolled(trainee)
    page = client_of.get(reverse("programs:current"))
    client_id = _hidden_client_id(page.content)
    for _ in range(2):
        response = client_of.post(reverse("programs:morning-check"), {"pain": "3", "client_id": client_id})
        assert response.status_code == 302
    workout = client_of.get(reverse("programs:workout", args=[1]))
    pain_id = _hidden_client_id(workout.content)
    for _ in range(2):
        client_of.post(reverse("programs:pain", args=[1]), {"pain": "2", "client_id": pain_id})
    assert sorted(PainCheck.objects.values_list("kind", flat=True)) == ["before", "morning"]


def test_a_check_in_with_a_bad_client_id_saves_nothing(client_of: Client, trainee: User) -> None:
    enrolled(trainee)
    response = client_of.post(reverse("programs:morning-check"), {"pain": "3", "client_id": "\x00"})
    assert response.status_code == 302
    assert not PainCheck.objects.exists()
