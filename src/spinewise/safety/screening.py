"""The safety screening: red flags in plain words and the urgency each leads to.

Built from NICE NG59 and its clinical knowledge summary on low back pain, the British
Association of Spine Surgeons' 2018 cauda equina pathway and the NHS cauda equina warning
cards (see CLINICAL.md in the
project's design notes). It refers; it never names a condition to the person. Pure
Python: the terminal and the web ask the same questions and reach the same outcome.

Each question asks one thing. A flag that needs two facts (a history of cancer *and* new
numbness) is not asked as one compound question, where a "yes" to either half would count:
both facts are asked and an explicit rule in `RULES` combines them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum


def gettext_noop(message: str) -> str:
    """Marks a text for the catalogues (xgettext collects it); the pages, the API and the
    command line show it through Django's gettext in the reader's language."""
    return message


class Urgency(IntEnum):
    """Higher is more urgent."""

    NONE = 0
    MENTION = 1  # tell a doctor at a routine visit; exercise may continue
    WITHIN_DAYS = 2  # see a doctor within a few days; exercise paused until cleared
    SAME_DAY = 3  # see a doctor today
    EMERGENCY = 4  # emergency department now


@dataclass(frozen=True)
class Question:
    """One yes/no question. `urgency` is what a "yes" leads to on its own (NONE when the answer
    only counts together with others, through `RULES`); `follows` names the questions that must
    all be "yes" before this one is worth asking (a follow-up: unasked counts as "no")."""

    key: str
    text: str
    urgency: Urgency
    group: str
    follows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """Every question in `keys` answered "yes" leads to `urgency`."""

    keys: frozenset[str]
    urgency: Urgency
    why: str


@dataclass(frozen=True)
class Advice:
    urgency: Urgency
    headline: str
    action: str
    may_exercise: bool


# Plain headings, in the order the groups are asked (most urgent first).
NERVES = gettext_noop("Bladder, bowels and legs")
CANCER = gettext_noop("Past illness")
INFECTION = gettext_noop("Infection")
INJURY = gettext_noop("Falls and injuries")
WEIGHT_NIGHT = gettext_noop("Weight and night pain")
ONSET = gettext_noop("When this back pain began")
PATTERN = gettext_noop("Stiffness and rest")

GROUPS: tuple[str, ...] = (NERVES, CANCER, INFECTION, INJURY, WEIGHT_NIGHT, ONSET, PATTERN)

INFLAMMATORY_FEATURES: tuple[str, ...] = (
    "morning_stiffness",
    "better_moving",
    "wakes_late_night",
    "buttock_switching",
    "anti_inflammatories_help",
    "family_inflammatory",
)
_ONSET_AND_DURATION = ("began_before_45", "lasted_3_months")

QUESTIONS: tuple[Question, ...] = (
    # -- pressure on the nerves at the base of the spine: each alone is an emergency (BASS 2018,
    #    NHS warning cards, which add new sexual dysfunction).
    Question(
        "passing_urine",
        gettext_noop(
            "Has it newly become hard to pee, for example trouble starting or a weaker flow than usual?"
        ),
        Urgency.EMERGENCY,
        NERVES,
    ),
    Question(
        "bladder_bowel",
        gettext_noop(
            "Have you lost control of your bladder or bowels, leaking pee or poo without meaning to (incontinence)?"
        ),
        Urgency.EMERGENCY,
        NERVES,
    ),
    Question(
        "saddle_numbness",
        gettext_noop(
            "Is there numbness or pins and needles around your genitals, buttocks or back passage"
            " (saddle numbness)?"
        ),
        Urgency.EMERGENCY,
        NERVES,
    ),
    Question(
        "sexual_function",
        gettext_noop(
            "Has sex newly changed because of numbness or loss of function, for example less feeling in your"
            " genitals, or trouble getting an erection or reaching orgasm (sexual dysfunction)?"
        ),
        Urgency.EMERGENCY,
        NERVES,
    ),
    Question(
        "both_legs",
        gettext_noop("Do you have pain, numbness or weakness in both legs at the same time?"),
        Urgency.EMERGENCY,
        NERVES,
    ),
    Question(
        "leg_weakness",
        gettext_noop("Is a leg getting weaker, or so weak that it gives way under you?"),
        Urgency.EMERGENCY,
        NERVES,
    ),
    Question(
        "walking",
        gettext_noop("Have you newly found it hard to walk because your legs will not work properly?"),
        Urgency.EMERGENCY,
        NERVES,
    ),
    # -- a past cancer: alone a reason to see a doctor within days; with new nerve symptoms an
    #    emergency (NICE CKS: possible spinal metastases with neurological signs).
    Question("cancer_history", gettext_noop("Have you ever had cancer?"), Urgency.WITHIN_DAYS, CANCER),
    Question(
        "new_numbness",
        gettext_noop(
            "Since this back pain began, have you had any new numbness, weakness or tingling anywhere?"
        ),
        Urgency.NONE,
        CANCER,
        follows=("cancer_history",),
    ),
    # -- infection (NICE CKS): each alone means a doctor today.
    Question(
        "fever",
        gettext_noop("Have you had a fever, shivering chills or sweats?"),
        Urgency.SAME_DAY,
        INFECTION,
    ),
    Question(
        "unwell",
        gettext_noop("Do you feel generally unwell, ill in yourself and not just sore in your back?"),
        Urgency.SAME_DAY,
        INFECTION,
    ),
    Question(
        "infection",
        gettext_noop("Have you had an infection recently, such as a urine infection?"),
        Urgency.SAME_DAY,
        INFECTION,
    ),
    Question(
        "weak_immunity",
        gettext_noop(
            "Is your immune system weakened, by an illness or by medicines such as chemotherapy (immunosuppression)?"
        ),
        Urgency.SAME_DAY,
        INFECTION,
    ),
    Question(
        "injecting_drugs",
        gettext_noop("Do you inject drugs that were not prescribed to you?"),
        Urgency.SAME_DAY,
        INFECTION,
    ),
    # -- injury (NICE CKS): a major accident is an emergency; a minor one counts with thin bones or
    #    long-term steroid tablets; sudden severe pain in the middle of the back counts when lying
    #    down eases it.
    Question(
        "major_accident",
        gettext_noop(
            "Did this pain start after a major accident, such as a car crash or a fall from a height?"
        ),
        Urgency.EMERGENCY,
        INJURY,
    ),
    Question(
        "minor_fall",
        gettext_noop("Did this pain start after a minor fall, knock or strain?"),
        Urgency.NONE,
        INJURY,
    ),
    Question(
        "thin_bones",
        gettext_noop("Have you been told that you have thin or fragile bones (osteoporosis)?"),
        Urgency.NONE,
        INJURY,
        follows=("minor_fall",),
    ),
    Question(
        "steroid_tablets",
        gettext_noop("Have you taken steroid tablets, such as prednisolone, for 3 months or more?"),
        Urgency.NONE,
        INJURY,
        follows=("minor_fall",),
    ),
    Question(
        "sudden_central_pain",
        gettext_noop("Did severe pain start suddenly in the middle of your back, right along the spine?"),
        Urgency.NONE,
        INJURY,
    ),
    Question(
        "eased_lying_down",
        gettext_noop("Does that sudden pain ease when you lie down?"),
        Urgency.NONE,
        INJURY,
        follows=("sudden_central_pain",),
    ),
    # -- possible cancer (NICE NG59 / CKS): each alone means a doctor within days.
    Question(
        "weight_loss",
        gettext_noop("Have you lost weight recently without trying to?"),
        Urgency.WITHIN_DAYS,
        WEIGHT_NIGHT,
    ),
    Question(
        "night_pain",
        gettext_noop("At night, does the pain stay however you lie, so that no change of position eases it?"),
        Urgency.WITHIN_DAYS,
        WEIGHT_NIGHT,
    ),
    # -- onset and duration: facts that count only together (rules below).
    Question(
        "first_back_pain",
        gettext_noop("Is this the first time in your life that you have had back pain?"),
        Urgency.NONE,
        ONSET,
    ),
    Question(
        "began_after_50", gettext_noop("Did this back pain begin after you turned 50?"), Urgency.NONE, ONSET
    ),
    Question(
        "began_before_20", gettext_noop("Did this back pain begin before you turned 20?"), Urgency.NONE, ONSET
    ),
    Question(
        "began_before_45", gettext_noop("Did this back pain begin before you turned 45?"), Urgency.NONE, ONSET
    ),
    Question(
        "lasted_3_months", gettext_noop("Has this back pain lasted more than 3 months?"), Urgency.NONE, ONSET
    ),
    Question(
        "no_better_month",
        gettext_noop("Has a month or more gone by without this pain getting any better?"),
        Urgency.MENTION,
        ONSET,
    ),
    # -- the inflammatory pattern: asked only when the pain began before 45 and has lasted over
    #    3 months, because only then does a feature count.
    Question(
        "morning_stiffness",
        gettext_noop("Is your back stiff for more than half an hour after you get up in the morning?"),
        Urgency.NONE,
        PATTERN,
        follows=_ONSET_AND_DURATION,
    ),
    Question(
        "better_moving",
        gettext_noop("Does the pain get better when you move about and worse when you rest?"),
        Urgency.NONE,
        PATTERN,
        follows=_ONSET_AND_DURATION,
    ),
    Question(
        "wakes_late_night",
        gettext_noop("Does the pain wake you in the second half of the night, in the early hours?"),
        Urgency.NONE,
        PATTERN,
        follows=_ONSET_AND_DURATION,
    ),
    Question(
        "buttock_switching",
        gettext_noop("Do you get pain deep in your buttocks that switches from one side to the other?"),
        Urgency.NONE,
        PATTERN,
        follows=_ONSET_AND_DURATION,
    ),
    Question(
        "anti_inflammatories_help",
        gettext_noop(
            "Does the pain ease a lot within a day or two of taking anti-inflammatory painkillers such as"
            " ibuprofen or naproxen (NSAIDs)?"
        ),
        Urgency.NONE,
        PATTERN,
        follows=_ONSET_AND_DURATION,
    ),
    Question(
        "family_inflammatory",
        gettext_noop(
            "Has a parent, brother, sister or child of yours been told they have an inflammatory back or joint"
            " condition?"
        ),
        Urgency.NONE,
        PATTERN,
        follows=_ONSET_AND_DURATION,
    ),
)

# The rules for flags that need two or more facts. Sources and the reasoning, rule by rule:
# - cancer with nerve symptoms (NICE CKS back pain; CLINICAL.md): a history of cancer and new
#   numbness, weakness or tingling is an emergency.
# - fracture (NICE CKS): a minor fall with thin bones, or with long-term steroid tablets; or
#   sudden severe central pain that lying down eases. Same day.
# - possible cancer (NICE NG59 / CKS): a first ever back pain after 50 or before 20 is a reason
#   to see a doctor within days.
# - no improvement after a month: on its own it is common in long-standing backs that are simply
#   stiff, so alone it is only a mention (no pause). With another sign of possible cancer it
#   pauses exercise. A past cancer, weight loss and night pain pause on their own already; the
#   rule adds the one sign that does not: pain that began after 50, even if not the first back
#   pain (the guidance counts age over 50 as a risk factor). Conservative on purpose.
# - the inflammatory pattern (NICE CKS; NICE NG65 on spondyloarthritis asks for more features
#   before a specialist referral): began before 45, lasted over 3 months, and at least one
#   feature. A mention costs nothing and never stops exercise, so one feature is enough here.
RULES: tuple[Rule, ...] = (
    Rule(
        frozenset({"cancer_history", "new_numbness"}),
        Urgency.EMERGENCY,
        gettext_noop("a past cancer with new numbness, weakness or tingling"),
    ),
    Rule(
        frozenset({"minor_fall", "thin_bones"}),
        Urgency.SAME_DAY,
        gettext_noop("a minor fall with thin bones"),
    ),
    Rule(
        frozenset({"minor_fall", "steroid_tablets"}),
        Urgency.SAME_DAY,
        gettext_noop("a minor fall while taking steroid tablets long term"),
    ),
    Rule(
        frozenset({"sudden_central_pain", "eased_lying_down"}),
        Urgency.SAME_DAY,
        gettext_noop("sudden severe pain along the spine that lying down eases"),
    ),
    Rule(
        frozenset({"first_back_pain", "began_after_50"}),
        Urgency.WITHIN_DAYS,
        gettext_noop("a first back pain that began after 50"),
    ),
    Rule(
        frozenset({"first_back_pain", "began_before_20"}),
        Urgency.WITHIN_DAYS,
        gettext_noop("a first back pain that began before 20"),
    ),
    Rule(
        frozenset({"no_better_month", "began_after_50"}),
        Urgency.WITHIN_DAYS,
        gettext_noop("pain that began after 50 and has not improved in a month"),
    ),
    *(
        Rule(
            frozenset({*_ONSET_AND_DURATION, feature}),
            Urgency.MENTION,
            gettext_noop(
                "back pain that began before 45 and lasted over 3 months, with a pattern worth a doctor's look"
            ),
        )
        for feature in INFLAMMATORY_FEATURES
    ),
)

# Each stopping outcome's action ends with the same two sentences (the stop that holds until a
# clinician has seen the person), written out in full so that each action is one catalogue entry.
ADVICE: Mapping[Urgency, Advice] = {
    Urgency.EMERGENCY: Advice(
        Urgency.EMERGENCY,
        gettext_noop("Go to an emergency department now."),
        gettext_noop(
            "Do not exercise. What you answered needs to be checked today, in person, without waiting: pressure"
            " on the nerves at the base of the spine, for one, can do lasting harm within hours. If you cannot"
            " get there, call your emergency number. This stop holds until a clinician has seen you: answering"
            " the questions again does not lift it; recording that a doctor or physiotherapist has assessed you"
            " does."
        ),
        False,
    ),
    Urgency.SAME_DAY: Advice(
        Urgency.SAME_DAY,
        gettext_noop("See a doctor today."),
        gettext_noop(
            "Do not exercise. Call your doctor's surgery or an urgent care service today; if you feel very"
            " unwell, go to an emergency department. This stop holds until a clinician has seen you: answering"
            " the questions again does not lift it; recording that a doctor or physiotherapist has assessed you"
            " does."
        ),
        False,
    ),
    Urgency.WITHIN_DAYS: Advice(
        Urgency.WITHIN_DAYS,
        gettext_noop("See a doctor within the next few days."),
        gettext_noop(
            "Book an appointment with your doctor this week and mention what you answered here. Pause these"
            " exercises until a doctor has checked your back and said exercise is fine. This stop holds until a"
            " clinician has seen you: answering the questions again does not lift it; recording that a doctor"
            " or physiotherapist has assessed you does."
        ),
        False,
    ),
    Urgency.MENTION: Advice(
        Urgency.MENTION,
        gettext_noop("Mention this to your doctor at your next visit."),
        gettext_noop(
            "Gentle exercise is fine to continue meanwhile. Pain that lasts, or a pattern of long morning"
            " stiffness that eases as you move, is worth a doctor's look at a routine visit."
        ),
        True,
    ),
    Urgency.NONE: Advice(
        Urgency.NONE,
        gettext_noop("Nothing here needs a doctor first."),
        gettext_noop("You can start. Go gently, and stop if pain spreads down a leg or gets sharply worse."),
        True,
    ),
}

BY_KEY: Mapping[str, Question] = {q.key: q for q in QUESTIONS}


def questions_in(group: str) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.group == group)


def asked(question: Question, yes_keys: Iterable[str]) -> bool:
    """Whether a follow-up is worth asking, given the "yes" answers so far."""
    return set(question.follows) <= set(yes_keys)


def urgency_of(yes_keys: Iterable[str]) -> Urgency:
    """The most urgent outcome of the "yes" answers. Unknown keys are an error, never ignored."""
    yes = set(yes_keys)
    for key in yes:
        if key not in BY_KEY:
            raise KeyError(f"unknown screening question '{key}'")
    # A "yes" to a follow-up whose lead question was "no" was never meant to be asked.
    yes = {k for k in yes if asked(BY_KEY[k], yes)}
    urgency = max((BY_KEY[k].urgency for k in yes), default=Urgency.NONE)
    for rule in RULES:
        if rule.keys <= yes:
            urgency = max(urgency, rule.urgency)
    return urgency


def outcome(yes_keys: Iterable[str]) -> Advice:
    """The advice for the most urgent "yes" (alone or by a rule). Unknown keys raise KeyError."""
    return ADVICE[urgency_of(yes_keys)]


# ---------------------------------------------------------------- the stop that holds


def stops(urgency: Urgency) -> bool:
    """Whether this urgency pauses exercise until a clinician has seen the person."""
    return not ADVICE[urgency].may_exercise


class ClearanceError(ValueError):
    """A clinician visit date that cannot lift the stop."""


@dataclass(frozen=True)
class Standing:
    """The urgency in force, since when, and whether it is an earlier stop still holding."""

    urgency: Urgency
    since: date
    held: bool


def check_clearance(stopped_on: date, visit_on: date, today: date) -> None:
    """A clearance counts only for a clinician visit on or after the stop's date, and not in the
    future; raises ClearanceError saying which."""
    if visit_on > today:
        raise ClearanceError(f"the visit date {visit_on:%Y-%m-%d} is in the future")
    if visit_on < stopped_on:
        raise ClearanceError(
            f"the visit on {visit_on:%Y-%m-%d} was before the safety check of {stopped_on:%Y-%m-%d}"
            " that asked you to see someone; a clinician needs to have seen you since"
        )


def urgency_in_force(
    previous: Urgency | None,
    stopped_on: date | None,
    new: Urgency,
    today: date,
    cleared_on: date | None = None,
) -> Standing:
    """What holds after answering again: the new outcome, unless an earlier stop is not cleared.

    An uncleared stop is never lowered by new answers; a new "yes" can only raise it. A clearance
    (the date a clinician saw the person) lifts the earlier stop when `check_clearance` accepts it.
    """
    if previous is None or not stops(previous):
        if cleared_on is not None:
            raise ClearanceError("there is no stop to clear")
        return Standing(new, today, held=False)
    if stopped_on is None:
        raise ValueError("a stop needs the date it was given")
    if cleared_on is not None:
        check_clearance(stopped_on, cleared_on, today)
        return Standing(new, today, held=False)
    if new > previous:
        return Standing(new, today, held=False)
    return Standing(previous, stopped_on, held=True)
