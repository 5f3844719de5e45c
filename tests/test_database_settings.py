"""Settings for serving: SQLite in WAL mode, persistent connections, the cache URL, sessions, gzip."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.utils import ConnectionHandler
from django.test import Client

from spinewise.bootstrap import create_cache_table
from spinewise.settings import SQLITE_BUSY_TIMEOUT_SECONDS, cache_settings, database_settings
from tests.serving import free_port


def test_sqlite_connections_use_wal_with_a_busy_timeout(tmp_path: Path, django_db_blocker: Any) -> None:
    # A connection of its own to a file: the test database itself lives in memory.
    handler = ConnectionHandler({"default": database_settings(f"sqlite:///{tmp_path / 'db.sqlite3'}")})
    connection = handler["default"]
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == SQLITE_BUSY_TIMEOUT_SECONDS * 1000
    assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]
    connection.close()


def test_connections_persist_and_are_checked_before_reuse() -> None:
    for url in ("sqlite:////tmp/x.sqlite3", "postgres://u@127.0.0.1:5432/x"):
        config = database_settings(url)
        assert config["CONN_MAX_AGE"] >= 60
        assert config["CONN_HEALTH_CHECKS"] is True
    assert "init_command" not in database_settings("postgres://u@127.0.0.1:5432/x").get("OPTIONS", {})


def test_the_cache_url_picks_the_backend() -> None:
    assert cache_settings("")["BACKEND"].endswith("LocMemCache")
    redis = cache_settings("redis://127.0.0.1:6379/1")
    assert redis == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    assert cache_settings("db://")["LOCATION"] == "spinewise_cache"
    assert cache_settings("db://shared_cache")["LOCATION"] == "shared_cache"
    with pytest.raises(ImproperlyConfigured, match="SPINEWISE_CACHE_URL='memcached://x'"):
        cache_settings("memcached://x")
    files = cache_settings("file:/srv/spinewise-cache")
    assert files == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/srv/spinewise-cache",
    }
    from django.conf import settings

    assert cache_settings("file:")["LOCATION"] == str(settings.DATA_DIR / "cache")


@pytest.mark.parametrize(
    ("argv", "expected"), [(["routines", "--help"], "file:"), (["serve", "--help"], None)]
)
def test_commands_keep_their_cache_in_files_and_the_server_in_memory(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: str | None
) -> None:
    import os
    import sys

    from spinewise.cli import main

    monkeypatch.delenv("SPINEWISE_CACHE_URL", raising=False)
    monkeypatch.setattr(sys, "argv", ["spinewise", *argv])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 0
    assert os.environ.get("SPINEWISE_CACHE_URL") == expected


@pytest.mark.django_db(transaction=True)
def test_the_database_cache_table_is_created_by_the_bootstrap(settings: Any) -> None:
    settings.CACHES = {"default": cache_settings("db://perf_test_cache")}
    create_cache_table()
    cache.set("every-node", "by every node", 30)
    assert cache.get("every-node") == "by every node"
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM perf_test_cache")
        assert cursor.fetchone()[0] == 1
        cursor.execute("DROP TABLE perf_test_cache")


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis of our own on a free port, keeping nothing on disk."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        import redis

        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=port).ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_redis_cache_url_shares_values_through_redis(redis_url: str) -> None:
    config = cache_settings(redis_url)
    one = RedisCache(config["LOCATION"], {})
    other = RedisCache(config["LOCATION"], {})  # another node's cache
    one.set("streak", 7, 30)
    assert other.get("streak") == 7


def test_sessions_are_in_the_database_unless_redis_is_shared(settings: Any) -> None:
    # A per-process memory cache in front of sessions would serve other workers stale sessions.
    assert settings.SESSION_ENGINE == "spinewise.web.sessions"  # Django's db engine, read in plain SQL


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_session_survives_a_restart(trainee: User) -> None:
    client = Client()
    client.force_login(trainee)
    cookie = client.cookies["sessionid"].value
    # What a restart loses: this process's connections and its memory cache.
    cache.clear()
    connections.close_all()
    later = Client()
    later.cookies["sessionid"] = cookie
    assert later.get("/").wsgi_request.user == trainee


@pytest.mark.django_db
def test_pages_are_gzipped_for_browsers_that_accept_it(client: Client) -> None:
    response = client.get("/", headers={"accept-encoding": "gzip, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<html" in gzip.decompress(response.content)
    assert "Content-Encoding" not in client.get("/")  # and plain for those that do not
