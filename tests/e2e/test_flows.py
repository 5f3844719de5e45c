"""Issue 17's honest flows in Chromium at 390x844 and 1280x900: the paywall and what redeeming opens,
one workout a day, quick relief's pain questions and honest end, the home tests one at a time."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from spinewise.programs.access import make_batch
from spinewise.programs.models import Program, ProgramSession
from spinewise.programs.services import enrol, local_today, zone_of
from spinewise.training.models import Session, SessionItem
from tests.e2e.conftest import answer_screening, shot, sign_in

SIX_WEEK = "six-week-lower-back"
MORNING = "morning-release-four-weeks"


def scroll_height(page: Page) -> int:
    return int(page.evaluate("() => document.documentElement.scrollHeight"))


def no_sideways_scroll(page: Page) -> None:
    # Against the screen's width: a phone widens its layout viewport (window.innerWidth) to fit a
    # page that is too wide, so that comparison could not fail there.
    screen = page.viewport_size
    assert screen is not None
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= screen["width"] + 1, (
        f"{page.url} scrolls sideways: {wide} px on a {screen['width']} px screen"
    )


def test_the_paywall_shows_the_offer_and_redeeming_says_what_opens(page: Page, settings: Any) -> None:
    settings.PRICE = "€29"
    settings.BUY_URL = "https://shop.example/buy/{program}"
    user = sign_in(page, f"paywall-{page.size_name}@example.com")  # type: ignore[attr-defined]
    today = local_today(user)
    # Three days in, on the three days before today: workouts 1-3 open, week 2 opens in four days.
    start = today - timedelta(days=3)
    days = sorted({(start + timedelta(days=n)).weekday() for n in range(3)})
    enrol(user, Program.objects.get(slug=SIX_WEEK), start, days, today=start)
    page.goto("/programs/current/workouts/4/")
    locked = page.get_by_test_id("locked")
    expect(locked).to_contain_text("What lifetime access gives you")
    expect(page.get_by_test_id("price")).to_contain_text("€29, paid once")
    expect(page.get_by_test_id("buy")).to_have_attribute(
        "href", "https://shop.example/buy/six-week-lower-back"
    )
    expect(page.get_by_test_id("redeem-form")).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "flows-paywall")

    _, (code,) = make_batch(Program.objects.get(slug=SIX_WEEK), 1, "browser test")
    page.fill("input[name=code]", code)
    page.get_by_test_id("unlock").click()
    expect(page).to_have_url(re.compile(r"/programs/current/workouts/4/$"))
    message = page.locator(".messages")
    expect(message).to_contain_text("Lifetime access to Six-week lower-back mobility program is yours")
    expect(message).to_contain_text("Open now: workouts 1 to 3.")
    week_two = today + timedelta(days=4)
    expect(message).to_contain_text(f"Week 2 (workouts 4 to 6) opens on {week_two:%A %-d %B}")
    expect(message).not_to_contain_text("every workout is unlocked")
    # The page agrees with the message: week 2 is still to come.
    expect(locked).to_contain_text(f"Week 2 opens on {week_two:%A %-d %B}")
    expect(page.get_by_test_id("redeem-form")).to_have_count(0)
    shot(page, "flows-redeemed")


def test_one_workout_a_day_the_next_opens_tomorrow(page: Page) -> None:
    user = sign_in(page, f"daily-{page.size_name}@example.com")  # type: ignore[attr-defined]
    today = local_today(user)
    enrolment = enrol(
        user,
        Program.objects.get(slug=MORNING),
        today - timedelta(days=2),
        list(range(7)),
        today=today - timedelta(days=2),
    )
    # Workout 1 done earlier today: an hour ago, or since midnight when the day is younger than that.
    now = timezone.now()
    midnight = datetime.combine(today, datetime.min.time(), tzinfo=zone_of(user))
    started = max(now - timedelta(hours=1), midnight)
    session = Session.objects.create(
        user=user,
        source="web",
        routine_name="Morning release",
        prescription={"total_seconds": 60, "position_changes": 0, "relaxed": [], "items": []},
        started_at=started,
        finished_at=started + (now - started) / 2,
        status=Session.Status.COMPLETE,
        pain_before=2,
        worst_pain_during=2,
        pain_after=1,
    )
    SessionItem.objects.create(
        session=session,
        index=0,
        exercise_slug="cat-cow",
        exercise_name="Cat-Cow",
        phase="main",
        prescribed={},
        outcome="done",
        seconds=60,
    )
    ProgramSession.objects.create(
        session=session, enrolment=enrolment, number=1, dose_week=1, decision="as-planned"
    )

    page.goto("/programs/current/")
    tomorrow = today + timedelta(days=1)
    expect(page.get_by_test_id("workout-2")).to_have_attribute("data-status", "tomorrow")
    expect(page.get_by_test_id("one-a-day")).to_contain_text(
        f"One workout a day: you did workout 1 today, so this one opens tomorrow, {tomorrow:%A %-d %B}."
    )
    no_sideways_scroll(page)
    shot(page, "flows-one-a-day-schedule")
    page.goto("/programs/current/workouts/2/")
    expect(page.get_by_test_id("locked")).to_contain_text(f"workout 2 opens tomorrow, {tomorrow:%A %-d %B}")
    expect(page.get_by_test_id("pain-now-form")).to_have_count(0)
    shot(page, "flows-one-a-day-workout")


def test_quick_relief_asks_pain_before_and_after_and_tells_the_truth(page: Page) -> None:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    page.goto("/check/?next=/relief/")
    answer_screening(page)
    expect(page).to_have_url(re.compile(r"/relief/$"))
    page.goto("/play/plan/?minutes=5")  # real time: every exercise is skipped before it could end
    scale = page.get_by_test_id("pain-before")
    expect(scale).to_be_visible()
    page.get_by_test_id("start").click()
    expect(page.locator("#pain-before-error")).to_contain_text("Choose a number from 0 to 10")
    page.get_by_test_id("pain-before-6").check()
    shot(page, "flows-relief-pain-before")
    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("exercise-name")).not_to_be_empty()
    # Skip every exercise: the end screen must not praise what was not done.
    page.get_by_test_id("skip").click()  # past the lead-in
    for _ in range(60):
        if page.get_by_test_id("end").is_visible():
            break
        page.get_by_test_id("skip").click()
    expect(page.get_by_test_id("end")).to_be_visible()
    summary = page.get_by_test_id("end-summary")
    expect(summary).to_contain_text("No exercise was done this time")
    expect(summary).not_to_contain_text("Well done")
    expect(summary).to_contain_text(re.compile(r"0 of (\d+) exercises done, \1 skipped\."))
    page.get_by_test_id("worst-pain-4").check()
    page.get_by_test_id("pain-after-3").check()
    shot(page, "flows-relief-end")
    page.get_by_test_id("save").click()
    saved = page.get_by_test_id("saved")
    expect(saved).to_contain_text("Pain before the session 6 out of 10, now 3: 3 points less, a real easing.")
    expect(saved).to_contain_text("Nothing was sent")
    no_sideways_scroll(page)
    shot(page, "flows-relief-answers")
    # Nothing about the person left the browser: no report was posted, no session stored.
    assert not [url for url in sent if "/play/" in url]
    assert Session.objects.count() == 0


def test_the_home_tests_one_at_a_time_with_a_stopwatch(page: Page) -> None:
    sign_in(page, f"tests-{page.size_name}@example.com")  # type: ignore[attr-defined]
    # A hundred times faster: a second of waiting is a 100-second hold.
    page.goto("/tests/?speed=100")
    progress = page.get_by_test_id("step-progress")
    expect(progress).to_contain_text(re.compile(r"Step 1 of \d+: How your back is"))
    steps = int(re.search(r"of (\d+)", progress.inner_text()).group(1))  # type: ignore[union-attr]
    heights = [scroll_height(page)]
    shot(page, "flows-tests-step-1")
    page.get_by_test_id("pain_now").locator("input[value='3']").check(force=True)
    # On to the side bridge hold, one screen at a time.
    while not page.get_by_test_id("test-side-bridge-hold").is_visible():
        page.locator("[data-step]:not([hidden]) [data-testid=step-next]").click()
        heights.append(scroll_height(page))
    test = page.get_by_test_id("test-side-bridge-hold")
    expect(test.locator("img.test-still")).to_be_visible()
    expect(test.locator("ol.steps li").first).to_be_visible()
    expect(page.get_by_test_id("test-fingertip-to-floor")).to_be_hidden()
    watch = page.get_by_test_id("stopwatch-result__side-bridge-hold__left")
    # The page's clock runs 100 times fast: at least a second of real time is 100 s or more, and
    # the result cannot exceed the real time between the two clicks (however slow the machine is).
    before_start = time.monotonic()
    watch.get_by_test_id("sw-start").click()
    expect(watch).to_have_attribute("data-state", "running")
    shot(page, "flows-tests-stopwatch")
    page.wait_for_timeout(1200)
    watch.get_by_test_id("sw-stop").click()
    expect(watch).to_have_attribute("data-state", "stopped")
    real = time.monotonic() - before_start
    field = page.locator("input[name=result__side-bridge-hold__left]")
    value = float(field.input_value())
    assert 100 <= value <= real * 100 + 1, (value, real)
    expect(watch).to_contain_text(f"Stopped at {int(value)} seconds")
    shot(page, "flows-tests-stopped")
    while not page.get_by_test_id("save-assessment").is_visible():
        page.locator("[data-step]:not([hidden]) [data-testid=step-next]").click()
        heights.append(scroll_height(page))
    expect(progress).to_contain_text(f"Step {steps} of {steps}: Save this sitting")
    no_sideways_scroll(page)
    page.get_by_test_id("save-assessment").click()
    expect(page).to_have_url(re.compile(r"/tests/\d+/"))
    expect(page.get_by_text("Side bridge hold").first).to_be_visible()
    shot(page, "flows-tests-result")
    # One test per screen: no step is anywhere near the old 12,000 px page.
    assert max(heights) < 4000, heights


def test_crook_lying_breathing_is_paced_in_the_player(page: Page) -> None:
    user = sign_in(page, f"breath-{page.size_name}@example.com")  # type: ignore[attr-defined]
    today = local_today(user)
    enrol(
        user,
        Program.objects.get(slug=SIX_WEEK),
        today,
        [today.weekday(), (today.weekday() + 2) % 7, (today.weekday() + 4) % 7],
        today=today,
    )
    page.goto("/programs/current/workouts/1/")
    page.get_by_test_id("pain-now").locator("input[value='2']").check()
    page.get_by_test_id("pain-continue").click()
    page.get_by_test_id("start-workout").click()
    page.get_by_test_id("start").click()
    page.get_by_test_id("skip").click()  # past the lead-in, into the first exercise
    expect(page.get_by_test_id("exercise-name")).to_have_text("Crook-Lying Breathing")
    breath = page.get_by_test_id("breath")
    expect(breath).to_be_visible()
    expect(breath).to_have_text(re.compile(r"^Breathe (in|out)$"))
    expect(page.get_by_test_id("rep-counter")).to_be_hidden()
    expect(page.get_by_test_id("countdown")).to_be_visible()  # the timer stays, the breath is paced beside it
    first = breath.inner_text()
    # Four seconds in, six out: the cue changes within seven seconds.
    expect(breath).not_to_have_text(first, timeout=8_000)
    shot(page, "flows-paced-breathing")
    # End and save, so no report is still on its way when the test's database is emptied.
    page.get_by_test_id("stop").click()
    expect(page.get_by_test_id("stop")).to_have_text("Tap again to end")
    page.get_by_test_id("stop").click()
    page.get_by_test_id("worst-pain-2").check()
    page.get_by_test_id("pain-after-1").check()
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("saved")).to_be_visible()  # the last report is answered
    expect(page.get_by_test_id("saved")).to_contain_text("Saved.")
