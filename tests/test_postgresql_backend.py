"""On PostgreSQL a kept connection is checked before reuse only when it has idled
(spinewise.postgresql): a busy connection is trusted, an idle one that the server dropped is
replaced before the page's first query."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import InterfaceError, OperationalError

from spinewise.postgresql.base import DatabaseWrapper
from spinewise.settings import database_settings

# The suite's own database when it runs on PostgreSQL (CI's second run), else the local server's.
URL = os.environ.get("DATABASE_URL", "")
if not URL.startswith("postgres"):
    URL = "postgres://postgres@127.0.0.1:5432/test"


def config() -> dict[str, Any]:
    """The settings Django would fill in for a DATABASES entry."""
    found = database_settings(URL)
    for key, value in {
        "TIME_ZONE": None,
        "OPTIONS": {},
        "TEST": {},
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
    }.items():
        found.setdefault(key, value)
    return found


@pytest.fixture
def wrapper(settings: Any, django_db_blocker: Any) -> Iterator[DatabaseWrapper]:
    """A connection of its own, outside the test's transaction, as a server's thread has."""
    found = config()
    assert found["ENGINE"] == "spinewise.postgresql"
    assert found["CONN_HEALTH_CHECKS"] is True
    db = DatabaseWrapper(found, alias="health-check-test")
    with django_db_blocker.unblock():
        try:
            db.ensure_connection()
        except OperationalError as exc:
            pytest.skip(f"no PostgreSQL at {URL}: {exc}")
        try:
            yield db
        finally:
            db.close()


def backend_pid(db: DatabaseWrapper) -> int:
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def dropped_by_the_server(pid: int) -> None:
    """As a restarted database does: the server ends the connection behind the app's back."""
    other = DatabaseWrapper(config(), alias="killer")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def next_request(db: DatabaseWrapper) -> None:
    """What Django does between two requests on a thread (the request_started/finished signals)."""
    db.close_if_unusable_or_obsolete()


def test_an_idle_connection_the_server_dropped_is_replaced_before_the_first_query(
    wrapper: DatabaseWrapper, settings: Any
) -> None:
    settings.DATABASE_CHECK_AFTER_IDLE_SECONDS = 0  # any pause counts as idle
    first = backend_pid(wrapper)
    dropped_by_the_server(first)
    next_request(wrapper)
    assert backend_pid(wrapper) != first  # the check failed, so a new connection answered


def test_a_connection_that_just_answered_is_not_checked_again(
    wrapper: DatabaseWrapper, settings: Any
) -> None:
    settings.DATABASE_CHECK_AFTER_IDLE_SECONDS = 3600
    first = backend_pid(wrapper)
    assert wrapper.answered_at is not None
    next_request(wrapper)
    checks: list[str] = []
    usable = wrapper.is_usable
    wrapper.is_usable = lambda: checks.append("checked") or usable()  # type: ignore[method-assign]
    assert backend_pid(wrapper) == first and checks == []  # reused, no SELECT 1 first
    # The trade-off: a connection dropped within the window fails its next query, and Django
    # replaces it at the end of that request.
    dropped_by_the_server(first)
    next_request(wrapper)
    with pytest.raises((OperationalError, InterfaceError)):
        backend_pid(wrapper)
    next_request(wrapper)
    assert backend_pid(wrapper) != first


def test_django_checks_on_every_request_when_the_window_is_zero(
    wrapper: DatabaseWrapper, settings: Any
) -> None:
    settings.DATABASE_CHECK_AFTER_IDLE_SECONDS = 0
    backend_pid(wrapper)
    checks: list[str] = []
    usable = wrapper.is_usable
    wrapper.is_usable = lambda: checks.append("checked") or usable()  # type: ignore[method-assign]
    for _ in range(3):
        next_request(wrapper)
        backend_pid(wrapper)
    assert checks == ["checked"] * 3
