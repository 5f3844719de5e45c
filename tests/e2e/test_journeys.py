"""The journeys of issue 4, end to end in Chromium, at phone and desktop sizes."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from spinewise.training.models import Session
from tests.e2e.conftest import answer_screening, build_quick_relief, shot

FAST = "speed=400"


def fast(url: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{FAST}"


def test_quick_relief_without_an_account(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("note")).to_contain_text("not a diagnosis")
    page.get_by_role("link", name=re.compile("My back hurts or feels stiff now")).click()
    expect(page).to_have_url(re.compile(r"/check/\?next=%2Frelief%2F$"))
    shot(page, "quick-check")
    build_quick_relief(page)
    expect(page.get_by_role("heading", name="Your 5-minute routine")).to_be_visible()
    expect(page.get_by_test_id("position-changes")).to_be_visible()
    shot(page, "relief-routine")
    start = page.get_by_test_id("play").get_attribute("href")
    assert start and start.startswith("/play/plan/?minutes=5")
    page.goto(fast(start))
    expect(page.get_by_test_id("routine-item").first).to_be_visible()
    shot(page, "player-ready")
    page.get_by_test_id("pain-before-4").check()  # asked without an account too; kept on the page
    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("exercise-name")).not_to_be_empty()
    expect(page.get_by_test_id("countdown")).to_be_visible()
    shot(page, "player-running")
    expect(page.get_by_test_id("end")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("account-note")).to_be_visible()
    assert Session.objects.count() == 0  # nothing kept for a person without an account


def test_sign_up_screen_play_and_find_it_in_history(page: Page) -> None:
    page.goto("/signup/")
    page.fill("input[name=email]", f"pat-{page.size_name}@example.com")  # type: ignore[attr-defined]
    page.fill("input[name=password]", "calm-river-stone-42")
    page.fill("input[name=password_again]", "calm-river-stone-42")
    page.check("input[name=consent]")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Safety check")).to_be_visible()
    answer_screening(page)
    expect(page.get_by_test_id("advice")).to_contain_text("Nothing here needs a doctor first")
    page.get_by_test_id("continue").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.fill("input[name=usual_minutes]", "5")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    page.goto("/routines/stiff-and-sore-basics/")
    href = page.get_by_test_id("play").get_attribute("href")
    assert href
    page.goto(fast(href))
    page.get_by_test_id("pain-before-3").check()
    page.get_by_test_id("start").click()
    page.get_by_test_id("helps").click()
    expect(page.get_by_test_id("end")).to_be_visible(timeout=60_000)
    page.get_by_test_id("worst-pain-4").check()
    page.get_by_test_id("pain-after-2").check()
    page.get_by_test_id("effort-5").check()
    page.get_by_test_id("notes").fill("Looser after the rotations.")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    shot(page, "player-saved")

    session = Session.objects.get()
    assert (
        session.status,
        session.pain_before,
        session.worst_pain_during,
        session.pain_after,
        session.effort,
    ) == ("complete", 3, 4, 2, 5)
    assert session.notes == "Looser after the rotations."
    assert session.items.filter(mark="helps").count() == 1

    page.goto("/history/")
    expect(page.get_by_role("link", name=re.compile(r"\w{3} \d+ \w{3} \d{4}"))).to_have_count(1)
    expect(page.get_by_text("Stiff and sore basics")).to_be_visible()
    shot(page, "history")


def test_a_red_flag_answer_stops_the_person(page: Page) -> None:
    page.goto("/signup/")
    page.fill("input[name=email]", f"sam-{page.size_name}@example.com")  # type: ignore[attr-defined]
    page.fill("input[name=password]", "calm-river-stone-42")
    page.fill("input[name=password_again]", "calm-river-stone-42")
    page.check("input[name=consent]")
    page.get_by_role("button", name="Sign up").click()
    answer_screening(page, yes=("both_legs",))
    advice = page.get_by_test_id("advice")
    expect(advice).to_contain_text("Go to an emergency department now.")
    shot(page, "red-flag")
    page.goto("/routines/morning-release/")
    page.get_by_test_id("play").click()
    expect(page).to_have_url(re.compile(r"/screening/\?next="))
    page.goto("/relief/")
    expect(page).to_have_url(re.compile(r"/screening/\?next="))
    assert Session.objects.count() == 0
