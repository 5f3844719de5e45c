"""A person's data download, assembled from what each app keeps about them.

accounts knows no domain app: each app registers the section it contributes (screenings,
assessments, sessions...) from its AppConfig.ready(), and the download lists them in the
order the apps are installed, after the account and the profile. Each section names the
models it covers, so a test can prove every model that belongs to a person is in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model

Section = Callable[[User], Any]

_sections: dict[str, Section] = {}
_covers: dict[str, tuple[type[Model], ...]] = {}


def register(name: str, section: Section, covers: Iterable[type[Model]] = ()) -> None:
    """Add (or replace) the section `name` of every person's data download, and the models it holds."""
    _sections[name] = section
    _covers[name] = tuple(covers)


def sections() -> dict[str, Section]:
    return dict(_sections)


def covered_models() -> set[type[Model]]:
    """Every model some section of the download holds (the account and profile are accounts' own)."""
    from spinewise.accounts.models import Profile

    return {Profile, *(model for models in _covers.values() for model in models)}
