"""`spinewise play` driven through a pseudo-terminal, against a fresh SQLite file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pexpect
import pytest

from tests.terminal_helpers import rows, spawn_command


def spawn(data_dir: Path, *args: str) -> pexpect.spawn:
    return spawn_command("play", data_dir, *args)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("play")


def test_it_screens_plays_a_whole_routine_and_saves_it(data_dir: Path) -> None:
    child = spawn(data_dir, "--name", "stiff-and-sore-basics", "--speed", "60")
    child.expect("Type the numbers that apply")
    child.sendline("")
    child.expect("Nothing here needs a doctor first")
    child.expect(r"How much does your back hurt right now \(0-10\)")
    child.sendline("12")
    child.expect("whole number from 0 to 10")
    child.sendline("4")
    child.expect(r"Keys: space pause · n skip · b back · s steps")
    child.expect("1/3 · Supine Bent-Knee Rotations")
    # Cautions and reasons to skip come before the first set, then the steps.
    child.expect("! Keep both shoulders on the floor")
    child.expect("Skip it if: You are past the first trimester of pregnancy")
    child.expect("  1. ")
    child.send("s")
    child.expect("Steps for Supine Bent-Knee Rotations:")
    child.expect("  1. ")
    child.send("g")
    child.expect("Marked: this one helps")
    child.expect("Switch sides")
    child.expect("2/3 · Figure-4 Rotations")
    child.expect("Rep 1/")
    child.send("h")
    child.expect("Marked: this one hurts")
    child.expect("3/3 · Supine Marching")
    child.send("n")  # skip the last one
    child.expect("That is the end of the routine: 2 of 3 done, 1 skipped.")
    child.expect("Worst pain during the session")
    child.sendline("5")
    child.expect("Pain now, after the session")
    child.sendline("3")
    child.expect("How hard was it")
    child.sendline("")
    child.expect("Notes")
    child.sendline("Hips felt looser.")
    child.expect("Saved: complete session, 2 of 3 exercises done.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    [session] = rows(
        data_dir,
        "select id, status, pain_before, worst_pain_during, pain_after, effort, notes,"
        " routine_slug, finished_at is not null from training_session",
    )
    assert session[1:] == ("complete", 4, 5, 3, None, "Hips felt looser.", "stiff-and-sore-basics", 1)
    items = rows(
        data_dir,
        f"select exercise_slug, outcome, mark, seconds from training_sessionitem"
        f" where session_id = {session[0]} order by `index`",
    )
    assert [(slug, outcome, mark) for slug, outcome, mark, _ in items] == [
        ("supine-bent-knee-rotations", "done", "helps"),
        ("figure-4-rotations", "done", "hurts"),
        ("supine-marching", "skipped", ""),
    ]
    assert isinstance(items[0][3], int) and items[0][3] > 0  # seconds done, counted on the exercise clock


def test_it_saves_a_session_stopped_half_way_as_partial(data_dir: Path) -> None:
    child = spawn(data_dir, "--name", "seven-back-stretches", "--speed", "20")
    # The safety check passed in the previous test: it is asked before the first session only.
    child.expect(r"How much does your back hurt right now")
    child.sendline("2")
    child.expect("1/7 · Cat-Cow")
    child.expect("Rep 2/")
    child.send("q")
    child.expect("saved as a partial session")
    child.expect("Worst pain during the session")
    child.sendline("2")
    child.expect("Pain now")
    child.sendline("2")
    child.expect("How hard was it")
    child.sendline("1")
    child.expect("Notes")
    child.sendline("")
    child.expect("Saved: partial session, 0 of 7 exercises done.")
    child.expect(pexpect.EOF)
    [session] = rows(
        data_dir,
        "select id, status, effort from training_session where routine_slug = 'seven-back-stretches'",
    )
    assert session[1:] == ("partial", 1)
    outcomes = rows(data_dir, f"select outcome from training_sessionitem where session_id = {session[0]}")
    assert {o for (o,) in outcomes} == {"not-reached"}


def test_a_red_flag_stops_before_any_exercise(data_dir: Path) -> None:
    child = spawn(data_dir, "--name", "morning-release", "--check")
    child.expect("Type the numbers that apply")
    child.sendline("1")
    child.expect("Go to an emergency department now")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert rows(data_dir, "select count(*) from training_session where routine_slug = 'morning-release'") == [
        (0,)
    ]
    [(urgency, cleared)] = rows(
        data_dir, "select urgency, cleared_at from assessments_screening order by id desc limit 1"
    )
    assert (urgency, cleared) == (4, None)

    # The next session is refused until the person records that a clinician has seen them ...
    child = spawn(data_dir, "--name", "morning-release")
    child.expect(r"Your safety check of \d{4}-\d\d-\d\d said: Go to an emergency department now")
    child.expect("said you may exercise")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3

    # ... and answering "no" to everything again does not lift it.
    child = spawn(data_dir, "--name", "morning-release", "--check")
    child.expect("Type the numbers that apply")
    child.sendline("")
    child.expect("Your answers today: Nothing here needs a doctor first.")
    child.expect("They do not lift the earlier stop")
    child.expect("said: Go to an emergency department now")
    child.expect("said you may exercise")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert rows(
        data_dir, "select urgency, cleared_at from assessments_screening order by id desc limit 2"
    ) == [
        (0, None),
        (4, None),
    ]

    # A visit recorded today lifts it.
    child = spawn(data_dir, "--name", "stiff-and-sore-basics", "--pain", "2", "--speed", "60")
    child.expect("said you may exercise")
    child.sendline("y")
    child.expect("On what date did they see you")
    child.sendline("")
    child.expect("Who saw you")
    child.sendline("Dr Lee")
    child.expect("Recorded: a clinician has seen you")
    child.expect("1/3 · Supine Bent-Knee Rotations")
    child.send("q")
    child.expect("Worst pain during the session")
    child.sendline("2")
    child.expect("Pain now")
    child.sendline("2")
    child.expect("How hard was it")
    child.sendline("")
    child.expect("Notes")
    child.sendline("")
    child.expect("Saved: partial session")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    # The visit is kept with its date and who saw them, on both stops it lifted.
    lifted = rows(data_dir, "select cleared_on, cleared_by from assessments_screening where urgency = 4")
    assert [(str(on), by) for on, by in lifted] == [(date.today().isoformat(), "Dr Lee")]


def test_pain_above_5_makes_the_day_a_flare_up_day(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--minutes", "9", "--seed", "4", "--speed", "200")
    child.expect("Type the numbers that apply")
    child.sendline("")
    child.expect(r"How much does your back hurt right now \(0-10\)")
    child.sendline("6")
    child.expect("above the 5/10 limit, so today is a flare-up day")
    child.expect("add --keep-state")
    child.expect(r"== 1/")
    child.send("q")
    for prompt, answer in (("Worst pain during", "3"), ("Pain now", "3"), ("How hard", ""), ("Notes", "")):
        child.expect(prompt)
        child.sendline(answer)
    child.expect("Saved: partial session")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [(prescription, pain_before)] = rows(tmp_path, "select prescription, pain_before from training_session")
    assert pain_before == 6
    slugs = [item["slug"] for item in json.loads(str(prescription))["items"]]
    flare_ok = {
        str(slug): bool(ok) for slug, ok in rows(tmp_path, "select slug, flare_up_ok from library_exercise")
    }
    assert slugs and all(flare_ok[slug] for slug in slugs)


def test_a_built_in_routine_is_adapted_before_it_is_played(tmp_path: Path) -> None:
    child = spawn(
        tmp_path, "--name", "seven-back-stretches", "--avoid", "kneeling", "--pain", "6", "--speed", "5"
    )
    child.expect("Type the numbers that apply")
    child.sendline("")
    child.expect("today is a flare-up day")
    child.expect("Cat-Cow: swapped for Seated Cat-Cow, because it starts on hands and knees")
    child.expect("Bridge: swapped for Pelvic Tilts, because it is not gentle enough for a flare-up day")
    child.expect("Doses lowered to the gentlest for a flare-up day")
    child.expect(r"Seven back stretches: \d+ exercises")
    child.expect(r"== 1/\d+ · ")
    child.send("q")
    for prompt, answer in (("Worst pain during", "5"), ("Pain now", "5"), ("How hard", ""), ("Notes", "")):
        child.expect(prompt)
        child.sendline(answer)
    child.expect("Saved: partial session")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_built_in_routine_with_nothing_safe_left_is_refused(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--name", "morning-release", "--avoid", "kneeling,floor", "--pain", "7")
    child.expect("Type the numbers that apply")
    child.sendline("")
    child.expect("today is a flare-up day")
    child.expect("Nothing in this routine is left")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
