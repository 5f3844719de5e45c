"""Requests per second and latency of the main pages under the shipped server, beside a bare view.

Run from the project root:  .venv/bin/python bench/load.py [--duration 5] [--rounds 3]

What it does, all on 127.0.0.1 and bounded in time:

1. Makes a throwaway data folder (SQLite, WAL) or, with --database postgres://.../NAME_bench, a new
   PostgreSQL database (dropped and created again: its name must contain "bench").
2. Starts the app with `spinewise serve` (the shipped server) under bench/loadsite, the app's own
   settings plus a bare JSON view that the app never ships. `--server shipped,gunicorn:2,waitress`
   starts several servers side by side and loads them in turn, page by page, so that they share the
   machine's ups and downs. With PostgreSQL, two app processes a server start together on the empty
   database (the migration lock at work) and wrk loads both at once.
3. Adds a signed-in person (safety check passed, enrolled in the six-week program with lifetime access,
   pain given today, 60 past sessions) and an anonymous visitor who passed the quick check.
4. Loads each page with wrk (1 thread, 16 connections, gzip accepted) in interleaved rounds and prints
   req/s, p50, p99 and the ratio to the bare view measured in the same round, then each process's RSS.

Absolute numbers move with whatever else the machine is doing; the ratios to the bare view, and
servers compared in one run, are what to read.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
START_TIMEOUT = 120.0
PAGE_CHECK_TIMEOUT = 30.0


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    visitor: str  # "anonymous", "quick" (passed the quick check) or "member" (signed in)


PAGES = [
    Page("bare view", "/bench/bare/", "anonymous"),
    Page("home", "/", "anonymous"),
    Page("exercise library", "/exercises/", "anonymous"),
    Page("exercise page", "/exercises/cat-cow/", "anonymous"),
    Page("built-in routine", "/routines/morning-release/", "anonymous"),
    Page("quick relief routine", "/relief/?minutes=9&state=stiff", "quick"),
    Page("today (signed in)", "/", "member"),
    Page("workout player", "/programs/current/workouts/{workout}/play/", "member"),
    Page("progress dashboard", "/progress/", "member"),
    Page("history", "/history/", "member"),
]
SHORT_NAMES = {
    "bare": "bare view",
    "home": "home",
    "library": "exercise library",
    "exercise": "exercise page",
    "routine": "built-in routine",
    "relief": "quick relief routine",
    "today": "today (signed in)",
    "player": "workout player",
    "progress": "progress dashboard",
    "history": "history",
}


@dataclass
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


# ---------------------------------------------------------------- set-up


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fresh_postgres(url: str) -> None:
    """Drop and create the bench database; refuses any name without "bench" in it."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"--database: the database name must contain 'bench' (it is dropped first), got '{name}'")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def environment(data_dir: Path, database: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SPINEWISE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        SPINEWISE_DATA_DIR=str(data_dir),
        SPINEWISE_SECRET_KEY="bench-only-secret-key-shared-by-every-node-0123456789",
        SPINEWISE_CONTENT_DIR=str(ROOT / "src" / "spinewise" / "content"),
        DJANGO_SETTINGS_MODULE="loadsite.settings",
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
    )
    if database:
        env["DATABASE_URL"] = database
    return env


def setup_django(env: dict[str, str]) -> None:
    for key in (
        "SPINEWISE_DATA_DIR",
        "SPINEWISE_SECRET_KEY",
        "SPINEWISE_CONTENT_DIR",
        "DJANGO_SETTINGS_MODULE",
    ):
        os.environ[key] = env[key]
    os.environ.pop("DATABASE_URL", None)
    if "DATABASE_URL" in env:
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    sys.path[:0] = [str(BENCH), str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()


def prepare_database() -> None:
    """What `spinewise serve` does before serving, for the servers the bench starts directly."""
    from spinewise.bootstrap import prepare
    from spinewise.server import collect_static

    prepare()
    collect_static()


def seed_visitors() -> dict[str, str]:
    """The signed-in person with a program and history, and a quick-check visitor: their cookies."""
    from django.contrib.auth.models import User
    from django.db import connections
    from django.test import Client
    from history_data import add_items

    from spinewise.accounts.services import create_account
    from spinewise.programs.access import grant
    from spinewise.programs.models import Enrolment, Program, ProgramSession
    from spinewise.programs.services import local_today, plan_for
    from spinewise.programs.workouts import record_pain_now
    from spinewise.safety.models import Screening
    from spinewise.training.models import Session

    email = "bench@example.com"
    user = User.objects.filter(username=email).first() or create_account(email, "a-long-bench-password")
    Screening.objects.create(user=user, source="web", answers={}, urgency=0)
    program = Program.objects.get(slug="six-week-lower-back")
    grant(user, program)
    now = datetime.now(UTC)
    start = (now - timedelta(days=14)).date()
    enrolment = Enrolment.objects.create(user=user, program=program, start_date=start, weekdays=[0, 2, 4])
    sessions = Session.objects.bulk_create(
        Session(
            user=user,
            source="web",
            routine_name="bench",
            prescription={"total_seconds": 600, "position_changes": 0, "relaxed": [], "items": []},
            started_at=now - timedelta(days=n * 1.5, hours=1),
            finished_at=now - timedelta(days=n * 1.5),
            status="complete",
            pain_before=3,
            worst_pain_during=4,
            pain_after=2,
        )
        for n in range(1, 61)
    )
    add_items(sessions)
    # The four most recent sessions were this program's first workouts.
    ProgramSession.objects.bulk_create(
        ProgramSession(session=s, enrolment=enrolment, number=4 - n, dose_week=1, decision="progress")
        for n, s in enumerate(sessions[:4])
    )
    record_pain_now(user, 3)
    upcoming = plan_for(enrolment, local_today(user)).next_workout
    assert upcoming is not None, "the bench person has no workout left"

    member = Client()
    member.force_login(user)
    quick = Client()
    form = quick.get("/check/").content.decode()
    questions = set(re.findall(r'name="([^"]+)" value="no"', form))
    answered = quick.post("/check/", {key: "no" for key in questions})
    assert answered.status_code == 302, f"the quick check was not passed ({answered.status_code})"
    cookies = {
        "anonymous": "",
        "member": f"sessionid={member.cookies['sessionid'].value}",
        "quick": f"sessionid={quick.cookies['sessionid'].value}",
        "workout": str(upcoming.number),
    }
    connections.close_all()
    return cookies


# ---------------------------------------------------------------- servers


def server_command(server: str, port: int, workers: int | None, threads: int | None) -> list[str]:
    host = ["--host", "127.0.0.1", "--port", str(port)]
    if server == "shipped":
        extra = [
            *(["--workers", str(workers)] if workers else []),
            *(["--threads", str(threads)] if threads else []),
        ]
        return [str(BIN / "spinewise"), "serve", *host, *extra]
    count = workers or os.cpu_count() or 1
    if server == "gunicorn":
        return [
            str(BIN / "gunicorn"),
            f"--bind=127.0.0.1:{port}",
            f"--workers={count}",
            f"--threads={threads or 1}",
            "--access-logfile=-",
            "spinewise.wsgi:application",
        ]
    if server == "granian":
        return [
            str(BIN / "granian"),
            "--interface=wsgi",
            *host,
            f"--workers={count}",
            f"--blocking-threads={threads or 1}",
            "--access-log",
            "spinewise.wsgi:application",
        ]
    if server == "waitress":
        # The server `spinewise serve` used before: one process, 8 threads.
        return [
            str(BIN / "waitress-serve"),
            "--listen",
            f"127.0.0.1:{port}",
            f"--threads={threads or 8}",
            "spinewise.wsgi:application",
        ]
    raise ValueError(server)


def wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(
                f"the server on port {port} stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    sys.exit(f"the server on port {port} did not answer /healthz within {START_TIMEOUT:.0f} s")


@contextmanager
def running(
    commands: list[list[str]], env: dict[str, str], folder: Path
) -> Iterator[list[subprocess.Popen[bytes]]]:
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for n, command in enumerate(commands):
            log = (folder / f"server-{n}.log").open("wb")
            processes.append(
                subprocess.Popen(
                    command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
            )
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def descendants(pid: int) -> list[int]:
    found = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    for child in map(int, children):
        found.append(child)
        found.extend(descendants(child))
    return found


def rss_lines(labels: list[str], processes: list[subprocess.Popen[bytes]]) -> list[str]:
    lines = []
    for label, process in zip(labels, processes, strict=True):
        for pid in [process.pid, *descendants(process.pid)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                role = "main" if pid == process.pid else "worker"
                lines.append(f"  {label:<34}{role:<8}pid {pid:<8}RSS {int(match.group(1)) / 1024:6.1f} MiB")
    return lines


# ---------------------------------------------------------------- load


def check_page(port: int, path: str, cookie: str) -> str:
    """One request first: a page that does not answer 200 would make every number below meaningless."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie, "Accept-Encoding": "gzip"}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=PAGE_CHECK_TIMEOUT) as reply:
            body = reply.read()
            return f"{len(body) / 1024:.1f} KiB {reply.headers.get('Content-Encoding') or 'identity'}"
    except urllib.error.HTTPError as exc:
        sys.exit(f"{path} answered {exc.code} instead of 200 ({exc.headers.get('Location', '')})")


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output: str) -> Sample:
    if "Requests/sec" not in output:
        sys.exit(f"wrk gave no result:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return Sample(rps, p50, p99, errors)


def load(ports: list[int], path: str, cookie: str, duration: int, connections: int) -> Sample:
    """wrk on each node at once (connections shared out); req/s added, p50 averaged, p99 the worst."""
    share = max(1, connections // len(ports))
    runs = [
        subprocess.Popen(
            [
                "wrk",
                "-t1",
                f"-c{share}",
                f"-d{duration}s",
                "--timeout=10s",
                "--latency",
                "-H",
                "Accept-Encoding: gzip",
                *(["-H", f"Cookie: {cookie}"] if cookie else []),
                f"http://127.0.0.1:{port}{path}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for port in ports
    ]
    samples = [parse_wrk(run.communicate(timeout=duration + 60)[0]) for run in runs]
    return Sample(
        rps=sum(s.rps for s in samples),
        p50_ms=statistics.mean(s.p50_ms for s in samples),
        p99_ms=max(s.p99_ms for s in samples),
        errors=sum(s.errors for s in samples),
    )


@dataclass(frozen=True)
class Server:
    name: str
    threads: int | None

    @property
    def label(self) -> str:
        return self.name + (
            f", {self.threads} thread{'s' if self.threads != 1 else ''}" if self.threads else ""
        )


def parse_servers(raw: str, threads: int | None) -> list[Server]:
    servers = []
    for item in raw.split(","):
        name, _, count = item.strip().partition(":")
        if name not in ("shipped", "gunicorn", "granian", "waitress"):
            sys.exit(f"--server: unknown server '{name}' (shipped, gunicorn, granian or waitress)")
        servers.append(Server(name, int(count) if count else threads))
    return servers


def report(label: str, results: dict[str, list[Sample]], bare: str) -> None:
    print(f"\n{label}")
    print(f"{'page':<24}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'x bare':>9}{'errors':>8}")
    for name, samples in results.items():
        ratios = [
            bare_sample.rps / s.rps for s, bare_sample in zip(samples, results[bare], strict=True) if s.rps
        ]
        print(
            f"{name:<24}{statistics.median(s.rps for s in samples):9.0f}"
            f"{statistics.median(s.p50_ms for s in samples):9.1f}"
            f"{statistics.median(s.p99_ms for s in samples):9.1f}"
            f"{statistics.median(ratios):9.1f}{sum(s.errors for s in samples):8d}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--pages", help="comma list of: " + ",".join(SHORT_NAMES))
    parser.add_argument(
        "--server",
        default="shipped",
        help="comma list of NAME[:THREADS], NAME one of shipped (spinewise serve), gunicorn, granian,"
        " waitress; several are started together and loaded in turn, page by page",
    )
    parser.add_argument("--workers", type=int, help="worker processes (default: the server's own)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: the server's own)")
    parser.add_argument(
        "--database", help="postgres://user@127.0.0.1:5432/NAME_bench: two app processes on it"
    )
    args = parser.parse_args()
    if not 0 < args.duration <= 120 or not 0 < args.rounds <= 20 or not 0 < args.connections <= 256:
        sys.exit("--duration 1..120 s, --rounds 1..20 and --connections 1..256 keep the run bounded")
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: `make bench` installs it (Debian package wrk)")
    unknown = [n for n in (args.pages or "").split(",") if n.strip() and n.strip() not in SHORT_NAMES]
    if unknown:
        sys.exit(f"--pages: unknown {', '.join(unknown)} (choose from {', '.join(SHORT_NAMES)})")
    wanted = (
        [SHORT_NAMES[n.strip()] for n in args.pages.split(",")] if args.pages else list(SHORT_NAMES.values())
    )
    pages = [p for p in PAGES if p.name in wanted or p.name == "bare view"]
    servers = parse_servers(args.server, args.threads)
    if args.database and urlsplit(args.database).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("--database must be on this machine (127.0.0.1)")

    folder = Path(tempfile.mkdtemp(prefix="spinewise-load-"))
    try:
        env = environment(folder, args.database)
        nodes = 2 if args.database else 1
        workers = args.workers or (max(1, (os.cpu_count() or 1) // nodes) if nodes > 1 else None)
        if args.database:
            fresh_postgres(args.database)
        setup_django(env)
        if not args.database or any(s.name != "shipped" for s in servers):
            prepare_database()  # with PostgreSQL, `spinewise serve` nodes do it themselves, all at once
        ports = {server: [free_port() for _ in range(nodes)] for server in servers}
        listening = [port for server in servers for port in ports[server]]
        commands = [
            server_command(server.name, port, workers, server.threads)
            for server in servers
            for port in ports[server]
        ]
        with running(commands, env, folder) as processes:
            for n, (port, process) in enumerate(zip(listening, processes, strict=True)):
                wait_healthy(port, process, folder / f"server-{n}.log")
            cookies = seed_visitors()
            print(
                f"{nodes} node(s) a server, {'PostgreSQL' if args.database else 'SQLite (WAL)'},"
                f" wrk -t1 -c{args.connections} -d{args.duration}s x {args.rounds} rounds;"
                " pages and servers interleaved"
            )
            for command in commands:
                print(f"  $ {' '.join(command)}")
            every = [port for server in servers for port in ports[server]]
            for page in pages:
                path = page.path.format(workout=cookies["workout"])
                # Each node answers each page once first (and so keeps it, web.pagecache), as
                # visitors would have before a busy hour; each worker still makes its own once.
                checked = [check_page(port, path, cookies[page.visitor]) for port in every]
                print(f"  {page.name:<24}{path:<44}{checked[0]}")
            results = {server: {page.name: list[Sample]() for page in pages} for server in servers}
            for _ in range(args.rounds):
                for page in pages:
                    path = page.path.format(workout=cookies["workout"])
                    for server in servers:
                        results[server][page.name].append(
                            load(ports[server], path, cookies[page.visitor], args.duration, args.connections)
                        )
            for server in servers:
                report(server.label, results[server], "bare view")
            print("(medians over the rounds; 'x bare': times slower than the bare view in the same round)")
            print("\nmemory after the run:")
            labels = [f"{server.label}, node {n + 1}" for server in servers for n in range(nodes)]
            print("\n".join(rss_lines(labels, processes)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
