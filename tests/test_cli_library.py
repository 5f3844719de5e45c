"""`spinewise exercises` and `spinewise exercise`: the library from the terminal, as a table or JSON.

The command's prepare() migrates and loads content on the test database, which already holds the
real library, so it finds nothing to do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from spinewise.cli import app
from spinewise.library.models import Exercise
from spinewise.library.schema import ExerciseJSON
from tests.factories import write_exercise

pytestmark = pytest.mark.django_db

# The keys a script may rely on...
REQUIRED_KEYS = {
    "slug", "name", "aliases", "category", "position", "equipment", "targets", "direction", "phase",
    "flare_up_ok", "difficulty", "doses", "seconds_per_rep", "steps", "breathing", "cautions", "easier",
    "harder", "sources",
}  # fmt: skip
# ...and the rest of the shared ExerciseJSON shape: the page's other text, and whether it is retired.
KEYS = REQUIRED_KEYS | {"summary", "feel", "skip_if", "retired"}
DOSE_KEYS = {"sets", "reps", "hold_seconds", "duration_seconds", "per_side", "rest_seconds"}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def said(text: str) -> str:
    """Rich wraps long error lines; compare with the wrapping undone."""
    return " ".join(text.split())


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)


def active(**filters: Any) -> set[str]:
    return set(Exercise.objects.active().filter(**filters).values_list("slug", flat=True))


def test_it_prints_every_active_exercise_as_json() -> None:
    data = run_json("exercises")

    assert isinstance(data, list)
    assert set(ExerciseJSON.model_fields) == KEYS
    assert {item["slug"] for item in data} == active()
    for item in data:
        assert set(item) == KEYS, item["slug"]
        assert set(item["doses"]) == {"beginner", "intermediate", "advanced"}
        for level, dose in item["doses"].items():
            assert set(dose) == DOSE_KEYS, (item["slug"], level)
            measures = [dose[k] for k in ("reps", "hold_seconds", "duration_seconds")]
            assert sum(m is not None for m in measures) == 1, (item["slug"], level)
        ExerciseJSON.model_validate(item)  # the one shared shape


def test_it_prints_unused_dose_fields_as_null() -> None:
    [child] = run_json("exercises", "--search", "balasana")

    assert child["slug"] == "childs-pose"
    assert child["doses"]["beginner"] == dict(
        sets=1, reps=None, hold_seconds=15, duration_seconds=None, per_side=False, rest_seconds=0
    )
    assert child["seconds_per_rep"] is None
    assert child["equipment"] == []


def test_it_filters_with_and_across_options() -> None:
    data = run_json("exercises", "--equipment", "none", "--position", "standing", "--target", "hips")

    slugs = {item["slug"] for item in data}
    assert slugs == {
        ex.slug
        for ex in Exercise.objects.active().with_tags()
        if ex.position == "standing" and not ex.equipment_slugs() and "hips" in ex.target_slugs()
    }
    assert slugs
    for item in data:
        assert item["position"] == "standing"
        assert item["equipment"] == []
        assert "hips" in item["targets"]


def test_it_filters_with_or_within_one_option() -> None:
    data = run_json("exercises", "--position", "standing,wall", "--category", "strength")

    assert {item["slug"] for item in data} == active(position__in=["standing", "wall"], category="strength")
    assert {item["position"] for item in data} == {"standing", "wall"}


def test_it_searches_names_and_aliases() -> None:
    assert [item["slug"] for item in run_json("exercises", "--search", "bird dog")] == ["bird-dog"]
    assert "childs-pose" in [item["slug"] for item in run_json("exercises", "--search", "childs pose")]
    assert [item["slug"] for item in run_json("exercises", "--search", "trampoline")] == []


def test_it_leaves_retired_exercises_out_of_the_list() -> None:
    Exercise.objects.filter(slug="bird-dog").update(retired=True)

    assert run_json("exercises", "--search", "bird dog") == []


def test_it_prints_one_exercise_as_json() -> None:
    cat_cow = run_json("exercise", "cat-cow")

    assert set(cat_cow) == KEYS
    assert cat_cow["slug"] == "cat-cow"
    assert cat_cow["name"] == "Cat-Cow"
    assert cat_cow["position"] == "quadruped"
    assert cat_cow["direction"] == ["flexion", "extension"]
    assert cat_cow["doses"]["intermediate"] == dict(
        sets=2, reps=10, hold_seconds=None, duration_seconds=None, per_side=False, rest_seconds=15
    )
    assert cat_cow["doses"]["advanced"]["duration_seconds"] == 120
    assert cat_cow["doses"]["advanced"]["reps"] is None
    assert cat_cow["easier"] == ["seated-cat-cow"]
    assert cat_cow["breathing"][0].startswith("Step 2: ")
    assert cat_cow["sources"] == ["001_7241761f44715a89.txt", "002_d78a7bad0a95dc67.txt"]
    assert cat_cow["steps"] == Exercise.objects.get(slug="cat-cow").steps


def test_it_shows_one_exercise_as_text() -> None:
    result = run("exercise", "sphinx")

    assert result.exit_code == 0, result.output
    sphinx = Exercise.objects.get(slug="sphinx")
    assert "Sphinx" in result.stdout
    assert "hold 15 s" in result.stdout and "hold 60 s" in result.stdout
    assert sphinx.cautions[0][:40] in result.stdout.replace("\n", " ")
    assert "Easier: prone-lying" in result.stdout


def test_it_names_the_closest_slug_for_an_unknown_exercise() -> None:
    result = run("exercise", "cat-cwo")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no exercise 'cat-cwo'" in said(result.stderr)
    assert "did you mean cat-cow" in said(result.stderr)


def test_it_lists_valid_slugs_when_nothing_is_close() -> None:
    result = run("exercise", "zzzzzz", "--json")

    assert result.exit_code == 2
    assert "valid values:" in said(result.stderr)
    assert "cat-cow" in said(result.stderr)


@pytest.mark.parametrize(
    ("option", "value", "closest"),
    [
        ("--position", "standng", "standing"),
        ("--position", "seated", "seated-floor"),
        ("--equipment", "foam-rolle", "foam-roller"),
        ("--target", "hip", "hips"),
        ("--category", "stretching", "stretch"),
    ],
)
def test_it_names_the_closest_value_for_an_unknown_filter(option: str, value: str, closest: str) -> None:
    result = run("exercises", option, value, "--json")

    assert result.exit_code == 2
    assert result.stdout == ""  # no half-printed JSON
    assert f"'{value}'" in said(result.stderr)
    assert f"did you mean {closest}" in said(result.stderr)


def test_it_checks_every_value_of_a_list() -> None:
    result = run("exercises", "--position", "standing,lying")

    assert result.exit_code == 2
    assert "unknown position 'lying'" in said(result.stderr)


def test_it_prints_a_table_with_names() -> None:
    result = run("exercises", "--position", "wall")

    assert result.exit_code == 0, result.output
    names = Exercise.objects.active().filter(position="wall").values_list("name", flat=True)
    assert f"{len(names)} exercises" in result.stdout
    for name in names:
        assert name in result.stdout
    assert "Cat-Cow" not in result.stdout


def test_it_prints_the_whole_library_as_a_table() -> None:
    result = run("exercises")

    assert result.exit_code == 0, result.output
    assert f"{Exercise.objects.active().count()} exercises" in result.stdout
    for slug in ("cat-cow", "sphinx", "plank", "bridge"):
        assert slug in result.stdout


@pytest.mark.parametrize("typed", ["x[/]", "[red]cat-cow", "[bold]"])
def test_it_quotes_what_was_typed_literally(typed: str) -> None:
    for args in (("exercise", typed), ("exercises", "--position", typed)):
        result = run(*args)

        assert result.exit_code == 2, result.exception
        assert f"'{typed}'" in said(result.stderr)


def test_it_shows_a_retired_exercise_by_its_slug() -> None:
    Exercise.objects.filter(slug="bird-dog").update(retired=True)

    text = run("exercise", "bird-dog")
    data = run_json("exercise", "bird-dog")

    assert text.exit_code == 0
    assert "Retired" in text.stdout
    assert data["retired"] is True


def test_it_loads_nothing_and_says_why_when_the_content_is_bad(tmp_path: Path, settings: Any) -> None:
    write_exercise(tmp_path / "exercises", "roll-later", category="foam-rolling", phase=["main"])
    (tmp_path / "routines").mkdir()
    settings.CONTENT_DIR = tmp_path
    before = Exercise.objects.active().count()

    result = run("exercises", "--json")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "roll-later.yaml: roll-later: field 'phase':" in said(result.stderr)
    assert "its phase must be [warm-up]" in said(result.stderr)
    assert Exercise.objects.active().count() == before
