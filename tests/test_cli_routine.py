from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine
from typer.testing import CliRunner

from spinewise.cli import app

runner = CliRunner()
ITEM_KEYS = {
    "slug",
    "name",
    "phase",
    "position",
    "equipment",
    "sets",
    "reps",
    "hold_seconds",
    "duration_seconds",
    "per_side",
    "rest_seconds",
    "seconds",
}


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.django_db
def test_it_prints_a_routine_as_json_in_the_documented_shape() -> None:
    code, output = run("routine", "--minutes", "9", "--seed", "3", "--json")
    assert code == 0, output
    data = json.loads(output)
    assert set(data) == {"total_seconds", "position_changes", "relaxed", "items"}
    assert data["items"] and all(set(item) == ITEM_KEYS for item in data["items"])
    assert abs(data["total_seconds"] - 540) <= 54
    for item in data["items"]:
        measures = [item[k] for k in ("reps", "hold_seconds", "duration_seconds") if item[k] is not None]
        assert len(measures) == 1


@pytest.mark.django_db
def test_it_prints_a_table_with_times_total_and_position_changes() -> None:
    code, output = run("routine", "--minutes", "12", "--state", "stiff", "--avoid", "kneeling", "--seed", "1")
    assert code == 0, output
    assert "Total about" in output and "position change" in output
    assert "quadruped" not in output and "half-kneeling" not in output


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_routine_and_the_default_seed_is_today() -> None:
    first = run("routine", "--minutes", "15", "--seed", "20261121", "--json")[1]
    assert first == run("routine", "--minutes", "15", "--seed", "20261121", "--json")[1]
    with time_machine.travel(date(2026, 11, 21)):
        assert run("routine", "--minutes", "15", "--json")[1] == first


@pytest.mark.django_db
def test_it_honours_equipment_and_avoided_positions() -> None:
    code, output = run("routine", "--minutes", "20", "--equipment", "chair", "--avoid", "floor", "--json")
    assert code == 0, output
    data = json.loads(output)
    floor = {"supine", "prone", "side-lying", "quadruped", "kneeling", "half-kneeling", "seated-floor"}
    assert data["items"]
    assert all(item["position"] not in floor for item in data["items"])
    assert all(set(item["equipment"]) <= {"chair"} for item in data["items"])


@pytest.mark.django_db
def test_it_prints_a_built_in_routine_and_lists_them() -> None:
    code, output = run("routine", "--name", "morning-release", "--json")
    assert code == 0, output
    assert [i["slug"] for i in json.loads(output)["items"]][:2] == ["table-top-wag", "spinal-wave"]
    code, output = run("routines")
    assert code == 0
    for slug in (
        "morning-release",
        "seven-back-stretches",
        "thirteen-stretches",
        "roll-and-strengthen",
        "stiff-and-sore-basics",
    ):
        assert slug in output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--minutes", "4"], "between 5 and 30"),
        (["--minutes", "31"], "between 5 and 30"),
        (["--equipment", "foam-rolr"], "foam-roller"),
        (["--avoid", "kneelin"], "kneeling"),
        (["--state", "sore"], "valid values"),
        (["--level", "expert"], "valid values"),
        (["--focus", "strenght"], "strength"),
        (["--prefer", "flexon"], "flexion"),
        (["--equipment", "none,chair"], "cannot be combined"),
        (["--avoid", "floor,standing,wall,seated-chair"], "every start position"),
    ],
)
@pytest.mark.django_db
def test_it_exits_2_on_bad_input_and_names_valid_values(args: list[str], expected: str) -> None:
    code, output = run("routine", *args)
    assert code == 2
    assert expected in output


@pytest.mark.django_db
def test_it_names_the_closest_routine_for_an_unknown_name() -> None:
    code, output = run("routine", "--name", "morning-relase")
    assert code == 2
    assert "morning-release" in output


@pytest.mark.django_db
def test_a_built_in_routine_with_nothing_safe_left_is_refused_with_each_reason() -> None:
    # Roll and strengthen is foam rolling and strength holds: none of it suits a flare-up day.
    code, output = run(
        "routine", "--name", "roll-and-strengthen", "--equipment", "none", "--state", "flare-up", "--json"
    )
    assert code == 2
    text = " ".join(output.split())
    assert "Nothing in this routine is left that you can do safely today" in text
    assert "Foam Roll Glutes, because it needs a foam roller, which you do not have" in text
    assert "Lunge, because it is not gentle enough for a flare-up day" in text
    assert "Plank, because it is not gentle enough for a flare-up day" in text
    assert "A planned routine can choose other exercises for you." in text


@pytest.mark.django_db
def test_a_built_in_routine_is_adapted_to_a_flare_up_day() -> None:
    code, output = run("routine", "--name", "stiff-and-sore-basics", "--state", "flare-up", "--json")
    assert code == 0, output
    data = json.loads(output)
    assert data["items"], data
    # Every dose is the exercise's gentlest (beginner) one, and the routine says so.
    assert any(n.startswith("Doses lowered") for n in data["relaxed"]), data["relaxed"]


@pytest.mark.django_db
def test_the_table_prints_each_change_with_its_reason() -> None:
    code, output = run("routine", "--name", "morning-release", "--avoid", "kneeling")
    assert code == 0, output
    text = " ".join(output.split())
    assert "Note: Spinal Wave: swapped for Cobra Pose, because it starts kneeling, which you avoid." in text
    assert "Note: King Cobra: swapped for Sphinx, because it starts kneeling, which you avoid." in text
    assert "Note: Table Top Wag: left out, because it starts on hands and knees, which you avoid" in text
    assert "Child's Pose" not in text.split("Total about")[0]


@pytest.mark.django_db
def test_a_built_in_routine_without_equipment_given_assumes_what_it_uses() -> None:
    code, output = run("routine", "--name", "roll-and-strengthen", "--json")
    assert code == 0, output
    data = json.loads(output)
    assert [i["slug"] for i in data["items"]][:3] == [
        "foam-roll-glutes",
        "foam-roll-arm-reach",
        "foam-roll-rotation",
    ]
    assert len(data["items"]) == 7 and data["relaxed"] == []


@pytest.mark.django_db
def test_a_built_in_routine_with_nothing_safe_left_is_refused_with_the_reasons() -> None:
    code, output = run(
        "routine", "--name", "morning-release", "--state", "flare-up", "--avoid", "kneeling,floor"
    )
    assert code == 2
    text = " ".join(output.split())
    assert "Morning release: Nothing in this routine is left that you can do safely today" in text
    assert "Jefferson Curl, because it is not gentle enough for a flare-up day" in text
    assert "Crossed-Leg Clocks, because it starts sitting on the floor, which you avoid" in text
