"""The exercise file schema: what the owner may write in content/exercises, and how a mistake is reported.

Every refusal must name the file, the exercise and the field, so whoever edits the YAML can find it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from spinewise.library.content import ContentError, read_exercises
from spinewise.library.schema import Dose, ExerciseFile
from tests.factories import exercise_data, write_exercise


def problems_in(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as refused:
        read_exercises(folder)
    return refused.value.problems


def only_problem(folder: Path) -> str:
    problems = problems_in(folder)
    assert len(problems) == 1, problems
    return problems[0]


def reps_doses(**beginner: Any) -> dict[str, Any]:
    doses: dict[str, Any] = exercise_data()["doses"]
    doses["beginner"] = {**doses["beginner"], **beginner}
    return doses


# ---------------------------------------------------------------- accepted


def test_it_accepts_a_valid_file(tmp_path: Path) -> None:
    write_exercise(tmp_path, "pelvic-rock", aliases=["Pelvic Rock"], sources=["002_d78a7bad0a95dc67.txt"])

    [exercise] = read_exercises(tmp_path)

    assert exercise.slug == "pelvic-rock"
    assert exercise.position.value == "supine"
    assert exercise.doses.intermediate.reps == 8
    assert exercise.doses.beginner.kind == "reps"
    assert exercise.sources == ["002_d78a7bad0a95dc67.txt"]


def test_it_accepts_variants_that_point_at_other_files(tmp_path: Path) -> None:
    write_exercise(tmp_path, "easy-move", harder=["hard-move"])
    write_exercise(tmp_path, "hard-move", easier=["easy-move"])

    assert sorted(e.slug for e in read_exercises(tmp_path)) == ["easy-move", "hard-move"]


def test_it_skips_files_whose_name_starts_with_an_underscore(tmp_path: Path) -> None:
    write_exercise(tmp_path, "real-move")
    (tmp_path / "_draft.yaml").write_text("this: [is not finished")

    assert [e.slug for e in read_exercises(tmp_path)] == ["real-move"]


def test_it_accepts_a_flare_up_strength_hold_of_exactly_30_seconds(tmp_path: Path) -> None:
    hold = {"sets": 1, "hold_seconds": 30, "per_side": False, "rest_seconds": 0}
    write_exercise(
        tmp_path,
        "gentle-hold",
        category="strength",
        flare_up_ok=True,
        seconds_per_rep=None,
        doses={"beginner": hold, "intermediate": hold, "advanced": hold},
    )

    assert read_exercises(tmp_path)[0].flare_up_ok


# ---------------------------------------------------------------- one file's mistakes


def test_it_refuses_a_position_outside_the_vocabulary(tmp_path: Path) -> None:
    write_exercise(tmp_path, "lie-down", position="lying")

    problem = only_problem(tmp_path)

    assert problem.startswith("lie-down.yaml: lie-down: field 'position':")
    assert "'supine'" in problem  # the message lists the valid spellings


def test_it_refuses_a_dose_with_two_measures(tmp_path: Path) -> None:
    write_exercise(tmp_path, "two-measures", doses=reps_doses(hold_seconds=20))

    problem = only_problem(tmp_path)

    assert problem.startswith("two-measures.yaml: two-measures: field 'doses.beginner':")
    assert "exactly one of reps, hold_seconds or duration_seconds" in problem
    assert "got reps, hold_seconds" in problem


def test_it_refuses_a_dose_with_no_measure(tmp_path: Path) -> None:
    write_exercise(tmp_path, "no-measure", doses=reps_doses(reps=None))

    problem = only_problem(tmp_path)

    assert problem.startswith("no-measure.yaml: no-measure: field 'doses.beginner':")
    assert "got none" in problem


def test_it_refuses_a_dose_field_it_does_not_know(tmp_path: Path) -> None:
    write_exercise(tmp_path, "typo-dose", doses=reps_doses(rest=10))

    assert only_problem(tmp_path).startswith("typo-dose.yaml: typo-dose: field 'doses.beginner.rest':")


def test_it_refuses_per_side_that_changes_between_levels(tmp_path: Path) -> None:
    write_exercise(tmp_path, "one-side", doses=reps_doses(per_side=True))

    problem = only_problem(tmp_path)

    assert problem.startswith("one-side.yaml: one-side: field 'doses':")
    assert "per_side" in problem


def test_it_refuses_reps_without_seconds_per_rep(tmp_path: Path) -> None:
    write_exercise(tmp_path, "untimed", seconds_per_rep=None)

    problem = only_problem(tmp_path)

    assert problem.startswith("untimed.yaml: untimed: field 'seconds_per_rep':")


def test_it_refuses_reps_at_a_higher_level_without_seconds_per_rep(tmp_path: Path) -> None:
    # A hold for beginners and reps later still needs the time of one rep.
    doses = exercise_data()["doses"]
    doses["beginner"] = {"sets": 1, "hold_seconds": 20, "per_side": False, "rest_seconds": 0}
    write_exercise(tmp_path, "later-reps", seconds_per_rep=None, doses=doses)

    assert only_problem(tmp_path).startswith("later-reps.yaml: later-reps: field 'seconds_per_rep':")


def test_it_refuses_a_breathing_cue_past_the_last_step(tmp_path: Path) -> None:
    write_exercise(tmp_path, "short-steps", breathing=[{"step": 3, "cue": "Breathe out slowly."}])

    problem = only_problem(tmp_path)

    assert problem.startswith("short-steps.yaml: short-steps: field 'breathing':")
    assert "step 3, but there are 2 steps" in problem


def test_it_refuses_a_slug_that_does_not_match_the_file_name(tmp_path: Path) -> None:
    path = write_exercise(tmp_path, "cat-cow")
    path.rename(tmp_path / "cat-cow-2.yaml")

    problem = only_problem(tmp_path)

    assert problem == "cat-cow-2.yaml: cat-cow: field 'slug': must match the file name (cat-cow-2)"


def test_it_refuses_foam_rolling_outside_the_warm_up(tmp_path: Path) -> None:
    write_exercise(
        tmp_path, "roll-later", category="foam-rolling", equipment=["foam-roller"], phase=["warm-up", "main"]
    )

    problem = only_problem(tmp_path)

    assert problem.startswith("roll-later.yaml: roll-later: field 'phase':")
    assert "[warm-up]" in problem


def test_it_refuses_a_flare_up_strength_hold_over_30_seconds(tmp_path: Path) -> None:
    hold = {"sets": 1, "hold_seconds": 45, "per_side": False, "rest_seconds": 0}
    write_exercise(
        tmp_path,
        "long-hold",
        category="strength",
        flare_up_ok=True,
        seconds_per_rep=None,
        doses={"beginner": hold, "intermediate": hold, "advanced": hold},
    )

    problem = only_problem(tmp_path)

    assert problem.startswith("long-hold.yaml: long-hold: field 'flare_up_ok':")
    assert "30 s" in problem


def test_it_refuses_a_flare_up_move_at_the_top_difficulty(tmp_path: Path) -> None:
    write_exercise(tmp_path, "top-move", difficulty=3, flare_up_ok=True)

    problem = only_problem(tmp_path)

    assert problem.startswith("top-move.yaml: top-move: field 'flare_up_ok':")
    assert "flare-up day" in problem


def test_it_refuses_an_exercise_that_is_its_own_variant(tmp_path: Path) -> None:
    write_exercise(tmp_path, "loop-move", easier=["loop-move"])

    assert only_problem(tmp_path).startswith("loop-move.yaml: loop-move: field 'easier':")


def test_it_refuses_a_file_that_is_not_yaml(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("slug: broken\nsteps: [one, two\nname: : :\n")

    problem = only_problem(tmp_path)

    assert problem.startswith("broken.yaml: not valid YAML")


def test_it_refuses_yaml_that_is_not_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "a-list.yaml").write_text("- slug: a-list\n- name: A List\n")

    assert only_problem(tmp_path) == "a-list.yaml: expected a mapping of fields at the top level"


def test_it_names_a_file_without_a_slug(tmp_path: Path) -> None:
    data = exercise_data("no-slug")
    del data["slug"]
    (tmp_path / "no-slug.yaml").write_text(yaml.safe_dump(data))

    assert only_problem(tmp_path).startswith("no-slug.yaml: (no slug): field 'slug': Field required")


# ---------------------------------------------------------------- mistakes across files


def test_it_refuses_a_variant_slug_no_file_has(tmp_path: Path) -> None:
    write_exercise(tmp_path, "lonely-move", harder=["missing-move"])

    problem = only_problem(tmp_path)

    assert problem == "lonely-move.yaml: lonely-move: field 'harder': no exercise has the slug 'missing-move'"


def test_it_refuses_an_easier_link_that_points_nowhere(tmp_path: Path) -> None:
    write_exercise(tmp_path, "lonely-move", easier=["missing-move"])

    problem = only_problem(tmp_path)

    assert problem == "lonely-move.yaml: lonely-move: field 'easier': no exercise has the slug 'missing-move'"


def test_it_accepts_a_ladder_whose_rungs_share_a_difficulty(tmp_path: Path) -> None:
    # Four rungs on a three-level scale: neighbours may share a level, never run against it.
    write_exercise(tmp_path, "rung-a", difficulty=1, harder=["rung-b"])
    write_exercise(tmp_path, "rung-b", difficulty=1, easier=["rung-a"], harder=["rung-c"])
    write_exercise(tmp_path, "rung-c", difficulty=2, easier=["rung-b"], harder=["rung-d"])
    write_exercise(tmp_path, "rung-d", difficulty=3, flare_up_ok=False, easier=["rung-c"])

    assert [e.slug for e in read_exercises(tmp_path)] == ["rung-a", "rung-b", "rung-c", "rung-d"]


def test_it_refuses_an_easier_variant_that_is_harder(tmp_path: Path) -> None:
    write_exercise(tmp_path, "hard-move", difficulty=3, flare_up_ok=False, harder=["soft-move"])
    write_exercise(tmp_path, "soft-move", difficulty=2, flare_up_ok=False, easier=["hard-move"])

    problem = only_problem(tmp_path)  # the pair is named once, on its easier link

    assert problem == (
        "soft-move.yaml: soft-move: field 'easier': 'hard-move' has difficulty 3,"
        " which is above this exercise's 2"
    )


def test_it_refuses_a_one_way_harder_variant_that_is_easier(tmp_path: Path) -> None:
    write_exercise(tmp_path, "big-move", difficulty=2, harder=["small-move"])
    write_exercise(tmp_path, "small-move", difficulty=1)

    problems = problems_in(tmp_path)

    assert problems == [
        "big-move.yaml: big-move: field 'harder': 'small-move' has difficulty 1, which is below this exercise's 2",
        "big-move.yaml: big-move: field 'harder': lists 'small-move', but small-move.yaml does not list"
        " 'big-move' under 'easier' (variant links go both ways)",
    ]


def test_it_refuses_a_harder_link_that_is_not_returned(tmp_path: Path) -> None:
    write_exercise(tmp_path, "step-one", harder=["step-two"])
    write_exercise(tmp_path, "step-two", difficulty=2)

    problem = only_problem(tmp_path)

    assert problem == (
        "step-one.yaml: step-one: field 'harder': lists 'step-two', but step-two.yaml does not list"
        " 'step-one' under 'easier' (variant links go both ways)"
    )


def test_it_refuses_an_easier_link_that_is_not_returned(tmp_path: Path) -> None:
    write_exercise(tmp_path, "step-one")
    write_exercise(tmp_path, "step-two", difficulty=2, easier=["step-one"])

    problem = only_problem(tmp_path)

    assert problem == (
        "step-two.yaml: step-two: field 'easier': lists 'step-one', but step-one.yaml does not list"
        " 'step-two' under 'harder' (variant links go both ways)"
    )


def test_it_refuses_harder_links_that_go_round_in_a_loop(tmp_path: Path) -> None:
    write_exercise(tmp_path, "loop-a", easier=["loop-c"], harder=["loop-b"])
    write_exercise(tmp_path, "loop-b", easier=["loop-a"], harder=["loop-c"])
    write_exercise(tmp_path, "loop-c", easier=["loop-b"], harder=["loop-a"])

    problem = only_problem(tmp_path)

    assert problem == (
        "loop-a.yaml: loop-a: field 'harder': the harder variants lead back here (loop-a -> loop-b -> loop-c -> loop-a)"
    )


def test_it_refuses_an_easier_variant_less_gentle_than_a_flare_up_move(tmp_path: Path) -> None:
    write_exercise(tmp_path, "rough-move", flare_up_ok=False, harder=["gentle-move"])
    write_exercise(tmp_path, "gentle-move", flare_up_ok=True, easier=["rough-move"])

    problem = only_problem(tmp_path)

    assert problem == (
        "gentle-move.yaml: gentle-move: field 'easier': 'rough-move' is not flare_up_ok, but this exercise is;"
        " an easier variant must be at least as gentle"
    )


def test_it_refuses_a_name_used_by_another_file(tmp_path: Path) -> None:
    write_exercise(tmp_path, "childs-pose", name="Child's Pose")
    write_exercise(tmp_path, "kids-pose", name="child's pose")  # same name, other case

    problem = only_problem(tmp_path)

    assert problem.startswith("kids-pose.yaml: kids-pose: field 'name':")
    assert "is also a name of childs-pose" in problem


def test_it_refuses_an_alias_that_is_another_exercises_name(tmp_path: Path) -> None:
    write_exercise(tmp_path, "childs-pose", name="Child's Pose", aliases=["Balasana"])
    write_exercise(tmp_path, "rest-pose", name="Rest Pose", aliases=["Balasana"])

    problem = only_problem(tmp_path)

    assert problem.startswith("rest-pose.yaml: rest-pose: field 'aliases': 'Balasana'")
    assert "childs-pose" in problem


def test_it_reports_every_bad_file_at_once(tmp_path: Path) -> None:
    write_exercise(tmp_path, "aaa-good")
    write_exercise(tmp_path, "bbb-bad", position="lying")
    write_exercise(tmp_path, "ccc-bad", difficulty=5)

    problems = problems_in(tmp_path)

    assert [p.split(":")[0] for p in problems] == ["bbb-bad.yaml", "ccc-bad.yaml"]
    assert "field 'difficulty'" in problems[1]


# ---------------------------------------------------------------- the models directly


def test_it_builds_a_dose_with_exactly_one_measure() -> None:
    assert Dose(sets=2, hold_seconds=30, per_side=True).kind == "hold"
    assert Dose(sets=1, duration_seconds=60).kind == "duration"
    with pytest.raises(ValidationError, match="exactly one of"):
        Dose(sets=1, reps=5, duration_seconds=60)
    with pytest.raises(ValidationError, match="got none"):
        Dose(sets=1)


def test_it_keeps_dose_numbers_within_bounds() -> None:
    with pytest.raises(ValidationError):
        Dose(sets=0, reps=5)
    with pytest.raises(ValidationError):
        Dose(sets=1, reps=61)
    with pytest.raises(ValidationError):
        Dose(sets=1, hold_seconds=20, rest_seconds=-1)


def test_it_refuses_a_seed_file_name_in_the_wrong_form() -> None:
    with pytest.raises(ValidationError, match="sources"):
        ExerciseFile.model_validate(exercise_data(sources=["seed-002.txt"]))
