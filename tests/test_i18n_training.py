"""Routines, the player and the exercise library in Spanish: the interface's words, the content's
texts (exercise names, steps, routine notes) and the planner's notes, and no page cached in one
language served in the other."""

from __future__ import annotations

import pickle
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from spinewise.library.models import Exercise
from spinewise.planning.adapt import LOWERED
from spinewise.planning.model import Dose
from spinewise.planning.words import ExerciseName, Said, gettext_noop
from spinewise.training.models import Routine
from spinewise.training.words import say
from tests.play_helpers import cleared, payload_of

pytestmark = pytest.mark.django_db

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def spanish(slug: str) -> dict[str, Any]:
    texts: dict[str, Any] = Exercise.objects.get(slug=slug).translations["es"]
    return texts


def text_of(response: Any) -> str:
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


# ------------------------------------------------------------------ the exercise library


def test_an_exercise_page_in_spanish_shows_the_spanish_name_and_steps(client: Client) -> None:
    es = spanish("cat-cow")
    page = text_of(client.get("/exercises/cat-cow/", **ES))
    assert f"<h1>{es['name']}</h1>" in page
    assert f"<title>{es['name']} · spinewise</title>" in page
    assert es["steps"][0] in page
    assert es["cautions"][0] in page
    assert "Cómo hacerlo" in page and "How to do it" not in page


def test_the_cached_exercise_page_is_never_served_in_the_other_language(client: Client) -> None:
    es = spanish("cat-cow")
    english = Exercise.objects.get(slug="cat-cow")
    first = text_of(client.get("/exercises/cat-cow/", **ES))
    assert es["steps"][1] in first
    # The English page, asked second, is its own fragment: English name, steps and words.
    second = text_of(client.get("/exercises/cat-cow/", **EN))
    assert f"<h1>{english.name}</h1>" in second and english.steps[1] in second
    assert es["steps"][1] not in second and "Cómo hacerlo" not in second
    # And the Spanish one, warm, is still Spanish.
    third = text_of(client.get("/exercises/cat-cow/", **ES))
    assert es["steps"][1] in third and english.steps[1] not in third


def test_the_exercise_list_names_exercises_in_the_page_language(client: Client) -> None:
    es = spanish("cat-cow")
    page = text_of(client.get("/exercises/", **ES))
    assert es["name"] in page and "Biblioteca de ejercicios" in page
    english = text_of(client.get("/exercises/", **EN))
    assert ">Cat-Cow<" in english and es["name"] not in english and "Exercise library" in english


# ------------------------------------------------------------------ routines


def test_a_routine_page_in_spanish_names_its_routine_and_exercises(client: Client) -> None:
    routine = Routine.objects.get(slug="morning-release")
    page = text_of(client.get("/routines/morning-release/", **ES))
    assert routine.translations["es"]["name"] in page
    assert spanish("spinal-wave")["name"] in page
    assert "Empezar esta rutina" in page


def test_the_routine_changes_note_is_spanish_and_not_cached_across_languages(client: Client) -> None:
    url = "/routines/morning-release/?avoid=kneeling&equipment=none"
    spanish_page = text_of(client.get(url, **ES))
    changed = re.search(r'data-testid="what-changed">(.*?)</div>', spanish_page, re.S)
    assert changed, "kneeling avoided changes the routine"
    note = changed.group(1)
    assert "Qué hemos cambiado para ti" in note
    assert "porque" in note and "because" not in note
    assert "una posición que evitas" in note or "que no tienes" in note
    english_page = text_of(client.get(url, **EN))
    english_note = re.search(r'data-testid="what-changed">(.*?)</div>', english_page, re.S)
    assert english_note and "because" in english_note.group(1) and "porque" not in english_note.group(1)


def test_the_routines_list_in_spanish(client: Client) -> None:
    page = text_of(client.get("/routines/", **ES))
    assert Routine.objects.get(slug="morning-release").translations["es"]["name"] in page
    assert "ejercicios" in page and " exercises<" not in page


# ------------------------------------------------------------------ the player


def test_the_players_payload_carries_spanish_steps_notes_and_words(client: Client) -> None:
    response = cleared(client).get("/play/routine/morning-release/", **ES)
    payload = payload_of(response)
    routine = Routine.objects.get(slug="morning-release")
    assert payload["routine"]["name"] == routine.translations["es"]["name"]
    first = payload["items"][0]
    es = spanish(first["slug"])
    assert first["name"] == es["name"]
    assert [step["text"] for step in first["exercise"]["steps"]] == es["steps"]
    assert first["exercise"]["cautions"] == es["cautions"]
    assert "repeticiones" in first["dose_text"]
    labels = [segment["label"] for item in payload["items"] for segment in item["segments"]]
    assert any(label.startswith("Prepárate: ") for label in labels)
    assert not any(label.startswith("Get ready") for label in labels)
    # The routine's own note on an item, as the Spanish content words it.
    notes = {item["slug"]: item["note"] for item in payload["items"] if item["note"]}
    assert notes["jefferson-curl"] == " ".join(routine.translations["es"]["notes"]["jefferson-curl"].split())


def test_the_planned_players_notes_are_spanish(client: Client) -> None:
    url = "/play/plan/?minutes=10&state=flare-up&focus=strength&equipment=none"
    payload = payload_of(cleared(client).get(url, **ES))
    relaxed = payload["routine"]["relaxed"]
    assert any(note.startswith("El trabajo de fuerza espera a un día mejor") for note in relaxed), relaxed
    assert payload["routine"]["name"] == "Rutina de 10 minutos"
    english = payload_of(cleared(Client()).get(url, **EN))
    assert any(
        note.startswith("Strength work waits for a better day") for note in english["routine"]["relaxed"]
    )
    assert english["routine"]["name"] == "10-minute routine"


def test_the_player_page_words_are_spanish(client: Client) -> None:
    page = text_of(cleared(client).get("/play/routine/morning-release/", **ES))
    assert "> Indicaciones habladas</label>" in page and "> Spoken cues</label>" not in page
    # The scripts' words travel with the page.
    assert '"Breathe in":"Inhala"' in page


# ------------------------------------------------------------------ the planner's sentences


def test_a_said_sentence_is_its_english_text_everywhere_and_translated_at_the_edge() -> None:
    dose = Dose(sets=3, reps=8, per_side=True).describe()
    assert dose == "3 x 8 reps per side"
    swapped = Said(
        gettext_noop("%(name)s: swapped for %(version)s, because %(why)s."),
        name=ExerciseName("Cat-Cow", "cat-cow"),
        version=ExerciseName("Cat-Cow", "cat-cow"),
        why=Said(gettext_noop("it is not gentle enough for a flare-up day")),
    )
    assert swapped == "Cat-Cow: swapped for Cat-Cow, because it is not gentle enough for a flare-up day."
    again = pickle.loads(pickle.dumps(swapped))
    assert again == swapped and again.template == swapped.template
    with translation.override("es"):
        assert say(dose) == "3 x 8 repeticiones por lado"
        assert say(LOWERED) == "Dosis bajadas a las más suaves por ser un día de crisis de dolor."
        name = spanish("cat-cow")["name"]
        assert say(swapped) == (
            f"{name}: cambiado por {name}, porque no es lo bastante suave para un día de crisis de dolor."
        )
    with translation.override("en"):
        assert say(swapped) == str(swapped)


def test_quick_relief_names_its_routine_in_spanish(client: Client) -> None:
    page = text_of(cleared(client).get("/relief/?minutes=10&state=stiff", **ES))
    assert "Tu rutina de 10 minutos" in page
    names = {
        ex.slug: ex.translations["es"]["name"] for ex in Exercise.objects.all() if ex.translations.get("es")
    }
    table = re.search(r'<table class="routine-table">(.*?)</table>', page, re.S)
    assert table
    linked = re.findall(r'<a href="/exercises/([\w-]+)/">([^<]+)</a>', table.group(1))
    assert linked and all(name == names[slug] for slug, name in linked)


def test_the_moving_figure_is_named_in_the_page_language(client: Client) -> None:
    spanish = client.get("/exercises/cat-cow/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert (
        '<title id="f-cat-cow-t">Gato-vaca, vista de lado: el vientre baja y el pecho y la mirada suben'
        " al inhalar, luego la espalda se redondea hacia arriba y la cabeza cae al exhalar, y otra vez.</title>"
    ) in spanish
    english = client.get("/exercises/cat-cow/").content.decode()
    assert '<title id="f-cat-cow-t">Cat-Cow, seen from the side: the belly sinks' in english
