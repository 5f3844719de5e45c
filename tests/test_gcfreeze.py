"""A server worker freezes the garbage collector's view of its heap after its first requests, so
later full collections walk only what was made since (spinewise.gcfreeze), and hands the GIL on
within a millisecond."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from spinewise.gcfreeze import FreezeAfterWarmUp


def hello(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


def call(app: FreezeAfterWarmUp) -> bytes:
    statuses: list[str] = []
    body = b"".join(
        app({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}, lambda status, headers: statuses.append(status))
    )
    assert statuses == ["200 OK"]
    return body


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process's objects go back to being collected


@pytest.mark.usefixtures("unfrozen")
def test_the_heap_is_frozen_once_after_the_first_requests() -> None:
    app = FreezeAfterWarmUp(hello, after=3)
    for _ in range(2):
        assert call(app) == b"hello"
    assert gc.get_freeze_count() == 0 and not app.frozen
    long_lived = [object() for _ in range(100)]  # noqa: F841  (what the first requests built)
    assert call(app) == b"hello"
    assert app.frozen and gc.get_freeze_count() > 0
    frozen = gc.get_freeze_count()
    for _ in range(5):
        call(app)
    assert gc.get_freeze_count() == frozen  # once only


@pytest.mark.usefixtures("unfrozen")
def test_zero_never_freezes() -> None:
    app = FreezeAfterWarmUp(hello, after=0)
    for _ in range(5):
        call(app)
    assert gc.get_freeze_count() == 0


PROBE = """
import sys
import spinewise.wsgi as w
print(type(w.application).__name__, w.application.after, sys.getswitchinterval())
"""


def test_the_shipped_worker_freezes_after_its_first_requests_and_switches_often(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SPINEWISE_DATA_DIR": str(tmp_path),
        "SPINEWISE_SECRET_KEY": "a-test-only-secret-key-for-the-worker-probe-0123456789",
        "SPINEWISE_GC_FREEZE_AFTER": "150",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["FreezeAfterWarmUp", "150", "0.001"]
