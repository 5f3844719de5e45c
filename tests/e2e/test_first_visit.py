"""Issue 17, part A in Chromium at 390x844 and 1280x800: the menu on a phone (with and without
JavaScript), the guided first visit from sign-up to the calendar file, and the quick-relief journey
with the keyboard alone. Every page on the way is checked by axe-core (no serious or critical
violation) and must not scroll sideways. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from spinewise.programs.models import Enrolment
from spinewise.safety.screening import QUESTIONS
from spinewise.training.models import Session
from tests.e2e.conftest import ARTIFACTS, PASSWORD, SCREENSHOT_TIMEOUT_MS, answer_screening

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
AXE = Axe()


def new_page(browser: Browser, live_server: Any, size: str, **options: Any) -> Page:
    context = browser.new_context(
        viewport=SIZES[size],
        base_url=live_server.url,
        is_mobile=size == "phone",
        has_touch=size == "phone",
        **options,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.size_name = size  # type: ignore[attr-defined]
    return page


@pytest.fixture(params=sorted(SIZES))
def sized(
    request: pytest.FixtureRequest, browser: Browser, live_server: Any, content: None
) -> Iterator[Page]:
    page = new_page(browser, live_server, request.param)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def look(page: Page, label: str, check: bool = True) -> None:
    """Save a screenshot, check the page with axe-core and that nothing scrolls sideways (`check`:
    Playwright's evaluate needs the page's JavaScript, so a page without it is only pictured)."""
    page.wait_for_load_state("load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"first-visit-{label}-{page.size_name}.png"),  # type: ignore[attr-defined]
        full_page=True,
        timeout=SCREENSHOT_TIMEOUT_MS,
    )
    if not check:
        return
    # Against the device's width: a phone's layout viewport grows to fit a page that is too wide.
    width = SIZES[page.size_name]["width"]  # type: ignore[attr-defined]
    wide = page.evaluate("() => Math.max(document.documentElement.scrollWidth, window.innerWidth)")
    assert wide <= width, f"{label} ({page.url}) scrolls sideways: {wide} px in {width} px"
    violations = AXE.run(page).response["violations"]
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at"
        f" {[(n['target'], n.get('failureSummary', '')[:160]) for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe on {label} ({page.url}): {bad}"


# --- the menu -----------------------------------------------------------------------------------


MENU = ["Quick relief", "Routines", "Programs", "Exercises", "Log in", "Sign up"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_menu_opens_on_a_phone_and_every_item_fits(
    browser: Browser, live_server: Any, content: None, javascript: bool
) -> None:
    page = new_page(browser, live_server, "phone", java_script_enabled=javascript)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    button = page.get_by_test_id("menu-button")
    expect(button).to_be_visible()
    assert (button.bounding_box() or {}).get("height", 0) >= 44
    look(page, f"menu-closed-{'js' if javascript else 'nojs'}", check=javascript)
    button.click()
    expect(nav).to_be_visible()
    for name in MENU:
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 44, (name, box)
    look(page, f"menu-open-{'js' if javascript else 'nojs'}", check=javascript)
    nav.get_by_role("link", name="Exercises", exact=True).click()
    expect(page).to_have_url(re.compile(r"/exercises/$"))
    page.context.close()


def test_on_a_desktop_the_menu_is_one_row_without_a_button(
    browser: Browser, live_server: Any, content: None
) -> None:
    page = new_page(browser, live_server, "desktop")
    page.goto("/")
    expect(page.get_by_test_id("menu-button")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    tops = {
        round((nav.get_by_role("link", name=name, exact=True).bounding_box() or {})["y"]) for name in MENU
    }
    assert len(tops) == 1  # one row
    look(page, "home")
    page.context.close()


def test_signed_in_every_menu_item_is_reachable_on_a_phone(sized: Page) -> None:
    from spinewise.accounts.services import create_account
    from spinewise.safety.models import Screening

    user = create_account(f"menu-{sized.size_name}@example.com", PASSWORD)  # type: ignore[attr-defined]
    Screening.objects.create(user=user, source="web", answers={}, urgency=0)
    sized.goto("/login/")
    look(sized, "login")
    sized.fill("input[name=username]", user.username)
    sized.fill("input[name=password]", PASSWORD)
    sized.get_by_role("button", name="Log in").click()
    expect(sized.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    look(sized, "today")
    if sized.size_name == "phone":  # type: ignore[attr-defined]
        sized.get_by_test_id("menu-button").click()
    nav = sized.get_by_role("navigation", name="Main")
    width = SIZES[sized.size_name]["width"]  # type: ignore[attr-defined]
    for name in [
        "Quick relief",
        "Routines",
        "Programs",
        "Exercises",
        "History",
        "Progress",
        "Tests",
        "Profile",
        "Account",
    ]:
        box = nav.get_by_role("link", name=name, exact=True).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, name
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    look(sized, "menu-signed-in")


# --- the guided first visit ---------------------------------------------------------------------


def test_the_first_visit_from_sign_up_to_the_calendar_file(sized: Page) -> None:
    page = sized
    email = f"first-{page.size_name}@example.com"  # type: ignore[attr-defined]
    page.goto("/")
    look(page, "home")
    page.get_by_test_id("door-program").click()
    steps = page.get_by_test_id("steps")
    expect(steps).to_contain_text("Step 1 of 7: Create your account")
    expect(steps).to_contain_text("Next: Safety check")
    page.get_by_role("button", name="Sign up").click()  # nothing filled in: errors beside the fields
    expect(page.locator(".field-check .errorlist")).to_contain_text("We need your agreement")
    look(page, "signup-errors")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password_again]", PASSWORD)
    page.get_by_text("I agree that spinewise stores").click()  # the label ticks the box
    expect(page.locator("input[name=consent]")).to_be_checked()
    page.get_by_role("button", name="Sign up").click()

    expect(steps).to_contain_text("Step 2 of 7: Safety check")
    if page.size_name == "phone":  # type: ignore[attr-defined]
        # One question per screen with its progress; "Next" wants an answer first.
        expect(page.get_by_test_id("screening-progress")).to_contain_text(re.compile(r"Question 1 of \d+"))
        expect(page.locator("fieldset.question:visible")).to_have_count(1)
        page.get_by_test_id("step-next").click()
        expect(page.get_by_text("Please answer yes or no.")).to_be_visible()
        expect(page.get_by_test_id("step-back")).to_be_hidden()
    look(page, "screening")
    answer_screening(page)
    expect(page.get_by_test_id("advice")).to_contain_text("Nothing here needs a doctor first")
    look(page, "screening-result")
    page.get_by_test_id("continue").click()

    expect(steps).to_contain_text("Step 3 of 7: Your profile")
    expect(steps).to_contain_text("Next: Baseline tests")
    look(page, "profile")
    page.fill("input[name=usual_minutes]", "10")
    page.get_by_role("button", name="Save profile").click()

    expect(steps).to_contain_text("Step 4 of 7: Baseline tests (optional)")
    look(page, "welcome-tests")
    page.get_by_test_id("skip").click()

    expect(steps).to_contain_text("Step 5 of 7: Choose a program (optional)")
    page.get_by_test_id("choose").click()  # nothing chosen: said beside the field
    expect(page.locator(".errorlist")).to_contain_text("Choose a program, or skip this step.")
    look(page, "welcome-program")
    page.locator("input[name=program][value=morning-release-four-weeks]").check()
    page.get_by_test_id("choose").click()

    expect(steps).to_contain_text("Step 6 of 7: Days and reminder time (optional)")
    look(page, "welcome-schedule")
    page.fill("input[name=reminder_time]", "07:45")
    page.get_by_test_id("enrol").click()

    expect(steps).to_contain_text("Step 7 of 7: Your calendar (optional)")
    expect(page.get_by_text("with a reminder at 07:45")).to_be_visible()
    look(page, "welcome-calendar")
    with page.expect_download() as download:
        page.get_by_test_id("calendar-file").click()
    assert download.value.suggested_filename.endswith(".ics")
    page.get_by_test_id("finish").click()
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    expect(page.get_by_test_id("today-program")).to_contain_text("Morning release")
    expect(page.get_by_test_id("steps")).to_have_count(0)
    look(page, "today-after-setup")
    assert Enrolment.objects.get(user__username=email).program.slug == "morning-release-four-weeks"


def test_pages_of_the_plain_words_pass_axe_and_fit(sized: Page) -> None:
    for path, label in [
        ("/glossary/", "glossary"),
        ("/coaches/", "coaches"),
        ("/exercises/", "exercises"),
        ("/exercises/cat-cow/", "exercise"),
        ("/signup/", "signup"),
    ]:
        sized.goto(path)
        look(sized, label)
    sized.goto("/exercises/cat-cow/")
    expect(sized.get_by_text("Starts on hands and knees (quadruped)")).to_be_visible()


# --- quick relief with the keyboard alone -------------------------------------------------------


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_quick_relief_with_the_keyboard_alone(sized: Page) -> None:
    page = sized
    page.goto("/")
    tab_to(page, "[data-testid=door-relief]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/check/"))
    page.wait_for_selector("form[data-screening][data-ready]", state="attached")
    stepping = page.locator("form.stepping").count() > 0
    for question in QUESTIONS:
        radio = f"input[name='{question.key}'][value='no']"
        if not page.locator(radio).is_visible():
            continue  # a follow-up that is not asked
        tab_to(page, f"input[name='{question.key}']:not([disabled])")
        if not page.locator(radio).is_checked():
            # The group's first button is "No"; Space ticks it.
            page.keyboard.press("Space")
        expect(page.locator(radio)).to_be_checked()
        if stepping and page.get_by_test_id("step-next").is_visible():
            tab_to(page, "[data-testid=step-next]")
            page.keyboard.press("Enter")
    tab_to(page, "[data-testid=screening-submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/relief/$"))
    look(page, "relief-form")

    tab_to(page, "input[name=minutes]")
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    tab_to(page, "input[name=avoid][value=floor]")
    page.keyboard.press("Space")
    tab_to(page, "[data-testid=build]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your 5-minute routine")).to_be_visible()
    look(page, "relief-routine")
    tab_to(page, "[data-testid=play]")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("routine-item").first).to_be_visible()
    look(page, "player-ready")
    # Pain before, asked of everyone (kept in the page without an account): the scale's first
    # button is 0; the arrow keys move along the group.
    tab_to(page, "input[name=pain_before]")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("input[name=pain_before][value='2']")).to_be_checked()
    tab_to(page, "[data-testid=start]")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("exercise-name")).not_to_be_empty()
    page.keyboard.press("Space")  # pause: the page holds still (no change flash) while it is checked
    expect(page.locator(".player[data-state=paused]")).to_have_count(1)
    page.wait_for_timeout(700)
    look(page, "player-paused")
    page.keyboard.press("Space")
    end = page.get_by_test_id("end")
    for _ in range(40):  # "n" skips to the next exercise (the player's shortcut)
        if end.is_visible():
            break
        page.keyboard.press("n")
        page.wait_for_timeout(150)
    expect(end).to_be_visible()
    look(page, "player-end")
    assert Session.objects.count() == 0
