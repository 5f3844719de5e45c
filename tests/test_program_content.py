"""Program content files: validated like the rest, and every workout fits its minutes at every level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from spinewise.library.content import ContentError, yaml_files
from spinewise.planning.vocabulary import Level
from spinewise.programs.build import build_workout, full_profile
from spinewise.programs.loader import check_program, load_programs, routine_items
from spinewise.programs.models import Program
from spinewise.training.services import library_specs

pytestmark = pytest.mark.django_db
FOLDER = Path(settings.CONTENT_DIR) / "programs"


def base(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": "tiny",
        "name": "Tiny program",
        "summary": "Two short weeks.",
        "description": "Two short weeks of one workout.",
        "access": "free",
        "weeks": 2,
        "workouts_per_week": 1,
        "minutes": 10,
        "levels": ["beginner"],
        "ceiling": {"reps": 12, "hold_seconds": 40, "duration_seconds": 90, "sets": 2},
        "progression": [{"week": 2, "reps": 1, "why": "One more rep."}],
        "blocks": [
            {
                "weeks": [1, 2],
                "workouts": [
                    {"name": "Only", "summary": "The one workout.", "items": [{"exercise": "cat-cow"}]}
                ],
            }
        ],
    }
    data.update(overrides)
    return data


def write(folder: Path, data: dict[str, Any]) -> None:
    (folder / f"{data['slug']}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def test_a_valid_program_loads_idempotently(tmp_path: Path) -> None:
    write(tmp_path, base())
    first = load_programs(tmp_path, force=True)
    assert "tiny" in first.created
    assert load_programs(tmp_path, force=True).unchanged == ["tiny"]
    assert Program.objects.get(slug="tiny").total_workouts == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {
                "blocks": [
                    {
                        "weeks": [1],
                        "workouts": [{"name": "Aa", "summary": "A one.", "routine": "morning-release"}],
                    }
                ]
            },
            "cover weeks 1 to 2",
        ),
        ({"access": "paid", "free_workouts": 0}, "field 'free_workouts'"),
        ({"test_workouts": [3]}, "field 'test_workouts'"),
        (
            {
                "minutes": 5,
                "blocks": [
                    {
                        "weeks": [1, 2],
                        "workouts": [{"name": "Aa", "summary": "A one.", "routine": "thirteen-stretches"}],
                    }
                ],
            },
            "over the program's 5 minutes",
        ),
        (
            {
                "blocks": [
                    {
                        "weeks": [1, 2],
                        "workouts": [
                            {"name": "Aa", "summary": "A one.", "items": [{"exercise": "no-such-move"}]}
                        ],
                    }
                ]
            },
            "no active exercise 'no-such-move'",
        ),
        (
            {
                "blocks": [
                    {"weeks": [1, 2], "workouts": [{"name": "Aa", "summary": "A one.", "routine": "nope"}]}
                ]
            },
            "no active routine 'nope'",
        ),
        (
            {
                "blocks": [
                    {
                        "weeks": [1, 2],
                        "workouts": [
                            {
                                "name": "Aa",
                                "summary": "A one.",
                                "items": [{"exercise": "foam-roll-glutes"}],
                            }
                        ],
                    }
                ]
            },
            "which the program's equipment does not list",
        ),
        (
            {"blocks": [{"weeks": [1, 2], "workouts": [{"name": "Aa", "summary": "A one."}]}]},
            "exactly one of items, routine or slot",
        ),
    ],
)
def test_bad_programs_are_refused_naming_file_and_field(
    tmp_path: Path, overrides: dict[str, Any], message: str
) -> None:
    write(tmp_path, base(**overrides))
    with pytest.raises(ContentError) as caught:
        load_programs(tmp_path, force=True)
    text = str(caught.value)
    assert "tiny.yaml" in text
    assert message in text
    assert not Program.objects.filter(slug="tiny").exists()


def test_the_file_name_must_match_the_slug(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(yaml.safe_dump(base()), encoding="utf-8")
    with pytest.raises(ContentError, match="must match the file name"):
        load_programs(tmp_path, force=True)


def test_every_built_in_workout_fits_its_program_at_every_level_and_week() -> None:
    # check_program builds each workout at every level and week (its refusal of a workout that
    # runs over is tested above); the shipped programs must pass it whole.
    library = library_specs()
    routines = routine_items()
    programs = list(Program.objects.active())
    assert len(programs) == 6
    for program in programs:
        assert check_program(program.file, library, routines) == [], program.slug


def test_the_six_week_program_grows_week_by_week() -> None:
    program = Program.objects.get(slug="six-week-lower-back")
    file = program.file
    library = library_specs()
    profile = full_profile(Level.INTERMEDIATE)
    week1 = build_workout(
        file, 1, level=Level.INTERMEDIATE, dose_week=1, profile=profile, library=library, routines={}, seed=1
    )
    week2 = build_workout(
        file, 4, level=Level.INTERMEDIATE, dose_week=2, profile=profile, library=library, routines={}, seed=4
    )
    same = {i.slug for i in week1.routine.items} & {i.slug for i in week2.routine.items}
    assert same, "workouts 1 and 4 share their template"
    grew = [
        slug
        for slug in same
        if next(i for i in week2.routine.items if i.slug == slug).dose.amount
        > next(i for i in week1.routine.items if i.slug == slug).dose.amount
    ]
    assert grew
    assert week2.routine.total_seconds > week1.routine.total_seconds


def test_the_shipped_folder_loads_without_problems() -> None:
    report = load_programs(FOLDER, force=True)
    assert sorted(report.unchanged + report.updated + report.created) == sorted(
        p.stem for p in yaml_files(FOLDER)
    )
