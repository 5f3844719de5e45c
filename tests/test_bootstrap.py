"""The bootstrap: a missing or empty content folder is refused by name, and processes that start
together on one database take turns (PostgreSQL advisory lock, or a file lock beside SQLite)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spinewise.bootstrap import load_content
from spinewise.cli import app
from spinewise.library.content import ContentError
from tests.serving import PYTHON, ROOT, clean_env

LOCK_DB = "spinewise_perf_bootstrap_lock"
POSTGRES = "postgres://postgres@127.0.0.1:5432"

# Each process sets Django up, then waits for the other before preparing, so both reach the lock
# at the same moment.
TOGETHER = """
import sys, time, pathlib
from spinewise.bootstrap import prepare, setup_django
setup_django()
folder = pathlib.Path(sys.argv[1])
(folder / ("ready-" + sys.argv[2])).touch()
deadline = time.monotonic() + 60
while len(list(folder.glob("ready-*"))) < 2 and time.monotonic() < deadline:
    time.sleep(0.01)
print("\\n".join(prepare()))
"""


@pytest.mark.django_db
def test_a_missing_content_folder_is_refused_by_name(settings: Any, tmp_path: Path) -> None:
    settings.CONTENT_DIR = tmp_path / "nowhere"
    with pytest.raises(ContentError, match=f"the content folder {tmp_path / 'nowhere'} does not exist"):
        load_content()


@pytest.mark.django_db
def test_a_content_folder_without_exercises_is_refused_by_name(settings: Any, tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "notes.txt").write_text("not an exercise")
    settings.CONTENT_DIR = tmp_path
    with pytest.raises(ContentError) as refused:
        load_content()
    assert f"the content folder {tmp_path} has no exercises" in str(refused.value)
    assert "SPINEWISE_CONTENT_DIR" in str(refused.value)


@pytest.mark.django_db
def test_commands_refuse_to_start_on_an_empty_content_folder(settings: Any, tmp_path: Path) -> None:
    settings.CONTENT_DIR = tmp_path
    result = CliRunner().invoke(app, ["routines"])
    assert result.exit_code == 1
    assert f"{tmp_path} has no exercises" in " ".join(result.output.split())


def _start_together(folder: Path, env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    processes = [
        subprocess.Popen(
            [PYTHON, "-c", TOGETHER, str(folder), str(n)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    done = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def _both_prepared(done: list[subprocess.CompletedProcess[str]]) -> None:
    for process in done:
        assert process.returncode == 0, process.stderr[-3000:]
    # One migrated and loaded while the other waited, then found nothing left to load.
    assert sum("waiting for it" in p.stderr for p in done) == 1
    assert sum("exercises: library unchanged" in p.stdout for p in done) == 1


def test_two_processes_prepare_one_empty_sqlite_database_together(tmp_path: Path) -> None:
    _both_prepared(_start_together(tmp_path, clean_env(tmp_path)))


def _postgres_admin() -> Any:
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")


def test_two_processes_prepare_one_empty_postgres_database_together(tmp_path: Path) -> None:
    admin = _postgres_admin()
    try:
        admin.execute(f"DROP DATABASE IF EXISTS {LOCK_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {LOCK_DB}")
        env = clean_env(tmp_path, DATABASE_URL=f"{POSTGRES}/{LOCK_DB}")
        _both_prepared(_start_together(tmp_path, env))
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {LOCK_DB} WITH (FORCE)")
        admin.close()
