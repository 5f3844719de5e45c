"""Issue 17, part A: a way in for each person, the guided first visit, one form style, plain words."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from spinewise.accounts.forms import AVOID_CHOICES, ProfileForm
from spinewise.accounts.models import Profile
from spinewise.accounts.services import profile_for
from spinewise.planning.vocabulary import (
    GLOSSARY,
    LABELS,
    Direction,
    Equipment,
    Position,
    Target,
    choices,
    expand_avoided,
    label,
)
from spinewise.programs.models import Enrolment
from spinewise.safety.screening import QUESTIONS
from tests.programs_helpers import signed_in

pytestmark = pytest.mark.django_db
PASSWORD = "calm-river-stone-42"


def html(response: Any) -> str:
    return response.content.decode()


def text(response: Any) -> str:
    """The page's words without tags or extra spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


# --- plain words --------------------------------------------------------------------------------


def test_every_value_of_the_vocabularies_has_plain_words() -> None:
    for enum in (Position, Target, Direction, Equipment):
        assert set(LABELS[enum]) == {member.value for member in enum}, enum
    assert label(Position, "supine") == "Lying on your back (supine)"
    assert label(Target, "lumbar-spine") == "Lower back (lumbar spine)"
    assert label(Direction, "flexion") == "Bending forward (flexion)"
    assert dict(choices(Position))["quadruped"] == "On hands and knees (quadruped)"
    assert label(Position, "not-a-value") == "Not a value"  # never a raw slug


def test_kneeling_is_offered_once_and_still_avoids_every_kneeling_position() -> None:
    values = [value for value, _ in AVOID_CHOICES]
    assert len(values) == len(set(values))
    words = [words for _, words in AVOID_CHOICES]
    assert len(words) == len(set(words))
    assert [w for w in words if w.startswith("Kneeling")] == [
        "Kneeling of any kind (on hands and knees, kneeling, kneeling on one knee)",
        "Kneeling on one knee (half-kneeling)",
    ]
    assert expand_avoided(["kneeling"]) == {Position.KNEELING, Position.HALF_KNEELING, Position.QUADRUPED}
    form = ProfileForm()
    page = str(form["avoid"])
    assert page.count('value="kneeling"') == 1
    assert "Lying on your back (supine)" in page


def test_the_exercise_pages_show_no_raw_labels(client: Client) -> None:
    page = text(client.get(reverse("library:exercise", args=["cat-cow"])))
    assert "Starts on hands and knees (quadruped)" in page
    assert "Lower back (lumbar spine)" in page
    assert "lumbar-spine" not in page and "Quadruped " not in page
    listing = text(client.get(reverse("library:list")))
    for raw in ("lumbar-spine", "foam-roller", "seated-chair", "Seated chair", "Side lying"):
        assert raw not in listing, raw


def test_the_glossary_explains_the_words_and_the_footer_links_it(client: Client) -> None:
    page = text(client.get(reverse("glossary")))
    for word, meaning in GLOSSARY.items():
        assert word in page and meaning in page
    assert "Lying on your front (prone)" in page
    assert f'href="{reverse("glossary")}"' in html(client.get("/"))


def test_the_cli_speaks_plain_words() -> None:
    from typer.testing import CliRunner

    from spinewise.cli import app

    result = CliRunner().invoke(app, ["exercise", "cat-cow"])
    assert result.exit_code == 0
    assert "starts on hands and knees (quadruped)" in " ".join(result.output.split())


# --- the front page -----------------------------------------------------------------------------


def test_the_front_page_leads_with_three_ways_in_and_shows_a_session(client: Client) -> None:
    response = client.get("/")
    page = html(response)
    doors = re.findall(r'data-testid="door-(\w+)"', page)
    assert doors == ["relief", "program", "coach"]
    assert "My back hurts or feels stiff now" in page and "I am a coach or therapist" in page
    assert f'href="{reverse("training:relief")}" data-testid="door-relief"' in page
    assert f'href="{reverse("coaches")}" data-testid="door-coach"' in page
    assert "data-figure" in page and "<svg" in page  # a moving exercise figure
    assert "player-glimpse" in page
    coaches = client.get(reverse("coaches"))
    assert coaches.status_code == 200
    # The coaches' page leads into the coaching app: joining with a code, then the client list.
    assert f'href="{reverse("coaching:home")}"' in html(coaches)
    assert f'href="{reverse("coaching:join")}"' in html(coaches)


def test_the_favicon_is_linked_and_the_ico_answers(client: Client) -> None:
    page = html(client.get("/"))
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg" type="image/svg\+xml">', page)
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.ico")


def test_signed_in_the_front_page_is_today_and_the_goal_is_not_a_name(client: Client, trainee: User) -> None:
    client = signed_in(trainee)
    profile = profile_for(trainee)
    profile.goal = "Tie my shoes without a stiff back"
    profile.save()
    page = text(client.get("/"))
    assert "Hello: Tie my shoes" not in page
    assert "Your goal: Tie my shoes without a stiff back" in page
    assert "Next step: follow a program" in page  # no program yet: the next step says so


# --- the guided first visit ---------------------------------------------------------------------


def steps(response: Any) -> str:
    match = re.search(r'data-testid="steps">(.*?)</div>', html(response), re.S)
    assert match, "no step indicator on this page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_first_visit_is_one_guided_path_to_the_calendar_file(client: Client) -> None:
    signup = client.get(reverse("accounts:signup"))
    assert steps(signup).startswith("Step 1 of 7: Create your account Next: Safety check")
    response = client.post(
        reverse("accounts:signup"),
        {"email": "new@example.com", "password": PASSWORD, "password_again": PASSWORD, "consent": "on"},
    )
    screening_url = response["Location"]
    assert screening_url.startswith(reverse("safety:screening"))
    assert "Step 2 of 7: Safety check" in steps(client.get(screening_url))
    response = client.post(screening_url, {q.key: "no" for q in QUESTIONS if not q.follows})
    result = client.get(response["Location"])
    assert "Next: Your profile" in steps(result)
    profile_url = re.search(r'href="([^"]+)" data-testid="continue"', html(result)).group(1)  # type: ignore[union-attr]
    assert profile_url == reverse("accounts:profile")
    assert "Step 3 of 7: Your profile Next: Baseline tests" in steps(client.get(profile_url))

    saved = client.post(profile_url, {"level": "beginner", "usual_minutes": "10", "focus": "balanced",
                                      "time_zone": "UTC", "units": "cm"})  # fmt: skip
    assert saved["Location"] == reverse("welcome-tests")  # the next step, not the profile again
    tests_page = client.get(reverse("welcome-tests"))
    assert "Step 4 of 7: Baseline tests (optional)" in steps(tests_page)
    assert 'data-testid="skip"' in html(tests_page)
    assert "kind=baseline" in html(tests_page)

    program_page = client.get(reverse("welcome-program"))
    assert "Step 5 of 7: Choose a program (optional) Next: Days and reminder time" in steps(program_page)
    chosen = client.get(reverse("welcome-program"), {"program": "morning-release-four-weeks"})
    schedule_url = chosen["Location"]
    assert schedule_url == f"{reverse('welcome-schedule')}?program=morning-release-four-weeks"
    assert "Next: Your calendar" in steps(client.get(schedule_url))
    done = client.post(
        reverse("welcome-schedule"),
        {"program": "morning-release-four-weeks", "start": "2026-12-01",
         "weekdays": [str(d) for d in range(7)], "reminder_time": "07:30"},
    )  # fmt: skip
    assert done["Location"] == reverse("welcome-calendar")
    enrolment = Enrolment.objects.get(user__username="new@example.com")
    assert enrolment.program.slug == "morning-release-four-weeks"
    assert str(Profile.objects.get(user=enrolment.user).reminder_time) == "07:30:00"
    calendar = client.get(reverse("welcome-calendar"))
    assert "Step 7 of 7: Your calendar (optional) Last step" in steps(calendar)
    assert f'href="{reverse("programs:calendar")}"' in html(calendar)
    assert client.get(reverse("programs:calendar")).status_code == 200

    finished = client.post(reverse("welcome-done"))
    assert finished["Location"] == reverse("home")
    assert 'data-testid="steps"' not in html(client.get(reverse("accounts:profile")))


def test_optional_steps_can_be_skipped_and_today_offers_to_continue(client: Client, trainee: User) -> None:
    client = signed_in(trainee)
    session = client.session
    session["onboarding"] = "tests"
    session.save()
    page = html(client.get("/"))
    assert 'data-testid="setup-next"' in page and "Baseline tests" in page
    assert client.get(reverse("welcome"))["Location"] == reverse("welcome-tests")
    skip = re.search(r'href="([^"]+)" data-testid="skip"', html(client.get(reverse("welcome-tests"))))
    assert skip and skip.group(1) == reverse("welcome-program")
    assert client.post(reverse("welcome-done"))["Location"] == reverse("home")
    assert 'data-testid="setup-next"' not in html(client.get("/"))
    assert not Enrolment.objects.filter(user=trainee).exists()


def test_without_the_path_saving_the_profile_leads_to_today(client: Client, trainee: User) -> None:
    client = signed_in(trainee)
    data = {
        "level": "beginner",
        "usual_minutes": "10",
        "focus": "balanced",
        "time_zone": "UTC",
        "units": "cm",
    }
    assert client.post(reverse("accounts:profile"), data)["Location"] == reverse("home")
    assert 'data-testid="steps"' not in html(client.get(reverse("accounts:profile")))


@pytest.mark.parametrize(
    ("query", "status"),
    [({"program": "no-such-program"}, 400), ({"program": ""}, 400), ({"program": "x" * 500}, 400), ({}, 200)],
)
def test_a_bad_program_choice_is_refused_in_words(
    client: Client, trainee: User, query: dict[str, str], status: int
) -> None:
    client = signed_in(trainee)
    response = client.get(reverse("welcome-program"), query)
    assert response.status_code == status
    if status == 400:
        assert "Choose a program" in text(response)


def test_bad_schedule_answers_stay_on_the_page_with_errors_beside_the_fields(
    client: Client, trainee: User
) -> None:
    client = signed_in(trainee)
    assert client.get(reverse("welcome-schedule"), {"program": "nope"}).status_code == 404
    response = client.post(
        reverse("welcome-schedule"),
        {"program": "six-week-lower-back", "start": "someday", "weekdays": ["0"], "reminder_time": "25:99"},
    )
    assert response.status_code == 400
    page = html(response)
    assert "Enter the start date as YYYY-MM-DD." in page
    assert "choose 3 days (you chose 1)" in page
    assert "Enter a time such as 07:30." in page
    assert not Enrolment.objects.filter(user=trainee).exists()


# --- one form style -----------------------------------------------------------------------------


def test_forms_put_labels_above_fields_and_the_consent_label_beside_its_box(client: Client) -> None:
    page = html(client.post(reverse("accounts:signup"), {"email": "bad"}))
    # The consent: its box inside its label, in its own box, with its error beside it.
    assert re.search(r'<div class="field field-check has-error">\s*<ul class="errorlist"', page)
    assert re.search(r'<label for="id_consent"><input type="checkbox" name="consent"', page)
    # A text field: the label first, then help and errors, then the input.
    email = re.search(
        r'<div class="field has-error">\s*<label for="id_email">Email</label>(.*?)</div>', page, re.S
    )
    assert email and "Enter a valid email address." in email.group(1)
    assert 'aria-invalid="true"' in page
