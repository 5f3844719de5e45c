"""The Content-Security-Policy breaks nothing: pages of each kind load in Chromium with no violation."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page

from tests.e2e.conftest import sign_in
from tests.progress_data import daily_sessions

# Recorded from the first script on every page, before the page's own scripts and styles load.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""


def _violations(page: Page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__violations")  # type: ignore[no-any-return]


def test_pages_of_each_kind_load_with_no_policy_violation(page: Page) -> None:
    page.context.add_init_script(LISTEN)
    assert _violations(page, "/") == []
    assert _violations(page, "/exercises/cat-cow/") == []
    user = sign_in(page, "csp@example.com")
    daily_sessions(user, 10, timezone.now() - timedelta(days=1))
    for url in ("/", "/play/plan/?minutes=9&seed=1", "/progress/", "/profile/", "/history/"):
        assert _violations(page, url) == [], url
    # The player still starts under the policy (its modules and styles are the site's own files).
    page.goto("/play/plan/?minutes=9&seed=1")
    assert page.locator("script[type=module]").count() >= 1
