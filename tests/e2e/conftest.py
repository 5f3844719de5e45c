"""Browser tests: Playwright driving Debian's Chromium against a live server on this machine."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# What a page action waits for (contexts' default timeout); `expect` waits as long (its own default,
# 5 s, is too short for a heavy page on a machine running two test processes, such as the figures'
# contact sheet with 77 figures). A condition that holds passes as soon as it does.
ACTION_TIMEOUT_MS = 15_000
expect.set_options(timeout=ACTION_TIMEOUT_MS)
# A full-page screenshot of a long page can take longer than an action on a loaded machine.
SCREENSHOT_TIMEOUT_MS = 60_000

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def chromium_path() -> str:
    path = (
        os.environ.get("SPINEWISE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        raise RuntimeError("Chromium is missing: `make test` installs it (apt-get install chromium).")
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def content(transactional_db: None) -> None:
    """Live-server tests run outside a transaction, so the library is loaded for each test."""
    from spinewise.bootstrap import load_content

    load_content(force=True)


@pytest.fixture(params=sorted(SIZES))
def page(request: pytest.FixtureRequest, browser: Browser, live_server: Any, content: None) -> Iterator[Page]:
    size = request.param
    # No service worker: these tests see the network as the page asks it (and `page.route` sees every
    # request). The offline tests (test_offline.py) open contexts of their own with the worker on.
    context = browser.new_context(
        viewport=SIZES[size],
        base_url=live_server.url,
        is_mobile=size == "phone",
        has_touch=size == "phone",
        service_workers="block",
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    page.size_name = size  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    page.screenshot(path=str(ARTIFACTS / f"{name}-end.png"), full_page=True, timeout=SCREENSHOT_TIMEOUT_MS)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def shot(page: Page, label: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"{label}-{page.size_name}.png"),  # type: ignore[attr-defined]
        full_page=True,
        timeout=SCREENSHOT_TIMEOUT_MS,
    )


def answer_screening(page: Page, yes: tuple[str, ...] = ()) -> None:
    from spinewise.safety.screening import QUESTIONS

    # On a phone the check shows one question per screen (safety-steps.js): answer, then "Next
    # question"; a follow-up whose lead was "no" is never shown, so it is left unanswered.
    page.wait_for_selector("form[data-screening][data-ready]", state="attached")
    stepping = page.locator("form.stepping").count() > 0
    for question in QUESTIONS:
        value = "yes" if question.key in yes else "no"
        radio = page.locator(f"input[name='{question.key}'][value='{value}']")
        if stepping and not radio.is_visible():
            continue
        radio.check()
        if stepping and page.get_by_test_id("step-next").is_visible():
            page.get_by_test_id("step-next").click()
    page.click("[data-testid=screening-submit]")


PASSWORD = "calm-river-stone-42"


def sign_in(page: Page, email: str) -> Any:
    """A new account whose safety check allows exercise, logged in through the log-in page."""
    from spinewise.accounts.services import create_account
    from spinewise.safety.models import Screening

    user = create_account(email, PASSWORD)
    Screening.objects.create(user=user, source="web", answers={}, urgency=0)
    page.goto("/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return user


def play_to_the_end_and_save(
    page: Page, worst: int = 3, after: int = 2, effort: int | None = 4, saved: str | None = None
) -> None:
    """On a player page (at a fast speed, the pain before already given): start, reach the end,
    answer the worst pain during, the pain after and the effort (None: left unanswered), save, and
    see it saved (its text holding `saved`, when given)."""
    from playwright.sync_api import expect

    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("end")).to_be_visible(timeout=90_000)
    page.get_by_test_id(f"worst-pain-{worst}").check()
    page.get_by_test_id(f"pain-after-{after}").check()
    if effort is not None:
        page.get_by_test_id(f"effort-{effort}").check()
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    if saved is not None:
        expect(page.get_by_test_id("saved")).to_contain_text(saved)


def build_quick_relief(page: Page) -> None:
    """From quick relief's safety check: answer it, then ask for 5 minutes for a stiff back with
    kneeling avoided."""
    import re

    from playwright.sync_api import expect

    answer_screening(page)
    expect(page).to_have_url(re.compile(r"/relief/$"))
    page.fill("input[name=minutes]", "5")
    page.check("input[name=avoid][value=kneeling]")
    page.check("input[name=state][value=stiff]")
    page.click("[data-testid=build]")
