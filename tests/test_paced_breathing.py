"""A timed exercise done to a breathing rhythm carries its pace to the player (Crook-Lying Breathing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinewise.library.content import ContentError, read_exercises
from spinewise.library.models import Exercise
from spinewise.training.payload import _exercise_info
from tests.factories import write_exercise


@pytest.mark.django_db
def test_crook_lying_breathing_is_paced_four_in_six_out() -> None:
    info = _exercise_info(Exercise.objects.get(slug="crook-lying-breathing"), None)
    assert info["pace"] == {"in": 4, "out": 6}
    assert info["breathing"][0].startswith("Breathe in for a count of about 4")
    # An exercise without a pace keeps its plain cues.
    assert _exercise_info(Exercise.objects.get(slug="cat-cow"), None)["pace"] is None


def test_a_pace_outside_2_to_10_seconds_is_refused(tmp_path: Path) -> None:
    write_exercise(
        tmp_path, "too-slow", breathing=[{"step": 2, "cue": "Breathe out as you move.", "pace": [4, 30]}]
    )
    with pytest.raises(ContentError) as refused:
        read_exercises(tmp_path)
    [problem] = refused.value.problems
    assert problem.startswith("too-slow.yaml: too-slow: field 'breathing.0.pace':")
    assert "each from 2 to 10" in problem
