"""Coaching and desk mode in Spanish: the coach's board, the handout PDF, the desk mode page and
the calendar feed (in its owner's language, as a phone fetches it without a session)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import icalendar
import pypdfium2
import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from spinewise.accounts.services import profile_for
from spinewise.breaks.models import DeskMode
from spinewise.coaching import services
from spinewise.coaching.models import Link
from spinewise.coaching.schemas import ItemIn
from spinewise.coaching.words import ChangeWords, dose_words
from spinewise.planning.model import Dose
from tests.coaching_helpers import ROUTINE, assigned, coach_client, linked, make_coach
from tests.programs_helpers import screened, signed_in

pytestmark = pytest.mark.django_db
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
# Wednesday 25 November 2026, 10:20 in London: between the 10:00 and 11:00 breaks.
NOW = datetime(2026, 11, 25, 10, 20, tzinfo=UTC)


@pytest.fixture
def link(coach: Any, trainee: Any) -> Link:
    make_coach(coach)
    screened(trainee)
    return linked(coach, trainee)


def test_the_coachs_board_in_spanish(link: Link, coach: User) -> None:
    assigned(link)
    home = coach_client(coach).get("/coaching/", **SPANISH).content.decode()
    assert "Tus clientes" in home and "Invitar a un cliente" in home
    assert "Sesiones, últimos 7 días" in home and "0 de 3 previstas" in home
    assert "aún no hay revisión de seguridad" not in home or "Revisión de seguridad" in home
    board = coach_client(coach).get(f"/coaching/clients/{link.pk}/", **SPANISH).content.decode()
    assert "Componer una rutina" in board and "3 veces por semana" in board
    # The content's names in Spanish, the doses in Spanish words.
    assert "Gato-vaca: 2 x 8 repeticiones" in board and "Puente" in board
    assert "Your clients" not in home and "Compose a routine" not in board


def test_the_compose_page_names_exercises_in_spanish(link: Link, coach: User) -> None:
    page = coach_client(coach).get(f"/coaching/clients/{link.pk}/routines/new/", **SPANISH)
    html = page.content.decode()
    assert "Componer una rutina" in html and "Ejercicios, en orden" in html
    assert ">Gato-vaca (" in html


def test_the_clients_pages_in_spanish(link: Link, trainee: User) -> None:
    made = assigned(link)
    client = signed_in(trainee)
    mine = client.get("/coaching/mine/", **SPANISH).content.decode()
    assert "Tus entrenadores" in mine and "3 veces por semana, de Dana Physio" in mine
    page = client.get(f"/coaching/assigned/{made.pk}/", **SPANISH).content.decode()
    assert "De Dana Physio, 3 veces por semana." in page and "Hoja impresa (PDF)" in page


def test_the_change_log_is_kept_in_english_and_shown_in_the_readers_language(
    link: Link, coach: User, trainee: User
) -> None:
    with translation.override("es"):  # a Spanish coach
        made = assigned(link)
        changed = ROUTINE.model_copy(
            update={
                "per_week": 4,
                "items": [
                    ROUTINE.items[0].model_copy(update={"sets": 3}),
                    *ROUTINE.items[1:],
                    ItemIn(exercise="pelvic-tilts"),
                ],
            }
        )
        services.update_routine(made, changed, coach)
    assert made.changes.order_by("at", "pk").first().lines == [f"Assigned {ROUTINE.name}."]
    page = signed_in(trainee).get(f"/coaching/assigned/{made.pk}/", **SPANISH).content.decode()
    assert f"Asignada {ROUTINE.name}." in page
    assert "Frecuencia: de 3 a 4 veces por semana." in page
    assert "Gato-vaca: 2 x 8 repeticiones pasa a 3 x 8 repeticiones." in page
    assert "Añadido " in page and "Pelvic Tilts" not in page
    english = signed_in(trainee).get(f"/coaching/assigned/{made.pk}/").content.decode()
    assert (
        "How often: 3 to 4 times a week." in english
        and "Cat-Cow: 2 x 8 reps changed to 3 x 8 reps." in english
    )


def test_change_words_translate_each_sentence() -> None:
    with translation.override("es"):
        words = ChangeWords()
        assert words.line("The coach's notes changed.") == "Las notas del entrenador han cambiado."
        assert (
            words.line("Removed Cat-Cow (hold 20 s per side).") == "Quitado Gato-vaca (mantén 20 s por lado)."
        )
        assert words.line("Started Six weeks on Monday 7 December.").endswith("el lunes 7 diciembre.")
        assert words.line("Something the log never said.") == "Something the log never said."


def test_the_handout_pdf_in_spanish(link: Link, trainee: User) -> None:
    made = assigned(link)
    response = signed_in(trainee).get(f"/coaching/assigned/{made.pk}/handout.pdf", **SPANISH)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = " ".join(text.split())
    assert "veces por semana" in text
    assert "Para si el dolor se extiende por una pierna" in text
    assert "Gato-vaca" in text and "Ponte a cuatro patas" in text
    assert "2 x 8 repeticiones" in text
    assert "Nota del entrenador: Move with your breath." in text
    assert "times a week" not in text and "Cat-Cow" not in text


def test_the_handout_stays_in_english_by_default(link: Link, trainee: User) -> None:
    made = assigned(link)
    response = signed_in(trainee).get(f"/coaching/assigned/{made.pk}/handout.pdf")
    pdf = pypdfium2.PdfDocument(response.content)
    text = " ".join(pdf[0].get_textpage().get_text_range().split())
    assert "3 times a week" in text and "Cat-Cow" in text


def test_dose_words_in_both_languages() -> None:
    dose = Dose(sets=2, reps=10, hold_seconds=None, duration_seconds=None, per_side=True, rest_seconds=30)
    assert dose_words(dose) == "2 x 10 reps per side"
    with translation.override("es"):
        assert dose_words(dose) == "2 x 10 repeticiones por lado"


def test_the_desk_mode_page_in_spanish(trainee_client: Client, trainee: User) -> None:
    DeskMode.objects.create(user=trainee, days=[0, 1, 2, 3, 4], time_zone="Europe/London", every=60)
    with time_machine.travel(NOW, tick=False):
        html = trainee_client.get(reverse("breaks:settings"), **SPANISH).content.decode()
    assert "Modo escritorio: pausas para moverte" in html
    assert "Tu próxima pausa" in html and "25 noviembre, 11:00" in html
    assert "Días de trabajo" in html and "lunes" in html and "Cada hora" in html
    assert "Desk mode: movement breaks" not in html


def test_the_break_refusal_in_spanish(trainee_client: Client, trainee: User) -> None:
    profile = profile_for(trainee)
    profile.avoid = ["standing", "seated-chair"]
    profile.save()
    response = trainee_client.get(reverse("breaks:take"), **SPANISH)
    assert response.status_code == 422
    assert "Evitas tanto estar de pie como sentarte en una silla" in response.content.decode()


def feed_events(token: str, **headers: str) -> list[Any]:
    response = Client().get(reverse("breaks:feed", args=[token]), **headers)
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal.walk("VEVENT")
    return [cal, *cal.walk("VEVENT")]


def test_the_feed_speaks_its_owners_spanish(trainee: User) -> None:
    profile = profile_for(trainee)
    profile.language = "es"
    profile.save()
    row = DeskMode.objects.create(user=trainee, days=[0, 1, 2, 3, 4], time_zone="Europe/London", every=60)
    with time_machine.travel(NOW, tick=False):
        # The phone asks in English: the owner's Spanish wins.
        cal, event, *_rest = feed_events(row.feed_token, HTTP_ACCEPT_LANGUAGE="en")
    assert str(cal["x-wr-calname"]) == "spinewise: pausas para moverte"
    assert str(event["summary"]) == "Hora de moverte: una pausa corta"
    assert str(event["description"]).startswith("Levántate y muévete 2 minutos")
    assert str(event.walk("VALARM")[0]["description"]) == "Hora de moverte: una pausa corta"


def test_the_feed_of_an_owner_without_a_language_is_english(trainee: User) -> None:
    row = DeskMode.objects.create(user=trainee, days=[0, 1, 2, 3, 4], time_zone="Europe/London", every=60)
    with time_machine.travel(NOW, tick=False):
        _cal, event, *_rest = feed_events(row.feed_token)
    assert str(event["summary"]) == "Time to move: a short break"
    assert str(event["description"]).startswith("Stand up and move for 2 minutes")
