"""Two journeys in Spanish in Chromium, at phone and desktop sizes: quick relief without an account,
and a program workout signed in. The language is switched with the page's own switch.

No translation is written here: every Spanish text is read from the catalogue
(`translation.override("es")` + `gettext`) or from the content (`localized`), so the test follows
the translations as they change. A page text is looked up by its English with `{}` where the
page puts a value ("Your {}-minute routine"): the catalogue's message id is found whatever its
placeholder is called (`%(minutes)s`, `%(n)s`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Page, expect

from spinewise.library.i18n import localized
from spinewise.library.models import Exercise
from spinewise.programs.models import Program
from tests.e2e.conftest import build_quick_relief, play_to_the_end_and_save, shot, sign_in

FAST = "speed=400"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@cache
def messages() -> dict[str, str]:
    """{msgid: msgid_plural or ''} of the Spanish catalogues."""
    found: dict[str, str] = {}
    for domain in ("django", "djangojs"):
        path = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES" / f"{domain}.po"
        found.update({e.msgid: e.msgid_plural for e in polib.pofile(str(path)) if not e.obsolete})
    return found


def es(english: str, *values: Any) -> str:
    """The Spanish the catalogue gives for `english`, with `values` where its `{}` are.

    Fails, naming the text, when the catalogue has no such message or does not translate it: the
    page that shows it has not been marked (or merged) yet."""
    if "{}" in english:
        parts = [re.escape(part) for part in english.split("{}")]
        wanted = re.compile(r"%\(\w+\)[sd]".join(parts))
        matches = [m for m in messages() if wanted.fullmatch(m)]
        assert matches, f"no message {english!r} in the Spanish catalogue"
        msgid = matches[0]
    else:
        msgid = english
        assert msgid in messages(), f"no message {english!r} in the Spanish catalogue"
    plural = messages()[msgid]
    with translation.override("es"):
        # A message with a plural is chosen by its first value (the count).
        said = translation.ngettext(msgid, plural, int(values[0])) if plural else translation.gettext(msgid)
    assert said != msgid, f"{english!r} is not translated"
    names = list(dict.fromkeys(PLACEHOLDER.findall(msgid)))
    return said % dict(zip(names, (str(v) for v in values), strict=True)) if names else said


def spanish_name(slug: str) -> str:
    return localized(Exercise.objects.get(slug=slug), "es").name


def switch_to_spanish(page: Page) -> None:
    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    # The page now offers English, by its own name, and no longer Spanish.
    expect(page.get_by_test_id("language-en")).to_be_visible()
    expect(page.get_by_test_id("language-es")).to_have_count(0)


def table_slugs(page: Page) -> list[str]:
    """The exercises of a routine table, in order, from their links to the library."""
    links = page.locator(".routine-table a[href^='/exercises/']")
    slugs = []
    for n in range(links.count()):
        href = links.nth(n).get_attribute("href") or ""
        slugs.append(href.rstrip("/").rsplit("/", 1)[-1])
    assert slugs, "the routine table lists no exercise"
    return slugs


def expect_spanish_table(page: Page) -> None:
    links = page.locator(".routine-table a[href^='/exercises/']")
    for n, slug in enumerate(table_slugs(page)):
        expect(links.nth(n)).to_have_text(spanish_name(slug))
    # The longer Spanish words still fit the screen (a phone would widen its layout to show a
    # wider page, so the page is measured against the screen's width, not the window's).
    screen = page.viewport_size
    assert screen is not None
    assert page.evaluate("() => document.documentElement.scrollWidth") <= screen["width"] + 1


def expect_spanish_player(page: Page) -> set[str]:
    """The player's routine list names every item in Spanish; returns the names."""
    items = page.get_by_test_id("routine-item")
    expect(items.first).to_be_visible()
    names = set()
    for n in range(items.count()):
        link = items.nth(n).locator("a[href^='/exercises/']")
        slug = (link.get_attribute("href") or "").rstrip("/").rsplit("/", 1)[-1]
        expect(link).to_have_text(spanish_name(slug))
        names.add(spanish_name(slug))
    return names


def test_quick_relief_in_spanish(page: Page) -> None:
    page.goto("/")
    switch_to_spanish(page)
    expect(page.get_by_role("link", name=es("Skip to content"))).to_be_attached()
    door = page.get_by_test_id("door-relief")
    expect(door).to_contain_text(es("My back hurts or feels stiff now"))
    shot(page, "es-home")
    door.click()
    expect(page).to_have_url(re.compile(r"/check/\?next=%2Frelief%2F$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    shot(page, "es-quick-check")
    build_quick_relief(page)
    expect(page.get_by_role("heading", name=es("Your {}-minute routine", 5))).to_be_visible()
    expect_spanish_table(page)
    shot(page, "es-relief-routine")

    start = page.get_by_test_id("play").get_attribute("href")
    assert start and start.startswith("/play/plan/?minutes=5")
    page.goto(f"{start}&{FAST}")
    names = expect_spanish_player(page)
    shot(page, "es-player-ready")
    page.get_by_test_id("pain-before-4").check()
    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("exercise-name")).to_have_text(re.compile("|".join(map(re.escape, names))))
    expect(page.get_by_test_id("countdown")).to_be_visible()
    shot(page, "es-player-running")
    expect(page.get_by_test_id("end")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name=es("Session over"))).to_be_visible()
    shot(page, "es-player-end")


def test_a_program_workout_in_spanish(page: Page) -> None:
    from spinewise.accounts.services import profile_for
    from spinewise.programs.services import local_today

    user = sign_in(page, f"lucia-{page.size_name}@example.com")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    switch_to_spanish(page)
    # Signed in, the switch keeps the choice in the profile.
    assert profile_for(type(user).objects.get(pk=user.pk)).language == "es"
    today = local_today(user)
    program = localized(Program.objects.get(slug="six-week-lower-back"), "es")

    page.goto("/programs/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    card = page.get_by_test_id("program-six-week-lower-back")
    expect(card).to_contain_text(program.name)
    card.locator("a").first.click()
    boxes = page.locator("input[name=weekdays]")
    for n in range(7):
        boxes.nth(n).set_checked(n in {today.weekday(), (today.weekday() + 2) % 7, (today.weekday() + 4) % 7})
    enrol = page.get_by_test_id("enrol")
    expect(enrol).to_have_text(es("Start {}", program.name))
    shot(page, "es-program-enrol")
    enrol.click()
    expect(
        page.get_by_text(es("You are enrolled in {}. Here is your schedule.", program.name))
    ).to_be_visible()
    expect(page.get_by_test_id("workout-1")).to_have_attribute("data-status", "due")
    shot(page, "es-program-schedule")

    page.goto("/")
    page.get_by_test_id("today-workout").click()
    page.get_by_test_id("pain-now").locator("input[value='2']").check()
    page.get_by_test_id("pain-continue").click()
    expect(page.get_by_test_id("why")).to_contain_text(
        es("Your first workout: doses as the program starts them.")
    )
    expect_spanish_table(page)
    shot(page, "es-program-workout")
    href = page.get_by_test_id("start-workout").get_attribute("href")
    assert href
    page.goto(f"{href}?{FAST}")
    expect_spanish_player(page)
    expect(page.get_by_test_id("why-changed")).to_be_visible()
    play_to_the_end_and_save(page)
    shot(page, "es-program-saved")
    page.goto("/programs/current/")
    expect(page.get_by_test_id("workout-1")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("streak")).to_have_text(es("streak: {} in a row", 1))
