"""The production server behind `spinewise serve`: granian, one worker process per core.

Why granian: bench/load.py ran it beside gunicorn (gthread) and waitress on our pages, interleaved,
same workers. Its HTTP handling is in Rust: the bare Django view served about twice the requests a
second of gunicorn's and the anonymous home page about 1.5 times, while the heavier pages, whose time
is Django's own, came out alike. It also runs on Windows and macOS, which gunicorn does not.

`spinewise serve` prepares the database and static files, then replaces itself with the granian
process (same pid), whose main process never imports the app: on SIGHUP it starts fresh workers
one by one, each loading the code as it is now, and stops the old ones when they are done.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Threads let a worker go on while a request waits on the database or the disk, or while another
# makes a PDF; past a few, they only queue behind the GIL and each keeps a database connection open.
# Since pages are kept whole (a kept page is 1-2 ms of CPU), bench/load.py finds the same requests a
# second with 1, 2, 4 and 8 threads, but the slowest 1 % of pages waits longer with more: on
# PostgreSQL a p99 of 20-40 ms with 2 threads, 90-300 ms with 4 and 100-460 ms with 8. Two keep a
# second request going beside a slow one.
DEFAULT_THREADS = 2
MAX_WORKERS = 64
MAX_THREADS = 32
# How long a stopping worker may take to finish the requests it has, before it is killed.
RESPAWN_SECONDS = 10
GRACEFUL_SECONDS = 30


def default_workers() -> int:
    """One worker per core this process may run on (fewer than the machine's in a container)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = field(default_factory=default_workers)
    threads: int = DEFAULT_THREADS
    access_log: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.workers <= MAX_WORKERS:
            raise ValueError(f"--workers must be between 1 and {MAX_WORKERS} (got {self.workers})")
        if not 1 <= self.threads <= MAX_THREADS:
            raise ValueError(f"--threads must be between 1 and {MAX_THREADS} (got {self.threads})")
        if not 1 <= self.port <= 65535:
            raise ValueError(f"--port must be between 1 and 65535 (got {self.port})")


def check_secret_key() -> None:
    """Refuse to serve a shared database with a key only this node knows.

    With SQLite the database is this node's own, and the generated key beside it is enough. With any
    other database several nodes may serve it behind a load balancer; each would generate its own
    key and reject the sessions, CSRF tokens and password-reset links the others signed.
    """
    if settings.SHARED_DATABASE and not settings.SECRET_KEY_FROM_ENVIRONMENT and not settings.SINGLE_NODE:
        raise ImproperlyConfigured(
            "SPINEWISE_SECRET_KEY is not set. With a shared database (DATABASE_URL is not SQLite) every"
            " app node must sign sessions and forms with the same key: set SPINEWISE_SECRET_KEY to the"
            " same long random value on each node (for example the output of"
            " `python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set"
            " SPINEWISE_SINGLE_NODE=1 if this node is the only one serving this database."
        )


def static_fingerprint() -> str:
    """What collectstatic would read: every source file's name, size and time, and the storage."""
    from django.contrib.staticfiles.finders import get_finders

    lines = [settings.STORAGES["staticfiles"]["BACKEND"]]
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            lines.append(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def collect_static() -> bool:
    """Hash and compress the static files for WhiteNoise, unless nothing changed since the last time:
    compressing every file (the admin's too) twice takes seconds, and nodes restart often. Processes
    sharing a data folder take turns, and the later ones find the work done."""
    from django.core.management import call_command

    from spinewise.bootstrap import file_lock

    if "Manifest" not in settings.STORAGES["staticfiles"]["BACKEND"]:
        return False
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    stamp = root / ".spinewise-collected"
    fingerprint = static_fingerprint()
    with file_lock(root / ".spinewise-collect-lock", what="the static files"):
        if (root / "staticfiles.json").exists() and stamp.exists() and stamp.read_text() == fingerprint:
            return False
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(fingerprint)
    return True


def granian_argv(options: ServeOptions) -> list[str]:
    """The command line of the granian process that serves the app."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        options.host,
        "--port",
        str(options.port),
        "--workers",
        str(options.workers),
        # Granian's default for WSGI is hundreds of threads a worker, each of which would keep its
        # own database connection open.
        "--blocking-threads",
        str(options.threads),
        "--runtime-threads",
        "1",
        "--no-ws",
        "--respawn-failed-workers",
        # On a reload (HUP) the old worker keeps serving until its replacement has had this long to
        # import the app; granian's 3.5 s default was too short on a busy 2-core machine.
        "--respawn-interval",
        str(RESPAWN_SECONDS),
        "--workers-kill-timeout",
        str(GRACEFUL_SECONDS),
        "--access-log" if options.access_log else "--no-access-log",
        "--log-level",
        "info",
        "spinewise.wsgi:application",
    ]


def serve(options: ServeOptions) -> NoReturn:
    """Become the server: this process is replaced, so signals sent to its pid reach granian."""
    from django.db import connections

    connections.close_all()
    sys.stdout.flush()
    sys.stderr.flush()
    argv = granian_argv(options)
    os.execv(argv[0], argv)
