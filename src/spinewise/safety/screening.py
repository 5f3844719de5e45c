"""The safety screening: red flags in plain words and the urgency each leads to.

Built from NICE NG59 and its clinical knowledge summary on low back pain, and the British
Association of Spine Surgeons' 2018 cauda equina pathway (see CLINICAL.md). It
refers; it never names a condition to the person. Pure Python: the terminal and the web
ask the same questions and reach the same outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum


class Urgency(IntEnum):
    """Higher is more urgent."""

    NONE = 0
    MENTION = 1  # tell a doctor at a routine visit; exercise may continue
    WITHIN_DAYS = 2  # see a doctor within a few days; exercise paused until cleared
    SAME_DAY = 3  # see a doctor today
    EMERGENCY = 4  # emergency department now


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    urgency: Urgency


@dataclass(frozen=True)
class Advice:
    urgency: Urgency
    headline: str
    action: str
    may_exercise: bool


QUESTIONS: tuple[Question, ...] = (
    Question(
        "bladder_bowel",
        "New trouble starting to pee, a weaker stream than usual, or any loss of control of your bladder or bowels?",
        Urgency.EMERGENCY,
    ),
    Question(
        "saddle_numbness",
        "Numbness or pins and needles around your genitals, buttocks or back passage?",
        Urgency.EMERGENCY,
    ),
    Question(
        "both_legs",
        "Pain, numbness or weakness in both legs, or a leg that is getting weaker, or trouble walking?",
        Urgency.EMERGENCY,
    ),
    Question(
        "cancer_nerve",
        "Have you had cancer, and now have back pain with any new numbness, weakness or tingling?",
        Urgency.EMERGENCY,
    ),
    Question(
        "infection",
        "A fever, chills or sweats, feeling generally unwell, a recent infection (such as a urine infection),"
        " a weakened immune system, or injecting drugs?",
        Urgency.SAME_DAY,
    ),
    Question(
        "trauma",
        "Did the pain start after a bad fall or accident, or a small one if you have thin bones (osteoporosis)"
        " or take steroid tablets long term? Or sudden severe pain in the middle of your back that eases lying down?",
        Urgency.SAME_DAY,
    ),
    Question(
        "cancer_signs",
        "Is this your first back pain and you are over 50 or under 20; or have you had cancer; or lost weight"
        " without trying; or have night pain that no position eases; or no improvement after a month?",
        Urgency.WITHIN_DAYS,
    ),
    Question(
        "inflammatory",
        "Did your back pain start before 45 and last over 3 months, with stiffness in the morning, waking in the"
        " second half of the night, buttock pain, or pain that gets better when you move?",
        Urgency.MENTION,
    ),
)

ADVICE: Mapping[Urgency, Advice] = {
    Urgency.EMERGENCY: Advice(
        Urgency.EMERGENCY,
        "Go to an emergency department now.",
        "Do not exercise. These symptoms can mean the nerves at the base of the spine are under pressure, and that"
        " needs to be checked today, in person, without waiting. If you cannot get there, call your emergency number.",
        False,
    ),
    Urgency.SAME_DAY: Advice(
        Urgency.SAME_DAY,
        "See a doctor today.",
        "Do not exercise until a doctor has seen you. Call your doctor's surgery or an urgent care service today; if"
        " you feel very unwell or the pain followed a major accident, go to an emergency department.",
        False,
    ),
    Urgency.WITHIN_DAYS: Advice(
        Urgency.WITHIN_DAYS,
        "See a doctor within the next few days.",
        "Book an appointment with your doctor this week and mention what you answered here. Pause these exercises"
        " until a doctor has checked your back and said exercise is fine.",
        False,
    ),
    Urgency.MENTION: Advice(
        Urgency.MENTION,
        "Mention this to your doctor at your next visit.",
        "Gentle exercise is fine to continue meanwhile. A doctor may want to check whether an inflammatory"
        " cause is behind this pattern of stiffness.",
        True,
    ),
    Urgency.NONE: Advice(
        Urgency.NONE,
        "Nothing here needs a doctor first.",
        "You can start. Go gently, and stop if pain spreads down a leg or gets sharply worse.",
        True,
    ),
}

BY_KEY: Mapping[str, Question] = {q.key: q for q in QUESTIONS}


def outcome(yes_keys: Iterable[str]) -> Advice:
    """The advice for the most urgent "yes". Unknown keys are an error, never ignored."""
    urgency = Urgency.NONE
    for key in yes_keys:
        if key not in BY_KEY:
            raise KeyError(f"unknown screening question '{key}'")
        urgency = max(urgency, BY_KEY[key].urgency)
    return ADVICE[urgency]
