"""The safety screening and the home tests in Spanish, and in the pseudo-language: the red-flag
questions, a stop's advice, the battery and a compared sitting with its scores explained."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from spinewise.accounts.services import profile_for
from spinewise.assessments.models import Assessment
from spinewise.assessments.services import AssessmentIn, NewActivity, ResultIn, record_assessment
from spinewise.planning import scoring
from spinewise.safety.models import Screening
from spinewise.safety.screening import ADVICE, QUESTIONS, Urgency
from tests.pseudo_locale import PSEUDO, shown_texts, untranslated
from tests.test_pseudo_locale import pseudo_language  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def answers(*yes: str) -> dict[str, str]:
    return {q.key: ("yes" if q.key in yes else "no") for q in QUESTIONS}


def _sittings(user: Any) -> tuple[Assessment, Assessment]:
    """A baseline and a later check-in with every test, the questions and three activities."""
    profile = profile_for(user)
    profile.sex, profile.birth_year = "female", timezone.now().year - 65
    profile.save()
    now = timezone.now()
    every = [
        ResultIn("fingertip-to-floor", "", 20.0),
        ResultIn("five-times-sit-to-stand", "", 14.0),
        ResultIn("side-bending-fingertip-slide", "left", 12.0),
        ResultIn("side-bending-fingertip-slide", "right", 15.0),
        ResultIn("side-bridge-hold", "left", 40.0),
        ResultIn("side-bridge-hold", "right", 60.0),
        ResultIn("trunk-extensor-endurance", "", 50.0),
        ResultIn("trunk-flexor-endurance", "", 70.0),
    ]
    before = record_assessment(
        user,
        AssessmentIn(
            kind="baseline",
            pain_now=6,
            pain_worst_week=8,
            stiffness=5,
            results=every,
            new_activities=[
                NewActivity("Putting on socks", 3),
                NewActivity("Gardening", 4),
                NewActivity("Cycling", 2),
            ],
            taken_at=now - timedelta(days=30),
        ),
    )
    ratings = {a.activity_id: a.score + 4 for a in before.ratings.all()}
    after = record_assessment(
        user,
        AssessmentIn(
            kind="check",
            note="After the holidays",
            pain_now=2,
            pain_worst_week=7,
            stiffness=3,
            results=[
                ResultIn("fingertip-to-floor", "", 10.0),
                ResultIn("five-times-sit-to-stand", "", 12.0),
                ResultIn("side-bending-fingertip-slide", "left", 12.5),
                ResultIn("side-bridge-hold", "left", 45.0),
                ResultIn("side-bridge-hold", "right", 70.0),
                ResultIn("trunk-extensor-endurance", "", 40.0),
                ResultIn("trunk-flexor-endurance", "", 30.0),
            ],
            ratings=ratings,
            taken_at=now,
        ),
    )
    return before, after


# ---------------------------------------------------------------- Spanish


def test_the_screening_asks_the_red_flag_questions_in_spanish(trainee_client: Client) -> None:
    page = trainee_client.get("/screening/?new=1", **ES).content.decode()
    assert "Revisión de seguridad" in page
    assert "Vejiga, intestino y piernas" in page
    assert "¿Has perdido el control de la vejiga o del intestino" in page
    assert "¿Has tenido cáncer alguna vez?" in page
    assert "Responde solo si respondiste sí a la pregunta" in page
    assert "Has it newly become hard to pee" not in page


def test_a_stop_gives_its_advice_in_spanish(client: Client) -> None:
    response = client.post("/check/", answers("saddle_numbness"), **ES)
    page = response.content.decode()
    assert "Ve ahora mismo a urgencias." in page
    assert "No hagas ejercicio." in page
    assert "Esta pausa se mantiene hasta que te vea un profesional sanitario" in page
    assert "¿Te ha visto un profesional sanitario desde entonces?" in page
    assert "Go to an emergency department now." not in page
    # The decision is the same in every language.
    assert response.status_code == 200 and 'data-urgency="4"' in page


def test_a_signed_in_stop_and_its_clearance_speak_spanish(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    client.post("/screening/", answers("infection"), **ES)
    page = client.get("/screening/result/", **ES).content.decode()
    assert "Ve al médico hoy." in page
    assert "Tu revisión de seguridad del" in page
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    refused = client.post("/screening/clearance/", {"visit_date": future}, **ES).content.decode()
    assert "No se ha registrado: la fecha de la visita" in refused


def test_the_api_gives_the_questions_and_advice_in_the_asked_language(client: Client) -> None:
    questions = client.get("/api/v1/screening/questions", **ES).json()
    assert {"key": "cancer_history", "text": "¿Has tenido cáncer alguna vez?"}.items() <= {
        k: v for q in questions if q["key"] == "cancer_history" for k, v in q.items()
    }.items()
    english = client.get("/api/v1/screening/questions").json()
    assert english[0]["text"] == QUESTIONS[0].text


def test_the_home_tests_page_is_spanish(trainee_client: Client) -> None:
    page = trainee_client.get("/tests/", **ES).content.decode()
    assert "Pruebas en casa" in page
    assert "Distancia dedos-suelo" in page  # the test's name from its content file
    assert "Tu dolor de espalda ahora mismo" in page
    assert "Iniciar el cronómetro" in page
    assert "Fingertip-to-floor" not in page


def test_a_compared_sitting_is_explained_in_spanish(trainee_client: Client, trainee: Any) -> None:
    _before, after = _sittings(trainee)
    page = trainee_client.get(f"/tests/{after.pk}/", **ES).content.decode()
    assert "Mejora real" in page
    assert "Baja 10 cm: más allá del error de medida de esta prueba (4,5 cm), un cambio real a mejor." in page
    assert "Dolor ahora: 6 y después 2: 2 puntos o más, un cambio real a mejor." in page
    assert "es peor que la media publicada para personas de 60 a 69 años (11,4 s)" in page
    assert "Tu plancha lateral derecha es 1,56 veces la izquierda." in page


def test_scores_speak_english_by_default() -> None:
    with translation.override("en"):
        change = scoring.result_change(20, 10, "lower", scoring.MeasurementError(4.5, "MDC", "x"), "cm")
    assert (
        change.explain
        == "Down 10 cm: beyond this test's measurement error (4.5 cm), a real change for the better."
    )


# ---------------------------------------------------------------- the pseudo-language


@pytest.fixture
def pseudo_client(pseudo_language: None) -> Iterator[Client]:  # noqa: F811
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = PSEUDO
    yield client


def _left(response: Any, *typed: str) -> list[str]:
    assert response.status_code == 200
    return untranslated(shown_texts(response.content.decode()), allowed=list(typed))


def test_the_stops_leave_no_untranslated_text(pseudo_client: Client, trainee: Any) -> None:
    # The one-screen check, anonymous: the questions, then a stop.
    assert _left(pseudo_client.get("/check/")) == []
    assert _left(pseudo_client.post("/check/", answers("saddle_numbness"))) == []
    assert _left(pseudo_client.get("/check/")) == []  # the stop held by this browser
    # Signed in: a stop, its result page and the screening page while it holds.
    pseudo_client.force_login(trainee)
    pseudo_client.post("/screening/", answers("weight_loss"))
    assert _left(pseudo_client.get("/screening/result/")) == []
    assert _left(pseudo_client.get("/screening/")) == []
    # New answers while the stop holds: "your new answers" beside the stop.
    pseudo_client.post("/screening/?new=1", answers())
    assert _left(pseudo_client.get("/screening/result/")) == []
    stop = Screening.objects.get(user=trainee, urgency=Urgency.WITHIN_DAYS)
    assert not ADVICE[Urgency(stop.urgency)].may_exercise


def test_a_cleared_result_and_a_compared_sitting_leave_no_untranslated_text(
    pseudo_client: Client, trainee: Any
) -> None:
    pseudo_client.force_login(trainee)
    pseudo_client.post("/screening/", answers())
    assert _left(pseudo_client.get("/screening/result/")) == []
    _before, after = _sittings(trainee)
    typed = ("Putting on socks", "Gardening", "Cycling", "After the holidays")
    assert _left(pseudo_client.get(f"/tests/{after.pk}/"), *typed) == []
    assert _left(pseudo_client.get(f"/tests/{_before.pk}/"), *typed) == []
    assert _left(pseudo_client.get("/tests/"), *typed) == []


def test_the_scripts_words_are_in_the_spanish_catalogue() -> None:
    import json

    from spinewise.web.language import js_catalogue

    catalog = json.loads(js_catalogue("es"))["catalog"]
    assert catalog["Question %(number)s of %(count)s"] == "Pregunta %(number)s de %(count)s"
    assert catalog["Next question"] == "Siguiente pregunta"
    assert catalog["Step %(number)s of %(count)s: %(title)s"] == "Paso %(number)s de %(count)s: %(title)s"
    assert catalog["%(n)s second"] == ["%(n)s segundo", "%(n)s segundos"]
