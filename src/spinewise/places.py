"""Where spinewise keeps its data and finds its content, read from the environment.

Standard library only (platformdirs only when no data folder is given): settings.py reads these,
and so does the command line's replay of answers (spinewise.replay) without setting up Django, so
the two can never disagree on which folder, database file or day they mean.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

# As settings.PACKAGE_DIR: the package's real folder (symbolic links resolved).
PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))
DATABASE_FILE = "spinewise.sqlite3"
SETTINGS_MODULE = "spinewise.settings"


def data_dir() -> str:
    """SPINEWISE_DATA_DIR, else the per-user data folder (not created here)."""
    given = os.environ.get("SPINEWISE_DATA_DIR")
    if given:
        return given
    import platformdirs

    return platformdirs.user_data_dir("spinewise", appauthor=False)


def content_dir() -> str:
    """SPINEWISE_CONTENT_DIR, else the content shipped inside the package."""
    return os.environ.get("SPINEWISE_CONTENT_DIR") or os.path.join(PACKAGE_DIR, "content")


def database_file(data_folder: str) -> str:
    """The embedded SQLite database of a data folder: the database when DATABASE_URL is unset."""
    return os.path.join(data_folder, DATABASE_FILE)


def time_zone() -> str:
    """Django's TIME_ZONE, which Django also makes the process's local time zone (TZ) at set-up:
    so it decides what "today" is for a command, such as the default seed of a routine."""
    return os.environ.get("SPINEWISE_TIME_ZONE", "UTC")


def folder_stat(folder: str, suffixes: Iterable[str] = (), skip: Iterable[str] = ()) -> str:
    """Every file's name, size and modification time under `folder` (only names ending in one of
    `suffixes` when given; folders named in `skip` left out): cheap to read, and any edit moves it."""
    ends = tuple(suffixes)
    left_out = set(skip)
    lines = []
    # os.walk and each entry's own stat, not pathlib: this runs at every start of a command.
    for parent, dirs, names in os.walk(folder):
        if left_out:
            dirs[:] = [name for name in dirs if name not in left_out]
        for name in names:
            if ends and not name.endswith(ends):
                continue
            path = os.path.join(parent, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            lines.append(f"{os.path.relpath(path, folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    return hashlib.sha256("".join(sorted(lines)).encode()).hexdigest()
