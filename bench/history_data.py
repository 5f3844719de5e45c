"""Made-up history the benchmarks share: each session worked through the same three exercises."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SLUGS = ("cat-cow", "sphinx", "glute-bridge")


def add_items(sessions: Iterable[Any], batch_size: int | None = None) -> None:
    """Three done items (a minute each) for every session; call after Django is set up."""
    from spinewise.training.models import SessionItem

    SessionItem.objects.bulk_create(
        (
            SessionItem(
                session=s,
                index=i,
                exercise_slug=slug,
                exercise_name=slug,
                phase="main",
                prescribed={},
                outcome="done",
                seconds=60,
            )
            for s in sessions
            for i, slug in enumerate(SLUGS)
        ),
        batch_size=batch_size,
    )
