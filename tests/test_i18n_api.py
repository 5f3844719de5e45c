"""The API speaks the language of Accept-Language: content through `localized`, error details
through the catalogue; JSON keys and enum values stay English; Content-Language says which."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from spinewise.assessments.models import HomeTest
from spinewise.library.i18n import localized
from spinewise.library.models import Exercise
from spinewise.programs.models import Program
from spinewise.training.models import Routine
from tests.api_helpers import TokenClient, detail
from tests.programs_helpers import screened

pytestmark = pytest.mark.django_db


def es(message: str) -> str:
    with translation.override("es"):
        return translation.gettext(message)


@pytest.fixture
def api(trainee: Any) -> TokenClient:
    """The trainee's token, asking for Spanish; their safety check allows exercise."""
    screened(trainee)
    client = TokenClient(trainee)
    client.headers["Accept-Language"] = "es-ES,es;q=0.9"
    return client


def test_an_exercise_in_spanish_with_english_keys_and_values(api: TokenClient) -> None:
    response = api.get("/exercises/cat-cow")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    data = response.json()
    spanish = localized(Exercise.objects.get(slug="cat-cow"), "es")
    english = Exercise.objects.get(slug="cat-cow")
    assert spanish.name != english.name and spanish.steps != english.steps
    assert data["name"] == spanish.name
    assert data["steps"] == list(spanish.steps)
    assert data["cautions"] == list(spanish.cautions)
    # Keys and enum values are the same in every language.
    english_data = TokenClient(api.row.user).get("/exercises/cat-cow").json()
    assert set(data) == set(english_data)
    assert english_data["name"] == english.name
    for key in ("slug", "category", "position", "equipment", "difficulty"):
        assert data[key] == english_data[key]


def test_the_library_list_is_in_spanish(api: TokenClient) -> None:
    items = api.get("/exercises/", limit=200).json()["items"]
    names = {e.slug: localized(e, "es").name for e in Exercise.objects.active()}
    assert items and all(item["name"] == names[item["slug"]] for item in items)


def test_a_planned_routine_in_spanish(api: TokenClient) -> None:
    response = api.post("/routines/plan", {"minutes": 9, "seed": 3})
    assert response.status_code == 200, response.content
    assert response["Content-Language"] == "es"
    data = response.json()
    with translation.override("es"):
        assert data["name"] == translation.gettext("%(minutes)s-minute routine") % {"minutes": 9}
    assert data["name"] != "9-minute routine"
    rows = {
        e.slug: e for e in Exercise.objects.filter(slug__in=[i["slug"] for i in data["routine"]["items"]])
    }
    for item in data["routine"]["items"]:
        assert item["name"] == localized(rows[item["slug"]], "es").name
        assert item["phase"] in {"warm-up", "main", "cool-down"}  # enum values stay English
    assert any(item["name"] != rows[item["slug"]].name for item in data["routine"]["items"])
    # And each item's steps, read from the exercise as the player would, are Spanish.
    first = data["routine"]["items"][0]["slug"]
    assert api.get(f"/exercises/{first}").json()["steps"] == list(localized(rows[first], "es").steps)


def test_built_in_routines_programs_and_home_tests_in_spanish(api: TokenClient) -> None:
    builtin = {r["slug"]: r for r in api.get("/routines/builtin").json()["items"]}
    for row in Routine.objects.active():
        shown = localized(row, "es")
        assert builtin[row.slug]["name"] == shown.name
        assert builtin[row.slug]["description"] == shown.description
    fitted = api.get("/routines/builtin/morning-release").json()
    assert fitted["name"] == localized(Routine.objects.get(slug="morning-release"), "es").name
    programs = {p["slug"]: p for p in api.get("/programs/").json()["items"]}
    for program in Program.objects.active():
        assert programs[program.slug]["name"] == localized(program, "es").name
        assert programs[program.slug]["access"] in {"free", "paid"}
    tests = {t["slug"]: t for t in api.get("/tests/").json()["items"]}
    for test in HomeTest.objects.active():
        shown = localized(test, "es")
        assert tests[test.slug]["name"] == shown.name
        assert tests[test.slug]["steps"] == list(shown.steps)


def test_a_program_workout_in_spanish(api: TokenClient) -> None:
    assert api.post("/programs/morning-release-four-weeks/enrol", {}).status_code == 201
    program = localized(Program.objects.get(slug="morning-release-four-weeks"), "es")
    schedule = api.get("/programs/current").json()
    assert schedule["program"]["name"] == program.name
    today = api.get("/programs/current/today").json()
    number = today["workout"]["number"]
    api.post(f"/programs/current/workouts/{number}/pain", {"pain": 2})
    ready = api.get("/programs/current/today").json()
    workout = next(w for w in schedule["workouts"] if w["number"] == number)
    spanish_names = {w.name for block in program.file.blocks for w in block.workouts}
    english = Program.objects.get(slug="morning-release-four-weeks")
    english_names = {w.name for block in english.file.blocks for w in block.workouts}
    assert {w["name"] for w in schedule["workouts"]} <= spanish_names
    assert spanish_names != english_names
    assert ready["name"] == es("%(program)s: %(workout)s (workout %(number)s)") % {
        "program": program.name,
        "workout": workout["name"],
        "number": number,
    }
    slugs = [i["slug"] for i in ready["routine"]["items"]]
    rows = {e.slug: e for e in Exercise.objects.filter(slug__in=slugs)}
    assert [i["name"] for i in ready["routine"]["items"]] == [localized(rows[s], "es").name for s in slugs]
    missing = api.get("/programs/current/workouts/999")
    assert missing.status_code == 404
    assert detail(missing) == es("%(program)s has workouts 1 to %(count)s.") % {
        "program": program.name,
        "count": len(schedule["workouts"]),
    }


def test_errors_are_in_spanish(api: TokenClient, client: Any) -> None:
    missing = api.get("/exercises/no-such-move")
    assert missing.status_code == 404 and detail(missing) == es("Not Found") != "Not Found"
    assert api.get("/programs/current").json()["detail"] == es(
        "You are not following a program: enrol in one first."
    )
    anonymous = client.get("/api/v1/programs/current", HTTP_ACCEPT_LANGUAGE="es")
    assert anonymous.status_code == 401
    assert detail(anonymous) == es("Sign in, or send a personal API token: Authorization: Bearer sw_...")
    assert anonymous["Content-Language"] == "es"


def test_english_stays_the_default(trainee: Any) -> None:
    screened(trainee)
    api = TokenClient(trainee)
    response = api.get("/exercises/cat-cow")
    assert response["Content-Language"] == "en"
    assert response.json()["name"] == Exercise.objects.get(slug="cat-cow").name
    assert detail(api.get("/programs/current")) == "You are not following a program: enrol in one first."
    unknown = TokenClient(trainee)
    unknown.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
    assert unknown.get("/exercises/cat-cow").json()["name"] == Exercise.objects.get(slug="cat-cow").name
