"""`spinewise serve`: the server's command line, the secret-key rule, and a real start, reload and stop."""

from __future__ import annotations

import gzip
import os
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from typer.testing import CliRunner

from spinewise.cli import app
from spinewise.server import (
    DEFAULT_THREADS,
    ServeOptions,
    check_secret_key,
    collect_static,
    default_workers,
    granian_argv,
)
from tests.serving import BIN, PYTHON, ROOT, clean_env, free_port, get, wait_for


def _option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_the_server_runs_one_worker_per_core_by_default() -> None:
    argv = granian_argv(ServeOptions())
    assert argv[1:3] == ["-m", "granian"]
    assert _option(argv, "--interface") == "wsgi"
    assert _option(argv, "--workers") == str(default_workers()) == str(len(os.sched_getaffinity(0)))
    assert _option(argv, "--blocking-threads") == str(DEFAULT_THREADS)
    assert _option(argv, "--host") == "127.0.0.1"
    assert "--access-log" in argv
    assert "--respawn-failed-workers" in argv
    assert argv[-1] == "spinewise.wsgi:application"


def test_the_options_reach_the_server() -> None:
    argv = granian_argv(ServeOptions(host="0.0.0.0", port=9000, workers=3, threads=4, access_log=False))
    assert (_option(argv, "--host"), _option(argv, "--port")) == ("0.0.0.0", "9000")
    assert (_option(argv, "--workers"), _option(argv, "--blocking-threads")) == ("3", "4")
    assert "--no-access-log" in argv and "--access-log" not in argv


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("workers", 0, "--workers must be between 1 and 64"),
        ("threads", 99, "--threads must be between 1 and 32"),
    ],
)
def test_out_of_range_options_are_refused(field: str, value: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ServeOptions(**{field: value})


@pytest.mark.parametrize("args", [["--workers", "0"], ["--threads", "0"], ["--port", "70000"]])
def test_the_command_refuses_bad_numbers_before_starting(args: list[str]) -> None:
    result = CliRunner().invoke(app, ["serve", *args])
    assert result.exit_code == 2
    assert "Invalid value" in result.output


@pytest.mark.parametrize(
    ("shared_db", "from_env", "single", "refused"),
    [
        (True, False, False, True),
        (True, True, False, False),
        (True, False, True, False),
        (False, False, False, False),
    ],
)
def test_a_shared_database_needs_the_secret_key_from_the_environment(
    settings: Any, shared_db: bool, from_env: bool, single: bool, refused: bool
) -> None:
    settings.SHARED_DATABASE = shared_db
    settings.SECRET_KEY_FROM_ENVIRONMENT = from_env
    settings.SINGLE_NODE = single
    if refused:
        with pytest.raises(ImproperlyConfigured, match="SPINEWISE_SECRET_KEY is not set"):
            check_secret_key()
    else:
        check_secret_key()


def test_serve_on_postgres_without_a_secret_key_stops_with_a_clear_message(tmp_path: Path) -> None:
    # Refused before any connection is tried: nothing listens on port 9.
    env = clean_env(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:9/spinewise")
    done = subprocess.run(
        [str(BIN / "spinewise"), "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    said = " ".join(done.stderr.split())
    assert "SPINEWISE_SECRET_KEY is not set" in said
    assert "SPINEWISE_SINGLE_NODE=1" in said


def _workers(pid: int) -> set[int]:
    return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def test_serve_starts_reloads_on_hup_and_stops_on_term(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "server.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(BIN / "spinewise"), "serve", "--port", str(port), "--workers", "1", "--threads", "2"],
            env=clean_env(tmp_path / "data"),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(f"{base}/healthz", server)
        status, headers, body = get(f"{base}/", {"Accept-Encoding": "gzip"})
        assert (status, headers["content-encoding"]) == (200, "gzip")
        assert b"<html" in gzip.decompress(body)

        # Static files: hashed names, precompressed, cached for a year and more.
        html = get(f"{base}/")[2].decode()
        css = re.search(r"/static/spinewise/app\.[0-9a-f]{12}\.css", html)
        assert css is not None, "the page does not link a hashed stylesheet"
        status, headers, _ = get(f"{base}{css.group(0)}", {"Accept-Encoding": "gzip, br"})
        assert status == 200
        assert headers["content-encoding"] in ("br", "gzip")
        max_age = int(re.search(r"max-age=(\d+)", headers["cache-control"]).group(1))  # type: ignore[union-attr]
        assert max_age >= 365 * 24 * 3600 and "immutable" in headers["cache-control"]

        before = _workers(server.pid)
        assert len(before) == 1
        server.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (_workers(server.pid) & before or not _workers(server.pid)):
            assert get(f"{base}/healthz")[0] == 200  # still answering while it reloads
            time.sleep(0.2)
        assert _workers(server.pid) and not _workers(server.pid) & before, "the worker was not replaced"
        wait_for(f"{base}/healthz", server)

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=40) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
    output = log.read_text()
    assert f"spinewise is running at http://127.0.0.1:{port}/ with 1 worker of 2 threads" in output
    assert '"GET /healthz HTTP/1.1" 200' in output  # the access log


def test_static_files_are_collected_again_only_when_they_change(settings: Any, tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "site.css").write_text("body { color: #222; }\n" * 40)
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    assert collect_static() is True
    hashed = [p.name for p in (tmp_path / "collected").glob("site.*.css")]
    assert len(hashed) == 1
    assert (tmp_path / "collected" / f"{hashed[0]}.gz").exists()
    assert collect_static() is False  # unchanged: the next start skips it
    (source / "site.css").write_text("body { color: #111; }\n" * 41)
    assert collect_static() is True


def test_the_help_states_the_default_threads() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert f"(default: {DEFAULT_THREADS})" in " ".join(result.output.split())


# A site whose only static file is ours, so collecting takes no time; two processes collect together.
SMALL_STATIC = """
from spinewise.settings import *  # noqa: F403
STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
STATICFILES_DIRS = [{source!r}]
"""
COLLECT_TOGETHER = """
import sys, time
import django
django.setup()
from spinewise.server import collect_static
start = float(sys.argv[1])
while time.time() < start:
    pass
print(collect_static())
"""


def test_processes_sharing_a_data_folder_collect_static_files_once(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "site.css").write_text("body { color: #222; }\n" * 40)
    (tmp_path / "small_static.py").write_text(SMALL_STATIC.format(source=str(source)))
    env = clean_env(tmp_path / "data", DJANGO_SETTINGS_MODULE="small_static", PYTHONPATH=str(tmp_path))
    start = time.time() + 3
    processes = [
        subprocess.Popen(
            [PYTHON, "-c", COLLECT_TOGETHER, str(start)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    said = [process.communicate(timeout=60) for process in processes]
    assert [p.returncode for p in processes] == [0, 0], said
    assert sorted(out.strip() for out, _ in said) == ["False", "True"]
