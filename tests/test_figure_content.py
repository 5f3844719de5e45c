"""Figures as exercise content: the `figure:` block, its checks, the merge of figure files, and the
figure drawn once when content loads and stored on the exercise row."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from spinewise.figures.__main__ import main as figures_main
from spinewise.figures.merge import merge, without_figure
from spinewise.library.content import ContentError, read_exercises
from spinewise.library.loader import load_exercises
from spinewise.library.models import Exercise
from tests.factories import write_exercise
from tests.figure_data import EXERCISES, QUADRUPED, broken

FIGURE_TEXT = """\
# Hands and knees: the comment and the anchor survive the move.
view: side
seconds: 6
free: [tilt, both.hip, both.shoulder]
keyframes:
  - at: 0
    say: the back arches
    pelvis: {tilt: 92}
    lumbar: -18
    thoracic: -8
    neck: -24
    both: {hip: 88, knee: 90, ankle: -75, shoulder: 80, elbow: 0, wrist: 85}
    contacts: &base {near.hand: floor, far.hand: floor, near.knee: floor, far.knee: floor, near.instep: floor, far.instep: floor}
  - at: 0.5
    say: the back rounds
    pelvis: {tilt: 52}
    lumbar: 22
    thoracic: 22
    neck: 34
    both: {hip: 56, shoulder: 100}
    contacts: *base
"""


def with_figure(folder: Path, slug: str, figure: dict[str, Any] | None) -> Path:
    path = write_exercise(folder, slug, figure=None)
    if figure is not None:
        data = yaml.safe_load(path.read_text())
        data["figure"] = figure
        path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


# ---------------------------------------------------------------- the content schema and checker


def test_the_real_library_reads_with_its_figures() -> None:
    exercises = {ex.slug: ex for ex in read_exercises(EXERCISES)}

    assert exercises["cat-cow"].figure is not None
    assert exercises["cat-cow"].figure.view == "side"
    assert sum(1 for ex in exercises.values() if ex.figure is not None) >= 9


def test_a_figure_that_breaks_a_check_is_refused_naming_file_exercise_keyframe_and_joint(
    tmp_path: Path,
) -> None:
    with_figure(tmp_path, "test-move", broken(QUADRUPED, 0, near={"knee": 170}))

    with pytest.raises(ContentError) as err:
        read_exercises(tmp_path)

    assert (
        "test-move.yaml: test-move: field 'figure': keyframe 1 (at 0): near.knee: 170 degrees is outside its range"
        in str(err.value)
    )


def test_a_figure_with_an_unknown_field_is_refused_by_the_schema(tmp_path: Path) -> None:
    with_figure(tmp_path, "test-move", {**QUADRUPED, "colour": "red"})

    with pytest.raises(ContentError) as err:
        read_exercises(tmp_path)

    assert "test-move.yaml: test-move: field 'figure.colour'" in str(err.value)


def test_an_exercise_without_a_figure_is_refused_now_that_every_exercise_has_one(tmp_path: Path) -> None:
    with_figure(tmp_path, "test-move", None)
    with_figure(tmp_path, "drawn-move", QUADRUPED)

    assert len(read_exercises(tmp_path, figure_required=False)) == 2
    with pytest.raises(ContentError) as err:
        read_exercises(tmp_path)

    assert err.value.problems == [
        "test-move.yaml: test-move: field 'figure': every exercise needs a figure (see AUTHORING.md)"
    ]


def test_the_checker_command_reports_a_broken_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from spinewise.library.content import main

    with_figure(tmp_path, "test-move", broken(QUADRUPED, 1, lumbar=80))

    assert main(["content", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "test-move.yaml: test-move: field 'figure': " in err and ": lumbar: " in err


# ---------------------------------------------------------------- the merge


def test_merge_appends_the_figure_keeps_the_exercise_byte_for_byte_and_deletes_the_file(
    tmp_path: Path,
) -> None:
    exercises, figures = tmp_path / "exercises", tmp_path / "figures"
    path = write_exercise(exercises, "test-move", figure=None)
    before = path.read_bytes()
    figures.mkdir()
    (figures / "test-move.yaml").write_text(FIGURE_TEXT)

    assert figures_main(["merge", str(figures), str(exercises)]) == 0

    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode().startswith("figure:\n  # Hands and knees")
    assert not (figures / "test-move.yaml").exists()
    [ex] = read_exercises(exercises)
    assert ex.figure is not None and len(ex.figure.keyframes) == 2
    assert ex.figure.keyframes[1].contacts == ex.figure.keyframes[0].contacts


def test_merge_again_replaces_the_figure_and_leaves_orphans_where_they_are(tmp_path: Path) -> None:
    exercises, figures = tmp_path / "exercises", tmp_path / "figures"
    path = write_exercise(exercises, "test-move", figure=None)
    before = path.read_bytes()
    figures.mkdir()
    (figures / "test-move.yaml").write_text(FIGURE_TEXT)
    merge(figures, exercises)
    (figures / "test-move.yaml").write_text(FIGURE_TEXT.replace("seconds: 6", "seconds: 7"))
    (figures / "no-such-move.yaml").write_text(FIGURE_TEXT)

    report = merge(figures, exercises)

    assert report.replaced == ["test-move"] and report.merged == []
    assert report.problems and "no-such-move.yaml: no exercise file" in report.problems[0]
    assert (figures / "no-such-move.yaml").exists()
    text = path.read_text()
    assert text.count("figure:") == 1 and "  seconds: 7\n" in text
    assert without_figure(text) == (before.decode(), True)


# ---------------------------------------------------------------- stored when content loads


@pytest.mark.django_db
def test_the_loader_stores_the_drawn_figure_on_the_row() -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")

    assert cat_cow.has_figure and len(cat_cow.figure_hash) == 16
    assert cat_cow.figure_svg.startswith("<svg") and "<style" not in cat_cow.figure_svg
    assert "@keyframes f-cat-cow-" in cat_cow.figure_css
    assert cat_cow.figure_still.startswith("<svg") and "@keyframes" not in cat_cow.figure_still
    assert cat_cow.figure_view == "side"
    assert cat_cow.figure_css_url() == f"/exercises/figures/cat-cow.{cat_cow.figure_hash}.css"


@pytest.mark.django_db
def test_a_changed_figure_is_drawn_again_and_a_removed_one_is_refused(tmp_path: Path) -> None:
    with_figure(tmp_path, "test-move", QUADRUPED)
    load_exercises(tmp_path, force=True)
    first = Exercise.objects.get(slug="test-move")

    with_figure(tmp_path, "test-move", {**QUADRUPED, "seconds": 9})
    load_exercises(tmp_path)
    second = Exercise.objects.get(slug="test-move")
    assert second.figure_hash != first.figure_hash and "animation-duration:9s" in second.figure_css

    # Taking the figure out is refused like any other broken file, and nothing changes.
    with_figure(tmp_path, "test-move", None)
    with pytest.raises(ContentError):
        load_exercises(tmp_path)
    third = Exercise.objects.get(slug="test-move")
    assert third.figure_hash == second.figure_hash and third.figure_svg == second.figure_svg


def test_the_figure_commands_read_figures_inside_exercise_files(tmp_path: Path) -> None:
    shutil.copy(EXERCISES / "cat-cow.yaml", tmp_path / "cat-cow.yaml")
    write_exercise(tmp_path, "test-move", figure=None)  # no figure: not a figure file

    assert figures_main(["check", str(tmp_path)]) == 0
    assert figures_main(["render", str(tmp_path / "cat-cow.yaml"), str(tmp_path / "cc.svg")]) == 0
    assert "<style>" in (tmp_path / "cc.svg").read_text()
    assert figures_main(["render", str(tmp_path / "test-move.yaml"), str(tmp_path / "x.svg")]) == 1


def test_the_readme_worked_example_passes_every_check() -> None:
    import re

    from spinewise.figures import parse_figure, render_figure

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if b.startswith("figure:")]
    fig = render_figure("readme", "Cat-Cow", parse_figure(yaml.safe_load(block)["figure"], "readme"))

    assert fig.problems == [] and fig.warnings == []
    assert fig.description == "Cat-Cow, seen from the side: the back arches, then the back rounds, and again."
