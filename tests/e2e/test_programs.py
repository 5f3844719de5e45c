"""Issue 5 in the browser: enrol -> today -> play -> saved; a locked fourth workout unlocked by a code."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db.models import F
from playwright.sync_api import Page, expect

from spinewise.programs.access import make_batch
from spinewise.programs.models import Enrolment, PainCheck, Program, ProgramSession
from spinewise.programs.services import local_today
from spinewise.training.models import Session
from tests.e2e.conftest import play_to_the_end_and_save, shot, sign_in


def test_enrol_play_today_save_then_unlock_the_fourth_workout(page: Page) -> None:
    user = sign_in(page, f"robin-{page.size_name}@example.com")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    today = local_today(user)

    # Enrol, training today and two other days.
    page.goto("/programs/")
    page.get_by_role("link", name="Six-week lower-back mobility program").click()
    boxes = page.locator("input[name=weekdays]")
    for n in range(7):
        boxes.nth(n).set_checked(n in {today.weekday(), (today.weekday() + 2) % 7, (today.weekday() + 4) % 7})
    shot(page, "program-enrol")
    page.get_by_test_id("enrol").click()
    expect(page.get_by_text("You are enrolled in Six-week lower-back mobility program")).to_be_visible()
    expect(page.get_by_test_id("workout-1")).to_have_attribute("data-status", "due")
    expect(page.get_by_test_id("workout-4")).to_have_attribute("data-status", "paid")
    shot(page, "program-schedule")

    # Today shows the workout due; pain now first, then the workout and why it looks as it does.
    page.goto("/")
    page.get_by_test_id("today-workout").click()
    expect(page.get_by_test_id("test-day")).to_be_visible()
    page.get_by_test_id("pain-now").locator("input[value='2']").check()
    page.get_by_test_id("pain-continue").click()
    expect(page.get_by_test_id("why")).to_contain_text("Your first workout")
    shot(page, "program-workout")
    href = page.get_by_test_id("start-workout").get_attribute("href")
    assert href
    page.goto(f"{href}?speed=400")
    expect(page.get_by_test_id("why-changed")).to_be_visible()
    expect(page.get_by_test_id("pain-before")).to_have_count(0)  # already asked
    play_to_the_end_and_save(page)
    shot(page, "program-saved")

    link = ProgramSession.objects.select_related("session").get(enrolment__user=user)
    assert link.number == 1
    assert link.session.status == "complete"
    assert (link.session.pain_before, link.session.worst_pain_during) == (2, 3)
    page.goto("/programs/current/")
    expect(page.get_by_test_id("workout-1")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("streak")).to_contain_text("streak: 1 in a row")

    # A week later, the fourth workout is open by date but needs lifetime access.
    Enrolment.objects.filter(user=user).update(start_date=today - timedelta(days=7))
    Session.objects.filter(user=user).update(started_at=F("started_at") - timedelta(days=7))
    PainCheck.objects.filter(user=user).update(at=F("at") - timedelta(days=7))
    page.goto("/programs/current/workouts/4/")
    expect(page.get_by_test_id("locked")).to_contain_text("Lifetime access unlocks all 18 workouts")
    shot(page, "program-locked")
    _, (code,) = make_batch(Program.objects.get(slug="six-week-lower-back"), 1, "browser test")
    # The code form is on the locked workout itself; a wrong code is said on the redeem page.
    page.fill("input[name=code]", "ABCD-EFGH-JKMN-PQRS")
    page.get_by_test_id("unlock").click()
    expect(page.get_by_test_id("code-errors")).to_contain_text("not one we know")
    page.fill("input[name=code]", code.lower())
    page.get_by_test_id("redeem").click()
    expect(
        page.get_by_text("Lifetime access to Six-week lower-back mobility program is yours")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/programs/current/workouts/4/$"))
    expect(page.get_by_test_id("pain-now-form")).to_be_visible()
    page.goto("/programs/current/")
    expect(page.get_by_test_id("workout-4")).not_to_have_attribute("data-status", "paid")
    page.goto("/programs/current/workouts/4/")
    expect(page.get_by_test_id("pain-now-form")).to_be_visible()
    shot(page, "program-unlocked")
