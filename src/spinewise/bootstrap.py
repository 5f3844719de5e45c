"""Bring a database up to date: migrations, then the library and routines from content/.

Several app nodes may start at once on one PostgreSQL database (or several commands on one SQLite
file): each takes the bootstrap lock first, so one migrates and loads while the others wait, then
find nothing left to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import django

from spinewise.places import folder_stat

# One number for "spinewise is migrating this database", shared by every node and version.
ADVISORY_LOCK_KEY = int.from_bytes(hashlib.sha256(b"spinewise.bootstrap").digest()[:8], "big", signed=True)
LOCK_WAIT_SECONDS = 600.0
LOCK_POLL_SECONDS = 0.25


class BootstrapLockTimeout(RuntimeError):
    """Another process held the bootstrap lock for longer than we wait."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spinewise.settings")
    django.setup()


def migration_files() -> set[tuple[str, str]]:
    """(app label, migration name) of every migration file on disk, without importing any."""
    from importlib.util import find_spec

    from django.apps import apps

    found: set[tuple[str, str]] = set()
    for config in apps.get_app_configs():
        spec = find_spec(f"{config.name}.migrations")
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for path in Path(folder).glob("*.py"):
                if not path.name.startswith("_"):
                    found.add((config.label, path.stem))
    return found


def all_migrations_applied() -> bool:
    """True when every migration file on disk is recorded as applied: one query, no imports.

    False means "not sure" (a new file, a squashed migration, an empty database), never "no".
    """
    from django.db import DatabaseError, connection

    on_disk = migration_files()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError:
        return False  # no table yet: a new database
    return bool(on_disk) and on_disk <= applied


def migrate_if_needed() -> bool:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if all_migrations_applied():
        return False
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


def create_cache_table() -> None:
    """The shared cache's table when SPINEWISE_CACHE_URL is db:// (createcachetable is idempotent)."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        call_command("createcachetable", verbosity=0)


def check_content_folder() -> None:
    """A missing or empty content folder would give an app without exercises: refuse, naming it."""
    from django.conf import settings

    folder = Path(settings.CONTENT_DIR)
    exercises = folder / "exercises"
    if not folder.is_dir():
        problem = f"the content folder {folder} does not exist"
    elif not exercises.is_dir() or not any(exercises.glob("[!_]*.yaml")):  # library.content.yaml_files
        problem = f"the content folder {folder} has no exercises (no .yaml files in {exercises})"
    else:
        return
    # Imported only here: the content reader (YAML, the schemas) is not needed to start a command.
    from spinewise.library.content import ContentError

    raise ContentError(
        [
            f"{problem}. Set SPINEWISE_CONTENT_DIR to the folder that holds exercises/, routines/,"
            " programs/ and tests/ (the project's content/ folder)."
        ]
    )


CONTENT_STAMP = "content-loaded"


def content_stat() -> str:
    """Every content file's name, size and modification time: cheap to read, and any edit moves it."""
    from django.conf import settings

    return folder_stat(str(settings.CONTENT_DIR))


def _stamp_path() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / CONTENT_STAMP


def _stamp(stat: str) -> str:
    from django.conf import settings

    from spinewise.library.cache import content_version

    # The database's content version too: another database in this data folder, or an admin
    # edit since, must not pass for the content as last loaded here.
    return f"{Path(settings.CONTENT_DIR).resolve()}\n{stat}\n{content_version()}\n"


def load_content(*, force: bool = False) -> list[str]:
    """Load exercises then routines; returns one summary line for each.

    Unforced, files unchanged since the last load into this database (by name, size and time)
    skip the loaders' hashing of every file: one query and a folder listing.
    """
    from spinewise.library.cache import UNCHANGED_SUMMARY

    check_content_folder()
    stat = content_stat()
    stamp = _stamp_path()
    if not force:
        try:
            if stamp.read_text() == _stamp(stat):
                return [
                    f"{kind}: {UNCHANGED_SUMMARY}" for kind in ("exercises", "routines", "programs", "tests")
                ]
        except OSError:
            pass  # no stamp yet: check the files the long way
    # The loaders (YAML, schemas, the figure renderer) only when something may have changed.
    from spinewise.assessments.loader import load_tests
    from spinewise.library.loader import load_exercises
    from spinewise.programs.loader import load_programs
    from spinewise.training.loader import load_routines

    exercises = load_exercises(force=force)
    routines = load_routines(force=force or exercises.changed)
    programs = load_programs(force=force or exercises.changed or routines.changed)
    tests = load_tests(force=force)
    lines = [
        f"exercises: {exercises.summary()}",
        f"routines: {routines.summary()}",
        f"programs: {programs.summary()}",
        f"tests: {tests.summary()}",
    ]
    with contextlib.suppress(OSError):  # a read-only data folder: the next start checks the long way
        stamp.write_text(_stamp(stat))
    return lines


def _waiting(what: str = "this database") -> None:
    print(f"Another spinewise process is preparing {what}; waiting for it.", file=sys.stderr)


@contextmanager
def _advisory_lock(wait: float) -> Iterator[None]:
    """PostgreSQL: a session-level advisory lock, freed by the database if this process dies."""
    from django.db import connection

    deadline = time.monotonic() + wait
    told = False
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            row = cursor.fetchone()
            if row is not None and row[0]:
                break
            if time.monotonic() > deadline:
                raise BootstrapLockTimeout(
                    f"another spinewise process has been preparing this database for over {wait:.0f} s;"
                    " look for a stuck node or migration"
                )
            if not told:
                _waiting()
                told = True
            time.sleep(LOCK_POLL_SECONDS)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])


@contextmanager
def file_lock(path: Path, wait: float = LOCK_WAIT_SECONDS, what: str = "this database") -> Iterator[None]:
    """An exclusive lock on the file `path` (made if missing), freed by the system if this process dies."""
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own busy timeout is the only guard there.
        yield
        return
    deadline = time.monotonic() + wait
    told = False
    with open(path, "a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BootstrapLockTimeout(
                        f"another spinewise process has held {path} for over {wait:.0f} s"
                    ) from None
                if not told:
                    _waiting(what)
                    told = True
                time.sleep(LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def bootstrap_lock(wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Held while migrating and loading, so processes starting together take turns."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with _advisory_lock(wait):
            yield
        return
    name = str(connection.settings_dict["NAME"])
    in_memory = name == ":memory:" or "mode=memory" in name
    if connection.vendor == "sqlite" and not in_memory and Path(name).parent.is_dir():
        with file_lock(Path(name + ".bootstrap-lock"), wait):
            yield
        return
    yield


def prepare(*, force: bool = False) -> list[str]:
    setup_django()
    check_content_folder()
    with bootstrap_lock():
        migrate_if_needed()
        create_cache_table()
        return load_content(force=force)
