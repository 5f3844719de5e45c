"""A person's data download, assembled from what each app keeps about them.

accounts knows no domain app: each app registers the section it contributes (screenings,
assessments, sessions...) from its AppConfig.ready(), and the download lists them in the
order the apps are installed, after the account and the profile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User

Section = Callable[[User], Any]

_sections: dict[str, Section] = {}


def register(name: str, section: Section) -> None:
    """Add (or replace) the section `name` of every person's data download."""
    _sections[name] = section


def sections() -> dict[str, Section]:
    return dict(_sections)
