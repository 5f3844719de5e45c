"""Every fixed routine on the web honours the person's limits: a built-in routine, a replayed
session and a program workout swap or leave out what conflicts, lower a flare-up day's doses,
say what changed item by item, and refuse with the reasons when nothing safe is left."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from spinewise.accounts.services import profile_for
from spinewise.planning.vocabulary import Level
from spinewise.training.models import Routine
from spinewise.training.schema import SessionIn
from spinewise.training.services import builtin_routine, record_session, routine_json
from tests.play_helpers import cleared, payload_of, report
from tests.programs_helpers import enrolled, give_pain

pytestmark = pytest.mark.django_db

KNEELING = {"quadruped", "kneeling", "half-kneeling"}
MORNING = "/play/routine/morning-release/"


def avoiding_kneeling(user: User) -> None:
    profile = profile_for(user)
    profile.avoid = ["kneeling"]
    profile.save()


def test_a_built_in_routine_honours_a_profile_that_avoids_kneeling(
    trainee_client: Client, trainee: User
) -> None:
    avoiding_kneeling(trainee)
    response = trainee_client.get(MORNING)
    data = payload_of(response)
    assert not {item["position"] for item in data["items"]} & KNEELING
    relaxed = data["routine"]["relaxed"]
    # Four of its seven drills start on hands and knees or kneeling: each is named with its reason.
    assert len(relaxed) == 4
    assert relaxed[0] == (
        "Table Top Wag: left out, because it starts on hands and knees, which you avoid,"
        " and it has no other version you can do."
    )
    assert "Spinal Wave: swapped for Cobra Pose, because it starts kneeling, which you avoid." in relaxed
    page = response.content.decode()
    assert 'data-testid="what-changed"' in page and "What we changed for you" in page
    assert "King Cobra: swapped for Sphinx" in page
    # The prescription the player records is the adapted one.
    assert [i["slug"] for i in data["prescription"]["items"]] == [i["slug"] for i in data["items"]]


def test_the_routine_page_says_the_same_changes(trainee_client: Client, trainee: User) -> None:
    avoiding_kneeling(trainee)
    page = trainee_client.get("/routines/morning-release/").content.decode()
    assert "Child&#x27;s Pose Clock: left out, because it starts kneeling" in page
    assert "Table Top Wag</a>" not in page
    assert 'href="/play/routine/morning-release/?level=beginner"' in page


def test_without_an_account_the_quick_relief_answers_in_the_query_count(client: Client) -> None:
    cleared(client)
    # No answers: nothing is assumed, the routine plays as written.
    plain = payload_of(client.get(MORNING))
    assert plain["routine"]["relaxed"] == [] and len(plain["items"]) == 7
    data = payload_of(client.get(MORNING, {"avoid": "kneeling"}))
    assert not {item["position"] for item in data["items"]} & KNEELING
    assert len(data["routine"]["relaxed"]) == 4
    # The routine page carries the answers on to the player.
    page = client.get("/routines/morning-release/", {"avoid": "kneeling", "state": "stiff"}).content.decode()
    assert "/play/routine/morning-release/?level=beginner&amp;avoid=kneeling&amp;state=stiff" in page


def test_a_flare_up_day_lowers_the_doses_and_says_so(client: Client) -> None:
    cleared(client)
    written = routine_json(
        builtin_routine(Routine.objects.get(slug="stiff-and-sore-basics"), Level.INTERMEDIATE)
    )
    data = payload_of(
        client.get("/play/routine/stiff-and-sore-basics/", {"state": "flare-up", "level": "intermediate"})
    )
    assert data["routine"]["relaxed"][-1] == "Doses lowered to the gentlest for a flare-up day."
    assert data["routine"]["level"] == "beginner"
    total = {i.slug: i.seconds for i in written.items}
    assert all(item["seconds"] <= total[item["slug"]] for item in data["items"] if item["slug"] in total)
    assert data["routine"]["total_seconds"] < written.total_seconds


def test_nothing_safe_left_is_refused_with_the_reasons(client: Client) -> None:
    cleared(client)
    for url in ("/play/routine/stiff-and-sore-basics/", "/routines/stiff-and-sore-basics/"):
        response = client.get(url, {"avoid": "floor"})
        assert response.status_code == 422
        page = response.content.decode()
        assert "Nothing in Stiff and sore basics is safe for you today" in page
        assert "Figure-4 Rotations, because it starts lying on your back, which you avoid" in page


def test_bad_limits_are_refused_with_a_message(client: Client) -> None:
    cleared(client)
    response = client.get(MORNING, {"state": "grumpy"})
    assert response.status_code == 400
    assert "grumpy" in response.content.decode()


def test_an_items_own_note_shows_on_the_routine_page_and_in_the_player(client: Client) -> None:
    cleared(client)
    note = "Within an hour of getting out of bed, roll down only until your hands reach your knees."
    assert note in client.get("/routines/morning-release/").content.decode()
    data = payload_of(client.get(MORNING))
    curl = next(item for item in data["items"] if item["slug"] == "jefferson-curl")
    assert curl["note"].startswith(note)
    assert all(item["note"] is None for item in data["items"] if item["slug"] != "jefferson-curl")


def test_a_replay_honours_todays_limits_and_keeps_the_rest_as_recorded(
    trainee_client: Client, trainee: User
) -> None:
    written = routine_json(builtin_routine(Routine.objects.get(slug="morning-release"), Level.BEGINNER))
    past = record_session(
        SessionIn.model_validate(report(written.model_dump(mode="json"), source="web")), user=trainee
    )
    unchanged = payload_of(trainee_client.get(reverse("play:again", args=[past.pk])))
    assert unchanged["prescription"] == past.prescription
    avoiding_kneeling(trainee)
    data = payload_of(trainee_client.get(reverse("play:again", args=[past.pk])))
    assert not {item["position"] for item in data["items"]} & KNEELING
    assert len(data["routine"]["relaxed"]) == 4
    recorded = {i["slug"]: i for i in past.prescription["items"]}
    curl = next(i for i in data["prescription"]["items"] if i["slug"] == "jefferson-curl")
    assert curl == recorded["jefferson-curl"]  # kept exactly as it was prescribed then


def test_a_program_workout_honours_avoided_positions(client_of: Client, trainee: User) -> None:
    avoiding_kneeling(trainee)
    enrolled(trainee, "morning-release-four-weeks")
    give_pain(client_of, 1, 2)
    page = client_of.get(reverse("programs:workout", args=[1])).content.decode()
    assert (
        "Table Top Wag: left out, because it starts on hands and knees, which you avoid,"
        " and it has no other version you can do." in page
    )
    assert "Spinal Wave: swapped for" in page
    data = payload_of(client_of.get(reverse("programs:play", args=[1])))
    assert not {item["position"] for item in data["items"]} & KNEELING
    assert data["items"]


def test_a_program_workout_on_a_flare_up_day_is_gentle(client_of: Client, trainee: User) -> None:
    enrolled(trainee, "morning-release-four-weeks")
    give_pain(client_of, 1, 6)  # above the 5/10 limit: a flare-up day
    data = payload_of(client_of.get(reverse("programs:play", args=[1])))
    assert data["routine"]["level"] == "beginner"
    page = client_of.get(reverse("programs:play", args=[1])).content.decode()
    assert "flare-up day" in page
    assert json.dumps(data["items"])  # plays something gentle rather than refusing


def test_the_terminal_and_the_web_adapt_a_built_in_routine_alike(
    trainee_client: Client, trainee: Any
) -> None:
    from spinewise.cli import parse_request, resolve_routine

    avoiding_kneeling(trainee)
    web = payload_of(trainee_client.get(MORNING))
    request = parse_request(9, "beginner", "none", "kneeling", "fine", "balanced", None, None)
    _, _, planned = resolve_routine("morning-release", request, equipment_given=False)
    assert [i.exercise.slug for i in planned.items] == [i["slug"] for i in web["items"]]
    assert list(planned.relaxed) == web["routine"]["relaxed"]
