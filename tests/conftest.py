from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from spinewise.planning.model import ExerciseSpec


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    # Hashed static names need collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def pages_made_afresh(settings: Any) -> None:
    """No whole page kept (web.pagecache): for tests of what a page costs, or reads, when it is made."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def version_asked_each_time(settings: Any) -> None:
    """The content version asked of the database on every use, as a process does once its last
    reading is older than CONTENT_RECHECK_SECONDS: for tests that count it as the one query left
    (tests/test_content_recheck.py tests the window itself)."""
    settings.CONTENT_RECHECK_SECONDS = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database starts with the real library and routines from content/."""
    from spinewise.bootstrap import load_content

    with django_db_blocker.unblock():
        load_content(force=True)
        from django.db import connection

        # Django asks SQLite once per connection whether it has JSON functions, on the first query
        # that needs them: asked here, so no page's query count depends on which test ran first.
        assert connection.features.supports_json_field
    yield


def _flushes_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and bool(marker.kwargs.get("transaction"))
    names = getattr(item, "fixturenames", ())
    return transactional or "transactional_db" in names or "live_server" in names


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test ends by emptying every table; put the library back for the tests after it."""
    result = yield
    if _flushes_database(item) and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        from spinewise.bootstrap import load_content

        with item.config.stash[blocking_manager_key].unblock():
            load_content(force=True)
    return result


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends in the default language: the language middleware activates the
    request's language in the thread, as Django's own does, and a test runs in one thread."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Drawn charts and content-derived values are cached by keys naming their data; a test's
    # rolled-back rows can come back in the next test with the same ids, so start afresh.
    from django.core.cache import cache

    from spinewise.library.cache import forget_version
    from spinewise.web.pagecache import pages

    cache.clear()
    pages.clear()  # kept whole pages too: a rolled-back person's stamp comes back with their id
    forget_version()  # the content version read last: a rolled-back edit's token with it


# The people of every test: the trainee (whose back it is), the coach (who will prescribe to the
# trainee once coaching exists; for now an account like any other) and the stranger (who must
# never see the trainee's things). Each signs in with PASSWORD.
PASSWORD = "a-long-test-password"


def person(name: str) -> Any:
    return get_user_model().objects.create_user(name, f"{name}@example.com", PASSWORD)


@pytest.fixture
def trainee(db: None) -> Any:
    return person("trainee")


@pytest.fixture
def coach(db: None) -> Any:
    return person("coach")


@pytest.fixture
def stranger(db: None) -> Any:
    return person("stranger")


@pytest.fixture(scope="session")
def library_specs() -> list[ExerciseSpec]:
    """The real library as the planner sees it, read straight from the content files (no database)."""
    from tests.factories import specs_from_content

    return specs_from_content()


@pytest.fixture
def frozen() -> Iterator[Any]:
    """The clock stopped at the programs tests' "now" (a Wednesday morning); move it with .move_to()."""
    import time_machine

    from tests.programs_helpers import NOW

    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def client_of(trainee: Any) -> Any:
    """A browser session of the trainee, signed in, safety check passed."""
    from tests.programs_helpers import signed_in

    return signed_in(trainee)


def _cleared(user: Any) -> None:
    from spinewise.safety.models import Screening

    Screening.objects.create(user=user, source="web", answers={}, urgency=0)


@pytest.fixture
def trainee_client(client: Client, trainee: Any) -> Client:
    """The test's browser, signed in as the trainee, whose safety check allows exercise."""
    _cleared(trainee)
    client.force_login(trainee)
    return client


@pytest.fixture
def stranger_client(stranger: Any) -> Client:
    """A second browser, signed in as the stranger (also cleared to exercise)."""
    _cleared(stranger)
    other = Client()
    other.force_login(stranger)
    return other
