"""Keeping the garbage collector's full passes short in a server worker.

A worker holds many long-lived objects: Django, the app's modules and URL patterns, and what is
built once per content version (the library as the planner and the player read it, fragments,
routines). Python's full (oldest-generation) collection walks every one of them, about 100 ms in a
warm worker, and every thread waits meanwhile: that was the slowest 1 % of signed-in pages under
load. After its first requests have built those things, the worker collects once and then
*freezes* what is left (`gc.freeze`): later collections skip it, and only objects made since are
walked. A frozen object is still freed when nothing refers to it any more (reference counting: a
replaced content version's values go); only a reference cycle among frozen objects is never
collected, which suits objects meant to live as long as the worker.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class FreezeAfterWarmUp:
    """A WSGI application that freezes the collector's view of the heap once, after `after` requests
    (0: never)."""

    def __init__(self, app: WSGIApp, after: int) -> None:
        self.app = app
        self.after = after
        self.served = 0
        self.frozen = after <= 0
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not self.frozen:
            with self._lock:
                self.served += 1
                due = not self.frozen and self.served >= self.after
                if due:
                    self.frozen = True
            if due:
                gc.collect()
                gc.freeze()
        return self.app(environ, start_response)
