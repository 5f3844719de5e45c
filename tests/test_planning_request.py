"""One planning request: every planner input read, defaulted and bounded in one place (pure, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from spinewise.planning.model import Profile
from spinewise.planning.request import (
    DEFAULT_MINUTES,
    MAX_SEED,
    Field,
    PlanningRequest,
    RequestRefused,
    Trouble,
    today_seed,
)
from spinewise.planning.vocabulary import Equipment, Focus, Level, Position, Preference, State

TODAY = date(2026, 11, 25)


def test_nothing_given_is_the_command_lines_defaults() -> None:
    asked = PlanningRequest.parse(today=TODAY)
    assert asked == PlanningRequest(seed=20261125)
    assert (asked.minutes, asked.level, asked.state, asked.focus) == (
        DEFAULT_MINUTES,
        Level.BEGINNER,
        State.FINE,
        Focus.BALANCED,
    )
    assert asked.equipment == () and asked.avoid == () and asked.prefer is None
    assert asked.profile() == Profile()


def test_it_reads_what_a_person_typed_into_the_planners_profile() -> None:
    asked = PlanningRequest.parse(
        minutes=" 15 ",
        level="advanced",
        equipment="chair, towel",
        avoid=["kneeling", "prone,wall"],
        state="flare-up",
        focus="relief",
        prefer="extension",
        seed="42",
    )
    assert asked.minutes == 15 and asked.seed == 42
    assert asked.equipment == (Equipment.CHAIR, Equipment.TOWEL)
    assert asked.avoid == ("kneeling", "prone", "wall")
    profile = asked.profile()
    assert (
        profile.level == Level.ADVANCED and profile.state == State.FLARE_UP and profile.focus == Focus.RELIEF
    )
    assert profile.prefer == Preference.EXTENSION
    assert profile.avoid == {
        Position.QUADRUPED,
        Position.KNEELING,
        Position.HALF_KNEELING,
        Position.PRONE,
        Position.WALL,
    }


def test_none_means_no_equipment_and_no_preference() -> None:
    asked = PlanningRequest.parse(equipment="none", prefer="none")
    assert asked.equipment == () and asked.prefer is None


def test_the_default_seed_is_todays_date_so_every_face_agrees_on_a_day() -> None:
    assert today_seed(TODAY) == 20261125
    assert PlanningRequest.parse(today=TODAY).seed == PlanningRequest.parse(seed="", today=TODAY).seed


@pytest.mark.parametrize(
    ("given", "field", "trouble", "page", "terminal"),
    [
        (
            {"minutes": "4"},
            Field.MINUTES,
            Trouble.OUT_OF_RANGE,
            "Minutes must be between 5 and 30.",
            "--minutes must be between 5 and 30 (got 4)",
        ),
        (
            {"minutes": "ten"},
            Field.MINUTES,
            Trouble.NOT_A_NUMBER,
            "Minutes must be a whole number from 5 to 30.",
            "--minutes must be between 5 and 30 (got ten)",
        ),
        (
            {"level": "expert"},
            Field.LEVEL,
            Trouble.UNKNOWN,
            "Unknown level “expert”: choose beginner, intermediate or advanced.",
            "unknown level 'expert': valid values: beginner, intermediate, advanced",
        ),
        (
            {"state": "sore"},
            Field.STATE,
            Trouble.UNKNOWN,
            "Unknown state of the day “sore”: choose fine, stiff or flare-up.",
            "unknown state 'sore': valid values: fine, stiff, flare-up",
        ),
        (
            {"focus": "strenght"},
            Field.FOCUS,
            Trouble.UNKNOWN,
            "Unknown focus “strenght”: choose balanced, relief, mobility or strength.",
            "unknown focus 'strenght': did you mean strength?",
        ),
        (
            {"prefer": "flexon"},
            Field.PREFER,
            Trouble.UNKNOWN,
            "Unknown preference “flexon”: choose none, flexion or extension.",
            "unknown preference 'flexon': did you mean flexion or extension?",
        ),
        (
            {"equipment": "foam-rolr"},
            Field.EQUIPMENT,
            Trouble.UNKNOWN,
            "Unknown equipment “foam-rolr”: choose none, or any of foam-roller, chair, towel, strap, band, bench.",
            "unknown equipment 'foam-rolr': did you mean foam-roller?",
        ),
        (
            {"equipment": "none,chair"},
            Field.EQUIPMENT,
            Trouble.NONE_WITH_OTHERS,
            "Equipment “none” cannot be combined with equipment names.",
            "--equipment none cannot be combined with equipment names",
        ),
        (
            {"avoid": "ceiling"},
            Field.AVOID,
            Trouble.UNKNOWN,
            "Unknown position to avoid “ceiling”: choose any of kneeling, floor, supine, prone, side-lying,"
            " quadruped, kneeling, half-kneeling, seated-floor, seated-chair, standing, wall.",
            "unknown position to avoid 'ceiling': ",
        ),
        (
            {"avoid": "floor,standing,wall,seated-chair"},
            Field.AVOID,
            Trouble.EVERY_POSITION,
            "Every start position is avoided, so no exercise is possible: avoid fewer positions.",
            "every start position is avoided, so no exercise is possible; avoid fewer positions",
        ),
        (
            {"seed": "-1"},
            Field.SEED,
            Trouble.OUT_OF_RANGE,
            f"The seed must be a whole number from 0 to {MAX_SEED}.",
            f"--seed must be a whole number from 0 to {MAX_SEED} (got -1)",
        ),
    ],
)
def test_each_refusal_reads_clearly_on_a_page_and_in_the_terminal(
    given: dict[str, str], field: Field, trouble: Trouble, page: str, terminal: str
) -> None:
    with pytest.raises(RequestRefused) as refused:
        PlanningRequest.parse(**given)
    [problem] = refused.value.problems
    assert (problem.field, problem.trouble) == (field, trouble)
    assert problem.message == page
    assert problem.terminal.startswith(terminal)


def test_it_lists_every_bad_input_at_once_in_the_order_of_the_fields() -> None:
    with pytest.raises(RequestRefused) as refused:
        PlanningRequest.parse(seed="x", level="pro", minutes="99")
    assert [p.field for p in refused.value.problems] == [Field.MINUTES, Field.LEVEL, Field.SEED]


def test_a_request_built_in_code_is_bounded_all_the_same() -> None:
    with pytest.raises(RequestRefused, match="Minutes must be between 5 and 30"):
        PlanningRequest(minutes=31)
    with pytest.raises(RequestRefused, match="Every start position is avoided"):
        PlanningRequest(avoid=("floor", "standing", "wall", "seated-chair"))
    with pytest.raises(RequestRefused, match="seed"):
        PlanningRequest(seed=MAX_SEED + 1)


def test_its_query_reads_back_as_the_same_request() -> None:
    asked = PlanningRequest.parse(
        minutes=12,
        equipment="band",
        avoid="kneeling",
        state="stiff",
        focus="relief",
        prefer="flexion",
        seed=7,
    )
    assert asked.query() == {
        "minutes": 12,
        "level": "beginner",
        "equipment": "band",
        "avoid": "kneeling",
        "state": "stiff",
        "focus": "relief",
        "seed": 7,
        "prefer": "flexion",
    }
    assert PlanningRequest.parse(**{k: str(v) for k, v in asked.query().items()}) == asked
    assert PlanningRequest(seed=1).query()["equipment"] == "none"
