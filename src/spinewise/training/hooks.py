"""Where apps above training plug into its session record, without training importing them.

A higher app (programs) installs its rules from its AppConfig.ready():
- a saving guard tells why a report of a session may not be saved (None when it may), and
  the player's save endpoint asks every guard before it writes;
- an after-save callback runs inside the same transaction as the save (record_session,
  update_session), so what it writes, such as a program paused for severe pain, is kept or
  undone together with the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spinewise.training.models import Session

SavingGuard = Callable[["Session"], str | None]
SessionSaved = Callable[["Session"], None]

_guards: list[SavingGuard] = []
_after_saved: list[SessionSaved] = []


def add_saving_guard(guard: SavingGuard) -> None:
    if guard not in _guards:
        _guards.append(guard)


def on_session_saved(callback: SessionSaved) -> None:
    if callback not in _after_saved:
        _after_saved.append(callback)


def saving_refusal(session: Session) -> str | None:
    """The first guard's reason this session's report may not be saved, or None."""
    for guard in _guards:
        refused = guard(session)
        if refused is not None:
            return refused
    return None


def session_saved(session: Session) -> None:
    """Run every after-save callback; call it inside the transaction that saved `session`."""
    for callback in _after_saved:
        callback(session)


def uninstall(callback: SavingGuard | SessionSaved) -> None:
    """Take out a guard or callback installed here (tests, or an app switched off)."""
    _guards[:] = [g for g in _guards if g is not callback]
    _after_saved[:] = [c for c in _after_saved if c is not callback]
