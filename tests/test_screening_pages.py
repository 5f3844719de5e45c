"""The safety screening in the browser: accounts, quick relief, and the gate in front of routines."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from spinewise.safety.gate import QUICK_CHECK_KEY
from spinewise.safety.models import Screening
from spinewise.safety.screening import QUESTIONS

pytestmark = pytest.mark.django_db


def answers(*yes: str) -> dict[str, str]:
    return {q.key: ("yes" if q.key in yes else "no") for q in QUESTIONS}


def test_the_relief_page_waits_for_a_screening(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    response = client.get("/relief/")
    assert response.status_code == 302
    assert response["Location"] == "/screening/?next=%2Frelief%2F"


def test_every_question_needs_an_answer(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    data = answers()
    del data["infection"]
    page = client.post("/screening/", data).content.decode()
    assert "Please answer yes or no." in page
    assert not Screening.objects.exists()


def test_no_red_flag_lets_the_person_start(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    response = client.post("/screening/", {**answers(), "next": "/relief/"})
    assert response["Location"] == "/screening/result/?next=%2Frelief%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Nothing here needs a doctor first." in page
    screening = Screening.objects.get(user=trainee)
    assert screening.answers == {q.key: False for q in QUESTIONS}
    assert client.get("/relief/").status_code == 200


@pytest.mark.parametrize(
    ("flag", "headline"),
    [
        ("saddle_numbness", "Go to an emergency department now."),
        ("infection", "See a doctor today."),
        ("weight_loss", "See a doctor within the next few days."),
    ],
)
def test_a_red_flag_stops_the_person_until_they_are_cleared(
    client: Client, trainee: Any, flag: str, headline: str
) -> None:
    client.force_login(trainee)
    client.post("/screening/", answers(flag))
    page = client.get("/screening/result/").content.decode()
    assert headline in page
    assert "not a diagnosis" in page
    assert client.get("/relief/").status_code == 302  # routines stay locked
    assert client.get("/").content.decode().count("asked you to see a clinician first") == 1
    # Clearance needs the date of a clinician visit; then it is kept with its date and the routines open.
    assert "Please give the date of the visit." in client.post("/screening/clearance/", {}).content.decode()
    today = timezone.localdate()
    client.post("/screening/clearance/", {"visit_date": today.isoformat(), "cleared_by": "Dr Okafor"})
    screening = Screening.objects.get(user=trainee)
    assert screening.cleared_at is not None and screening.answers[flag] is True
    assert (screening.cleared_on, screening.cleared_by) == (today, "Dr Okafor")
    assert client.get("/relief/").status_code == 200


def test_a_mention_lets_the_person_exercise_and_tells_them_to_mention_it(
    client: Client, trainee: Any
) -> None:
    client.force_login(trainee)
    client.post("/screening/", answers("began_before_45", "lasted_3_months", "morning_stiffness"))
    assert "Mention this to your doctor" in client.get("/screening/result/").content.decode()
    assert client.get("/relief/").status_code == 200


def test_new_symptoms_reopen_the_screening_from_every_signed_in_page(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    client.post("/screening/", answers())
    for url in ("/", "/routines/", "/exercises/", "/profile/", "/history/"):
        assert 'data-testid="new-symptoms"' in client.get(url).content.decode(), url
    client.post("/screening/", answers("both_legs"))
    assert client.get("/relief/").status_code == 302
    assert Screening.objects.filter(user=trainee).count() == 2


def test_quick_relief_without_an_account_uses_the_one_screen_check(client: Client) -> None:
    response = client.get("/relief/")
    assert response["Location"] == "/check/?next=%2Frelief%2F"
    page = client.post("/check/", {**answers("bladder_bowel"), "next": "/relief/"}).content.decode()
    assert "Go to an emergency department now." in page
    assert client.get("/relief/").status_code == 302
    assert not Screening.objects.exists()  # nothing stored about a person without an account
    # Answering "no" to everything again does not lift the stop (tests/test_safety_stop.py has the rest).
    page = client.post("/check/", {**answers(), "next": "/relief/"}).content.decode()
    assert "Go to an emergency department now." in page
    assert client.get("/relief/").status_code == 302


def test_a_clear_quick_check_lets_the_person_start(client: Client) -> None:
    response = client.post("/check/", {**answers(), "next": "/relief/"})
    assert response["Location"] == "/relief/"
    assert client.session[QUICK_CHECK_KEY] is True
    assert client.get("/relief/").status_code == 200


def test_the_quick_check_refuses_an_outside_next_url(client: Client) -> None:
    response = client.post("/check/", {**answers(), "next": "https://evil.example/"})
    assert response["Location"] == "/relief/"


def test_quick_relief_builds_a_routine_from_the_form(client: Client) -> None:
    session = client.session
    session[QUICK_CHECK_KEY] = True
    session.save()
    page = client.get("/relief/", {"minutes": "9", "state": "stiff", "avoid": ["kneeling"]}).content.decode()
    assert "Your 9-minute routine" in page
    assert 'data-testid="position-changes"' in page
    assert "/play/plan/?minutes=9" in page
    bad = client.get("/relief/", {"minutes": "45", "state": "stiff"})
    assert bad.status_code == 400
    assert "less than or equal to 30" in bad.content.decode()


def test_the_profile_fills_in_the_quick_relief_form(client: Client, trainee: Any) -> None:
    from spinewise.accounts.services import profile_for

    profile = profile_for(trainee)
    profile.usual_minutes = 12
    profile.avoid = ["kneeling"]
    profile.equipment = ["chair"]
    profile.save()
    Screening.objects.create(user=trainee, source="web", answers={}, urgency=0)
    client.force_login(trainee)
    page = client.get("/relief/").content.decode()
    assert 'name="minutes" value="12"' in page
    assert re.search(r'name="avoid" value="kneeling"[^>]*checked', page)
    assert re.search(r'name="equipment" value="chair"[^>]*checked', page)
    assert not re.search(r'name="equipment" value="foam-roller"[^>]*checked', page)


def test_quick_relief_keeps_the_profiles_level_and_preference_and_aims_at_relief(
    client: Client, trainee: Any
) -> None:
    from spinewise.accounts.services import profile_for

    profile = profile_for(trainee)
    profile.level, profile.prefer, profile.focus = "intermediate", "extension", "strength"
    profile.save()
    Screening.objects.create(user=trainee, source="web", answers={}, urgency=0)
    client.force_login(trainee)
    page = client.get("/relief/", {"minutes": "10", "state": "fine", "equipment": ["chair"]}).content.decode()
    link = re.search(r'href="(/play/plan/\?[^"]+)"', page)
    assert link is not None
    assert (
        link.group(1)
        .replace("&amp;", "&")
        .startswith(
            "/play/plan/?minutes=10&level=intermediate&equipment=chair&avoid=&state=fine&focus=relief&seed="
        )
    )
    assert link.group(1).endswith("&amp;prefer=extension")


def test_the_safety_page_and_a_programs_page_state_the_pain_limit(client: Client) -> None:
    assert "Pain during an exercise may reach 5 out of 10" in client.get("/about/safety/").content.decode()
    page = client.get("/programs/six-week-lower-back/").content.decode()
    assert "when pain during a workout goes above 5/10" in page
