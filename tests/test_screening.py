from __future__ import annotations

import pytest

from spinewise.safety.screening import ADVICE, QUESTIONS, Urgency, outcome


def test_it_allows_exercise_when_nothing_applies() -> None:
    advice = outcome([])
    assert advice.urgency == Urgency.NONE
    assert advice.may_exercise


@pytest.mark.parametrize(
    ("yes", "urgency"),
    [
        (["bladder_bowel"], Urgency.EMERGENCY),
        (["saddle_numbness"], Urgency.EMERGENCY),
        (["both_legs"], Urgency.EMERGENCY),
        (["cancer_nerve"], Urgency.EMERGENCY),
        (["infection"], Urgency.SAME_DAY),
        (["trauma"], Urgency.SAME_DAY),
        (["cancer_signs"], Urgency.WITHIN_DAYS),
        (["inflammatory"], Urgency.MENTION),
    ],
)
def test_it_refers_each_flag_with_its_urgency(yes: list[str], urgency: Urgency) -> None:
    assert outcome(yes).urgency == urgency


def test_it_answers_with_the_most_urgent_flag() -> None:
    assert outcome(["inflammatory", "cancer_signs", "infection"]).urgency == Urgency.SAME_DAY
    assert outcome(["inflammatory", "both_legs"]).urgency == Urgency.EMERGENCY


def test_it_stops_exercise_for_everything_but_a_mention() -> None:
    for urgency, advice in ADVICE.items():
        assert advice.may_exercise == (urgency in (Urgency.NONE, Urgency.MENTION))


def test_it_refuses_an_unknown_question() -> None:
    with pytest.raises(KeyError, match="unknown screening question"):
        outcome(["made_up"])


def test_it_covers_every_red_flag_group_of_the_guideline() -> None:
    keys = {q.key for q in QUESTIONS}
    assert keys == {
        "bladder_bowel",
        "saddle_numbness",
        "both_legs",
        "cancer_nerve",
        "infection",
        "trauma",
        "cancer_signs",
        "inflammatory",
    }


def test_it_never_names_a_diagnosis_in_what_it_tells_the_person() -> None:
    words = ("cauda equina", "tumour", "tumor", "fracture", "ankylosing", "spondyl", "diagnos")
    texts = [q.text for q in QUESTIONS] + [a.headline + a.action for a in ADVICE.values()]
    for text in texts:
        assert not any(w in text.lower() for w in words), text
