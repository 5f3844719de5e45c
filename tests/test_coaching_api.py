"""The coaching API router, mounted on a test-only NinjaAPI with the browser's session as auth."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from spinewise.coaching.models import Assignment, Change, Link
from tests.coaching_helpers import coach_client, make_coach
from tests.programs_helpers import screened, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.coaching_api_urls")]
BASE = "/api/test/coaching"
ROUTINE = {
    "name": "Back basics",
    "notes": "Slow and easy.",
    "per_week": 3,
    "items": [
        {"exercise": "cat-cow", "sets": 2, "amount": 8, "note": "Breathe."},
        {"exercise": "bridge"},
    ],
}


def post(client: Client, url: str, body: Any = None, method: str = "post") -> Any:
    return getattr(client, method)(
        url, json.dumps(body) if body is not None else "", content_type="application/json"
    )


def test_the_whole_coaching_flow_through_the_api(coach: Any, trainee: Any) -> None:
    make_coach(coach)
    screened(trainee)
    api = coach_client(coach)
    made = post(api, f"{BASE}/invitations")
    assert made.status_code == 201, made.content
    code = made.json()["code"]
    assert made.json()["url"].endswith(f"/coaching/join/{code}/")
    assert api.get(f"{BASE}/invitations").json()["items"][0]["code"] is None  # never shown again

    accepted = post(signed_in(trainee), f"{BASE}/invitations/{code}/accept")
    assert accepted.status_code == 201, accepted.content
    link = accepted.json()["link"]
    assert post(signed_in(trainee), f"{BASE}/invitations/{code}/accept").status_code == 409

    clients = api.get(f"{BASE}/clients").json()
    assert clients["count"] == 1 and clients["items"][0]["link"] == link

    preview = post(api, f"{BASE}/clients/{link}/routines/preview", ROUTINE)
    assert preview.status_code == 200 and preview.json()["position_changes"] == 1
    created = post(api, f"{BASE}/clients/{link}/routines", ROUTINE)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["items"][0] == {"exercise": "cat-cow", "sets": 2, "amount": 8, "note": "Breathe."}
    changed = post(
        api,
        f"{BASE}/clients/{link}/routines/{body['id']}",
        {
            **ROUTINE,
            "items": [
                {"exercise": "cat-cow", "sets": 3, "amount": 8, "note": "Breathe."},
                {"exercise": "bridge"},
            ],
        },
        method="put",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["changes"][0]["lines"] == ["Cat-Cow: 2 x 8 reps changed to 3 x 8 reps."]
    assert changed.json()["changes"][0]["by"] == "Dana Physio"

    detail = api.get(f"{BASE}/clients/{link}")
    assert detail.status_code == 200
    assert [a["id"] for a in detail.json()["assignments"]] == [body["id"]]

    assert post(api, f"{BASE}/clients/{link}/end").status_code == 204
    assert Link.objects.get(pk=link).ended_by == "coach"
    assert post(api, f"{BASE}/clients/{link}/routines", ROUTINE).status_code == 409
    assert api.get(f"{BASE}/clients").json()["count"] == 0


def test_who_gets_what(coach: Any, trainee: Any, stranger: Any) -> None:
    make_coach(coach)
    screened(trainee)
    code = post(coach_client(coach), f"{BASE}/invitations").json()["code"]
    link = post(signed_in(trainee), f"{BASE}/invitations/{code}/accept").json()["link"]
    anonymous = Client()
    assert anonymous.get(f"{BASE}/clients").status_code == 401
    # A person without the coach role: 403; another coach: 404 for this client.
    assert signed_in(stranger).get(f"{BASE}/clients").status_code == 403
    make_coach(stranger, "Other Coach")
    other = coach_client(stranger)
    assert other.get(f"{BASE}/clients/{link}").status_code == 404
    assert post(other, f"{BASE}/clients/{link}/routines", ROUTINE).status_code == 404
    assert post(other, f"{BASE}/clients/{link}/end").status_code == 404
    assert other.get(f"{BASE}/clients").json() == {"items": [], "count": 0}
    assert Assignment.objects.count() == 0 and Change.objects.count() == 0


def test_bad_bodies_get_clear_errors(coach: Any, trainee: Any) -> None:
    make_coach(coach)
    screened(trainee)
    api = coach_client(coach)
    code = post(api, f"{BASE}/invitations").json()["code"]
    link = post(signed_in(trainee), f"{BASE}/invitations/{code}/accept").json()["link"]
    for bad in (
        {**ROUTINE, "per_week": 0},
        {**ROUTINE, "items": []},
        {**ROUTINE, "name": "\x00"},
        {**ROUTINE, "items": [{"exercise": "Not A Slug"}]},
        {**ROUTINE, "extra": 1},
    ):
        assert post(api, f"{BASE}/clients/{link}/routines", bad).status_code == 422, bad
    unknown = post(
        api, f"{BASE}/clients/{link}/routines", {**ROUTINE, "items": [{"exercise": "no-such-move"}]}
    )
    assert unknown.status_code == 422 and "no-such-move" in unknown.json()["detail"]
    assert post(api, f"{BASE}/invitations/NOPE/accept").status_code == 404
