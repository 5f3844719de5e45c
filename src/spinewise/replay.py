"""Answers of read-only `--json` commands, kept for the day and printed again without Django.

`spinewise routine --minutes 9 --json` gives the same answer all day: the routine depends only on
the arguments, the language, the day (the default seed), the content and the code. The first run
goes the full way (Django, typer, the planner) and its JSON is kept in the data folder under a key
made of all of those; a later run with the same key prints it back, byte for byte, having imported
only the standard library (spinewise.command). Anything this module cannot read for certain (a
database other than the embedded SQLite file, a missing table, a locked file) means no replay:
the full command runs, as it always did.

An answer is kept only when the key read before the run equals the key read after it, so a run
that loaded changed content, or saw an admin edit land, keeps nothing; the next run keeps its own.

Standard library only (spinewise.places aside), and little of it: this module is what a replayed
run imports, so it leaves out typing, json (and re through it) and contextlib, which would double
the time of a replayed answer.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from spinewise import places

# Commands whose JSON depends only on what the key is made of: they read content and write nothing.
COMMANDS = frozenset({"routine", "exercises", "exercise"})
# Options that print something else (help) or write files: such a run is never replayed.
NOT_REPLAYED = ("--help", "-h", "--figure", "--still")
# What chooses the data and the settings: the folders, the database, the settings module, the day.
SETTINGS_INPUTS = ("SPINEWISE_DATA_DIR", "SPINEWISE_CONTENT_DIR", "DATABASE_URL", "SPINEWISE_TIME_ZONE")
# What chooses the language when --lang is not given (library.i18n.environment_language reads these).
LANGUAGE_INPUTS = ("LC_ALL", "LC_MESSAGES", "LANG")
ANSWERS = "answers"
# The day's answers are few (one per distinct request); this bounds a script asking many.
KEEP = 200
CONTENT_VERSION_SQL = "SELECT kind, digest FROM library_contentversion ORDER BY kind"


class Key:
    """Where an answer is kept: `<folder>/<day>-<digest>.json`."""

    __slots__ = ("day", "digest", "folder")

    def __init__(self, folder: str, day: str, digest: str) -> None:
        self.folder = folder
        self.day = day
        self.digest = digest

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and (self.folder, self.day, self.digest) == (
            other.folder,
            other.day,
            other.digest,
        )

    def __hash__(self) -> int:
        return hash((self.folder, self.day, self.digest))

    def __repr__(self) -> str:
        return f"Key({self.folder!r}, {self.day!r}, {self.digest!r})"

    @property
    def path(self) -> str:
        return os.path.join(self.folder, f"{self.day}-{self.digest}.json")


def replayable(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Whether these arguments and this environment may be answered from a kept answer at all."""
    if not argv or argv[0] not in COMMANDS or "--json" not in argv[1:]:
        return False  # table output depends on the terminal; other commands write or prompt
    if any(arg == option or arg.startswith(option + "=") for arg in argv for option in NOT_REPLAYED):
        return False
    if environ.get("DATABASE_URL"):
        return False  # PostgreSQL (or any database named by URL): only the embedded SQLite file is read
    return environ.get("DJANGO_SETTINGS_MODULE", places.SETTINGS_MODULE) in ("", places.SETTINGS_MODULE)


def local_day(zone: str, now: float) -> date:
    """The day at `now` (seconds since the epoch) in Django's TIME_ZONE, which Django makes the
    process's local time at set-up: the day whose date is a routine's default seed."""
    if not zone:
        return date.fromtimestamp(now)  # Django then leaves the local time zone alone
    from zoneinfo import ZoneInfo

    return datetime.fromtimestamp(now, ZoneInfo(zone)).date()


def stored_content_version(database: str) -> str:
    """library.cache.content_version() read with the standard library, the file opened read-only.

    Raises (sqlite3.Error, OSError, LookupError) when the file, the table or its rows are missing."""
    import sqlite3

    if not os.path.isfile(database):
        raise FileNotFoundError(database)
    # A URI, so SQLite opens the file read-only and never creates it; ?, # and % are its own signs.
    escaped = database.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    connection = sqlite3.connect(f"file:{escaped}?mode=ro", uri=True, timeout=1.0)
    try:
        rows = connection.execute(CONTENT_VERSION_SQL).fetchall()
    finally:
        connection.close()
    if not rows:
        raise LookupError("no content loaded yet")
    text = ";".join(f"{kind}={digest}" for kind, digest in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def installed_stat() -> str:
    """Python's version and the names in each site-packages folder: a package installed, upgraded
    or removed (its versioned .dist-info folder) changes them, spinewise's own version included.
    (Not the interpreter's path: .venv/bin/python and python3 are one interpreter.)"""
    names = [sys.version]
    for folder in sys.path:
        if folder.endswith("site-packages") and os.path.isdir(folder):
            names.append(folder)
            # __pycache__ appears there at the first import of a top-level module: not a change.
            names.extend(sorted(name for name in os.listdir(folder) if name != "__pycache__"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def code_stat() -> str:
    """The spinewise package's code, catalogues and YAML files: names, sizes and modification times."""
    return places.folder_stat(places.PACKAGE_DIR, suffixes=(".py", ".mo", ".yaml"), skip=("__pycache__",))


def answer_digest(
    argv: Sequence[str],
    environ: Mapping[str, str],
    *,
    day: date,
    content_version: str,
    content_stat: str,
    code: str,
    installed: str,
) -> str:
    """The key of an answer: every input its JSON depends on (pure, so each is tested on its own)."""
    material = {
        "argv": tuple(argv),
        # The inputs as given, not the language they resolve to: --lang is in argv, the rest here.
        "language": tuple((name, environ.get(name)) for name in LANGUAGE_INPUTS),
        "settings": tuple((name, environ.get(name)) for name in SETTINGS_INPUTS),
        # Unset means spinewise.settings (bootstrap.setup_django sets it so during the run).
        "settings_module": environ.get("DJANGO_SETTINGS_MODULE") or places.SETTINGS_MODULE,
        "day": day.isoformat(),
        "content_version": content_version,
        "content_stat": content_stat,
        "code": code,
        "installed": installed,
    }
    # repr of strings, None and tuples of them in a fixed order: the same text for the same inputs
    # (and the Python version, which could change a repr, is one of the inputs).
    return hashlib.sha256(repr(sorted(material.items())).encode()).hexdigest()


def key_for(argv: Sequence[str], environ: Mapping[str, str], now: float) -> Key | None:
    """The key of this run's answer, or None when it must not be replayed (nor kept)."""
    if not replayable(argv, environ):
        return None
    folder = places.data_dir()
    try:
        version = stored_content_version(places.database_file(folder))
    except Exception:
        return None  # no database yet, no table, locked, unreadable: the full command decides
    day = local_day(places.time_zone(), now)
    digest = answer_digest(
        argv,
        environ,
        day=day,
        content_version=version,
        content_stat=places.folder_stat(places.content_dir()),
        code=code_stat(),
        installed=installed_stat(),
    )
    return Key(os.path.join(folder, ANSWERS), day.isoformat(), digest)


def kept_answer(key: Key) -> str | None:
    """The answer kept under `key`, when there is one that stdout can print as the command would."""
    try:
        with open(key.path, encoding="utf-8") as handle:
            text = handle.read()
        stream = sys.stdout
        # Written whole or not at all (keep), and only ever a JSON object or list and its newline.
        if stream is None or not text.endswith(("}\n", "]\n")) or not text.startswith(("{", "[")):
            return None
        # print() would fail on a character this stdout cannot encode: then let the command fail so.
        text.encode(stream.encoding or "utf-8", stream.errors or "strict")
    except (OSError, ValueError, LookupError):
        return None
    return text


def keep(key: Key, answer: str) -> None:
    """Keep an answer for the day (written whole, then moved into place); earlier days' answers
    are removed, and the oldest beyond KEEP. A folder that cannot be written keeps nothing."""
    import tempfile

    try:
        os.makedirs(key.folder, exist_ok=True)
        fd, draft = tempfile.mkstemp(dir=key.folder, prefix=".answer-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(answer)
            os.replace(draft, key.path)
        except BaseException:
            os.unlink(draft)
            raise
        prune(key.folder, key.day)
    except OSError:
        pass  # a read-only data folder: every run goes the full way, as before


def prune(folder: str, day: str) -> None:
    """Remove the answers of other days, then the oldest beyond KEEP."""
    today: list[tuple[float, str]] = []
    for entry in os.scandir(folder):
        if not entry.name.endswith(".json"):
            continue
        if not entry.name.startswith(day + "-"):
            os.unlink(entry.path)
            continue
        today.append((entry.stat().st_mtime, entry.path))
    today.sort()
    for _mtime, path in today[: max(0, len(today) - KEEP)]:
        os.unlink(path)


# What print_json printed during a recorded run (None: not recording, as under the tests' runner).
_printed: list[str] | None = None


def printed(text: str) -> None:
    """Called by cli.print_json with the line it printed (without its newline)."""
    if _printed is not None:
        _printed.append(text + "\n")


def record() -> list[str]:
    """From now on, what print_json prints is added to the list returned, one entry per call."""
    global _printed
    _printed = []
    return _printed


def stop_recording() -> None:
    global _printed
    _printed = None
