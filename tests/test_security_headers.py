"""Production headers (issue #11): CSP on every page, no caching of a signed-in person's pages,
friendly error pages, and a deployment check that is clean with the README's settings."""

from __future__ import annotations

import re
import string
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spinewise.security import policy_for
from tests.serving import PYTHON, clean_env

pytestmark = pytest.mark.django_db

# The production environment the README documents (its secret key is a stand-in).
PRODUCTION = {
    "SPINEWISE_SECRET_KEY": "stand-in-" + string.ascii_letters + string.digits,
    "SPINEWISE_DEBUG": "false",
    "SPINEWISE_ALLOWED_HOSTS": "spinewise.example",
    "SPINEWISE_CSRF_TRUSTED_ORIGINS": "https://spinewise.example",
    "SPINEWISE_SECURE_COOKIES": "true",
    "SPINEWISE_SSL_REDIRECT": "true",
    "SPINEWISE_HSTS_SECONDS": "31536000",
    "SPINEWISE_HSTS_SUBDOMAINS": "true",
    "SPINEWISE_HSTS_PRELOAD": "true",
    "SPINEWISE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
}


def _policy(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_check_deploy_is_clean_with_the_production_settings(tmp_path: Path) -> None:
    done = subprocess.run(
        [PYTHON, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean_env(tmp_path, DJANGO_SETTINGS_MODULE="spinewise.settings", **PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize("name", ["home", "library:list"])
def test_every_page_has_a_strict_policy(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    policy = _policy(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert not re.search(rb"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", response.content)
    assert b' style="' not in response.content
    # Anonymous pages may be cached (they hold nothing personal).
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "url", ["/history/", "/progress/", "/account/data.json", "/profile/", "/play/plan/?minutes=9&seed=1"]
)
def test_a_signed_in_persons_pages_are_not_stored(trainee_client: Client, url: str) -> None:
    response = trainee_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_player_and_health_pages_have_the_policy(trainee_client: Client) -> None:
    for url in ("/play/plan/?minutes=9&seed=1", "/progress/", "/history/"):
        policy = _policy(trainee_client.get(url))
        assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"


def test_styles_the_server_renders_inline_are_allowed_by_hash_only() -> None:
    body = b"<svg><style>#c .line{stroke:red}</style></svg>"
    policy = policy_for(body)
    assert "'sha256-" in policy and "unsafe-inline" not in policy
    assert "script-src 'self';" in policy


def test_a_missing_page_is_friendly_and_in_the_layout(client: Client, settings: Any) -> None:
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"This page is not here" in response.content and b'class="site"' in response.content


def test_the_500_page_needs_no_database_or_request() -> None:
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "Something went wrong" in html and 'class="site"' in html
