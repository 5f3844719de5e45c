"""Repeated read-only `--json` requests are answered again from the data folder without Django or
typer (spinewise.command, spinewise.replay), and only when the full command would print the same.

Most tests run the real `spinewise` console script in a subprocess on a data folder of their own
(a copy of one prepared once: migrated, library loaded), as a person would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from spinewise import places, replay

SPINEWISE = str(Path(sys.executable).parent / "spinewise")
# The console script starts .venv/bin/python3 (its first line); the probe starts `python`, the same
# interpreter by another name: a kept answer is replayed whichever name started it.
PYTHON = str(Path(sys.executable).parent / "python")
REQUEST = ("routine", "--minutes", "9", "--json")
HEAVY = ("django", "typer", "pydantic", "rich", "yaml")
# The console script's main() in a process that says, on its last line of stderr, which of the
# heavy packages it imported: none when the answer was replayed.
PROBE = f"""
import sys
sys.argv = ["spinewise", *sys.argv[1:]]
from spinewise.command import main
try:
    main()
finally:
    heavy = [name for name in {HEAVY!r} if name in sys.modules]
    sys.stderr.write("heavy: " + ",".join(heavy) + "\\n")
"""


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([SPINEWISE, *args], env=env, capture_output=True, timeout=180, check=False)


def full(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    """The full command line (spinewise.cli), which neither replays nor keeps an answer."""
    return subprocess.run(
        [sys.executable, "-m", "spinewise.cli", *args], env=env, capture_output=True, timeout=180, check=False
    )


def probe(env: dict[str, str], *args: str) -> tuple[subprocess.CompletedProcess[bytes], list[str]]:
    """The console script's main(), and the heavy packages the run imported."""
    done = subprocess.run(
        [PYTHON, "-c", PROBE, *args], env=env, capture_output=True, timeout=180, check=False
    )
    last = done.stderr.decode().splitlines()[-1]
    assert last.startswith("heavy: "), done.stderr.decode()
    return done, [name for name in last.removeprefix("heavy: ").split(",") if name]


def answers(data: Path) -> list[str]:
    folder = data / replay.ANSWERS
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def environment(data: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SPINEWISE_") and k not in ("DATABASE_URL", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    env.update(SPINEWISE_DATA_DIR=str(data), LANG="C.UTF-8")
    return env


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder migrated and loaded by a first run, which keeps nothing (no database before it)."""
    data = tmp_path_factory.mktemp("prepared")
    done = run(environment(data), *REQUEST)
    assert done.returncode == 0, done.stderr.decode()
    assert answers(data) == []
    return data


@pytest.fixture
def env(prepared: Path, tmp_path: Path) -> dict[str, str]:
    """The environment of a run on a copy of the prepared data folder, for this test alone."""
    data = tmp_path / "data"
    shutil.copytree(prepared, data)
    return environment(data)


def data_of(env: dict[str, str]) -> Path:
    return Path(env["SPINEWISE_DATA_DIR"])


# ---------------------------------------------------------------- the console script


def test_a_repeated_json_request_is_printed_again_byte_for_byte_without_django(env: dict[str, str]) -> None:
    first = run(env, *REQUEST)
    assert first.returncode == 0, first.stderr
    assert len(answers(data_of(env))) == 1
    second = run(env, *REQUEST)
    assert second.returncode == 0 and second.stdout == first.stdout and second.stderr == b""
    replayed, heavy = probe(env, *REQUEST)
    assert heavy == [], "the repeated request went the full way"
    assert replayed.returncode == 0 and replayed.stdout == first.stdout
    assert len(answers(data_of(env))) == 1


def test_the_next_day_does_not_find_the_days_answer(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(env, *REQUEST).returncode == 0
    monkeypatch.setenv("SPINEWISE_DATA_DIR", env["SPINEWISE_DATA_DIR"])
    for name in ("LC_ALL", "LC_MESSAGES", "SPINEWISE_CONTENT_DIR", "SPINEWISE_TIME_ZONE", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", env["LANG"])
    now = time.time()
    today = replay.key_for(REQUEST, os.environ, now)
    tomorrow = replay.key_for(REQUEST, os.environ, now + 24 * 3600)
    assert today is not None and tomorrow is not None
    assert replay.kept_answer(today) is not None, "the console script's answer is under the key read here"
    assert tomorrow.day != today.day and tomorrow.digest != today.digest
    assert replay.kept_answer(tomorrow) is None


@pytest.mark.parametrize(
    ("args", "language"),
    [
        (("routine", "--minutes", "10", "--json"), None),
        (("routine", "--minutes", "9", "--seed", "7", "--json"), None),
        ((*REQUEST, "--lang", "es"), None),
        (REQUEST, "es_ES.UTF-8"),
        (("exercises", "--target", "hips", "--json"), None),
    ],
)
def test_another_request_is_not_replayed_and_gets_its_own_answer(
    env: dict[str, str], args: tuple[str, ...], language: str | None
) -> None:
    kept = run(env, *REQUEST)
    assert kept.returncode == 0 and answers(data_of(env))
    other = {**env, "LANG": language} if language else env
    done, heavy = probe(other, *args)
    assert "django" in heavy
    assert done.returncode == 0
    assert done.stdout == full(other, *args).stdout
    assert done.stdout != kept.stdout


def test_an_edit_of_the_content_in_the_database_is_never_answered_from_before(env: dict[str, str]) -> None:
    first = run(env, *REQUEST)
    assert probe(env, *REQUEST)[1] == []
    # What the admin does: saving an exercise gives the content version's "edits" row a new token.
    edit = (
        "from spinewise.bootstrap import setup_django; setup_django();"
        "from spinewise.library.models import Exercise;"
        "Exercise.objects.order_by('slug').first().save()"
    )
    saved = subprocess.run(
        [sys.executable, "-c", edit], env=env, capture_output=True, timeout=180, check=False
    )
    assert saved.returncode == 0, saved.stderr.decode()
    done, heavy = probe(env, *REQUEST)
    assert "django" in heavy and done.stdout == first.stdout
    # That full run kept its answer under the new version: the next one is replayed again.
    assert probe(env, *REQUEST)[1] == []


def test_a_changed_content_file_is_never_answered_from_before(env: dict[str, str], tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(places.content_dir(), content)
    env = {**env, "SPINEWISE_CONTENT_DIR": str(content)}
    first = run(env, *REQUEST)  # another content folder: loaded, then kept (the same digests)
    assert first.returncode == 0, first.stderr
    assert probe(env, *REQUEST)[1] == []
    touched = next((content / "exercises").glob("*.yaml"))
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    done, heavy = probe(env, *REQUEST)
    assert "django" in heavy and done.stdout == first.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("routine", "--minutes", "99", "--json"), b"minutes"),
        (("routine", "--bogus", "--json"), b"No such option"),
        (("exercise", "no-such-exercise", "--json"), b"no exercise 'no-such-exercise'"),
        (("exercises", "--category", "nope", "--json"), b"unknown category"),
    ],
)
def test_an_error_is_never_replayed(env: dict[str, str], args: tuple[str, ...], message: bytes) -> None:
    runs = [run(env, *args) for _ in range(2)]
    for done in runs:
        assert done.returncode == 2 and message in done.stderr and done.stdout == b""
    assert runs[0].stderr == runs[1].stderr
    assert answers(data_of(env)) == []
    assert "typer" in probe(env, *args)[1]


def test_a_table_is_never_replayed(env: dict[str, str]) -> None:
    for _ in range(2):
        done = run(env, "routine", "--minutes", "9")
        assert done.returncode == 0 and b"Total about" in done.stdout
    assert answers(data_of(env)) == []
    assert "django" in probe(env, "routine", "--minutes", "9")[1]


def test_the_full_command_line_module_neither_replays_nor_keeps(env: dict[str, str]) -> None:
    for _ in range(2):
        assert full(env, *REQUEST).returncode == 0
    assert answers(data_of(env)) == []


def test_an_answers_folder_that_cannot_be_written_changes_nothing(env: dict[str, str]) -> None:
    (data_of(env) / replay.ANSWERS).write_text("a file where the folder would be")
    runs = [run(env, *REQUEST) for _ in range(2)]
    assert [done.returncode for done in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.startswith(b"{")
    assert runs[0].stderr == runs[1].stderr == b""


def test_the_content_version_read_without_django_is_the_apps_own(env: dict[str, str]) -> None:
    compare = (
        "import os; from spinewise.bootstrap import setup_django; setup_django();"
        "from spinewise.library.cache import content_version;"
        "from spinewise.replay import stored_content_version;"
        "from spinewise.places import database_file, data_dir;"
        "print(content_version(), stored_content_version(database_file(data_dir())))"
    )
    done = subprocess.run(
        [sys.executable, "-c", compare], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr
    ours, theirs = done.stdout.split()
    assert ours == theirs


def test_the_default_seed_is_the_day_the_key_names(env: dict[str, str]) -> None:
    """Django makes SPINEWISE_TIME_ZONE the process's time zone, so the routine's default seed is
    that zone's date: the date the key is made with (local_day), and not the machine's."""
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):  # UTC+14 and UTC-12: two dates most of the day
        zoned = {**env, "SPINEWISE_TIME_ZONE": zone}
        day = replay.local_day(zone, time.time())
        seed = str(day.year * 10000 + day.month * 100 + day.day)
        default = full(zoned, *REQUEST)
        assert default.returncode == 0, default.stderr
        assert default.stdout == full(zoned, "routine", "--minutes", "9", "--seed", seed, "--json").stdout


# ---------------------------------------------------------------- the decision and the key


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (REQUEST, {}, True),
        (("exercise", "cat-cow", "--json"), {"DJANGO_SETTINGS_MODULE": "spinewise.settings"}, True),
        (("exercises", "--json", "--lang", "es"), {"DATABASE_URL": ""}, True),
        (REQUEST, {"DATABASE_URL": "postgres://spinewise:secret@db:5432/spinewise"}, False),
        (REQUEST, {"DATABASE_URL": "sqlite:////elsewhere/spinewise.sqlite3"}, False),
        (REQUEST, {"DJANGO_SETTINGS_MODULE": "mysite.settings"}, False),
        (("routine", "--minutes", "9"), {}, False),
        (("play", "--minutes", "9", "--json"), {}, False),
        (("sessions", "--json"), {}, False),
        (("load", "--json"), {}, False),
        ((*REQUEST, "--help"), {}, False),
        (("exercise", "cat-cow", "--json", "--figure", "cc.svg"), {}, False),
        (("exercise", "cat-cow", "--json", "--still=cc.svg"), {}, False),
        (("--json",), {}, False),
        ((), {}, False),
    ],
)
def test_which_runs_may_be_replayed(argv: tuple[str, ...], environ: dict[str, str], expected: bool) -> None:
    assert replay.replayable(argv, environ) is expected


def test_a_postgresql_database_never_reads_a_kept_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reading(database: str) -> str:
        raise AssertionError("the SQLite file was read for a PostgreSQL run")

    monkeypatch.setattr(replay, "stored_content_version", no_reading)
    postgres = {"DATABASE_URL": "postgres://spinewise:secret@db:5432/spinewise"}
    assert replay.key_for(REQUEST, postgres, time.time()) is None


def test_no_database_file_means_no_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINEWISE_DATA_DIR", str(tmp_path))
    assert replay.key_for(REQUEST, {}, time.time()) is None
    assert not (tmp_path / places.DATABASE_FILE).exists()  # opened read-only: never created


INPUTS: dict[str, Any] = {
    "day": date(2026, 11, 30),
    "content_version": "a" * 16,
    "content_stat": "b" * 64,
    "code": "c" * 64,
    "installed": "d" * 64,
}


@pytest.mark.parametrize(
    ("argv", "environ", "changed"),
    [
        (REQUEST, {}, {"day": date(2026, 12, 1)}),
        (REQUEST, {}, {"content_version": "e" * 16}),
        (REQUEST, {}, {"content_stat": "e" * 64}),
        (REQUEST, {}, {"code": "e" * 64}),
        (REQUEST, {}, {"installed": "e" * 64}),
        (("routine", "--minutes", "10", "--json"), {}, {}),
        ((*REQUEST, "--lang", "es"), {}, {}),
        (REQUEST, {"LANG": "es_ES.UTF-8"}, {}),
        (REQUEST, {"LC_MESSAGES": "es_ES.UTF-8"}, {}),
        (REQUEST, {"LC_ALL": "es_ES.UTF-8"}, {}),
        (REQUEST, {"SPINEWISE_DATA_DIR": "/elsewhere"}, {}),
        (REQUEST, {"SPINEWISE_CONTENT_DIR": "/elsewhere"}, {}),
        (REQUEST, {"SPINEWISE_TIME_ZONE": "Europe/Madrid"}, {}),
    ],
)
def test_each_input_of_an_answer_changes_its_key(
    argv: tuple[str, ...], environ: dict[str, str], changed: dict[str, Any]
) -> None:
    before = replay.answer_digest(REQUEST, {}, **INPUTS)
    assert replay.answer_digest(REQUEST, {}, **INPUTS) == before
    assert replay.answer_digest(argv, environ, **{**INPUTS, **changed}) != before


def test_the_settings_module_the_run_sets_itself_is_the_same_key() -> None:
    # bootstrap.setup_django sets DJANGO_SETTINGS_MODULE during the run: the key read after it agrees.
    unset = replay.answer_digest(REQUEST, {}, **INPUTS)
    assert replay.answer_digest(REQUEST, {"DJANGO_SETTINGS_MODULE": "spinewise.settings"}, **INPUTS) == unset


def test_installing_or_upgrading_a_package_changes_the_installed_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site-packages"
    (site / "pydantic-2.7.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(site)])
    before = replay.installed_stat()
    (site / "__pycache__").mkdir()  # the first import of a top-level module: nothing installed
    assert replay.installed_stat() == before
    (site / "pydantic-2.7.0.dist-info").rename(site / "pydantic-2.8.0.dist-info")
    assert replay.installed_stat() != before


def test_the_day_is_the_settings_time_zones() -> None:
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC).timestamp()
    assert replay.local_day("UTC", late) == date(2026, 11, 30)
    assert replay.local_day("Pacific/Auckland", late) == date(2026, 12, 1)
    assert replay.local_day("America/Los_Angeles", late) == date(2026, 11, 30)


def test_keeping_an_answer_removes_other_days_and_the_oldest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replay, "KEEP", 3)
    folder = tmp_path / replay.ANSWERS
    folder.mkdir()
    (folder / "2026-11-29-old.json").write_text("{}\n")
    for n in range(4):
        key = replay.Key(str(folder), "2026-11-30", f"{n:064x}")
        replay.keep(key, f'{{"n": {n}}}\n')
        os.utime(key.path, (1_000_000 + n, 1_000_000 + n))  # kept in this order
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"2026-11-30-{n:064x}.json" for n in (1, 2, 3)]
    assert replay.kept_answer(replay.Key(str(folder), "2026-11-30", f"{3:064x}")) == '{"n": 3}\n'


def test_a_broken_kept_answer_is_not_printed(tmp_path: Path) -> None:
    key = replay.Key(str(tmp_path), "2026-11-30", "0" * 64)
    Path(key.path).write_text('{"half": ')
    assert replay.kept_answer(key) is None
    assert replay.kept_answer(replay.Key(str(tmp_path), "2026-11-30", "1" * 64)) is None
