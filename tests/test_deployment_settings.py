"""Settings read from the environment for a deployment: proxies, cache, sessions, the secret key."""

from __future__ import annotations

import json
import subprocess
import time
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
    "'sessions': s.SESSION_ENGINE, 'shared_db': s.SHARED_DATABASE, 'key_from_env': s.SECRET_KEY_FROM_ENVIRONMENT,"
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
        "sessions": "spinewise.web.sessions",
        "shared_db": False,
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
    assert (seen["shared_db"], seen["key_from_env"]) == (True, True)


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


# Imports what the settings need, then waits for one shared moment to read them: all the processes
# generate the key at once.
KEY_AT_ONCE = """
import sys, time
import dj_database_url, django_stubs_ext, platformdirs, django.core.exceptions
start = float(sys.argv[1])
while time.time() < start:
    pass
from spinewise import settings
print(settings.SECRET_KEY)
"""


def test_processes_starting_together_on_a_new_folder_agree_on_one_secret_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    start = time.time() + 2.5
    processes = [
        subprocess.Popen(
            [PYTHON, "-c", KEY_AT_ONCE, str(start)],
            env=clean_env(data),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    keys = set()
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        keys.add(out.strip())
    assert len(keys) == 1 and len(keys.pop()) >= 50
    assert (data / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only
    assert [p.name for p in data.iterdir() if p.name.startswith(".secret_key-")] == []
