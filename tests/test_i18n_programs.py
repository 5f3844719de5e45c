"""Programs and progress in Spanish: the pages, the program's own words from the content, the
calendar file, the PDF report and the charts, cached per language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import icalendar
import pypdfium2
import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from spinewise.accounts.services import profile_for
from spinewise.library.i18n import localized
from spinewise.programs.models import Program
from spinewise.progress import services as progress_services
from tests.programs_helpers import NOW, SIX_WEEK, done_session, enrolled, program
from tests.progress_data import BETTER, baseline_and_retest, daily_sessions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    """A Spanish request leaves its language active in the thread: later tests expect English."""
    yield
    translation.deactivate()


def spanish(user: User) -> None:
    profile = profile_for(user)
    profile.language = "es"
    profile.save(update_fields=["language"])


def spanish_name(slug: str = SIX_WEEK) -> str:
    return localized(Program.objects.get(slug=slug), "es").name


def test_the_catalogue_in_spanish_names_the_programs_from_the_content(client: Client) -> None:
    page = client.get(reverse("programs:list"), **ES).content.decode()
    assert spanish_name() == "Programa de movilidad lumbar de seis semanas"
    assert spanish_name() in page
    assert "Varias semanas de entrenamientos en los días que elijas" in page
    assert "Several weeks of workouts" not in page


def test_a_program_page_in_spanish(client_of: Client) -> None:
    page = client_of.get(program().get_absolute_url(), **ES).content.decode()
    assert f"<h1>{spanish_name()}</h1>" in page
    assert "Los entrenamientos" in page and "Empiézalo" in page
    assert "Base A: movilidad y caderas" in page  # a workout's name, from the content
    assert "lunes" in page  # the weekdays of the form (Django's own day names)
    assert "The workouts" not in page


def test_the_schedule_and_a_workout_in_spanish(client_of: Client, trainee: User) -> None:
    spanish(trainee)
    enrolled(trainee)
    schedule = client_of.get(reverse("programs:current")).content.decode()
    assert "Calendario" in schedule and "Cambio de planes" in schedule
    assert "Base A: movilidad y caderas" in schedule
    assert "Schedule" not in schedule
    workout = client_of.get(reverse("programs:workout", args=[1])).content.decode()
    assert "Entrenamiento 1: Base A: movilidad y caderas" in workout
    assert "Antes de empezar: ¿cuánto te duele la espalda ahora mismo?" in workout
    assert "Before we start" not in workout


def test_a_prepared_workout_in_spanish_says_why(client_of: Client, trainee: User) -> None:
    spanish(trainee)
    enrolled(trainee)
    client_of.post(reverse("programs:pain", args=[1]), {"pain": "2"})
    page = client_of.get(reverse("programs:workout", args=[1])).content.decode()
    assert "Empezar el entrenamiento 1" in page
    assert "Dolor ahora: 2/10." in page


def test_the_calendar_file_follows_the_request_language(client_of: Client, trainee: User) -> None:
    enrolled(trainee)
    done_session(trainee, number=1)
    spanish_cal = icalendar.Calendar.from_ical(client_of.get(reverse("programs:calendar"), **ES).content)
    events = list(spanish_cal.walk("VEVENT"))
    first = str(events[0]["SUMMARY"])
    assert first == f"{spanish_name()}: entrenamiento 1 de 18 (día de pruebas)"
    assert "Este entrenamiento empieza con las pruebas en casa." in str(events[0]["DESCRIPTION"])
    (alarm,) = events[1].walk("VALARM")
    assert str(alarm["DESCRIPTION"]).startswith("Es hora de ")
    english = icalendar.Calendar.from_ical(client_of.get(reverse("programs:calendar")).content)
    assert "workout 1 of 18 (test day)" in str(next(iter(english.walk("VEVENT")))["SUMMARY"])


def test_the_progress_pages_in_spanish(client_of: Client, trainee: User) -> None:
    spanish(trainee)
    daily_sessions(trainee, 5, NOW - timedelta(hours=3))
    before, after = baseline_and_retest(trainee, BETTER)
    dashboard = client_of.get(reverse("progress:dashboard")).content.decode()
    assert "Tu progreso" in dashboard and "Dolor antes y después de cada sesión" in dashboard
    assert "Distancia dedos-suelo" in dashboard  # a home test named from the content
    assert "noviembre" in dashboard
    reports = client_of.get(reverse("progress:reports")).content.decode()
    assert "Informes de antes y después" in reports
    report = client_of.get(reverse("progress:report", args=[before.pk, after.pk])).content.decode()
    assert "Cómo valoramos un cambio" in report and "Descargar en PDF" in report
    assert "How we judge a change" not in report


def test_the_pdf_report_is_in_spanish(client_of: Client, trainee: User) -> None:
    spanish(trainee)
    before, after = baseline_and_retest(trainee, BETTER)
    response = client_of.get(reverse("progress:report-pdf", args=[before.pk, after.pk]))
    assert response.status_code == 200
    pdf = pypdfium2.PdfDocument(response.content)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    flat = " ".join(text.split())
    assert "Antes y después" in flat
    assert "Hecho el 25 de noviembre de 2026" in flat
    assert "Distancia dedos-suelo" in flat
    assert "Made on" not in flat


def test_the_charts_are_cached_per_language(client_of: Client, trainee: User) -> None:
    daily_sessions(trainee, 5, NOW - timedelta(hours=3))
    cache.clear()
    with translation.override("en"):
        english = progress_services.dashboard(trainee)
    with translation.override("es"):
        spanish_charts = progress_services.dashboard(trainee)
    assert "Pain before and after each session" in english.pain[0].html
    assert "Dolor antes y después de cada sesión" in spanish_charts.pain[0].html
    # Both stay cached side by side: English again is not the Spanish chart.
    with translation.override("en"):
        again = progress_services.dashboard(trainee)
    assert again.pain[0].html == english.pain[0].html
    # And a Spanish page never gets the English chart.
    spanish(trainee)
    page = client_of.get(reverse("progress:dashboard")).content.decode()
    assert "Dolor antes y después de cada sesión" in page
    assert "Pain before and after each session" not in page


def test_english_stays_the_default(client_of: Client, trainee: Any) -> None:
    enrolled(trainee)
    page = client_of.get(reverse("programs:current")).content.decode()
    assert "Schedule" in page and program().name in page


def test_a_wrong_code_is_refused_in_spanish(client_of: Client) -> None:
    response = client_of.post(reverse("programs:redeem"), {"code": "nope"}, **ES)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Canjear un código de acceso" in page
    assert "Un código de acceso tiene 16 letras y cifras" in page


def test_numbers_take_the_languages_decimal_mark() -> None:
    from spinewise.progress.charts import local_number

    with translation.override("es"):
        assert local_number(2.5) == "2,5" and local_number(7.0, ".1f") == "7,0"
    with translation.override("en"):
        assert local_number(2.5) == "2.5" and local_number(3.0) == "3"


def test_dates_read_naturally_in_each_language() -> None:
    from datetime import date

    from spinewise.programs.dates import long_date, weekday_day_month

    day = date(2026, 11, 24)
    with translation.override("en"):
        assert long_date(day) == "24 November 2026"
        assert weekday_day_month(day) == "Tuesday 24 November"
    with translation.override("es"):
        assert long_date(day) == "24 de noviembre de 2026"
        assert weekday_day_month(day) == "martes 24 de noviembre"
