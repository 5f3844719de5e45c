"""`spinewise play`'s safety check and pain question, driven in-process with typed answers.

Every case here stops before the player starts (the player needs a real terminal; the
pseudo-terminal tests in test_cli_play.py cover it).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from spinewise.cli import app
from spinewise.safety.models import Screening
from spinewise.safety.screening import INFLAMMATORY_FEATURES, QUESTIONS, Urgency
from spinewise.training.models import Session

pytestmark = pytest.mark.django_db
runner = CliRunner()
LEADS = [q.key for q in QUESTIONS if not q.follows]


def number(key: str) -> str:
    return str(LEADS.index(key) + 1)


def play(*args: str, answers: str = "") -> tuple[int, str]:
    result = runner.invoke(app, ["play", "--name", "morning-release", *args], input=answers)
    return result.exit_code, result.output


def stop(urgency: Urgency = Urgency.EMERGENCY) -> Screening:
    return Screening.objects.create(source="cli", answers={}, urgency=int(urgency))


def screened() -> None:
    Screening.objects.create(source="cli", answers={}, urgency=int(Urgency.NONE))


def test_the_questions_come_in_groups_with_plain_headings() -> None:
    code, output = play("--pain", "9", answers="\n")
    assert code == 3  # the pain, not the answers, stops it
    assert "Bladder, bowels and legs" in output and "Stiffness and rest" not in output.split("Type")[0]
    assert f"{len(LEADS)}. Has a month or more gone by" in output
    assert "Nothing here needs a doctor first" in output


def test_a_follow_up_is_asked_only_after_its_lead_and_decides_with_it() -> None:
    code, output = play(answers=f"{number('cancer_history')}\ny\n")
    assert code == 3
    assert "new numbness, weakness or tingling anywhere? [y/n]" in output
    assert "Go to an emergency department now." in output
    assert Screening.objects.get().answers["new_numbness"] is True

    Screening.objects.all().delete()
    code, output = play(answers=f"{number('cancer_history')}\nn\n")
    assert code == 3
    assert "See a doctor within the next few days." in output


def test_a_month_without_improvement_alone_is_a_mention_and_play_goes_on() -> None:
    code, output = play("--pain", "8", answers=f"{number('no_better_month')}\n")
    assert "Mention this to your doctor at your next visit." in output
    assert "do not exercise today" in output  # reached the pain question: the answers did not stop it
    assert code == 3


def test_the_inflammatory_pattern_asks_its_features_once_onset_and_duration_apply() -> None:
    typed = f"{number('began_before_45')} {number('lasted_3_months')}\ny\n" + "n\n" * (
        len(INFLAMMATORY_FEATURES) - 1
    )
    code, output = play("--pain", "9", answers=typed)
    assert "more than half an hour after you get up in the morning? [y/n]" in output
    assert "Mention this to your doctor at your next visit." in output
    assert code == 3
    # Without the duration the features are not asked at all.
    Screening.objects.all().delete()
    _code, output = play("--pain", "9", answers=f"{number('began_before_45')}\n")
    assert "[y/n]" not in output


def test_a_bad_number_is_asked_again() -> None:
    code, output = play("--pain", "9", answers=f"0 {len(LEADS) + 1}\n\n")
    assert f"Please type numbers from 1 to {len(LEADS)}" in output
    assert code == 3


def test_closing_the_input_never_skips_the_check() -> None:
    code, output = play(answers="")
    assert code == 3
    assert "no answer was given" in output
    assert not Screening.objects.exists()


def test_answering_no_after_a_stop_does_not_lift_it() -> None:
    stop(Urgency.EMERGENCY)
    code, output = play("--check", answers="\nn\n")
    assert code == 3
    assert "Your answers today: Nothing here needs a doctor first." in output
    assert "They do not lift the earlier stop" in output
    assert "said: Go to an emergency department now." in output
    assert not Session.objects.exists()
    # The new answers are kept as they were given; the stop stays uncleared.
    assert list(Screening.objects.values_list("urgency", "cleared_at")) == [(0, None), (4, None)]
    # And the next session is still refused.
    code, output = play(answers="n\n")
    assert code == 3
    assert "said: Go to an emergency department now." in output


def test_a_new_yes_raises_a_stop_in_force() -> None:
    stop(Urgency.WITHIN_DAYS)
    code, output = play("--check", answers=f"{number('walking')}\n")
    assert code == 3
    assert "Go to an emergency department now." in output
    assert "do not lift" not in output


def test_a_lower_new_stop_leaves_the_earlier_higher_one_in_force() -> None:
    stop(Urgency.EMERGENCY)
    play("--check", answers=f"{number('weight_loss')}\nn\n")
    code, output = play(answers="n\n")
    assert code == 3
    assert "said: Go to an emergency department now." in output


@pytest.mark.parametrize(
    ("typed_date", "message"),
    [
        ((timezone.localdate() - timedelta(days=1)).isoformat(), "was before the safety check of"),
        ((timezone.localdate() + timedelta(days=1)).isoformat(), "is in the future"),
        ("last tuesday", "is not a date like"),
    ],
)
def test_a_clearance_must_be_a_visit_since_the_stop(typed_date: str, message: str) -> None:
    stop()
    code, output = play(answers=f"y\n{typed_date}\n")
    assert code == 3
    assert "Not cleared:" in output and message in output
    assert Screening.objects.get().cleared_at is None


def test_a_visit_since_the_stop_lifts_every_stop_given_before_it() -> None:
    stop(Urgency.EMERGENCY)
    stop(Urgency.WITHIN_DAYS)
    code, output = play("--pain", "9", answers=f"y\n{timezone.localdate().isoformat()}\n")
    assert "Recorded: a clinician has seen you." in output
    assert not Screening.objects.filter(cleared_at__isnull=True).exists()
    assert code == 3  # stopped by the pain of 9/10, after the clearance


@pytest.mark.parametrize("pain", ["8", "10"])
def test_pain_of_8_or_more_stops_before_any_exercise(pain: str) -> None:
    screened()
    code, output = play("--pain", pain)
    assert code == 3
    assert f"Your pain now is {pain}/10: do not exercise today." in output
    assert "spinewise play --check" in output
    assert not Session.objects.exists()


def test_pain_is_asked_when_not_given_and_must_be_0_to_10() -> None:
    screened()
    code, output = play(answers="eleven\n11\n9\n")
    assert output.count("Please type a whole number from 0 to 10.") == 2
    assert code == 3


def test_an_out_of_range_pain_option_is_refused() -> None:
    code, output = play("--pain", "11")
    assert code == 2
    assert "less than or equal to 10" in output


def test_bad_options_are_refused_before_any_question() -> None:
    result = runner.invoke(app, ["play", "--state", "achy"], input="")
    assert result.exit_code == 2
    assert "unknown state 'achy'" in result.output
    assert "safety check" not in result.output


def test_the_help_documents_the_pain_options() -> None:
    output = " ".join(runner.invoke(app, ["play", "--help"], env={"COLUMNS": "200"}).output.split())
    assert "--pain" in output and "--keep-state" in output
    assert "8/10 or more stops" in output


@pytest.mark.parametrize(
    ("pain", "state", "keep", "day", "said"),
    [
        (5, "fine", False, "fine", ""),  # at the limit: nothing changes
        (6, "fine", False, "flare-up", "today is a flare-up day"),
        (7, "stiff", False, "flare-up", "To keep --state stiff, add --keep-state"),
        (6, "fine", True, "fine", "keeping --state fine as you asked"),
        (7, "flare-up", False, "flare-up", ""),
    ],
)
def test_pain_above_5_makes_the_day_a_flare_up_day_unless_kept(
    pain: int, state: str, keep: bool, day: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from spinewise.training.terminal_check import day_for_pain

    assert day_for_pain(pain, state, keep) == day
    printed = " ".join(capsys.readouterr().out.split())
    assert said in printed
    if not said:
        assert printed == ""


def test_keep_state_never_overrides_a_stop_for_severe_pain() -> None:
    import typer

    from spinewise.training.terminal_check import day_for_pain

    with pytest.raises(typer.Exit) as stopped:
        day_for_pain(8, "fine", True)
    assert stopped.value.exit_code == 3
