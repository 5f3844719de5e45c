"""Sign up, log in (throttled), password reset and change, profile, data export and deletion."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from spinewise.accounts.models import Profile
from spinewise.safety.models import Screening
from spinewise.training.models import Session
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signup(client: Client, **overrides: str) -> Any:
    data = {
        "email": "Pat@Example.com",
        "password": "calm-river-stone-42",
        "password_again": "calm-river-stone-42",
        "consent": "on",
    }
    data.update(overrides)
    return client.post("/signup/", {k: v for k, v in data.items() if v is not None})


def test_it_signs_up_with_consent_and_goes_to_the_safety_check(client: Client) -> None:
    response = signup(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/screening/?next=")
    user = get_user_model().objects.get(username="pat@example.com")
    assert user.email == "pat@example.com"
    assert user.profile.consented_at is not None
    assert client.get("/profile/").status_code == 200  # signed in


def test_it_refuses_sign_up_without_consent_and_says_why_next_to_the_field(client: Client) -> None:
    response = signup(client, consent=None)  # type: ignore[arg-type]
    assert response.status_code == 200
    assert "agreement to store health information" in response.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password_again": "something-else-entirely"}, "do not match"),
        ({"password": "12345678", "password_again": "12345678"}, "too common"),
        ({"email": "not-an-email"}, "valid email"),
    ],
)
def test_it_shows_sign_up_errors(client: Client, overrides: dict[str, str], message: str) -> None:
    response = signup(client, **overrides)
    assert message in response.content.decode()
    assert not get_user_model().objects.exists()


def test_it_refuses_a_second_account_for_the_same_email(client: Client, trainee: Any) -> None:
    response = signup(client, email="TRAINEE@example.com")
    assert "already exists" in response.content.decode()


def test_it_logs_in_with_the_email_in_any_case_and_logs_out(client: Client) -> None:
    signup(client)
    client.post("/logout/")
    assert client.get("/profile/").status_code == 302
    response = client.post("/login/", {"username": "PAT@example.com", "password": "calm-river-stone-42"})
    assert response.status_code == 302
    assert client.get("/profile/").status_code == 200
    client.post("/logout/")
    assert client.get("/profile/")["Location"].startswith("/login/")


def test_it_locks_log_in_after_repeated_failures(client: Client) -> None:
    signup(client)
    client.post("/logout/")
    for _ in range(5):
        response = client.post("/login/", {"username": "pat@example.com", "password": "wrong-password"})
    assert "Too many failed log-ins" in response.content.decode()
    response = client.post("/login/", {"username": "pat@example.com", "password": "calm-river-stone-42"})
    assert "Too many failed log-ins" in response.content.decode()
    assert client.get("/profile/").status_code == 302  # still not signed in


def test_it_resets_a_forgotten_password_by_email(client: Client) -> None:
    signup(client)
    client.post("/logout/")
    response = client.post("/password_reset/", {"email": "pat@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "new-quiet-harbour-7", "new_password2": "new-quiet-harbour-7"},
    )
    assert done.status_code == 302
    assert (
        client.post("/login/", {"username": "pat@example.com", "password": "new-quiet-harbour-7"}).status_code
        == 302
    )


def test_it_changes_the_password(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    response = client.post(
        "/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-secret-9",
            "new_password2": "another-long-secret-9",
        },
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password("another-long-secret-9")


def test_it_saves_the_profile_and_refuses_bad_values_next_to_their_field(
    client: Client, trainee: Any
) -> None:
    client.force_login(trainee)
    data = {
        "level": "intermediate",
        "equipment": ["foam-roller", "chair"],
        "avoid": ["kneeling"],
        "usual_minutes": "12",
        "days": ["mon", "thu"],
        "goal": "Garden without pain",
        "focus": "mobility",
        "prefer": "extension",
        "time_zone": "Europe/Paris",
        "reminder_time": "07:30",
        "units": "in",
        "birth_year": "1970",
        "sex": "female",
    }
    assert client.post("/profile/", data).status_code == 302
    profile = Profile.objects.get(user=trainee)
    assert (profile.level, profile.equipment, profile.avoid, profile.usual_minutes) == (
        "intermediate",
        ["foam-roller", "chair"],
        ["kneeling"],
        12,
    )
    assert (profile.time_zone, profile.units, profile.birth_year, profile.sex) == (
        "Europe/Paris",
        "in",
        1970,
        "female",
    )
    planner = profile.planner_profile("stiff")
    assert planner.prefer is not None and planner.prefer.value == "extension"

    bad = {
        **data,
        "time_zone": "Mars/Olympus",
        "usual_minutes": "45",
        "avoid": ["floor", "standing", "wall", "seated-chair"],
    }
    page = client.post("/profile/", bad).content.decode()
    assert "not a known time zone" in page
    assert "less than or equal to 30" in page
    assert "Avoiding every position" in page
    assert Profile.objects.get(user=trainee).time_zone == "Europe/Paris"


def test_it_downloads_all_my_data_and_nothing_of_anyone_else(
    client: Client, trainee: Any, stranger: Any
) -> None:
    Screening.objects.create(user=trainee, source="web", answers={"infection": False}, urgency=0)
    now = timezone.now()
    for who, name in ((trainee, "Mine"), (stranger, "Theirs")):
        Session.objects.create(
            user=who,
            source="web",
            routine_name=name,
            prescription={"items": []},
            started_at=now,
            status="partial",
        )
    client.force_login(trainee)
    response = client.get("/account/data.json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "trainee@example.com"
    assert [s["routine"] for s in data["sessions"]] == ["Mine"]
    assert data["screenings"][0]["answers"] == {"infection": False}
    assert "profile" in data
    # Each app adds its own section (accounts imports none of them), in the order they are installed.
    assert list(data) == [
        "account",
        "profile",
        "api_tokens",
        "screenings",
        "assessments",
        "activities",
        "sessions",
        "favourites",
        "programs",
        "breaks",
        "coaching",
    ]


def test_it_deletes_the_account_with_everything_in_it(client: Client, trainee: Any, stranger: Any) -> None:
    Screening.objects.create(user=trainee, source="web", answers={}, urgency=0)
    Session.objects.create(
        user=trainee,
        source="web",
        routine_name="Mine",
        prescription={"items": []},
        started_at=timezone.now(),
        status="partial",
    )
    client.force_login(trainee)
    page = client.post("/account/delete/", {"password": "wrong"}).content.decode()
    assert "not your password" in page
    assert get_user_model().objects.filter(pk=trainee.pk).exists()
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 302
    assert not get_user_model().objects.filter(pk=trainee.pk).exists()
    assert not Session.objects.filter(routine_name="Mine").exists()
    assert not Screening.objects.exists()
    assert get_user_model().objects.filter(pk=stranger.pk).exists()


def test_the_privacy_page_says_what_is_kept_and_why(client: Client) -> None:
    page = client.get("/privacy/").content.decode()
    assert "health information" in page and "delete your account" in page


def test_every_page_shows_the_disclaimer(client: Client, trainee: Any) -> None:
    for url in ("/", "/signup/", "/login/", "/exercises/", "/routines/", "/privacy/"):
        assert "not a diagnosis" in client.get(url).content.decode(), url
    client.force_login(trainee)
    assert "not a diagnosis" in client.get("/profile/").content.decode()
