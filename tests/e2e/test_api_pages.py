"""The API's docs page (Swagger UI, served from ninja's static files) works under the strict
Content-Security-Policy, and a token made on the account page is shown once and then works."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from playwright.sync_api import Page

from tests.e2e.conftest import shot, sign_in
from tests.e2e.test_csp import LISTEN


def test_the_api_docs_load_from_the_sites_own_files_with_no_policy_violation(
    page: Page, live_server: Any
) -> None:
    page.context.add_init_script(LISTEN)
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))
    response = page.goto("/api/v1/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    # Swagger UI renders the operations from /api/v1/openapi.json.
    page.wait_for_selector(".opblock-tag", timeout=20_000)
    assert page.locator(".opblock").count() >= 30
    assert page.get_by_text("/api/v1/sessions/", exact=True).first.is_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    assert outside == [], "the docs page fetched something from another site"
    shot(page, "api-docs")


def test_a_token_is_made_on_the_account_page_shown_once_and_works(page: Page, live_server: Any) -> None:
    sign_in(page, "tokens@example.com")
    page.goto("/account/")
    page.fill("input[name=name]", "my phone")
    page.check("input[name=scope][value=write]")
    page.get_by_role("button", name="Make a token").click()
    token = page.locator("#new-api-token").inner_text()
    assert re.fullmatch(r"sw_[A-Za-z0-9_-]{43}", token)
    shot(page, "api-token-made")
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/account/profile", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request) as reply:
        assert json.loads(reply.read())["email"] == "tokens@example.com"
    page.goto("/account/")
    assert page.locator("#new-api-token").count() == 0
    row = page.locator("tr", has_text="my phone")
    assert "Read and write" in row.inner_text() and "never" not in row.inner_text()
    shot(page, "api-tokens")
    row.get_by_role("button", name="Revoke").click()
    assert page.locator("tr", has_text="my phone").count() == 0
