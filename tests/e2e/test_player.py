"""The guided player's controls, keys, reports and timing, driven in Chromium (README, "Guided player")."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.management import call_command
from playwright.sync_api import Browser, Page, Response, Route, expect
from pytest_django.live_server_helper import LiveServer

from spinewise.planning.progression import ACCEPTABLE_PAIN
from spinewise.training.models import Session, SessionItem
from tests.e2e.conftest import shot, sign_in
from tests.test_player_modules import HASHED, MODULES

SEVEN = "/play/routine/seven-back-stretches/"  # Cat-Cow (one easier variant), then Knee-to-Chest (one harder)


def email(page: Page, who: str) -> str:
    return f"{who}-{page.size_name}@example.com"  # type: ignore[attr-defined]


class Reports:
    """The player's reports in flight. The live server shares the test's in-memory database, so the
    test reads it only once every report has been answered, never while one is being written. The
    player counts the reports it was asked for (window.spinewisePlayer.reportsBusy) as it is asked,
    so one asked for by the last click or key is counted before this waits."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def settle(self) -> None:
        self.page.wait_for_function("() => window.spinewisePlayer.reportsBusy === 0", timeout=30_000)

    def session(self) -> Session:
        self.page.wait_for_function("() => window.spinewisePlayer.sessionId !== null")
        self.settle()
        return Session.objects.get(pk=self.page.evaluate("window.spinewisePlayer.sessionId"))

    def item(self, session: Session, index: int) -> SessionItem:
        self.settle()
        return session.items.get(index=index)


def test_every_control_and_key_drives_the_player_and_the_reports(page: Page) -> None:
    from spinewise.accounts.services import profile_for

    kim = profile_for(sign_in(page, email(page, "kim")))
    # The player offers only variants the profile can do: Seated Cat-Cow needs a chair.
    kim.equipment = ["chair"]
    kim.save()
    reports = Reports(page)
    page.goto(SEVEN)
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "ready")

    # Start asks for the pain now first.
    page.get_by_test_id("start").click()
    expect(page.locator("#pain-before-error")).to_contain_text("Choose a number from 0 to 10")
    page.get_by_test_id("pain-before-2").check()
    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "playing")
    expect(page.get_by_test_id("phase-label")).to_have_text("Get ready")
    expect(page.get_by_test_id("back")).to_be_disabled()
    session = reports.session()
    assert (session.status, session.pain_before) == ("partial", 2)  # kept from the first second

    # N skips the lead-in.
    page.keyboard.press("n")
    expect(page.get_by_test_id("item-counter")).to_have_text("Exercise 1 of 7")
    expect(page.get_by_test_id("exercise-name")).to_have_text("Cat-Cow")
    expect(page.get_by_test_id("rep-counter")).to_contain_text("of 10")
    expect(page.get_by_test_id("breath")).to_have_text("Breathe in")

    # Space pauses: the clock stops, and resumes where it was.
    page.keyboard.press(" ")
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "paused")
    expect(page.get_by_test_id("pause")).to_have_text("Resume")
    expect(page.get_by_test_id("phase-label")).to_contain_text("Paused · ")
    expect(page.get_by_test_id("announcer")).to_have_text("Paused.")
    frozen = page.get_by_test_id("countdown").inner_text()
    page.wait_for_timeout(1300)
    assert page.get_by_test_id("countdown").inner_text() == frozen
    page.keyboard.press(" ")
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "playing")
    expect(page.get_by_test_id("pause")).to_have_text("Pause")
    expect(page.get_by_test_id("notice")).to_contain_text("Resumed.")

    # E and U step down and up the ladder of variants.
    expect(page.get_by_test_id("easier")).to_have_text("Easier: Seated Cat-Cow")
    expect(page.get_by_test_id("harder")).to_be_disabled()
    page.keyboard.press("e")
    expect(page.get_by_test_id("exercise-name")).to_have_text("Seated Cat-Cow")
    expect(page.get_by_test_id("dose")).to_have_text("5 reps · easier version")
    expect(page.get_by_test_id("notice")).to_contain_text("Swapped for the easier version, Seated Cat-Cow")
    page.keyboard.press("e")
    expect(page.get_by_test_id("notice")).to_have_text("There is no easier version of Seated Cat-Cow.")
    page.keyboard.press("u")
    expect(page.get_by_test_id("exercise-name")).to_have_text("Cat-Cow")
    expect(page.get_by_test_id("notice")).to_have_text("Back to Cat-Cow: 2 x 10 reps.")

    # H and G mark it; the pain limit in the advice is the pain rule's.
    page.keyboard.press("h")
    expect(page.get_by_test_id("hurts")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("notice")).to_contain_text(
        f"Pain above {ACCEPTABLE_PAIN} out of 10 is too much."
    )
    expect(page.get_by_test_id("notice")).to_contain_text("take the easier version")
    page.keyboard.press("g")
    expect(page.get_by_test_id("helps")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("hurts")).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_test_id("announcer")).to_have_text("Marked: Cat-Cow helps.")
    assert reports.item(session, 0).mark == "helps"  # a mark is reported at once

    # Right arrow skips to the move to the next exercise, then past it; B within 3 s goes back.
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("notice")).to_have_text("Skipped Cat-Cow.")
    expect(page.get_by_test_id("item-counter")).to_have_text("Up next · 2 of 7")
    expect(page.get_by_test_id("next-up")).to_contain_text("Starts with: hold 30 s · left side")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("item-counter")).to_have_text("Exercise 2 of 7")
    expect(page.get_by_test_id("exercise-name")).to_have_text("Knee-to-Chest Stretch")
    expect(page.get_by_test_id("phase-label")).to_have_text("Hold · left side")
    expect(page.get_by_test_id("next-up")).to_have_text("Next: switch sides")
    expect(page.get_by_test_id("harder")).to_have_text("Harder: Double Knee-to-Chest")
    page.keyboard.press("b")
    expect(page.get_by_test_id("exercise-name")).to_have_text("Cat-Cow")
    expect(page.get_by_test_id("notice")).to_have_text("Back to Cat-Cow.")
    expect(page.get_by_test_id("helps")).to_have_attribute("aria-pressed", "true")  # the mark stays
    page.get_by_test_id("skip").click()
    page.get_by_test_id("skip").click()
    expect(page.get_by_test_id("exercise-name")).to_have_text("Knee-to-Chest Stretch")
    page.wait_for_timeout(3300)
    page.get_by_test_id("back").click()
    expect(page.get_by_test_id("notice")).to_have_text("Starting Knee-to-Chest Stretch again.")
    expect(page.get_by_test_id("item-counter")).to_have_text("Exercise 2 of 7")

    # A hidden page sends the latest at once: the exercise under way, with its seconds so far.
    page.wait_for_timeout(1500)
    page.evaluate(
        """() => {
            Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
            document.dispatchEvent(new Event("visibilitychange"));
            delete document.visibilityState;
        }"""
    )
    second = reports.item(session, 1)
    assert (second.outcome, second.mark) == ("not-reached", "")
    assert 1 <= second.seconds <= 5
    first = session.items.get(index=0)
    assert (first.outcome, first.mark) == ("skipped", "helps")
    shot(page, "player-controls")

    # End session takes two taps; the end form asks for the answers the pain rule needs.
    page.get_by_test_id("stop").click()
    expect(page.get_by_test_id("stop")).to_have_text("Tap again to end")
    expect(page.get_by_test_id("end")).to_be_hidden()
    page.get_by_test_id("stop").click()
    expect(page.get_by_test_id("end")).to_be_visible()
    expect(page.get_by_test_id("end")).to_be_focused()
    # Honest: nothing was done, so no praise; what was skipped and what was never reached.
    expect(page.get_by_test_id("end-summary")).to_contain_text("No exercise was done this time")
    expect(page.get_by_test_id("end-summary")).to_contain_text(
        "0 of 7 exercises done, 1 skipped, 6 not reached."
    )
    page.get_by_test_id("save").click()
    expect(page.locator("#worst-pain-error")).to_contain_text("Choose the worst pain")
    expect(page.locator("#pain-after-error")).to_contain_text("Choose how much it hurts now")
    page.get_by_test_id("worst-pain-6").check()
    page.get_by_test_id("pain-after-3").check()
    page.get_by_test_id("notes").fill("Stopped early.")
    page.get_by_test_id("save").click()
    saved = page.get_by_test_id("saved")
    expect(saved).to_contain_text(f"The pain went above {ACCEPTABLE_PAIN} out of 10")
    expect(saved.get_by_role("link", name="See this session")).to_be_visible()
    reports.settle()
    session.refresh_from_db()
    assert (session.status, session.worst_pain_during, session.pain_after, session.notes) == (
        "partial",
        6,
        3,
        "Stopped early.",
    )


def test_the_pain_limit_comes_from_the_payload(page: Page) -> None:
    """Rewrite the payload's limit on its way to the browser: the notice and the advice follow it."""
    sign_in(page, email(page, "lee"))

    def lower_the_limit(route: Route) -> None:
        response = route.fetch()
        body = response.text()
        assert f'"pain_limit": {ACCEPTABLE_PAIN}' in body
        route.fulfill(
            response=response, body=body.replace(f'"pain_limit": {ACCEPTABLE_PAIN}', '"pain_limit": 3')
        )

    page.route("**/play/routine/**", lower_the_limit)
    page.goto(SEVEN)
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "ready")
    page.get_by_test_id("pain-before-1").check()
    page.get_by_test_id("start").click()
    page.keyboard.press("h")
    expect(page.get_by_test_id("notice")).to_contain_text("Pain above 3 out of 10 is too much.")
    page.get_by_test_id("stop").click()
    expect(page.get_by_test_id("stop")).to_have_text("Tap again to end")
    page.get_by_test_id("stop").click()
    page.get_by_test_id("worst-pain-4").check()
    page.get_by_test_id("pain-after-1").check()
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("saved")).to_contain_text("The pain went above 3 out of 10")


def test_a_late_tick_walks_every_deadline_that_passed(page: Page) -> None:
    """A hidden tab wakes minutes late: the player catches up at once instead of stretching the hold."""
    sign_in(page, email(page, "max"))
    reports = Reports(page)
    page.goto(SEVEN)
    page.get_by_test_id("pain-before-0").check()
    page.get_by_test_id("start").click()
    session = reports.session()
    expect(page.get_by_test_id("phase-label")).to_have_text("Get ready")
    # An hour passes in one step, as when a phone wakes from its pocket.
    page.evaluate(
        """() => {
            const real = performance.now.bind(performance);
            performance.now = () => real() + 3600000;
        }"""
    )
    expect(page.get_by_test_id("end")).to_be_visible()
    expect(page.get_by_test_id("end-summary")).to_contain_text("Well done: that is the whole routine.")
    expect(page.get_by_test_id("end-summary")).to_contain_text("7 of 7 exercises done.")
    page.wait_for_function("() => window.spinewisePlayer.state === 'ended'")
    reports.settle()
    session.refresh_from_db()
    assert session.finished_at is not None
    assert session.items.filter(outcome="done").count() == 7
    # Each item counts its full work time, not the ten minutes.
    held = session.items.get(index=1)  # Knee-to-Chest: 30 s a side
    assert held.seconds == 60
    page.get_by_test_id("worst-pain-2").check()
    page.get_by_test_id("pain-after-1").check()
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("saved")).to_contain_text(
        f"Pain up to {ACCEPTABLE_PAIN} out of 10 is acceptable"
    )
    reports.settle()
    session.refresh_from_db()
    assert (session.status, session.worst_pain_during, session.pain_after) == ("complete", 2, 1)


def test_the_clock_runs_at_its_speed_and_stands_still_when_paused(page: Page) -> None:
    page.goto("/")
    seconds = page.evaluate(
        """async () => {
            const { Clock } = await import("/static/spinewise/player/clock.js");
            let now = 1000;
            performance.now = () => now;
            const clock = new Clock(4);
            const seen = [];
            now += 1000; seen.push(clock.seconds());
            clock.pause(); now += 5000; seen.push(clock.seconds(), clock.paused);
            clock.resume(); now += 500; seen.push(clock.seconds(), clock.paused);
            seen.push(new Clock(0).speed, new Clock(-2).speed);
            return seen;
        }"""
    )
    assert seconds == [4, 4, True, 6, False, 1, 1]


def test_hashed_static_files_serve_every_module_to_the_browser(
    browser: Browser, content: None, settings: Any, tmp_path: Path
) -> None:
    """Production's storage and WhiteNoise: the page loads each module by its hashed name, cached for good."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": HASHED}}
    settings.STATICFILES_FINDERS = [
        "django.contrib.staticfiles.finders.FileSystemFinder"
    ]  # ours only: quicker
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    call_command("collectstatic", interactive=False, verbosity=0)
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda app: (
        app
    )  # no test static handler: WhiteNoise serves, as in production
    server.start()
    context = browser.new_context(base_url=server.url)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        loaded: list[Response] = []
        page.on("response", lambda r: loaded.append(r) if "/static/spinewise/player/" in r.url else None)
        sign_in(page, "hashed@example.com")
        page.goto("/play/routine/stiff-and-sore-basics/?speed=1000")
        expect(page.get_by_test_id("player")).to_have_attribute("data-state", "ready")
        page.get_by_test_id("pain-before-1").check()
        page.get_by_test_id("start").click()
        expect(page.get_by_test_id("end")).to_be_visible(timeout=30_000)
        page.get_by_test_id("worst-pain-1").check()
        page.get_by_test_id("pain-after-0").check()
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("saved")).to_be_visible()

        names = {re.sub(r"\.[0-9a-f]{12}\.js$", ".js", r.url.rsplit("/", 1)[1]) for r in loaded}
        assert names == {p.name for p in MODULES.glob("*.js")}
        for response in loaded:
            assert re.search(r"\.[0-9a-f]{12}\.js$", response.url), response.url
            assert response.status == 200, response.url
            assert "javascript" in response.headers["content-type"]
            assert "immutable" in response.headers["cache-control"], response.headers
        assert not errors, errors
        assert Session.objects.get().status == "complete"
    finally:
        context.close()
        server.stop()
