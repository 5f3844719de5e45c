"""The command line's consoles and tables, Rich imported on first use.

A command that prints JSON (`spinewise routine --json`) never imports Rich (45 modules); one that
prints a table or a message imports it when it prints. `out` and `err` behave as Rich consoles
(standard output and standard error), `Table` and `escape` as Rich's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table as RichTable


class _Console:
    """A Rich console made at its first use, with the options given."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


out = cast("Console", _Console(highlight=False))
err = cast("Console", _Console(stderr=True, highlight=False))


def Table(*args: Any, **kwargs: Any) -> RichTable:  # named as the class it makes
    from rich.table import Table as RichTable

    return RichTable(*args, **kwargs)


def escape(markup: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(markup)
