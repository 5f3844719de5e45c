"""Helpers for the tests that start real processes: a clean environment, a free port, a waiting loop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYTHON = sys.executable


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh install: none of the caller's spinewise or Django settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SPINEWISE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        SPINEWISE_DATA_DIR=str(data_dir),
        SPINEWISE_CONTENT_DIR=str(ROOT / "src" / "spinewise" / "content"),
        **extra,
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server stopped with exit code {process.returncode}"
        try:
            if get(url)[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer 200 within {seconds:.0f} s")
