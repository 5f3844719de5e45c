"""The site's shell and account pages in Spanish (issue 18): the front page, today, the guided first
visit, the glossary, the account pages, the plain words of the vocabulary, the app's manifest and
its offline page, and the profile's own language."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from spinewise.accounts.forms import ProfileForm
from spinewise.accounts.models import Profile
from spinewise.accounts.services import profile_for
from spinewise.planning.vocabulary import GLOSSARY, LABELS, Position, label
from spinewise.training.templatetags.spinewise import plain
from tests.programs_helpers import enrolled, signed_in

pytestmark = pytest.mark.django_db
ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def text(response: Any) -> str:
    """The page's words without tags or extra spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def profile_data(**changes: str) -> dict[str, Any]:
    return {
        "level": "beginner",
        "usual_minutes": "10",
        "focus": "balanced",
        "time_zone": "Europe/Madrid",
        "units": "cm",
        **changes,
    }


def test_the_front_page_in_spanish_names_the_exercises_in_spanish(client: Client) -> None:
    page = text(client.get("/", **ES))
    assert "Alivia tu zona lumbar, unos minutos al día" in page
    assert "Ahora me duele la espalda o la noto rígida" in page
    assert "Gato-vaca: cómo hacerlo" in page  # the content's own translation
    assert "Ease your lower back" not in page and "Cat-Cow: how to do it" not in page


def test_the_front_page_stays_english_by_default(client: Client) -> None:
    page = text(client.get("/"))
    assert "Ease your lower back, a few minutes a day" in page
    assert "Cat-Cow: how to do it" in page


def test_today_in_spanish_shows_the_program_in_spanish(trainee: Any) -> None:
    enrolled(trainee)
    page = text(signed_in(trainee).get("/", **ES))
    assert "Hola, este es tu día" in page
    assert "Programa de movilidad lumbar de seis semanas" in page
    assert "Tus rutinas favoritas" in page and "Sesiones recientes" in page


def test_the_profile_page_in_spanish_with_its_choices(trainee: Any) -> None:
    page = text(signed_in(trainee).get("/profile/", **ES))
    assert "Tu perfil" in page
    assert "Posiciones que quieres evitar" in page
    assert "Tumbado boca arriba (decúbito supino)" in page  # a vocabulary word, through the form
    assert "Principiante" in page and "Centímetros" in page and "lun" in page
    assert "Idioma / Language" in page and "El idioma del navegador" in page
    assert "Lying on your back" not in page


def test_the_profile_form_saves_the_language_and_the_pages_follow_it(trainee: Any) -> None:
    client = signed_in(trainee)
    response = client.post("/profile/", profile_data(language="es"))
    assert response.status_code == 302
    assert Profile.objects.get(user=trainee).language == "es"
    # The profile's language beats the browser's.
    assert "Hola, este es tu día" in text(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    client.post("/profile/", profile_data(language=""))
    assert profile_for(trainee).language == ""
    assert "Hello, here is your day" in text(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))


def test_the_profile_form_offers_only_the_declared_languages_each_named_in_itself() -> None:
    form = ProfileForm(profile_data(language="fr"), instance=Profile())
    assert not form.is_valid() and "language" in form.errors
    html = str(form["language"])
    for code, _name in settings.LANGUAGES:
        assert f'value="{code}" lang="{code}"' in html


def test_the_glossary_and_the_plain_words_in_spanish(client: Client) -> None:
    page = text(client.get("/glossary/", **ES))
    assert "Palabras que usamos" in page
    assert "Cuadrupedia" in page and "Señal de alarma" in page
    assert "Partes del cuerpo" in page and "Zona lumbar (columna lumbar)" in page
    assert "Red flag" not in page
    with translation.override("es"):
        assert plain("supine") == "Tumbado boca arriba (decúbito supino)"
    # The vocabulary itself stays English (the terminal and the planner read it).
    assert label(Position, "supine") == "Lying on your back (supine)"
    with translation.override("en"):
        assert LABELS[Position]["supine"] == plain("supine")
    assert "Red flag" in GLOSSARY


def test_the_account_pages_in_spanish(client: Client, trainee: Any) -> None:
    assert "Crea tu cuenta" in text(client.get("/signup/", **ES))
    assert "¿Has olvidado tu contraseña?" in text(client.get("/login/", **ES))
    assert "Qué guardamos y por qué" in text(client.get("/privacy/", **ES))
    missing = client.get("/no-such-page/", **ES)
    assert missing.status_code == 404 and "Esta página no está aquí" in text(missing)
    signed = signed_in(trainee)
    assert "Tokens de la API" in text(signed.get("/account/", **ES))
    assert "Eliminarlo todo" in text(signed.get("/account/delete/", **ES))


def test_the_welcome_steps_in_spanish(trainee: Any) -> None:
    client = signed_in(trainee)
    session = client.session
    session["onboarding"] = "program"
    session.save()
    page = text(client.get("/welcome/program/", **ES))
    assert "Paso 5 de 7: Elige un programa" in page
    assert "Programa de movilidad lumbar de seis semanas: 6 semanas" in page
    schedule = text(client.get("/welcome/schedule/?program=six-week-lower-back", **ES))
    assert "¿Cuándo vas a entrenar?" in schedule
    assert "Empezar Programa de movilidad lumbar de seis semanas" in schedule


def test_the_manifest_follows_the_language(client: Client) -> None:
    english = json.loads(client.get("/manifest.webmanifest").content)
    assert english["lang"] == "en"
    assert english["name"] == "spinewise: lower-back mobility coach"
    spanish = json.loads(client.get("/manifest.webmanifest", **ES).content)
    assert spanish["lang"] == "es"
    assert spanish["name"] == "spinewise: entrenador de movilidad lumbar"
    assert "zona lumbar" in spanish["description"]


def test_the_offline_page_in_spanish_carries_its_scripts_words(client: Client) -> None:
    response = client.get("/offline/", **ES)
    body = response.content.decode()
    assert '<html lang="es">' in body
    assert "Estás sin conexión" in text(response)
    catalogue = json.loads(re.search(r'id="sw-i18n">(.*?)</script>', body, re.S).group(1))  # type: ignore[union-attr]
    assert catalogue["lang"] == "es"
    assert catalogue["catalog"]["See your history"] == "Ver tu historial"
