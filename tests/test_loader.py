"""Loading content/exercises into the database: by slug, idempotent, all or nothing, never deleting.

The test database starts with the real library (conftest); a load from a tmp folder retires those
rows inside the test's transaction, which is rolled back afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from spinewise.library.content import ContentError, read_exercises, yaml_files
from spinewise.library.loader import exercises_folder, load_exercises
from spinewise.library.models import ContentVersion, EquipmentTag, Exercise, TargetTag
from tests.factories import CONTENT, write_exercise

pytestmark = pytest.mark.django_db


def stamps() -> dict[str, Any]:
    return dict(Exercise.objects.values_list("slug", "updated_at"))


def digest() -> str | None:
    return ContentVersion.objects.filter(kind="exercises").values_list("digest", flat=True).first()


def snapshot() -> dict[str, Any]:
    """Everything a load may write, to prove a refused load wrote nothing."""
    return {
        "rows": list(
            Exercise.objects.order_by("slug").values_list("slug", "summary", "retired", "content_hash")
        ),
        "updated_at": stamps(),
        "equipment": list(Exercise.equipment.through.objects.order_by("pk").values_list("pk", flat=True)),
        "targets": list(Exercise.targets.through.objects.order_by("pk").values_list("pk", flat=True)),
        "variants": list(Exercise.easier.through.objects.order_by("pk").values_list("pk", flat=True)),
        "tags": (EquipmentTag.objects.count(), TargetTag.objects.count()),
        "digest": digest(),
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two exercises that link to each other, as the owner would write them."""
    write_exercise(
        tmp_path,
        "chair-rock",
        equipment=["chair"],
        targets=["hips", "core"],
        position="seated-chair",
        harder=["floor-rock"],
    )
    write_exercise(tmp_path, "floor-rock", easier=["chair-rock"])
    return tmp_path


def test_it_creates_a_row_per_file(folder: Path) -> None:
    real = set(Exercise.objects.active().values_list("slug", flat=True))

    report = load_exercises(folder)

    assert sorted(report.created) == ["chair-rock", "floor-rock"]
    assert report.updated == [] and report.unchanged == []
    chair = Exercise.objects.get(slug="chair-rock")
    assert chair.name == "Chair Rock"
    assert chair.position == "seated-chair"
    assert chair.equipment_slugs() == ["chair"]
    assert chair.target_slugs() == ["core", "hips"]
    assert [e.slug for e in chair.harder.all()] == ["floor-rock"]
    assert [e.slug for e in Exercise.objects.get(slug="floor-rock").easier.all()] == ["chair-rock"]
    assert chair.doses["intermediate"] == {
        "sets": 2,
        "reps": 8,
        "hold_seconds": None,
        "duration_seconds": None,
        "per_side": False,
        "rest_seconds": 15,
    }
    # Files no longer in the folder are retired, all of them, and nothing else.
    assert set(report.retired) == real
    assert sorted(Exercise.objects.active().values_list("slug", flat=True)) == ["chair-rock", "floor-rock"]


def test_it_changes_nothing_on_a_second_run(folder: Path) -> None:
    load_exercises(folder)
    before = stamps()

    again = load_exercises(folder)
    forced = load_exercises(folder, force=True)

    assert again.skipped  # the folder's digest did not change: not even parsed
    assert not forced.skipped
    assert sorted(forced.unchanged) == ["chair-rock", "floor-rock"]
    assert not forced.changed
    assert forced.created == forced.updated == forced.retired == []
    assert stamps() == before


def test_it_reports_the_real_library_unchanged_when_forced() -> None:
    before = stamps()

    report = load_exercises(force=True)

    assert len(report.unchanged) == Exercise.objects.count()
    assert not report.changed
    assert stamps() == before


def test_it_updates_the_row_of_an_edited_file(folder: Path) -> None:
    load_exercises(folder)
    before = stamps()
    write_exercise(
        folder,
        "floor-rock",
        easier=["chair-rock"],
        summary="Rock your knees gently from side to side.",
        targets=["lumbar-spine", "obliques"],
    )

    report = load_exercises(folder)

    assert report.updated == ["floor-rock"]
    assert report.unchanged == ["chair-rock"]
    floor = Exercise.objects.get(slug="floor-rock")
    assert floor.summary == "Rock your knees gently from side to side."
    assert floor.target_slugs() == ["lumbar-spine", "obliques"]
    assert floor.updated_at > before["floor-rock"]
    assert Exercise.objects.get(slug="chair-rock").updated_at == before["chair-rock"]


def test_it_retires_the_exercise_of_a_removed_file(folder: Path, client: Client) -> None:
    load_exercises(folder)
    assert "chair-rock" in slugs_found(
        client, "chair rock"
    )  # listed before, so the check below means something
    write_exercise(folder, "floor-rock")  # drop the link to the file about to go
    (folder / "chair-rock.yaml").unlink()

    report = load_exercises(folder)

    assert report.retired == ["chair-rock"]
    chair = Exercise.objects.get(slug="chair-rock")  # kept: past sessions may name it
    assert chair.retired
    assert not Exercise.objects.active().filter(slug="chair-rock").exists()
    assert slugs_found(client, "chair rock") == []
    assert client.get("/exercises/chair-rock/").status_code == 200  # old links still open, marked retired


def test_it_brings_back_a_retired_exercise_when_its_file_returns(folder: Path) -> None:
    load_exercises(folder)
    original = (folder / "chair-rock.yaml").read_text()
    write_exercise(folder, "floor-rock")
    (folder / "chair-rock.yaml").unlink()
    load_exercises(folder)
    (folder / "chair-rock.yaml").write_text(original)
    write_exercise(folder, "floor-rock", easier=["chair-rock"])

    report = load_exercises(folder)

    assert "chair-rock" in report.updated
    assert report.retired == []
    chair = Exercise.objects.active().get(slug="chair-rock")
    assert [e.slug for e in chair.harder.all()] == ["floor-rock"]


def test_it_writes_nothing_when_a_file_is_bad(folder: Path) -> None:
    load_exercises(folder)
    before = snapshot()
    write_exercise(folder, "aaa-new-move")  # good, and first in the folder
    write_exercise(folder, "floor-rock", easier=["chair-rock"], summary="An edit that must not land.")
    write_exercise(folder, "zzz-bad-move", position="lying")  # bad, and last

    with pytest.raises(ContentError) as refused:
        load_exercises(folder)

    assert refused.value.problems[0].startswith("zzz-bad-move.yaml: zzz-bad-move: field 'position'")
    assert snapshot() == before
    assert not Exercise.objects.filter(slug="aaa-new-move").exists()


def test_it_leaves_the_real_library_alone_when_a_folder_is_bad(tmp_path: Path) -> None:
    before = snapshot()
    active = Exercise.objects.active().count()
    write_exercise(tmp_path, "aaa-good")
    write_exercise(tmp_path, "bbb-good")
    write_exercise(tmp_path, "ccc-bad", harder=["nowhere"])

    with pytest.raises(ContentError):
        load_exercises(tmp_path)

    assert snapshot() == before
    assert Exercise.objects.active().count() == active  # nothing retired either


def test_it_writes_nothing_when_a_variant_link_goes_one_way_or_against_difficulty(folder: Path) -> None:
    load_exercises(folder)
    before = snapshot()
    write_exercise(folder, "floor-rock", summary="An edit that must not land.")  # drops the link back
    write_exercise(folder, "wall-rock", difficulty=3, flare_up_ok=False, harder=["floor-rock"])

    with pytest.raises(ContentError) as refused:
        load_exercises(folder)

    assert refused.value.problems == [
        "chair-rock.yaml: chair-rock: field 'harder': lists 'floor-rock', but floor-rock.yaml does not list"
        " 'chair-rock' under 'easier' (variant links go both ways)",
        "wall-rock.yaml: wall-rock: field 'harder': 'floor-rock' has difficulty 1, which is below this exercise's 3",
        "wall-rock.yaml: wall-rock: field 'harder': lists 'floor-rock', but floor-rock.yaml does not list"
        " 'wall-rock' under 'easier' (variant links go both ways)",
    ]
    assert snapshot() == before


def test_it_keeps_an_admin_edit_when_the_file_has_not_changed(folder: Path) -> None:
    load_exercises(folder)
    chair = Exercise.objects.get(slug="chair-rock")
    chair.summary = "Edited by the owner in the admin."
    chair.save()

    assert load_exercises(folder).skipped
    forced = load_exercises(folder, force=True)
    write_exercise(folder, "floor-rock", easier=["chair-rock"], summary="Another file changed meanwhile.")
    partial = load_exercises(folder)

    assert "chair-rock" in forced.unchanged
    assert partial.updated == ["floor-rock"]
    assert Exercise.objects.get(slug="chair-rock").summary == "Edited by the owner in the admin."


def test_it_overwrites_an_admin_edit_when_the_file_changes(folder: Path) -> None:
    load_exercises(folder)
    Exercise.objects.filter(slug="chair-rock").update(summary="Edited by the owner in the admin.")
    write_exercise(
        folder,
        "chair-rock",
        equipment=["chair"],
        targets=["hips", "core"],
        position="seated-chair",
        harder=["floor-rock"],
        summary="The file is the source once it changes.",
    )

    assert load_exercises(folder).updated == ["chair-rock"]
    assert Exercise.objects.get(slug="chair-rock").summary == "The file is the source once it changes."


def slugs_found(client: Client, q: str) -> list[str]:
    response = client.get("/exercises/", {"q": q})
    assert response.status_code == 200
    return [ex.slug for ex in response.context["exercises"]]


# ---------------------------------------------------------------- the real content


def test_it_reads_every_real_exercise_file() -> None:
    files = sorted(p.stem for p in yaml_files(CONTENT / "exercises"))

    exercises = read_exercises(CONTENT / "exercises")

    assert sorted(e.slug for e in exercises) == files
    assert len(exercises) >= 60
    for ex in exercises:
        assert ex.cautions, ex.slug
        assert ex.skip_if, ex.slug
        assert len(ex.steps) >= 2, ex.slug
        assert ex.sources or ex.references, f"{ex.slug} names no seed and no reference"


def test_it_loaded_the_real_library_into_the_test_database() -> None:
    files = {p.stem for p in yaml_files(exercises_folder())}

    active = Exercise.objects.active().with_variants()

    assert {e.slug for e in active} == files
    for ex in active:
        for variant in [*ex.easier.all(), *ex.harder.all()]:
            assert not variant.retired, f"{ex.slug} links to retired {variant.slug}"
    links = Exercise.easier.through.objects.count() + Exercise.harder.through.objects.count()
    expected = sum(len(e.easier) + len(e.harder) for e in read_exercises(exercises_folder()))
    assert links == expected > 0


def test_it_loaded_the_five_built_in_routines() -> None:
    from spinewise.training.models import Routine

    files = {p.stem for p in yaml_files(CONTENT / "routines")}

    assert Routine.objects.count() == 5
    assert (
        set(Routine.objects.values_list("slug", flat=True))
        == files
        == {
            "morning-release",
            "seven-back-stretches",
            "thirteen-stretches",
            "roll-and-strengthen",
            "stiff-and-sore-basics",
        }
    )
