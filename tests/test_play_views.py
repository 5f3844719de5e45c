"""The browser player's pages: who may play, what the page carries, the queries it takes."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spinewise.library.models import Exercise
from spinewise.planning.model import Profile
from spinewise.planning.progression import ACCEPTABLE_PAIN
from spinewise.planning.request import today_seed
from spinewise.planning.vocabulary import (
    Equipment,
    Focus,
    Level,
    Position,
    Preference,
    State,
    transition_seconds,
)
from spinewise.safety.models import Screening
from spinewise.training.models import Routine, Session
from spinewise.training.schema import SessionIn
from spinewise.training.services import (
    build_routine,
    builtin_routine,
    record_session,
    routine_json,
)
from spinewise.training.timeline import item_segments, transition
from tests.play_helpers import (
    cleared,
    expected_segments,
    past_session,
    payload_of,
    planned_prescription,
    post_json,
    report,
)

# ---------------------------------------------------------------- the player pages


@pytest.mark.django_db
def test_it_plays_a_planned_routine_with_the_terminal_players_segments(client: Client) -> None:
    data = payload_of(cleared(client).get(reverse("play:plan"), {"minutes": 12, "seed": 3}))
    prescription = data["prescription"]
    assert prescription == routine_json(build_routine(Profile(), 12, 3)).model_dump(mode="json")
    assert [i["slug"] for i in data["items"]] == [i["slug"] for i in prescription["items"]]
    for index, item in enumerate(data["items"]):
        assert item["segments"] == expected_segments(prescription, index), item["slug"]
        assert item["seconds"] == prescription["items"][index]["seconds"]
        assert item["dose"]["sets"] == prescription["items"][index]["sets"]
    assert data["items"][-1]["segments"][-1]["kind"] != "transition"
    assert data["routine"] == {
        "name": "12-minute routine",
        "slug": None,
        "level": "beginner",
        "total_seconds": prescription["total_seconds"],
        "position_changes": prescription["position_changes"],
        "relaxed": prescription["relaxed"],
    }


@pytest.mark.django_db
def test_it_gives_each_item_its_exercise_info(client: Client) -> None:
    data = payload_of(cleared(client).get(reverse("play:routine", args=["seven-back-stretches"])))
    cat_cow = next(i for i in data["items"] if i["slug"] == "cat-cow")
    ex = Exercise.objects.get(slug="cat-cow")
    info = cat_cow["exercise"]
    assert info["name"] == ex.name
    assert info["position"] == "quadruped"
    assert [s["text"] for s in info["steps"]] == ex.steps
    assert info["steps"][1]["breathing"] == ["Breathe in as your back arches."]
    assert info["breathing"] == [c["cue"] for c in ex.breathing]
    assert info["cautions"] == ex.cautions
    assert info["url"] == reverse("library:exercise", args=["cat-cow"])


@pytest.mark.django_db
def test_it_gives_easier_and_harder_variants_with_their_own_doses_and_segments(client: Client) -> None:
    data = payload_of(
        cleared(client).get(reverse("play:routine", args=["seven-back-stretches"]), {"level": "advanced"})
    )
    items = data["items"]
    index = next(n for n, i in enumerate(items) if i["slug"] == "sphinx")
    sphinx = items[index]
    assert [v["slug"] for v in sphinx["easier"]] == ["prone-lying"]
    assert {v["slug"] for v in sphinx["harder"]} == {"cobra-pose", "prone-press-up"}
    following = items[index + 1] if index + 1 < len(items) else None
    for variant in sphinx["easier"] + sphinx["harder"]:
        ex = Exercise.objects.get(slug=variant["slug"])
        dose = ex.dose_for("advanced")
        assert variant["dose"] == {
            "sets": dose.sets,
            "reps": dose.reps,
            "hold_seconds": dose.hold_seconds,
            "duration_seconds": dose.duration_seconds,
            "per_side": dose.per_side,
            "rest_seconds": dose.rest_seconds,
        }
        assert variant["dose_text"] == dose.describe()
        assert variant["seconds"] == dose.seconds(ex.seconds_per_rep)
        assert variant["exercise"]["name"] == ex.name
        segments = [asdict(s) for s in item_segments(dose, ex.seconds_per_rep)]
        if following is not None:
            allowance = transition_seconds(Position(ex.position), Position(following["position"]))
            segments.append(asdict(transition(following["name"], allowance)))
        assert variant["segments"] == segments


@pytest.mark.django_db
def test_it_plans_with_the_command_lines_defaults(client: Client) -> None:
    data = payload_of(cleared(client).get(reverse("play:plan")))
    expected = routine_json(build_routine(Profile(), 9, today_seed()))
    assert data["prescription"] == expected.model_dump(mode="json")
    assert data["routine"]["name"] == "9-minute routine"
    assert data["speed"] == 1.0


@pytest.mark.django_db
def test_the_player_and_its_page_state_one_pain_limit(client: Client) -> None:
    response = cleared(client).get(reverse("play:plan"))
    assert payload_of(response)["pain_limit"] == ACCEPTABLE_PAIN == 5
    assert "Pain during the exercises may reach 5 out of 10." in response.content.decode()


@pytest.mark.django_db
def test_it_plans_from_every_parameter_comma_separated_or_repeated(client: Client) -> None:
    profile = Profile(
        level=Level.INTERMEDIATE,
        equipment=frozenset({Equipment.CHAIR, Equipment.TOWEL}),
        avoid=frozenset({Position.QUADRUPED, Position.KNEELING, Position.HALF_KNEELING, Position.PRONE}),
        state=State.STIFF,
        focus=Focus.MOBILITY,
        prefer=Preference.EXTENSION,
    )
    expected = routine_json(build_routine(profile, 20, 5)).model_dump(mode="json")
    cleared(client)
    comma = (
        "minutes=20&level=intermediate&equipment=chair,towel&avoid=kneeling,prone"
        "&state=stiff&focus=mobility&prefer=extension&seed=5"
    )
    repeated = (
        "minutes=20&level=intermediate&equipment=chair&equipment=towel&avoid=kneeling&avoid=prone"
        "&state=stiff&focus=mobility&prefer=extension&seed=5&speed=60"
    )
    first = payload_of(client.get(f"{reverse('play:plan')}?{comma}"))
    second = payload_of(client.get(f"{reverse('play:plan')}?{repeated}"))
    assert first["prescription"] == second["prescription"] == expected
    assert first["routine"]["level"] == "intermediate"
    assert second["speed"] == 60.0


@pytest.mark.django_db
def test_variants_keep_to_the_requests_equipment_positions_and_bad_day(client: Client) -> None:
    cleared(client)
    # Cat-Cow's easier version is done on a chair: offered with a chair, not without one.
    from spinewise.training.payload import player_payload

    seven = routine_json(builtin_routine(Routine.objects.get(slug="seven-back-stretches"), Level.BEGINNER))

    def cat_cow_easier(profile: Profile) -> list[str]:
        data = player_payload(seven, Level.BEGINNER, name="x", profile=profile)
        return [v["slug"] for i in data["items"] if i["slug"] == "cat-cow" for v in i["easier"]]

    assert cat_cow_easier(Profile(equipment=frozenset({Equipment.CHAIR}))) == ["seated-cat-cow"]
    assert cat_cow_easier(Profile()) == []
    assert (
        cat_cow_easier(
            Profile(equipment=frozenset({Equipment.CHAIR}), avoid=frozenset({Position.SEATED_CHAIR}))
        )
        == []
    )
    unfiltered = payload_of(client.get(reverse("play:routine", args=["seven-back-stretches"])))
    cat_cow = next(i for i in unfiltered["items"] if i["slug"] == "cat-cow")
    assert [(v["slug"], v["equipment"]) for v in cat_cow["easier"]] == [("seated-cat-cow", ["chair"])]

    data = payload_of(client.get(reverse("play:plan"), {"minutes": 30, "avoid": "prone", "seed": 11}))
    variants = [v for i in data["items"] for v in i["easier"] + i["harder"]]
    assert variants, "a 30-minute routine has some variants"
    assert all(v["equipment"] == [] and v["position"] != "prone" for v in variants)

    flare = payload_of(
        client.get(reverse("play:plan"), {"minutes": 15, "state": "flare-up", "level": "advanced"})
    )
    assert flare["routine"]["level"] == "beginner"  # a flare-up day doses variants at their gentlest
    flare_variants = [v["slug"] for i in flare["items"] for v in i["easier"] + i["harder"]]
    gentle = set(
        Exercise.objects.filter(slug__in=flare_variants, flare_up_ok=True).values_list("slug", flat=True)
    )
    assert set(flare_variants) == gentle


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"minutes": 99}, "Minutes must be between 5 and 30."),
        ({"minutes": "ten"}, "Minutes must be a whole number from 5 to 30."),
        ({"level": "expert"}, "Unknown level “expert”: choose beginner, intermediate or advanced."),
        ({"equipment": "kettlebell"}, "Unknown equipment “kettlebell”"),
        ({"equipment": "none,chair"}, "Equipment “none” cannot be combined with equipment names."),
        ({"avoid": "ceiling"}, "Unknown position to avoid “ceiling”"),
        ({"avoid": "floor,standing,wall,seated-chair"}, "Every start position is avoided"),
        ({"state": "awful"}, "Unknown state of the day “awful”: choose fine, stiff or flare-up."),
        ({"focus": "cardio"}, "Unknown focus “cardio”"),
        ({"prefer": "sideways"}, "Unknown preference “sideways”: choose none, flexion or extension."),
        ({"seed": "-1"}, "The seed must be a whole number"),
        ({"speed": "0"}, "Speed must be a number from 1 to 1000."),
        ({"speed": "5000"}, "Speed must be a number from 1 to 1000."),
    ],
)
@pytest.mark.django_db
def test_it_refuses_bad_parameters_with_clear_messages(
    client: Client, params: dict[str, Any], message: str
) -> None:
    response = cleared(client).get(reverse("play:plan"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert b"player-data" not in response.content


@pytest.mark.django_db
def test_it_lists_every_problem_at_once(client: Client) -> None:
    response = cleared(client).get(reverse("play:plan"), {"minutes": 2, "level": "pro"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Minutes must be between 5 and 30." in body and "Unknown level “pro”" in body


@pytest.mark.django_db
def test_it_says_so_when_no_routine_fits(client: Client) -> None:
    # Only seated-chair moves are left, and every one of them needs a chair.
    response = cleared(client).get(
        reverse("play:plan"), {"avoid": "floor,standing,wall", "equipment": "none"}
    )
    assert response.status_code == 422
    assert "No routine fits these settings" in response.content.decode()
    assert "No exercise in the library fits" in response.content.decode()


@pytest.mark.django_db
def test_it_plays_a_built_in_routine_at_a_level(client: Client) -> None:
    response = cleared(client).get(
        reverse("play:routine", args=["seven-back-stretches"]), {"level": "intermediate"}
    )
    data = payload_of(response)
    row = Routine.objects.get(slug="seven-back-stretches")
    assert data["prescription"] == routine_json(builtin_routine(row, Level.INTERMEDIATE)).model_dump(
        mode="json"
    )
    assert data["routine"]["name"] == row.name
    assert data["routine"]["slug"] == "seven-back-stretches"
    assert data["routine"]["level"] == "intermediate"
    for index, item in enumerate(data["items"]):
        assert item["segments"] == expected_segments(data["prescription"], index)


@pytest.mark.django_db
def test_it_refuses_an_unknown_level_for_a_built_in_routine(client: Client) -> None:
    response = cleared(client).get(reverse("play:routine", args=["seven-back-stretches"]), {"level": "elite"})
    assert response.status_code == 400
    assert "Unknown level “elite”" in response.content.decode()


@pytest.mark.django_db
def test_unknown_and_retired_routines_are_not_found(client: Client) -> None:
    cleared(client)
    assert client.get(reverse("play:routine", args=["no-such-routine"])).status_code == 404
    Routine.objects.filter(slug="morning-release").update(retired=True)
    assert client.get(reverse("play:routine", args=["morning-release"])).status_code == 404


@pytest.mark.django_db
def test_it_replays_a_past_session_from_its_snapshot_for_its_owner_only(
    trainee_client: Client, stranger_client: Client, trainee: Any
) -> None:
    past = past_session(trainee)
    # The library changes afterwards; the replay keeps the routine as it was prescribed.
    first = past.prescription["items"][0]["slug"]
    Exercise.objects.filter(slug=first).update(name="Renamed since")
    data = payload_of(trainee_client.get(reverse("play:again", args=[past.pk])))
    assert data["prescription"] == past.prescription
    assert data["items"][0]["name"] == past.prescription["items"][0]["name"]
    assert data["routine"]["name"] == past.routine_name
    for index, item in enumerate(data["items"]):
        assert item["segments"] == expected_segments(past.prescription, index)
    assert stranger_client.get(reverse("play:again", args=[past.pk])).status_code == 404
    assert trainee_client.get(reverse("play:again", args=[past.pk + 1000])).status_code == 404


@pytest.mark.django_db
def test_replaying_needs_an_account(client: Client, trainee: Any) -> None:
    past = past_session(trainee)
    response = cleared(client).get(reverse("play:again", args=[past.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.django_db
def test_the_page_shows_the_routine_and_a_message_without_javascript(client: Client) -> None:
    response = cleared(client).get(reverse("play:routine", args=["stiff-and-sore-basics"]))
    data = payload_of(response)
    body = response.content.decode()
    assert "<noscript>" in body and "The guided player needs JavaScript" in body
    assert body.count('data-testid="routine-item"') == len(data["items"]) == 3
    for item in data["items"]:
        assert item["name"] in body and item["dose_text"] in body
    # The player itself stays hidden until its script shows it.
    assert re.search(r'<div id="player"[^>]*\shidden[\s>]', body)


@pytest.mark.django_db
def test_the_page_has_stable_hooks_for_browser_tests(trainee_client: Client) -> None:
    body = trainee_client.get(reverse("play:routine", args=["stiff-and-sore-basics"])).content.decode()
    for hook in (
        "start",
        "countdown",
        "phase-label",
        "rep-counter",
        "breath",
        "next-up",
        "progress",
        "pause",
        "skip",
        "back",
        "easier",
        "harder",
        "hurts",
        "helps",
        "stop",
        "speech-toggle",
        "announcer",
        "pain-before-0",
        "worst-pain-10",
        "pain-after-3",
        "effort-5",
        "notes",
        "save",
        "saved",
    ):
        assert f'data-testid="{hook}"' in body, hook
    assert 'aria-live="polite"' in body
    assert "spinewise/player/main.js" in body and "spinewise/player.css" in body


@pytest.mark.django_db
def test_anonymous_people_play_but_nothing_is_saved(client: Client) -> None:
    response = cleared(client).get(reverse("play:routine", args=["stiff-and-sore-basics"]))
    data = payload_of(response)
    assert data["save_url"] is None and "token" not in data
    # Pain before and after are asked of everyone; without an account they stay on the page.
    assert data["ask_pain_before"] is True
    body = response.content.decode()
    assert 'data-testid="account-note"' in body and "to keep a history of your sessions" in body
    assert 'id="end-form" class="end-form" data-local="true"' in body
    assert "they are not sent or stored anywhere" in body


@pytest.mark.django_db
def test_signed_in_people_are_asked_pain_before_and_get_a_save_url(trainee_client: Client) -> None:
    data = payload_of(trainee_client.get(reverse("play:plan")))
    assert data["save_url"] == reverse("play:sessions")
    assert data["ask_pain_before"] is True


# ---------------------------------------------------------------- a fixed number of queries


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_a_planned_player_page_makes_the_same_queries_for_5_and_30_minutes(
    trainee_client: Client, django_assert_num_queries: Any
) -> None:
    short = f"{reverse('play:plan')}?minutes=5&seed=1"
    long = f"{reverse('play:plan')}?minutes=30&seed=1"
    assert len(payload_of(trainee_client.get(short))["items"]) < len(
        payload_of(trainee_client.get(long))["items"]
    )
    expected = count_queries(trainee_client, short)
    assert expected <= 16
    with django_assert_num_queries(expected):
        trainee_client.get(long)


@pytest.mark.django_db
def test_a_built_in_player_page_makes_the_same_queries_for_3_and_13_items(
    trainee_client: Client, django_assert_num_queries: Any
) -> None:
    expected = count_queries(trainee_client, reverse("play:routine", args=["stiff-and-sore-basics"]))
    with django_assert_num_queries(expected):
        trainee_client.get(reverse("play:routine", args=["thirteen-stretches"]))


@pytest.mark.django_db
def test_a_replay_makes_the_same_queries_whatever_the_routines_length(
    trainee_client: Client, trainee: Any, django_assert_num_queries: Any
) -> None:
    short = record_session(
        SessionIn.model_validate(report(planned_prescription(5, 1), source="web")), user=trainee
    )
    long = record_session(
        SessionIn.model_validate(report(planned_prescription(30, 1), source="web")), user=trainee
    )
    expected = count_queries(trainee_client, reverse("play:again", args=[short.pk]))
    with django_assert_num_queries(expected):
        trainee_client.get(reverse("play:again", args=[long.pk]))


# ---------------------------------------------------------------- the safety gate


@pytest.mark.django_db
def test_anonymous_people_take_the_quick_check_first(client: Client) -> None:
    for url in (f"{reverse('play:plan')}?minutes=9", reverse("play:routine", args=["morning-release"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('safety:quick-check')}?{urlencode({'next': url})}"
    response = post_json(client, reverse("play:sessions"), report(planned_prescription()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("safety:quick-check"))


@pytest.mark.django_db
def test_signed_in_people_take_the_screening_first(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    for url in (
        reverse("play:plan"),
        reverse("play:routine", args=["morning-release"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("safety:screening"))
    response = post_json(client, reverse("play:sessions"), report(planned_prescription()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("safety:screening"))
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_screening_that_refers_keeps_the_player_closed(client: Client, trainee: Any) -> None:
    Screening.objects.create(user=trainee, source="web", answers={"infection": True}, urgency=3)
    client.force_login(trainee)
    response = client.get(reverse("play:routine", args=["morning-release"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("safety:screening"))
