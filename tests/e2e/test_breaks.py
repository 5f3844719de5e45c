"""Desk mode's in-page reminder in Chromium, with Playwright's fake clock: the banner rings at the
break, "In 10 minutes" and "Skip this one" reschedule it, "Take the break" plays it and the
finished break is recorded."""

from __future__ import annotations

from datetime import time

from playwright.sync_api import Page, Response, expect

from spinewise.breaks.models import BreakTaken, DeskMode
from tests.e2e.conftest import shot, sign_in


def email(page: Page, who: str) -> str:
    return f"{who}-{page.size_name}@example.com"  # type: ignore[attr-defined]


def desk_on(page: Page, user: object) -> DeskMode:
    # Every day, all day, every 30 minutes (the first at 00:30): the next break is at most an hour
    # away. Saved once through the page, as a person would, so this browser knows desk mode is on.
    row = DeskMode.objects.create(
        user=user, days=list(range(7)), start=time(0, 0), end=time(23, 59), every=30, time_zone="UTC"
    )
    page.goto("/breaks/")
    page.get_by_test_id("desk-save").click()
    expect(page.get_by_text("Desk mode is saved.")).to_be_visible()
    return row


def waiting(page: Page) -> None:
    page.wait_for_function("() => document.getElementById('break-reminder').dataset.state === 'waiting'")


def past_the_next_break(page: Page) -> None:
    """Run the page's clock past the break the reminder waits for: 31 minutes, or a minute past the
    break it names when that is later (breaks fall every 30 minutes from the window's start, so
    near midnight the next one can be nearly an hour away)."""
    gap = page.evaluate(
        "() => Date.parse(document.getElementById('break-reminder').dataset.next) - Date.now()"
    )
    page.clock.fast_forward(max(31 * 60_000, int(gap) + 60_000))


def test_the_reminder_rings_and_snooze_skip_and_take_are_one_tap(page: Page) -> None:
    user = sign_in(page, email(page, "desk"))
    row = desk_on(page, user)
    page.clock.install()
    page.goto("/routines/")
    reminder = page.get_by_test_id("break-reminder")
    waiting(page)
    expect(reminder).to_be_hidden()
    page.mouse.click(5, 5)  # a first tap lets the page make sounds

    past_the_next_break(page)
    expect(reminder).to_be_visible()
    expect(reminder).to_have_attribute("data-state", "ringing")
    expect(reminder).to_have_attribute("data-alerted", "sound")  # no notification permission here
    shot(page, "break-reminder")

    page.get_by_test_id("break-snooze").click()
    expect(reminder).to_be_hidden()
    expect(reminder).to_have_attribute("data-answered", "snooze")
    waiting(page)
    row.refresh_from_db()
    assert row.snoozed_until is not None
    page.clock.fast_forward("09:00")
    expect(reminder).to_be_hidden()  # not yet: ten minutes
    page.clock.fast_forward("01:30")
    expect(reminder).to_have_attribute("data-state", "ringing")
    expect(reminder).to_be_visible()

    page.get_by_test_id("break-skip").click()
    expect(reminder).to_be_hidden()
    expect(reminder).to_have_attribute("data-answered", "skip")
    waiting(page)
    row.refresh_from_db()
    assert row.snoozed_until is None  # skipping the snoozed break ends the snooze
    past_the_next_break(page)
    expect(reminder).to_be_visible()

    page.get_by_test_id("break-take").click()
    page.wait_for_url("**/breaks/take/")
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "ready")
    expect(page.get_by_test_id("why-changed")).to_contain_text("standing or on a chair")
    expect(page.get_by_test_id("break-reminder")).to_be_hidden()  # a player page never rings


def test_a_break_played_to_the_end_is_recorded_and_counted(page: Page) -> None:
    user = sign_in(page, email(page, "mover"))
    desk_on(page, user)
    page.goto("/breaks/take/?speed=200")
    shot(page, "break-player")

    def finishing_report(response: Response) -> bool:
        request = response.request
        body = request.post_data_json if request.method == "POST" else None
        return "/breaks/taken/" in response.url and bool(body and body.get("finished_at"))

    # The database is read once the server has answered the report that finished the break.
    with page.expect_response(finishing_report, timeout=90_000) as finished:
        page.get_by_test_id("start").click()
        expect(page.get_by_test_id("end")).to_be_visible(timeout=60_000)
    assert finished.value.ok and finished.value.finished() is None
    row = BreakTaken.objects.get(user=user)
    assert row.finished_at is not None
    page.goto("/progress/")
    expect(page.get_by_test_id("breaks-this-week")).to_have_text("1")
    shot(page, "break-progress")


def test_the_desk_mode_page(page: Page) -> None:
    sign_in(page, email(page, "settings"))
    page.goto("/profile/")
    page.get_by_test_id("desk-mode-link").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Desk mode: movement breaks")).to_be_visible()
    page.get_by_label("Every 45 minutes").check()
    page.get_by_test_id("desk-save").click()
    expect(page.get_by_text("Desk mode is saved.")).to_be_visible()
    expect(page.get_by_test_id("feed-url")).to_have_value(
        __import__("re").compile(r"/breaks/calendar/.+\.ics$")
    )
    expect(page.get_by_test_id("break-reminder")).to_be_attached()
    shot(page, "desk-mode")
