"""`spinewise breaks`: the terminal desk timer, driven through a pseudo-terminal (and in-process
with a short interval), against a fresh SQLite file."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO

import pexpect
import pytest

from spinewise.planning.request import PlanningRequest
from tests.terminal_helpers import rows, spawn_command


def spawn(data_dir: Path, *args: str) -> pexpect.spawn:
    return spawn_command("breaks", data_dir, *args, timeout=90)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("breaks")


def test_it_screens_rings_plays_a_short_routine_and_records_it(data_dir: Path) -> None:
    child = spawn(data_dir, "--now", "--once", "--speed", "1000", "--minutes", "2")
    child.expect("Type the numbers that apply")
    child.sendline("")
    child.expect("Desk mode: a 2-minute movement break every 60 minutes")
    child.expect("\a")  # the bell
    child.expect("Time to move")
    child.expect("Press Enter to start")
    child.sendline("")
    child.expect("A desk break stays off the floor")
    child.expect(r"Movement break: \d moves?, about \d min")
    child.expect("Keys: space pause")
    child.expect(r"== 1/\d · ")
    child.expect("Well done: back to work.")
    child.expect("Recorded: 1 break this time.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = rows(
        data_dir,
        "select user_id, source, routine_name, finished_at is not null, prescription from breaks_breaktaken",
    )
    assert len(saved) == 1
    user, source, name, finished, prescription = saved[0]
    assert (user, source, name, finished) == (None, "cli", "Movement break", 1)
    assert '"position": "standing"' in str(prescription) or '"position": "seated-chair"' in str(prescription)
    assert '"position": "supine"' not in str(prescription)


def test_a_short_interval_waits_quietly_then_rings_and_a_break_can_be_skipped(data_dir: Path) -> None:
    child = spawn(data_dir, "--seconds", "1.5", "--once", "--speed", "1000")
    child.expect(r"every 1.5 seconds")
    child.expect(r"Next break at \d\d:\d\d \(in \d s\)")
    child.expect("\a")
    child.expect("Press Enter to start")
    child.sendline("s")
    child.expect("Skipped.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert rows(data_dir, "select count(*) from breaks_breaktaken") == [(1,)]  # still only the first


def test_bad_options_exit_2_before_anything_runs(data_dir: Path) -> None:
    child = spawn(data_dir, "--every", "20")
    child.expect("--every must be one of 30, 45, 60, 90 minutes")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    child = spawn(data_dir, "--avoid", "standing,seated-chair", "--now", "--once")
    child.expect("no desk break fits")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


def _pipe(text: str) -> IO[str]:
    read, write = os.pipe()
    os.write(write, text.encode())
    os.close(write)
    return os.fdopen(read, "r")


@pytest.mark.django_db
def test_a_safety_stop_gives_no_routine_and_exit_3() -> None:
    from spinewise.breaks.models import BreakTaken
    from spinewise.breaks.terminal import DeskTimer
    from spinewise.safety.models import Screening

    Screening.objects.create(user=None, source="cli", answers={}, urgency=3)
    out = io.StringIO()
    timer = DeskTimer(PlanningRequest(), interval=0.01, once=True, now=True, out=out, inp=_pipe("\n"))
    assert timer.run() == 3
    assert "No break routine" in out.getvalue()
    assert not BreakTaken.objects.exists()


@pytest.mark.django_db
def test_two_breaks_in_a_row_differ_and_are_both_recorded() -> None:
    from spinewise.breaks.models import BreakTaken
    from spinewise.breaks.terminal import DeskTimer
    from spinewise.safety.models import Screening

    Screening.objects.create(user=None, source="cli", answers={}, urgency=0)
    for _ in range(2):
        timer = DeskTimer(
            PlanningRequest(),
            interval=0.01,
            once=True,
            now=True,
            speed=1000,
            out=io.StringIO(),
            inp=_pipe("\n"),
        )
        assert timer.run() == 0
    first, second = BreakTaken.objects.order_by("started_at", "id")
    assert first.user is None and first.finished_at is not None
    assert first.slugs() != second.slugs()
