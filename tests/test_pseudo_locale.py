"""Every page of the journeys in a fake third language: no string left untranslated.

The pseudo-locale `xx` (tests/pseudo_locale.py) is added the way a real language would be: a
catalogue per domain and a content file beside every item, nothing else. Each page below is
fetched in it by the person it is for; every text a person sees or hears (text, labels read
aloud, button values, the player's routine) must be translated, apart from the brand, addresses,
numbers and what people typed themselves. A failure lists the untranslated texts of the page.

To see what is left on a page: `pytest tests/test_pseudo_locale.py -k <page name>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

from spinewise.bootstrap import load_content
from spinewise.library.models import Exercise
from tests.coaching_helpers import ROUTINE
from tests.pseudo_locale import (
    PSEUDO,
    PSEUDO_NAME,
    pseudo,
    shown_texts,
    untranslated,
    write_catalogues,
    write_content,
)
from tests.test_access_matrix import ANONYMOUS, COACH, TRAINEE, Data, _fill, data  # noqa: F401 (fixture)


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    who: str = TRAINEE
    status: int = 200
    kind: str = "html"  # or "pdf", "ics"


PAGES = [
    # Anyone
    Page("home-anonymous", "/", ANONYMOUS),
    Page("exercises", "/exercises/", ANONYMOUS),
    Page("exercise", "/exercises/cat-cow/", ANONYMOUS),
    Page("routines", "/routines/", ANONYMOUS),
    Page("routine", "/routines/morning-release/", ANONYMOUS),
    Page("programs", "/programs/", ANONYMOUS),
    Page("program", "/programs/six-week-lower-back/", ANONYMOUS),
    Page("check", "/check/", ANONYMOUS),
    Page("about-safety", "/about/safety/", ANONYMOUS),
    Page("signup", "/signup/", ANONYMOUS),
    Page("login", "/login/", ANONYMOUS),
    Page("privacy", "/privacy/", ANONYMOUS),
    Page("coaches", "/coaches/", ANONYMOUS),
    Page("glossary", "/glossary/", ANONYMOUS),
    Page("offline", "/offline/", ANONYMOUS),
    Page("password-reset", "/password_reset/", ANONYMOUS),
    Page("password-reset-done", "/password_reset/done/", ANONYMOUS),
    Page("password-reset-bad-link", "/reset/MQ/bad-token/", ANONYMOUS),
    Page("password-reset-complete", "/reset/done/", ANONYMOUS),
    Page("not-found", "/no-such-page/", ANONYMOUS, status=404),
    # The trainee: today, quick relief, the player, history
    Page("today", "/"),
    Page("relief", "/relief/"),
    Page("player-plan", "/play/plan/"),
    Page("player-routine", "/play/routine/morning-release/"),
    Page("player-again", "/play/again/{session}/"),
    Page("history", "/history/"),
    Page("session", "/history/{session}/"),
    # Programs
    Page("program-current", "/programs/current/"),
    Page("program-workout", "/programs/current/workouts/1/"),
    Page("program-calendar", "/programs/current/calendar.ics", kind="ics"),
    Page("redeem", "/programs/redeem/"),
    # Home tests, progress, reports
    Page("tests", "/tests/"),
    Page("test-sitting", "/tests/{sitting}/"),
    Page("progress", "/progress/"),
    Page("reports", "/progress/reports/"),
    Page("report", "/progress/reports/{before}/{after}/"),
    Page("report-pdf", "/progress/reports/{before}/{after}/pdf/", kind="pdf"),
    # Safety
    Page("screening", "/screening/"),
    Page("screening-result", "/screening/result/"),
    # Account
    Page("profile", "/profile/"),
    Page("account", "/account/"),
    Page("account-delete", "/account/delete/"),
    Page("password-change", "/password_change/"),
    Page("password-change-done", "/password_change/done/"),
    # The guided first visit
    Page("welcome-tests", "/welcome/tests/"),
    Page("welcome-program", "/welcome/program/"),
    Page("welcome-schedule", "/welcome/schedule/?program=six-week-lower-back"),
    Page("welcome-calendar", "/welcome/calendar/"),
    # Desk breaks
    Page("breaks", "/breaks/"),
    Page("break-take", "/breaks/take/"),
    Page("breaks-feed", "/breaks/calendar/{feed}.ics", ANONYMOUS, kind="ics"),
    # Coaching, the client's side
    Page("coaching-client-home", "/coaching/"),
    Page("coaching-mine", "/coaching/mine/"),
    Page("coaching-join", "/coaching/join/"),
    Page("coaching-invitation", "/coaching/join/{code}/"),
    Page("coaching-assigned", "/coaching/assigned/{assignment}/"),
    Page("coaching-assigned-play", "/coaching/assigned/{assignment}/play/"),
    Page("coaching-assigned-handout", "/coaching/assigned/{assignment}/handout.pdf", kind="pdf"),
    # Coaching, the coach's side
    Page("coaching-coach-home", "/coaching/", COACH),
    Page("coaching-client-board", "/coaching/clients/{link}/", COACH),
    Page("coaching-compose-routine", "/coaching/clients/{link}/routines/new/", COACH),
    Page("coaching-assignment", "/coaching/clients/{link}/routines/{assignment}/", COACH),
    Page("coaching-compose-program", "/coaching/clients/{link}/programs/new/", COACH),
]


@pytest.fixture(scope="module")
def pseudo_language(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """`xx` declared beside English and Spanish, from files only; the English content put back after."""
    root = tmp_path_factory.mktemp("pseudo")
    locale = write_catalogues(Path(settings.LOCALE_PATHS[0]), root / "locale")
    content = write_content(Path(settings.CONTENT_DIR), root / "content")
    languages = [*settings.LANGUAGES, (PSEUDO, PSEUDO_NAME)]
    try:
        with override_settings(CONTENT_DIR=content, LANGUAGES=languages, LOCALE_PATHS=[locale]):
            with django_db_blocker.unblock():
                load_content(force=True)
            yield
    finally:
        with django_db_blocker.unblock():
            load_content(force=True)


def typed_by_people(found: Data) -> list[str]:
    """What the test's people typed (names, notes, codes): shown as typed, in any language."""
    typed = [
        *(user.username for user in found.users.values()),
        *(user.email for user in found.users.values()),
        "Dana Physio",
        "Olly Other",
        "Riverside Physiotherapy",
        ROUTINE.name,
        ROUTINE.notes,
        *(item.note for item in ROUTINE.items if item.note),
        str(found.values["code"]),
        "tests",  # the API token's name (tests/api_helpers.py)
        str(found.values["feed"]),
    ]
    return typed


def texts_of(page: Page, response: Any) -> list[str]:
    if page.kind == "pdf":
        document = pypdfium2.PdfDocument(response.content)
        text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        return [line.strip() for line in text.splitlines() if line.strip()]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if page.kind == "ics":
        # Only the texts a calendar shows: each event's title, description and place.
        unfolded = re.sub(r"\r?\n[ \t]", "", body.decode())
        return [
            line.split(":", 1)[1].replace("\\n", " ").replace("\\,", ",").replace("\\;", ";")
            for line in unfolded.splitlines()
            if re.match(r"(SUMMARY|DESCRIPTION|LOCATION|X-WR-CALNAME|X-WR-CALDESC)[;:]", line)
        ]
    return shown_texts(body.decode())


def test_the_pseudo_language_swaps_every_letter_and_keeps_placeholders() -> None:
    assert pseudo("Quick relief") == "Ǫúíçķ ŕéĺíéƒ"
    assert pseudo("%(count)s of %(total)s <a href='/x'>done</a> &amp; {name}") == (
        "%(count)s óƒ %(total)s <a href='/x'>đóñé</a> &amp; {name}"
    )
    assert untranslated([pseudo("Every word here")]) == []
    assert untranslated(["Ŕéĺíéƒ 12 min"]) == ["Ŕéĺíéƒ 12 min"]


def test_the_pseudo_content_is_loaded_from_files(pseudo_language: None, db: None) -> None:
    exercise = Exercise.objects.get(slug="cat-cow")
    assert exercise.translations[PSEUDO]["name"] == pseudo("Cat-Cow")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_untranslated_text(page: Page, pseudo_language: None, data: Data) -> None:  # noqa: F811
    client = Client()
    if page.who != ANONYMOUS:
        client.force_login(data.users[page.who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = PSEUDO
    response = client.get(_fill(page.path, data.values))
    assert response.status_code == page.status, f"{page.path}: {response.status_code}"
    texts = texts_of(page, response)
    assert texts, f"{page.path}: no text found"
    left = untranslated(texts, allowed=typed_by_people(data))
    assert not left, f"{page.path} shows {len(left)} untranslated text(s):\n" + "\n".join(
        f"  - {text[:160]}" for text in left
    )
