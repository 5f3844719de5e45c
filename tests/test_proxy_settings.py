"""Settings read from the environment for a deployment, and the visitor's address behind proxies."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from spinewise.proxy import ForwardedForMiddleware
from tests.serving import PYTHON, clean_env

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'proxy_ssl': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), 'cache': s.CACHES['default']['BACKEND'],"
    "'sessions': s.SESSION_ENGINE, 'shared': s.SHARED_DATABASE, 'key_from_env': s.SECRET_KEY_FROM_ENVIRONMENT,"
    "'single': s.SINGLE_NODE}))"
)


def _settings_under(tmp_path: Path, **env: str) -> dict[str, Any]:
    done = subprocess.run(
        [PYTHON, "-c", SHOW],
        env=clean_env(tmp_path, DJANGO_SETTINGS_MODULE="spinewise.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_plain_install_needs_no_service(tmp_path: Path) -> None:
    assert _settings_under(tmp_path) == {
        "proxy_ssl": None,
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "sessions": "django.contrib.sessions.backends.db",
        "shared": False,
        "key_from_env": False,
        "single": False,
    }


def test_a_node_behind_a_load_balancer_on_postgres_with_redis(tmp_path: Path) -> None:
    seen = _settings_under(
        tmp_path,
        DATABASE_URL="postgres://app@db.internal:5432/spinewise",
        SPINEWISE_SECRET_KEY="x" * 50,
        SPINEWISE_CACHE_URL="redis://cache.internal:6379/0",
        SPINEWISE_PROXY_COUNT="1",
    )
    assert seen["proxy_ssl"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert seen["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert seen["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert (seen["shared"], seen["key_from_env"]) == (True, True)


def test_a_bad_cache_url_stops_with_its_name(tmp_path: Path) -> None:
    done = subprocess.run(
        [PYTHON, "-c", SHOW],
        env=clean_env(
            tmp_path, DJANGO_SETTINGS_MODULE="spinewise.settings", SPINEWISE_CACHE_URL="memcache://x"
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "SPINEWISE_CACHE_URL='memcache://x'" in done.stderr


def _address(request: HttpRequest) -> HttpResponse:
    return HttpResponse(request.META["REMOTE_ADDR"])


def test_behind_one_proxy_the_visitor_is_the_last_forwarded_address(settings: Any) -> None:
    settings.PROXY_COUNT = 1
    middleware = ForwardedForMiddleware(_address)
    # The client wrote 6.6.6.6 itself; our proxy appended the address it really came from.
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert middleware(request).content == b"203.0.113.9"
    # A request that did not come through the proxy keeps its own address.
    assert middleware(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")).content == b"10.0.0.2"


def test_served_directly_the_forwarded_header_is_ignored(settings: Any) -> None:
    settings.PROXY_COUNT = 0
    with pytest.raises(MiddlewareNotUsed):
        ForwardedForMiddleware(_address)
