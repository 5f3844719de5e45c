"""Issue 16 offline, in real Chromium: today's workout played with no network, kept, reloaded and synced once;
the offline page for what was never opened; signing out forgets the person's kept pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from spinewise.programs.models import Program, ProgramSession
from spinewise.programs.services import enrol, local_today
from spinewise.training.models import Session
from tests.e2e.conftest import (
    ARTIFACTS,
    CHROMIUM_FLAGS,
    SIZES,
    chromium_path,
    play_to_the_end_and_save,
    shot,
    sign_in,
)

WORKER_READY = "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
KEPT_PAGES = """async () => {
  const names = (await caches.keys()).filter((n) => n.startsWith("spinewise-pages-") && n !== "spinewise-pages-anon");
  const urls = [];
  for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
  return urls;
}"""


def open_device(browser: Browser, live_server: Any, size: str) -> Iterator[tuple[BrowserContext, Page]]:
    """A browser of that size with service workers on (the shared `page` fixture blocks them);
    JavaScript errors fail the test."""
    context = browser.new_context(
        viewport=SIZES[size],
        base_url=live_server.url,
        is_mobile=size == "phone",
        has_touch=size == "phone",
        service_workers="allow",
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.size_name = size  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield context, page
    ARTIFACTS.mkdir(exist_ok=True)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def phone(browser: Browser, live_server: Any, content: None) -> Iterator[tuple[BrowserContext, Page]]:
    yield from open_device(browser, live_server, "phone")


@pytest.fixture(params=sorted(SIZES))
def device(
    request: pytest.FixtureRequest, browser: Browser, live_server: Any, content: None
) -> Iterator[tuple[BrowserContext, Page]]:
    yield from open_device(browser, live_server, request.param)


def worker_in_control(page: Page) -> None:
    """The service worker has installed (the app shell fetched) and controls the page. A page that
    loaded while the worker was still activating stays uncontrolled (clients.claim() came before
    it); like a person's next page, a reload is then controlled."""
    page.wait_for_function(
        "async () => (await navigator.serviceWorker.ready).active.state === 'activated'", timeout=30_000
    )
    if not page.evaluate(WORKER_READY):
        page.reload()
    page.wait_for_function(WORKER_READY, timeout=10_000)


def test_todays_workout_played_offline_is_kept_then_synced_once(phone: tuple[BrowserContext, Page]) -> None:
    context, page = phone
    user = sign_in(page, "train@example.com")
    today = local_today(user)
    enrol(user, Program.objects.get(slug="morning-release-four-weeks"), today, list(range(7)), today=today)
    worker_in_control(page)

    # Online: pain now, then the player for today's workout (the worker keeps the page).
    page.goto("/")
    page.get_by_test_id("today-workout").click()
    page.get_by_test_id("pain-now").locator("input[value='2']").check()
    page.get_by_test_id("pain-continue").click()
    href = page.get_by_test_id("start-workout").get_attribute("href")
    assert href
    page.goto(f"{href}?speed=1000")
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "ready")
    items = page.evaluate("() => window.spinewisePlayer.items.length")

    # The network goes: the whole workout is played and its answers saved on the phone.
    context.set_offline(True)
    play_to_the_end_and_save(page, worst=3, after=1, effort=4, saved="Saved on this phone, will sync.")
    expect(page.get_by_test_id("sync-status")).to_contain_text("1 session saved on this phone, will sync")
    shot(page, "offline-saved-on-phone")
    assert not Session.objects.filter(user=user).exists()

    # Reloaded while still offline: the kept page loads, and says what waits.
    page.reload()
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "ready")
    expect(page.get_by_test_id("sync-status")).to_contain_text("1 session saved on this phone, will sync")
    assert not Session.objects.filter(user=user).exists()

    # The network comes back: sent once, and the page says so.
    context.set_offline(False)
    expect(page.get_by_test_id("sync-status")).to_contain_text("Synced: 1 session", timeout=20_000)
    shot(page, "offline-synced")
    session = Session.objects.get(user=user)
    assert session.status == Session.Status.COMPLETE
    assert (session.pain_before, session.worst_pain_during, session.pain_after, session.effort) == (
        2,
        3,
        1,
        4,
    )
    assert session.items.count() == items
    assert session.items.filter(outcome="done").count() == items
    assert ProgramSession.objects.get(session=session).number == 1

    # Another visit sends nothing twice; history shows the session once.
    page.goto("/history/")
    expect(page.locator("main tbody tr")).to_have_count(1)
    expect(page.locator("main tbody tr")).to_contain_text("Morning release")
    expect(page.get_by_test_id("sync-status")).to_be_hidden()
    assert Session.objects.filter(user=user).count() == 1
    assert (
        page.evaluate(
            """() => new Promise((resolve) => {
          const open = indexedDB.open("spinewise-offline");
          open.onsuccess = () => {
            const req = open.result.transaction("reports").objectStore("reports").count();
            req.onsuccess = () => resolve(req.result);
          };
        })"""
        )
        == 0
    )


def test_a_page_never_opened_shows_the_offline_page(device: tuple[BrowserContext, Page]) -> None:
    context, page = device
    sign_in(page, f"never-{page.size_name}@example.com")  # type: ignore[attr-defined]
    worker_in_control(page)
    page.goto("/exercises/")
    page.goto("/exercises/cat-cow/")
    expect(page.locator("h1")).to_have_text("Cat-Cow")
    context.set_offline(True)
    page.goto("/exercises/bird-dog/")
    expect(page.get_by_test_id("offline-page")).to_have_text("You are offline")
    # It lists what is kept on this phone, by title.
    kept = page.get_by_test_id("offline-pages")
    expect(kept.get_by_role("link", name="Cat-Cow")).to_have_count(1)
    expect(kept.get_by_role("link", name=re.compile("Exercise"))).to_have_count(1)
    shot(page, "offline-page")
    # An exercise opened before still opens, with its figure and the figure's stylesheet.
    kept.get_by_role("link", name="Cat-Cow").click()
    expect(page.locator("h1")).to_have_text("Cat-Cow")
    expect(page.locator("main svg").first).to_be_visible()
    rules = page.evaluate(
        """() => [...document.styleSheets]
          .filter((sheet) => sheet.href && sheet.href.includes("/exercises/figures/"))
          .map((sheet) => sheet.cssRules.length)"""
    )
    assert len(rules) == 1 and rules[0] > 0, rules
    context.set_offline(False)


def test_signing_out_forgets_the_persons_kept_pages(phone: tuple[BrowserContext, Page]) -> None:
    context, page = phone
    sign_in(page, "shared@example.com")
    worker_in_control(page)
    page.goto("/history/")
    page.goto("/account/")
    page.goto("/profile/")
    kept = page.evaluate(KEPT_PAGES)
    assert {"/history/", "/profile/"} <= set(kept), kept
    assert "/account/" not in kept  # the account page (data download, deletion) is never kept

    page.get_by_test_id("menu-button").click()  # a phone: the menu opens first
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_attached()
    assert page.evaluate(KEPT_PAGES) == []
    # The next person on this phone, offline, finds none of it.
    context.set_offline(True)
    page.goto("/history/")
    expect(page.get_by_test_id("offline-page")).to_be_visible()
    expect(page.get_by_test_id("offline-pages")).not_to_contain_text("Your sessions")
    context.set_offline(False)


def test_a_kept_session_that_cannot_be_sent_is_explained_and_kept_until_the_person_signs_in(
    phone: tuple[BrowserContext, Page],
) -> None:
    from django.contrib.sessions.models import Session as WebSession

    from tests.e2e.conftest import PASSWORD

    context, page = phone
    user = sign_in(page, "expired@example.com")
    worker_in_control(page)
    page.goto("/play/routine/stiff-and-sore-basics/?speed=1000")
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "ready")
    context.set_offline(True)
    page.get_by_test_id("pain-before-3").check()
    play_to_the_end_and_save(page, worst=2, after=2, effort=None, saved="Saved on this phone, will sync.")

    # Meanwhile the sign-in ended (expired, or signed out on another device): the server cannot take it.
    WebSession.objects.all().delete()
    context.set_offline(False)
    status = page.get_by_test_id("sync-status")
    expect(status).to_have_attribute("data-state", "blocked", timeout=20_000)
    expect(status).to_contain_text("1 session saved on this phone is not synced yet")
    expect(status).to_contain_text("Sign in again as the person who played it")
    expect(status).to_contain_text("nothing is lost")
    shot(page, "offline-blocked")
    page.goto("/")
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-state", "blocked")
    assert not Session.objects.exists()

    # Signed in again (a new CSRF token, read when sending): sent on the next page, once.
    page.get_by_test_id("sync-status").get_by_role("link", name="Sign in").click()
    page.wait_for_url(re.compile(r"/login/"))
    page.fill("input[name=username]", "expired@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("sync-status")).to_contain_text("Synced: 1 session", timeout=20_000)
    session = Session.objects.get(user=user)
    assert (session.routine_slug, session.status) == ("stiff-and-sore-basics", Session.Status.COMPLETE)
    assert (session.pain_before, session.worst_pain_during, session.pain_after) == (3, 2, 2)


def test_chromium_finds_the_app_installable(
    browser: Browser, live_server: Any, content: None, tmp_path: Path
) -> None:
    """Chromium's own check (the one behind "Install app"): manifest, icons and worker. A profile
    on disk, since a throwaway context counts as incognito, where nothing installs."""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_path(),
        headless=True,
        args=CHROMIUM_FLAGS,
        base_url=live_server.url,
    )
    try:
        page = context.new_page()
        page.goto("/")
        worker_in_control(page)
        page.reload()
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"].endswith("/manifest.webmanifest")
        assert manifest["errors"] == [], manifest["errors"]
        assert cdp.send("Page.getInstallabilityErrors") == {"installabilityErrors": []}
    finally:
        context.close()


def test_a_session_started_online_and_finished_offline_is_updated_not_doubled(
    phone: tuple[BrowserContext, Page],
) -> None:
    """The start reached the server; the network went mid-session: the rest goes to that session.

    Played at the real pace, so however slow the machine is, the routine cannot end by itself before
    the person ends it (at 50 times the pace it lasted 6 s: a slow answer to the start, and the stop
    button was gone), and nothing but the start is reported before the network goes (a faster
    clock reports each exercise done, and one could be on its way as the network goes)."""
    context, page = phone
    user = sign_in(page, "tunnel@example.com")
    worker_in_control(page)
    page.goto("/play/routine/stiff-and-sore-basics/")
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "ready")
    page.get_by_test_id("pain-before-4").check()
    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "playing")
    page.wait_for_function("() => window.spinewisePlayer.sessionId !== null")
    started = Session.objects.get(user=user)
    assert started.status == Session.Status.PARTIAL
    context.set_offline(True)
    stop = page.get_by_test_id("stop")
    stop.click()
    expect(stop).to_have_text("Tap again to end")  # armed: the second tap ends it
    stop.click()
    page.get_by_test_id("worst-pain-5").check()
    page.get_by_test_id("pain-after-3").check()
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("saved")).to_contain_text("Saved on this phone, will sync.")
    assert Session.objects.get(user=user).worst_pain_during is None

    context.set_offline(False)
    # Sent when the browser says it is online again (offline/app.js), tried again 5 s later if that failed.
    expect(page.get_by_test_id("sync-status")).to_contain_text("Synced: 1 session", timeout=45_000)
    expect(page.get_by_test_id("saved")).to_contain_text("Saved and synced.")
    expect(page.get_by_test_id("saved").get_by_role("link", name="See this session")).to_have_attribute(
        "href", f"/history/{started.pk}/"
    )
    session = Session.objects.get(user=user)
    assert session.pk == started.pk
    assert (session.pain_before, session.worst_pain_during, session.pain_after) == (4, 5, 3)
