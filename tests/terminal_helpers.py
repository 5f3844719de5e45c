"""Shared by the tests that drive a command through a pseudo-terminal (`spinewise play`,
`spinewise breaks`) against a fresh SQLite file in a data folder of their own."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pexpect

SPINEWISE = str(Path(sys.executable).parent / "spinewise")


def spawn_command(command: str, data_dir: Path, *args: str, timeout: int = 60) -> pexpect.spawn:
    """`spinewise <command> <args>` in a 40 x 120 terminal, on the data folder's SQLite file."""
    env = {**os.environ, "SPINEWISE_DATA_DIR": str(data_dir), "COLUMNS": "120", "TERM": "xterm"}
    env.pop("DATABASE_URL", None)
    return pexpect.spawn(
        SPINEWISE, [command, *args], env=env, encoding="utf-8", timeout=timeout, dimensions=(40, 120)
    )


def rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    """What a query returns from the data folder's SQLite file."""
    with sqlite3.connect(data_dir / "spinewise.sqlite3") as db:
        return db.execute(sql).fetchall()
