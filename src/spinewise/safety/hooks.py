"""Where apps above safety act on a new screening, without safety importing them.

An app installs its callback from its AppConfig.ready(); `record_screening` calls each one
inside the transaction that stores the screening, so what a callback writes (a program
paused by a red flag) is kept or undone with the screening itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spinewise.safety.models import Screening

ScreeningRecorded = Callable[["Screening"], None]

_recorded: list[ScreeningRecorded] = []


def on_screening_recorded(callback: ScreeningRecorded) -> None:
    if callback not in _recorded:
        _recorded.append(callback)


def screening_recorded(screening: Screening) -> None:
    for callback in _recorded:
        callback(screening)


def uninstall(callback: ScreeningRecorded) -> None:
    """Take out a guard or callback installed here (tests, or an app switched off)."""
    if callback in _recorded:
        _recorded.remove(callback)
