"""Content in English and Spanish: parallel *.es.yaml files, checked, stored and read in a language."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from spinewise.assessments.battery import read_tests
from spinewise.cli import app
from spinewise.library import content as content_checker
from spinewise.library.content import ContentError, read_exercises, read_folder
from spinewise.library.i18n import localized
from spinewise.library.loader import load_exercises
from spinewise.library.translations import languages_at, shape_problems
from spinewise.programs.schema import ProgramFile
from spinewise.training.schema import RoutineFile
from tests.factories import CONTENT, exercise_data, write_exercise

runner = CliRunner()

SPANISH_ONLY = "languages:\n  en: English\n  es: Español\n"


def spanish_of(slug: str = "test-move", **overrides: Any) -> dict[str, Any]:
    """A complete Spanish translation of factories.exercise_data (same steps, cues and lines)."""
    data: dict[str, Any] = {
        "name": "Movimiento de prueba",
        "summary": "Un movimiento de prueba para la zona lumbar.",
        "steps": ["Túmbate boca arriba.", "Muévete con suavidad."],
        "breathing": [{"step": 2, "cue": "Exhala al moverte."}],
        "feel": "Un estiramiento suave en la zona lumbar.",
        "cautions": ["Quédate en un rango sin dolor."],
        "skip_if": ["Te provoca dolor en la pierna."],
        "figure": {"say": yaml.safe_load(yaml.safe_dump(_says()))},
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _says() -> list[str]:
    figure = exercise_data()["figure"]
    return [f"paso {n}" for n, key in enumerate(figure["keyframes"]) if key.get("say")]


def content_root(tmp_path: Path, languages: str = SPANISH_ONLY) -> Path:
    """A content root declaring `languages`, with an empty exercises folder."""
    (tmp_path / "languages.yaml").write_text(languages, encoding="utf-8")
    folder = tmp_path / "exercises"
    folder.mkdir()
    return folder


def write_spanish(folder: Path, slug: str = "test-move", **overrides: Any) -> Path:
    path = folder / f"{slug}.es.yaml"
    path.write_text(yaml.safe_dump(spanish_of(slug, **overrides), allow_unicode=True), encoding="utf-8")
    return path


def problems_of(folder: Path) -> str:
    with pytest.raises(ContentError) as err:
        read_exercises(folder)
    return str(err.value)


# ---------------------------------------------------------------- the shipped content


def test_the_shipped_content_declares_english_and_spanish() -> None:
    assert list(languages_at(CONTENT)) == ["en", "es"]


@pytest.mark.parametrize(
    ("kind", "read"),
    [
        ("exercises", read_exercises),
        ("routines", lambda folder: read_folder(folder, RoutineFile).checked()),
        ("programs", lambda folder: read_folder(folder, ProgramFile).checked()),
        ("tests", read_tests),
    ],
)
def test_every_shipped_item_has_its_spanish(kind: str, read: Any) -> None:
    items = read(CONTENT / kind)
    assert items, kind
    files = sorted((CONTENT / kind).glob("*.es.yaml"))
    assert len(files) == len(items)
    for item in items:
        spanish = item.translations["es"]
        assert spanish.keys() == item.texts().keys(), item.slug
        assert spanish["name"] != item.name or item.slug == "superman", item.slug


def test_spanish_keeps_every_number_of_the_english() -> None:
    """Doses, counts and units are the same words in both: every digit run of a line stays."""
    import re

    for ex in read_exercises(CONTENT / "exercises"):
        english, spanish = ex.texts(), ex.translations["es"]
        for field in ("steps", "cautions", "skip_if"):
            for n, (en, es) in enumerate(zip(english[field], spanish[field], strict=True)):
                assert re.findall(r"\d+", en) == re.findall(r"\d+", es), f"{ex.slug} {field}.{n}"


# ---------------------------------------------------------------- the loader refuses what is incomplete


def test_a_complete_translation_is_read_onto_the_item(tmp_path: Path) -> None:
    folder = content_root(tmp_path)
    write_exercise(folder)
    write_spanish(folder)

    (ex,) = read_exercises(folder)

    assert ex.translations["es"]["name"] == "Movimiento de prueba"
    assert ex.translations["es"]["breathing"] == [{"step": 2, "cue": "Exhala al moverte."}]


def test_a_declared_language_without_its_file_is_refused(tmp_path: Path) -> None:
    folder = content_root(tmp_path)
    write_exercise(folder)

    message = problems_of(folder)

    assert (
        "test-move.yaml: test-move: language 'es': missing its translation file test-move.es.yaml" in message
    )


def test_a_translation_lacking_a_field_is_refused_naming_file_language_and_field(tmp_path: Path) -> None:
    folder = content_root(tmp_path)
    write_exercise(folder)
    write_spanish(folder, feel=None)

    message = problems_of(folder)

    assert (
        "test-move.es.yaml: test-move: language 'es': field 'feel': missing (the English has it)" in message
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("steps", ["Túmbate boca arriba."], "field 'steps': has 1 lines, the English has 2"),
        ("cautions", ["Uno.", "Dos."], "field 'cautions': has 2 lines, the English has 1"),
        ("skip_if", [], "field 'skip_if': has 0 lines, the English has 1"),
        ("breathing", [{"step": 1, "cue": "Exhala."}], "field 'breathing.0.step': must be 2"),
        ("summary", "   ", "field 'summary': expected text"),
        ("name", "x" * 81, "field 'name': 81 characters, at most 80"),
    ],
)
def test_a_translation_of_another_shape_is_refused(
    tmp_path: Path, field: str, value: Any, expected: str
) -> None:
    folder = content_root(tmp_path)
    write_exercise(folder)
    write_spanish(folder, **{field: value})

    assert expected in problems_of(folder)


def test_a_field_the_english_does_not_translate_is_refused(tmp_path: Path) -> None:
    folder = content_root(tmp_path)
    write_exercise(folder)
    write_spanish(folder, aliases=["Otro nombre"], difficulty=2)

    message = problems_of(folder)

    assert "field 'aliases': not a translatable field of the English" in message
    assert "field 'difficulty': not a translatable field of the English" in message


def test_a_file_in_an_undeclared_language_or_without_its_item_is_refused(tmp_path: Path) -> None:
    folder = content_root(tmp_path)
    write_exercise(folder)
    write_spanish(folder)
    (folder / "test-move.fr.yaml").write_text("name: Mouvement\n", encoding="utf-8")
    write_spanish(folder, "gone-move")

    message = problems_of(folder)

    assert "test-move.fr.yaml: test-move: language 'fr': not a language declared in languages.yaml" in message
    assert "gone-move.es.yaml: gone-move: translation of an item that is not here (gone-move.yaml)" in message


def test_a_language_in_progress_is_checked_but_not_required(tmp_path: Path) -> None:
    folder = content_root(tmp_path, "languages:\n  en: English\nin_progress:\n  es: Español\n")
    write_exercise(folder, "first-move")
    write_exercise(folder, "second-move")
    write_spanish(folder, "first-move", name="Primer movimiento")

    first, second = read_exercises(folder)
    assert first.translations["es"]["name"] == "Primer movimiento"
    assert second.translations == {}

    write_spanish(folder, "second-move", name="Segundo movimiento", steps=["Solo uno."])
    assert "second-move.es.yaml: second-move: language 'es': field 'steps'" in problems_of(folder)


def test_a_folder_without_a_languages_file_is_english_only(tmp_path: Path) -> None:
    write_exercise(tmp_path)

    (ex,) = read_exercises(tmp_path)

    assert ex.translations == {}


def test_two_exercises_may_not_share_a_spanish_name(tmp_path: Path) -> None:
    folder = content_root(tmp_path)
    for slug in ("first-move", "second-move"):
        write_exercise(folder, slug)
        write_spanish(folder, slug, name="El mismo nombre")

    assert "language 'es': field 'name': 'El mismo nombre' is also a name of first-move" in problems_of(
        folder
    )


def test_the_checker_lists_what_is_missing_per_language(tmp_path: Path, capsys: Any) -> None:
    folder = content_root(tmp_path)
    for slug in ("first-move", "second-move", "third-move"):
        write_exercise(folder, slug, name=slug.title())
    write_spanish(folder, "first-move", name="Primero")
    write_spanish(folder, "second-move", name="Segundo", cautions=[])

    assert content_checker.main(["check", str(folder)]) == 1

    err = capsys.readouterr().err
    assert "second-move.es.yaml: second-move: language 'es': field 'cautions': has 0 lines" in err
    assert "third-move.yaml: third-move: language 'es': missing its translation file" in err
    assert err.strip().splitlines()[-1] == "es: 2 incomplete: second-move, third-move"


def test_shape_problems_compare_nested_structures() -> None:
    english = {
        "blocks": [{"workouts": [{"name": "A", "summary": "B"}]}],
        "progression": [{"week": 2, "why": "C"}],
    }
    other = {"blocks": [{"workouts": [{"name": "a"}]}], "progression": [{"week": 3, "why": "c"}]}

    assert shape_problems(english, other) == [
        "field 'blocks.0.workouts.0.summary': missing (the English has it)",
        "field 'progression.0.week': must be 2, as in the English (got 3)",
    ]


# ---------------------------------------------------------------- stored and read through one accessor


@pytest.mark.django_db
def test_localized_reads_the_spanish_and_falls_back_only_for_undeclared_languages() -> None:
    from spinewise.library.models import Exercise

    row = Exercise.objects.get(slug="cat-cow")
    spanish = localized(row, "es")

    assert spanish.name == "Gato-vaca"
    assert spanish.steps[0].startswith("Ponte a cuatro patas")
    assert spanish.cautions == row.translations["es"]["cautions"]
    assert len(spanish.skip_if) == len(row.skip_if)
    assert [c["step"] for c in spanish.breathing] == [c["step"] for c in row.breathing]
    assert spanish.to_json().name == "Gato-vaca"
    assert row.name == "Cat-Cow"  # the row itself is untouched
    for lang in ("fr", "en", None, ""):
        assert localized(row, lang) is row


@pytest.mark.django_db
def test_a_translated_copy_cannot_be_saved_over_the_english() -> None:
    from spinewise.library.models import Exercise

    spanish = localized(Exercise.objects.get(slug="bridge"), "es")

    with pytest.raises(RuntimeError, match="translated to 'es'"):
        spanish.save()
    assert Exercise.objects.get(slug="bridge").name == "Bridge"


@pytest.mark.django_db
def test_an_item_made_outside_the_files_shows_in_english() -> None:
    from spinewise.training.models import Routine

    routine = Routine.objects.create(
        slug="made-in-admin", name="Made in the admin", description="x", when="y", items=[]
    )

    assert localized(routine, "es").name == "Made in the admin"


@pytest.mark.django_db
def test_routines_programs_and_home_tests_read_in_spanish() -> None:
    from spinewise.assessments.models import HomeTest
    from spinewise.programs.models import Program
    from spinewise.training.models import Routine

    routine = localized(Routine.objects.get(slug="morning-release"), "es")
    assert routine.name == "Soltura matinal"
    curl = next(item for item in routine.items if item["exercise"] == "jefferson-curl")
    assert curl["note"].startswith("Durante la primera hora")

    program = localized(Program.objects.get(slug="six-week-lower-back"), "es")
    assert program.name == "Programa de movilidad lumbar de seis semanas"
    assert program.file.blocks[0].workouts[0].name == "Base A: movilidad y caderas"
    assert program.file.progression[0].why.startswith("Una repetición más")
    assert program.file.weeks == 6

    test = localized(HomeTest.objects.get(slug="side-bridge-hold"), "es")
    assert test.name == "Mantenimiento de plancha lateral"
    assert test.safety[0] == "No hagas esta prueba en un día de crisis de dolor."


# ---------------------------------------------------------------- edits to a translation reach the cache


@pytest.mark.django_db
def test_editing_a_spanish_file_changes_the_content_version_and_the_stored_text(tmp_path: Path) -> None:
    from spinewise.library.cache import content_version
    from spinewise.library.models import Exercise

    shutil.copytree(CONTENT, tmp_path / "content")
    folder = tmp_path / "content" / "exercises"
    load_exercises(folder, force=True)
    before = content_version()

    path = folder / "cat-cow.es.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Gato-vaca", "Gato y vaca", 1), encoding="utf-8")
    report = load_exercises(folder)

    assert report.updated == ["cat-cow"]
    assert content_version() != before
    assert localized(Exercise.objects.get(slug="cat-cow"), "es").name == "Gato y vaca"


# ---------------------------------------------------------------- the command line


@pytest.mark.django_db
def test_the_exercise_command_speaks_spanish_with_lang_es() -> None:
    result = runner.invoke(app, ["exercise", "cat-cow", "--lang", "es", "--json"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["name"] == "Gato-vaca"
    assert data["steps"][2] == "Empuja el suelo para alejarlo y redondea la espalda hacia el techo."
    assert data["breathing"][0].endswith("Inhala mientras la espalda se arquea.")
    assert data["slug"] == "cat-cow"


@pytest.mark.django_db
def test_the_routine_command_names_exercises_in_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from spinewise import cli

    monkeypatch.setattr(cli, "out", Console(width=250, highlight=False))  # each name on one line
    from spinewise.library.models import Exercise

    result = runner.invoke(app, ["routine", "--minutes", "9", "--seed", "3", "--lang", "es", "--json"])

    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["items"]
    spanish = dict(Exercise.objects.values_list("slug", "translations"))
    assert [item["name"] for item in items] == [spanish[item["slug"]]["es"]["name"] for item in items]

    table = runner.invoke(app, ["routine", "--name", "morning-release", "--lang", "es"])
    assert table.exit_code == 0, table.output
    assert "Soltura matinal" in table.output and "Ola de columna" in table.output


@pytest.mark.django_db
def test_the_environment_locale_is_the_default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    spanish = runner.invoke(app, ["exercise", "bridge"])
    english = runner.invoke(app, ["exercise", "bridge", "--lang", "en"])
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    undeclared = runner.invoke(app, ["exercise", "bridge"])

    assert spanish.output.startswith("Puente")
    assert english.output.startswith("Bridge")
    assert undeclared.output.startswith("Bridge")


@pytest.mark.django_db
def test_an_unknown_language_option_is_refused_naming_the_languages() -> None:
    result = runner.invoke(app, ["exercise", "bridge", "--lang", "klingon"])

    assert result.exit_code == 2
    assert "unknown language 'klingon': the content is in en, es" in result.output


@pytest.mark.django_db
def test_a_spanish_name_finds_the_exercise() -> None:
    result = runner.invoke(app, ["exercises", "--search", "gato vaca", "--lang", "es", "--json"])

    assert result.exit_code == 0, result.output
    names = {item["slug"]: item["name"] for item in json.loads(result.output)}
    assert names == {"cat-cow": "Gato-vaca", "seated-cat-cow": "Gato-vaca sentado"}


@pytest.mark.django_db
def test_the_command_line_refuses_content_with_an_incomplete_spanish_and_lists_it(
    tmp_path: Path, settings: Any
) -> None:
    from spinewise.library.models import Exercise

    folder = content_root(tmp_path)
    write_exercise(folder, "first-move")
    write_exercise(folder, "second-move")
    write_spanish(folder, "first-move", steps=["Solo un paso."])
    (tmp_path / "routines").mkdir()
    settings.CONTENT_DIR = tmp_path
    before = Exercise.objects.active().count()

    result = runner.invoke(app, ["exercises", "--json"])

    said = " ".join(result.stderr.split())
    assert result.exit_code == 1
    assert (
        "first-move.es.yaml: first-move: language 'es': field 'steps': has 1 lines, the English has 2" in said
    )
    assert "second-move.yaml: second-move: language 'es': missing its translation file" in said
    assert said.endswith("es: 2 incomplete: first-move, second-move")
    assert Exercise.objects.active().count() == before
