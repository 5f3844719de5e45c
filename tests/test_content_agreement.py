"""Content that agrees with itself: routines with their items' cautions, variant ladders, flare-up flags.

The checker refuses broken links (test_content_schema); these tests pin what the real library must
say, so a later edit cannot quietly undo it.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from spinewise.library.content import ContentError, read_exercises
from spinewise.library.schema import ExerciseFile
from spinewise.planning.vocabulary import Category
from spinewise.programs.loader import routine_items
from spinewise.training.loader import load_routines
from spinewise.training.models import Routine
from spinewise.training.schema import RoutineFile
from tests.factories import CONTENT


@pytest.fixture(scope="module")
def library() -> dict[str, ExerciseFile]:
    return {ex.slug: ex for ex in read_exercises(CONTENT / "exercises")}


def routine_file(slug: str) -> RoutineFile:
    return RoutineFile.model_validate(yaml.safe_load((CONTENT / "routines" / f"{slug}.yaml").read_text()))


def write_routine(folder: Path, slug: str, items: list[dict[str, object]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "slug": slug,
        "name": slug.title(),
        "description": "A test routine.",
        "when": "Any day.",
        "items": items,
    }
    (folder / f"{slug}.yaml").write_text(yaml.safe_dump(data))


# ---------------------------------------------------------------- a routine item's note


@pytest.mark.django_db
def test_it_keeps_an_item_note_through_the_routine_loader(tmp_path: Path) -> None:
    note = "Roll down only to your knees in the first hour after you get up."
    write_routine(tmp_path, "noted", [{"exercise": "jefferson-curl", "note": note}, {"exercise": "cat-cow"}])

    load_routines(tmp_path, force=True)

    stored = Routine.objects.get(slug="noted").items
    assert stored[0]["note"] == note
    assert "note" not in stored[1]  # no note, no key
    # Programs read stored routine items back through the same schema.
    assert routine_items()["noted"][0].note == note


@pytest.mark.django_db
def test_it_refuses_a_note_too_short_to_say_anything(tmp_path: Path) -> None:
    write_routine(tmp_path, "terse", [{"exercise": "cat-cow", "note": "ok"}])
    before = Routine.objects.count()

    with pytest.raises(ContentError) as refused:
        load_routines(tmp_path, force=True)

    assert refused.value.problems[0].startswith("terse.yaml: terse: field 'items.0.note':")
    assert Routine.objects.count() == before


# ---------------------------------------------------------------- routines and their items' cautions


def test_the_morning_release_keeps_its_jefferson_curl_out_of_the_first_hour(
    library: dict[str, ExerciseFile],
) -> None:
    morning = routine_file("morning-release")
    curl = next(item for item in morning.items if item.exercise == "jefferson-curl")
    caution = next(c for c in library["jefferson-curl"].cautions if "first hour" in c)

    # The seed's drill and dose stay; the note says how to do it that early, as the caution does.
    assert curl.dose is not None and curl.dose.reps == 8
    assert curl.note is not None
    assert "hour" in curl.note and "knees" in curl.note
    assert "knees" in caution and "later in the day" in caution
    assert "Jefferson curl" in morning.when and "first hour" in morning.when


def test_the_seated_forward_bend_waits_for_later_in_the_day_in_its_routine(
    library: dict[str, ExerciseFile],
) -> None:
    assert any("first hour" in c for c in library["seated-forward-bend"].cautions)
    assert "evening" in routine_file("thirteen-stretches").when


@pytest.mark.parametrize("slug", ["plank", "side-plank", "wall-sit"])
def test_a_fixed_hold_in_roll_and_strengthen_is_a_most_not_a_must(slug: str) -> None:
    # Their cautions end a hold as soon as form goes, whatever the time the routine gives.
    item = next(i for i in routine_file("roll-and-strengthen").items if i.exercise == slug)

    assert item.note is not None and "up to" in item.note


# ---------------------------------------------------------------- flare-up flags


def test_no_plank_or_wall_sit_is_offered_on_a_flare_up_day(library: dict[str, ExerciseFile]) -> None:
    holds = [s for s in library if "plank" in s or s == "wall-sit"]

    assert len(holds) >= 7
    assert [s for s in holds if library[s].flare_up_ok] == []


def test_a_flare_up_strength_move_works_in_short_efforts(library: dict[str, ExerciseFile]) -> None:
    gentle = [ex for ex in library.values() if ex.flare_up_ok and ex.category == Category.STRENGTH]

    assert gentle  # some strength work stays possible on a bad day
    for ex in gentle:
        assert ex.doses.beginner.reps is not None, f"{ex.slug} is a hold, not short efforts"


# ---------------------------------------------------------------- variant ladders


@pytest.mark.parametrize(
    "ladder",
    [
        ["wall-plank", "knee-plank", "plank", "long-lever-plank"],
        ["wall-plank", "incline-plank", "plank"],
        ["wall-side-plank", "side-plank-knees", "side-plank"],
        ["bridge", "bridge-march", "single-leg-bridge"],
        ["bird-dog-single-limb", "bird-dog"],
        ["prone-arm-leg-lift", "superman"],
        ["supine-marching", "dead-bug-heel-tap", "dead-bug"],
        ["seated-cat-cow", "cat-cow"],
        ["prone-lying", "sphinx", "prone-press-up"],
        ["standing-back-extension", "prone-press-up"],
        ["sphinx", "cobra-pose", "king-cobra"],
        ["supine-hamstring-stretch", "hamstring-stretch", "seated-forward-bend", "jefferson-curl"],
        ["supine-hamstring-stretch", "bench-hamstring-stretch"],
        ["supported-childs-pose", "childs-pose", "childs-pose-clock", "childs-pose-side-stretch"],
        ["seated-side-bend", "standing-side-bend"],
        ["standing-hip-flexor-stretch", "kneeling-hip-flexor-stretch"],
        ["chair-twist", "seated-twist", "spinal-twist"],
        ["seated-march", "standing-march"],
        ["open-book", "thread-the-needle"],
        ["seated-figure-4-stretch", "piriformis-stretch"],
        ["side-lying-clam", "banded-clam"],
        ["supported-split-squat", "lunge"],
        ["sit-to-stand", "wall-sit"],
    ],
    ids=lambda ladder: " > ".join(ladder),
)
def test_it_links_each_rung_to_the_next(ladder: list[str], library: dict[str, ExerciseFile]) -> None:
    for lower, upper in pairwise(ladder):
        assert upper in library[lower].harder, f"{lower} -> {upper}"
        assert lower in library[upper].easier, f"{upper} <- {lower}"
        assert library[lower].difficulty <= library[upper].difficulty
