"""The command line in Spanish: --lang (or the locale, LC_ALL / LC_MESSAGES / LANG) chooses the
content's language and the interface's words; --json keys stay English."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.utils import translation
from rich.console import Console
from typer.testing import CliRunner

from spinewise import cli
from spinewise.cli import app
from spinewise.library.i18n import localized
from spinewise.library.models import Exercise

pytestmark = pytest.mark.django_db

# No locale of the machine running the tests decides the language unless a test says so.
NO_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
runner = CliRunner(env=NO_LOCALE)


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal: the table keeps each name on one line."""
    monkeypatch.setattr(cli, "out", Console(width=250, highlight=False))


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env={**NO_LOCALE, **(env or {})})


def es(message: str, **values: Any) -> str:
    with translation.override("es"):
        text = translation.gettext(message)
    return text % values if values else text


def spanish(slug: str) -> Exercise:
    return localized(Exercise.objects.get(slug=slug), "es")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_routine_as_json_in_spanish_keeps_english_keys() -> None:
    english = run("routine", "--minutes", "9", "--seed", "3", "--json")
    result = run("routine", "--minutes", "9", "--seed", "3", "--json", "--lang", "es")
    assert result.exit_code == 0, result.output
    data, before = json.loads(result.output), json.loads(english.output)
    assert set(data) == set(before)
    assert [set(i) for i in data["items"]] == [set(i) for i in before["items"]]
    assert [i["slug"] for i in data["items"]] == [i["slug"] for i in before["items"]]
    for item, was in zip(data["items"], before["items"], strict=True):
        assert item["name"] == spanish(item["slug"]).name
        assert item["phase"] == was["phase"] and item["position"] == was["position"]
    assert [i["name"] for i in data["items"]] != [i["name"] for i in before["items"]]


def test_a_routine_as_text_in_spanish() -> None:
    result = run("routine", "--minutes", "9", "--seed", "3", "--lang", "es")
    assert result.exit_code == 0, result.output
    with translation.override("es"):
        title = translation.gettext("%(minutes)s-minute routine") % {"minutes": 9}
        column = translation.pgettext("column", "exercise")
    assert title == "Rutina de 9 minutos" and title in result.output
    assert column in result.output and "Total about" not in result.output
    assert es("Total about %(total)s (including %(seconds)s s to change position)", total="9:", seconds=0)[
        :6
    ] in flat(result.output)
    data = json.loads(run("routine", "--minutes", "9", "--seed", "3", "--json").output)
    for item in data["items"]:
        assert spanish(item["slug"]).name in result.output


def test_an_exercise_in_spanish_shows_spanish_steps_and_headings() -> None:
    result = run("exercise", "cat-cow", "--lang", "es")
    assert result.exit_code == 0, result.output
    shown = flat(result.output)
    ex = spanish("cat-cow")
    assert ex.name in shown
    for step in ex.steps:
        assert flat(step) in shown
    for caution in ex.cautions:
        assert flat(caution) in shown
    for heading in ("Before you start", "Steps", "Dose"):
        assert es(heading) != heading and es(heading) in shown
    assert "Before you start" not in shown


def test_the_locale_chooses_the_language_when_no_lang_is_given() -> None:
    result = run("exercise", "cat-cow", env={"LANG": "es_ES.UTF-8"})
    assert result.exit_code == 0, result.output
    assert es("Steps") in result.output and spanish("cat-cow").name in result.output
    table = run("routines", env={"LANG": "es_ES.UTF-8"})
    assert es("Built-in routines") == "Rutinas incluidas" and "Rutinas incluidas" in table.output
    # LC_ALL wins over LANG, as in every POSIX program.
    english = run("routines", env={"LANG": "es_ES.UTF-8", "LC_ALL": "en_US.UTF-8"})
    assert "Built-in routines" in english.output
    # --lang wins over the locale.
    asked = run("routines", "--lang", "en", env={"LANG": "es_ES.UTF-8"})
    assert "Built-in routines" in asked.output


def test_errors_are_in_the_runs_language() -> None:
    result = run("exercises", "--category", "mobilty", "--lang", "es")
    assert result.exit_code == 2
    assert es("did you mean %(values)s?", values="mobility") in flat(result.output)
    missing = run("exercise", "no-such-move", "--lang", "es")
    assert missing.exit_code == 2 and "no existe el ejercicio" in flat(missing.output)


def test_an_unknown_language_exits_2_naming_the_languages() -> None:
    result = run("routine", "--minutes", "9", "--lang", "fr")
    assert result.exit_code == 2
    assert "unknown language 'fr'" in result.output and "en, es" in result.output


def test_the_language_is_let_go_when_the_command_ends() -> None:
    assert run("routines", "--lang", "es").exit_code == 0
    assert translation.gettext("Built-in routines") == "Built-in routines"
    assert "Built-in routines" in run("routines").output


def test_the_terminal_player_speaks_spanish(tmp_path: Any) -> None:
    from spinewise.library.i18n import localized_plan
    from spinewise.planning.request import PlanningRequest
    from spinewise.training.services import build_routine, routine_json
    from spinewise.training.terminal import TerminalPlayer, dose_text, exercise_infos

    request = PlanningRequest.parse(minutes=5, level="beginner", equipment="none", seed=2)
    answers = tmp_path / "answers"
    answers.write_text("1\n0\n2\n\n")  # the pain before, worst, after, effort, notes
    with translation.override("es"):
        planned = localized_plan(build_routine(request.profile(), 5, 2), "es")
        prescription = routine_json(planned)
        infos, variant_dose = exercise_infos(prescription, "beginner")
        out = io.StringIO()
        player = TerminalPlayer(
            "Rutina",
            None,
            prescription,
            infos,
            variant_dose,
            speed=40,  # faster and the player counts a negative time (a poll overshoots a segment)
            out=out,
            inp=answers.open(),
        )
        session = player.run()
        said = out.getvalue()
        first = prescription.items[0]
        assert dose_text(first) in said
    assert session.routine_name == "Rutina"
    assert es("Keys: %(keys)s", keys="")[:6] in said and "Keys:" not in said
    assert es("Well done: that is the whole routine.") in said
    assert es("Worst pain during the session") in said
    ex = spanish(first.slug)
    assert ex.name in said and ex.steps[0] in said


def test_the_terminal_safety_check_and_pain_rule_speak_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    from spinewise.planning.progression import ACCEPTABLE_PAIN
    from spinewise.training import terminal_check

    said = io.StringIO()
    monkeypatch.setattr(terminal_check, "out", Console(file=said, width=250, highlight=False))
    answers = iter(["quizá", "sí"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    with translation.override("es"):
        assert terminal_check.ask_yes("¿Seguro?") is True  # "sí" is a yes in Spanish
        assert terminal_check.day_for_pain(ACCEPTABLE_PAIN + 1, "fine", False) == "flare-up"
    text = flat(said.getvalue())
    assert es("Please type y or n.") in text
    flare = es(
        "Your pain now is %(pain)s/10, above the %(limit)s/10 limit, so today is a flare-up day: only moves"
        " that suit a flare-up, at their gentlest dose. To keep --state %(state)s, add --keep-state.",
        pain=ACCEPTABLE_PAIN + 1,
        limit=ACCEPTABLE_PAIN,
        state="fine",
    )
    assert "crisis de dolor" in flare and flare in text


def test_a_routine_with_its_steps_in_spanish() -> None:
    result = run("routine", "--minutes", "9", "--seed", "3", "--json", "--steps", "--lang", "es")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["items"]
    assert items
    for item in items:
        exercise = spanish(item["slug"])
        assert item["name"] == exercise.name
        assert item["steps"] == list(exercise.steps) and item["steps"]
    english = json.loads(run("routine", "--minutes", "9", "--seed", "3", "--json", "--steps").output)
    assert english["items"][0]["steps"] == list(Exercise.objects.get(slug=english["items"][0]["slug"]).steps)
    assert english["items"][0]["steps"] != items[0]["steps"]
    # Without --steps the JSON keeps its shape.
    assert (
        "steps"
        not in json.loads(run("routine", "--minutes", "9", "--seed", "3", "--json").output)["items"][0]
    )


def test_the_routine_table_lists_each_exercises_steps_in_spanish(wide: None) -> None:
    shown = json.loads(
        run("routine", "--name", "morning-release", "--json", "--steps", "--lang", "es").output
    )
    result = run("routine", "--name", "morning-release", "--steps", "--lang", "es")
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    for n, item in enumerate(shown["items"], start=1):
        assert f"{n}. {item['name']}" in text
        for k, step in enumerate(item["steps"], start=1):
            assert flat(f"{k}. {step}") in text
