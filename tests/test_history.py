from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from spinewise.training.models import Favourite, Routine, Session, SessionItem

pytestmark = pytest.mark.django_db


def make_session(user: Any, name: str = "Morning release", minutes_ago: int = 60) -> Session:
    session = Session.objects.create(
        user=user,
        source="web",
        routine_name=name,
        prescription={"items": []},
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        status="complete",
        pain_before=4,
        pain_after=2,
    )
    SessionItem.objects.create(
        session=session,
        index=0,
        exercise_slug="cat-cow",
        exercise_name="Cat-Cow",
        phase="warm-up",
        prescribed={},
        outcome="done",
        seconds=90,
    )
    SessionItem.objects.create(
        session=session,
        index=1,
        exercise_slug="sphinx",
        exercise_name="Sphinx",
        phase="main",
        prescribed={},
        outcome="skipped",
        seconds=0,
        mark="hurts",
    )
    return session


def test_it_lists_my_sessions_with_minutes_and_pain(client: Client, trainee: Any, stranger: Any) -> None:
    make_session(trainee, "Mine")
    make_session(stranger, "Theirs")
    client.force_login(trainee)
    page = client.get("/history/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert "1 min 30 s" in page


def test_a_session_page_shows_what_was_done_and_is_only_mine(
    client: Client, trainee: Any, stranger: Any
) -> None:
    mine = make_session(trainee)
    theirs = make_session(stranger)
    client.force_login(trainee)
    page = client.get(f"/history/{mine.pk}/").content.decode()
    assert "Cat-Cow" in page and "This one hurts" in page and f"/play/again/{mine.pk}/?level=beginner" in page
    assert client.get(f"/history/{theirs.pk}/").status_code == 404


def test_until_coaching_exists_the_coach_sees_no_more_than_a_stranger(
    client: Client, trainee: Any, coach: Any
) -> None:
    theirs = make_session(trainee, "The trainee's")
    client.force_login(coach)
    assert "The trainee's" not in client.get("/history/").content.decode()
    assert client.get(f"/history/{theirs.pk}/").status_code == 404


def test_history_needs_an_account(client: Client) -> None:
    assert client.get("/history/")["Location"].startswith("/login/")


def test_history_takes_a_fixed_number_of_queries(
    client: Client, trainee: Any, django_assert_num_queries: Any
) -> None:
    client.force_login(trainee)
    make_session(trainee)
    # session, user, the count of sessions (the page list is paginated), a page of sessions with their sums
    with django_assert_num_queries(4):
        client.get("/history/")
    for n in range(30):
        make_session(trainee, minutes_ago=n * 1440)
    with django_assert_num_queries(4):
        client.get("/history/")


def test_it_adds_and_removes_a_favourite(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    assert client.post("/routines/morning-release/favourite/").status_code == 302
    assert Favourite.objects.filter(user=trainee, routine__slug="morning-release").exists()
    assert "Morning release" in client.get("/").content.decode()
    assert "Remove from favourites" in client.get("/routines/morning-release/").content.decode()
    client.post("/routines/morning-release/favourite/")
    assert not Favourite.objects.exists()
    assert client.post("/routines/nope/favourite/").status_code == 404
    assert client.get("/routines/morning-release/favourite/").status_code == 405


def test_favourites_need_an_account(client: Client) -> None:
    assert client.post("/routines/morning-release/favourite/")["Location"].startswith("/login/")
    assert not Routine.objects.filter(favourited_by__isnull=False).exists()


def test_a_page_of_history_looks_the_routines_names_up_once(
    client: Client, trainee: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The names in the page's language are found once for the page, not once per listed session."""
    from spinewise.training import history

    calls: list[str | None] = []
    real = history.routine_titles

    def counted(lang: str | None = None) -> dict[str, str]:
        calls.append(lang)
        return real(lang)

    monkeypatch.setattr(history, "routine_titles", counted)
    for n in range(5):
        make_session(trainee, name=f"Routine {n}", minutes_ago=n * 60)
    client.force_login(trainee)
    page = client.get("/history/").content.decode()
    assert all(f"Routine {n}" in page for n in range(5))
    assert len(calls) == 1, calls
