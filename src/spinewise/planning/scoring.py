"""Scoring the home tests and questionnaires: norms, units, imbalance and real change.

Pure Python, no Django: the result pages, the dashboard and the PDF report all call these
functions, so a figure means the same thing everywhere. Every result carries an `explain`
text in plain words for the person, in the reader's language: each sentence is a whole
catalogue entry with %(name)s placeholders, looked up through the translator the edge installs
with `speak_with` (the assessments app gives Django's gettext when Django starts); without
one, the words are English.

Where the numbers come from (full citations in content/tests/*.yaml):

- A norm band is the published mean +/- 1 SD for the person's sex and age band. Bands are
  only looked up when the profile has both sex and birth year. A band published without an
  SD (Bohannon 2006 gives means by decade) is compared with its mean only.
- Pain 0-10 (now, worst in the last week): a change is real at 2 points or 30 % of the
  baseline (Ostelo et al., Spine 2008;33:90-94). Ostelo's consensus is about improvement; we
  apply the same size to a worsening, so a rise is flagged as readily as a fall is praised.
- Patient-Specific Functional Scale: the average changes really at 2 points, one activity
  at 3 (minimal detectable change at 90 % confidence; Stratford, Gill, Westaway & Binkley,
  Physiother Can 1995;47:258-263).
- A test changes really only beyond its published measurement error. A published MDC is
  used as it is; a published SEM (or typical error, the same quantity) becomes an MDC95 of
  1.96 x sqrt(2) x SEM. A test without a published error never gets a verdict: we show the
  change against the person's own baseline and say we cannot tell whether it is real,
  rather than borrow a figure from another test.
- Stiffness 0-10 has no published smallest real change, so it is treated the same way.
- McGill's imbalance flags (Low Back Disorders, Human Kinetics): flexor/extensor 1.0 or
  more; right/left side bridge outside 0.95-1.05; either side bridge/extensor over 0.75.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


def gettext_noop(message: str) -> str:
    return message


def _no_context(context: str, message: str) -> str:
    return message


def _point() -> str:
    return "."


@dataclass
class _Language:
    """How this module's words and numbers are put in the reader's language (English by default)."""

    gettext: Callable[[str], str] = gettext_noop
    pgettext: Callable[[str, str], str] = _no_context
    decimal_separator: Callable[[], str] = _point


_LANGUAGE = _Language()


def speak_with(
    gettext: Callable[[str], str],
    pgettext: Callable[[str, str], str],
    decimal_separator: Callable[[], str],
) -> None:
    """Install the translator (called under the reader's active language each time a text is made)."""
    _LANGUAGE.gettext = gettext
    _LANGUAGE.pgettext = pgettext
    _LANGUAGE.decimal_separator = decimal_separator


def _(message: str) -> str:
    return _LANGUAGE.gettext(message)


def pgettext(context: str, message: str) -> str:
    return _LANGUAGE.pgettext(context, message)


def number(value: float, spec: str = "g") -> str:
    """A number for reading, with the language's decimal mark: 25.4 -> "25.4" or "25,4"."""
    return format(value, spec).replace(".", _LANGUAGE.decimal_separator())


CM_PER_INCH = 2.54
# A 95 % limit for the difference of two measurements, each with error SEM.
MDC95_PER_SEM = 1.96 * math.sqrt(2)

PAIN_POINTS = 2.0
PAIN_FRACTION = 0.30
PSFS_AVERAGE_POINTS = 2.0
PSFS_ACTIVITY_POINTS = 3.0

FLEXOR_EXTENSOR_LIMIT = 1.0
SIDE_BRIDGE_LOW, SIDE_BRIDGE_HIGH = 0.95, 1.05
SIDE_BRIDGE_EXTENSOR_LIMIT = 0.75


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Unit(StrEnum):
    """The unit a value is stored in."""

    CM = "cm"
    SECONDS = "seconds"


class Verdict(StrEnum):
    IMPROVED = "improved"  # a real change for the better
    WORSENED = "worsened"  # a real change for the worse
    WITHIN_ERROR = "within-error"  # smaller than the smallest real change
    UNKNOWN = "unknown"  # no published smallest real change: we cannot tell


class Position(StrEnum):
    """Where a value sits against a norm band, already turned by `better`."""

    BETTER = "better"
    WITHIN = "within"
    WORSE = "worse"


# ---------------------------------------------------------------------- units


def cm_to_inches(cm: float) -> float:
    return cm / CM_PER_INCH


def inches_to_cm(inches: float) -> float:
    return inches * CM_PER_INCH


def display_value(value: float, unit: Unit | str, display_units: str = "cm") -> tuple[float, str]:
    """A stored value in the person's units: (number rounded for reading, unit label).

    `display_units` is the profile's choice, "cm" or "in"; times are always seconds.
    """
    if Unit(unit) == Unit.SECONDS:
        return round(value, 1), "s"
    if display_units == "in":
        return round(cm_to_inches(value), 1), "in"
    return round(value, 1), "cm"


def unit_words(label: str) -> str:
    """A unit label of `display_value` ("s", "in", "cm") as the reader's language abbreviates it."""
    return {"s": pgettext("unit", "s"), "in": pgettext("unit", "in"), "cm": pgettext("unit", "cm")}.get(
        label, label
    )


def format_value(value: float, unit: Unit | str, display_units: str = "cm") -> str:
    """25.4 cm -> "25.4 cm" or "10 in"; 61.0 s -> "61 s"; 11.4 s -> "11.4 s"."""
    shown, label = display_value(value, unit, display_units)
    return f"{number(shown)} {unit_words(label)}"


# ---------------------------------------------------------------------- norms


@dataclass(frozen=True)
class NormBand:
    """One published band: mean and SD for people of this sex and age range.

    `sex` is "male", "female" or "any" (sexes pooled in the source). `sd` and `n` are None
    when the source does not give them.
    """

    sex: str
    age_min: int
    age_max: int
    mean: float
    sd: float | None
    n: int | None
    source: str

    def fits(self, sex: str, age: int) -> bool:
        return self.sex in (sex, "any") and self.age_min <= age <= self.age_max


@dataclass(frozen=True)
class NormComparison:
    band: NormBand
    value: float
    position: Position
    low: float | None  # mean - 1 SD, None when no SD is published
    high: float | None
    explain: str


def age_in(year: int, birth_year: int) -> int:
    """Age reached during `year`; a birth year alone cannot say more precisely."""
    return year - birth_year


def find_band(bands: Iterable[NormBand], sex: str | None, age: int | None) -> NormBand | None:
    """The band for this person, or None: only when both sex and age are known."""
    if not sex or age is None:
        return None
    for band in bands:
        if band.fits(sex, age):
            return band
    return None


def compare_with_norm(
    value: float, band: NormBand, better: Better | str, unit: Unit | str, display_units: str = "cm"
) -> NormComparison:
    """Where `value` sits against the band (mean +/- 1 SD), counting "better" the test's way."""
    better = Better(better)
    shown = format_value(value, unit, display_units)
    who = _who(band)
    if band.sd is None:
        low = high = None
        above = value > band.mean
        position = Position.WITHIN if value == band.mean else _side(above, better)
        average = format_value(band.mean, unit, display_units)
        said = {"value": shown, "people": who, "average": average}
        if position == Position.WITHIN:
            explain = _("Your %(value)s is the published average for %(people)s.") % said
        elif position == Position.BETTER:
            explain = (
                _("Your %(value)s is better than the published average for %(people)s (%(average)s).") % said
            )
        else:
            explain = (
                _("Your %(value)s is worse than the published average for %(people)s (%(average)s).") % said
            )
        return NormComparison(band, value, position, low, high, explain)
    low, high = band.mean - band.sd, band.mean + band.sd
    position = Position.WITHIN if low <= value <= high else _side(value > high, better)
    said = {
        "value": shown,
        "people": who,
        "low": format_value(low, unit, display_units),
        "high": format_value(high, unit, display_units),
    }
    if position == Position.WITHIN:
        explain = _("Your %(value)s is within the usual range for %(people)s (%(low)s to %(high)s).") % said
    elif position == Position.BETTER:
        explain = (
            _("Your %(value)s is better than the usual range for %(people)s (%(low)s to %(high)s).") % said
        )
    else:
        explain = (
            _("Your %(value)s is worse than the usual range for %(people)s (%(low)s to %(high)s).") % said
        )
    return NormComparison(band, value, position, low, high, explain)


def _side(above: bool, better: Better) -> Position:
    return Position.BETTER if above == (better == Better.HIGHER) else Position.WORSE


def _who(band: NormBand) -> str:
    ages = {"low": band.age_min, "high": band.age_max}
    if band.sex == "male":
        return _("men aged %(low)s-%(high)s") % ages
    if band.sex == "female":
        return _("women aged %(low)s-%(high)s") % ages
    return _("people aged %(low)s-%(high)s") % ages


# ---------------------------------------------------------------------- change


@dataclass(frozen=True)
class MeasurementError:
    """A published measurement error.

    `kind` is "MDC95" or "MDC90" (a minimal detectable change at that confidence), "MDC" (the
    source does not state the confidence) or "SEM" (standard error of measurement, or the
    typical error, which is the same quantity). MDCs are used as published; an SEM becomes
    an MDC95.
    """

    value: float
    kind: str
    source: str

    @property
    def smallest_real_change(self) -> float:
        if self.kind == "SEM":
            return self.value * MDC95_PER_SEM
        return self.value


@dataclass(frozen=True)
class Change:
    before: float
    after: float
    difference: float  # after - before, in the stored unit
    threshold: float | None  # the smallest real change used, None when none is published
    verdict: Verdict
    explain: str

    @property
    def is_real(self) -> bool:
        return self.verdict in (Verdict.IMPROVED, Verdict.WORSENED)


def result_change(
    before: float,
    after: float,
    better: Better | str,
    error: MeasurementError | None,
    unit: Unit | str,
    display_units: str = "cm",
) -> Change:
    """A test result against an earlier one: real only beyond the published measurement error."""
    better = Better(better)
    difference = after - before
    moved = _moved(difference, unit, display_units)
    if error is None:
        explain = _(
            "%(moved)s since your baseline. No measurement error has been published for this test,"
            " so we cannot say whether that change is real."
        ) % {"moved": moved}
        return Change(before, after, difference, None, Verdict.UNKNOWN, explain)
    threshold = error.smallest_real_change
    limit = format_value(threshold, unit, display_units)
    if abs(difference) < threshold:
        explain = _(
            "%(moved)s: within this test's measurement error (%(limit)s), so not a real change yet."
        ) % {
            "moved": moved,
            "limit": limit,
        }
        return Change(before, after, difference, threshold, Verdict.WITHIN_ERROR, explain)
    improved = (difference > 0) == (better == Better.HIGHER)
    said = {"moved": moved, "limit": limit}
    if improved:
        explain = (
            _("%(moved)s: beyond this test's measurement error (%(limit)s), a real change for the better.")
            % said
        )
    else:
        explain = (
            _("%(moved)s: beyond this test's measurement error (%(limit)s), a real change for the worse.")
            % said
        )
    return Change(
        before, after, difference, threshold, Verdict.IMPROVED if improved else Verdict.WORSENED, explain
    )


def _moved(difference: float, unit: Unit | str, display_units: str) -> str:
    if difference == 0:
        return _("No change")
    amount = {"amount": format_value(abs(difference), unit, display_units)}
    return (_("Up %(amount)s") if difference > 0 else _("Down %(amount)s")) % amount


def pain_change(before: int, after: int, label: str | None = None) -> Change:
    """Pain 0-10, lower is better: real at 2 points or 30 % of the baseline (Ostelo 2008)."""
    difference = float(after - before)
    points = abs(difference)
    # 30 % of a baseline of 0 is nothing; only the 2-point rule can apply there.
    fraction = points / before if before > 0 else 0.0
    threshold = PAIN_POINTS if before == 0 else min(PAIN_POINTS, PAIN_FRACTION * before)
    moved = _points(_("Pain") if label is None else label, before, after)
    said = {"moved": moved, "percent": round(fraction * 100)}
    if difference == 0 or (points < PAIN_POINTS and fraction < PAIN_FRACTION):
        explain = (
            _("%(moved)s: less than 2 points and less than 30 %% of where you started, so not a real change.")
            % said
        )
        verdict = Verdict.WITHIN_ERROR
    else:
        improved = difference < 0
        verdict = Verdict.IMPROVED if improved else Verdict.WORSENED
        if points >= PAIN_POINTS and improved:
            explain = _("%(moved)s: 2 points or more, a real change for the better.") % said
        elif points >= PAIN_POINTS:
            explain = _("%(moved)s: 2 points or more, a real change for the worse.") % said
        elif improved:
            explain = (
                _("%(moved)s: %(percent)s %% of where you started, a real change for the better.") % said
            )
        else:
            explain = _("%(moved)s: %(percent)s %% of where you started, a real change for the worse.") % said
    return Change(float(before), float(after), difference, threshold, verdict, explain)


def unrated_change(before: float, after: float, label: str) -> Change:
    """A 0-10 rating with no published smallest real change (stiffness): shown, never judged."""
    moved = _points(label, before, after)
    explain = _(
        "%(moved)s. No smallest real change is published for this rating, so we cannot say whether it is real."
    ) % {"moved": moved}
    return Change(float(before), float(after), float(after - before), None, Verdict.UNKNOWN, explain)


def psfs_average(scores: Sequence[float]) -> float:
    """The Patient-Specific Functional Scale score: the average of the activity ratings."""
    if not scores:
        raise ValueError("the PSFS needs at least one rated activity")
    return sum(scores) / len(scores)


def psfs_average_change(before: Sequence[float], after: Sequence[float]) -> Change:
    """Average of the same activities, higher is better: real at 2 points (Stratford 1995).

    Pass the ratings of the activities rated on both occasions, in the same order; an
    average over different activities would not measure change.
    """
    if len(before) != len(after):
        raise ValueError("compare the same activities on both occasions")
    old, new = psfs_average(before), psfs_average(after)
    return _higher_is_better(old, new, PSFS_AVERAGE_POINTS, _("Your activities score (average)"))


def psfs_activity_change(before: float, after: float, name: str) -> Change:
    """One activity, higher is better: real at 3 points (Stratford 1995)."""
    return _higher_is_better(before, after, PSFS_ACTIVITY_POINTS, name)


def _higher_is_better(before: float, after: float, points: float, label: str) -> Change:
    difference = after - before
    moved = _points(label, before, after)
    said = {"moved": moved, "points": number(points)}
    if abs(difference) < points:
        explain = _("%(moved)s: less than %(points)s points, so not a real change.") % said
        return Change(before, after, difference, points, Verdict.WITHIN_ERROR, explain)
    improved = difference > 0
    if improved:
        explain = _("%(moved)s: %(points)s points or more, a real change for the better.") % said
    else:
        explain = _("%(moved)s: %(points)s points or more, a real change for the worse.") % said
    return Change(
        before, after, difference, points, Verdict.IMPROVED if improved else Verdict.WORSENED, explain
    )


def _points(label: str, before: float, after: float) -> str:
    return _("%(label)s: %(before)s then %(after)s") % {
        "label": label,
        "before": number(before, ".3g"),
        "after": number(after, ".3g"),
    }


# ---------------------------------------------------------------------- imbalance


@dataclass(frozen=True)
class ImbalanceFlag:
    key: str  # "flexor-extensor", "side-to-side", "side-bridge-extensor"
    ratio: float
    explain: str


def imbalance_flags(
    *,
    flexor: float | None = None,
    extensor: float | None = None,
    side_left: float | None = None,
    side_right: float | None = None,
) -> list[ImbalanceFlag]:
    """McGill's ratios between the endurance holds, flagged when outside his targets.

    A ratio needs both of its holds; a missing or zero hold leaves that ratio out.
    """
    flags: list[ImbalanceFlag] = []
    if flexor is not None and extensor:
        ratio = flexor / extensor
        if ratio >= FLEXOR_EXTENSOR_LIMIT:
            flags.append(
                ImbalanceFlag(
                    "flexor-extensor",
                    ratio,
                    _(
                        "Your front (flexor) hold is %(ratio)s times your back (extensor) hold. McGill's target"
                        " is below 1.0: the back extensors should outlast the front."
                    )
                    % {"ratio": number(ratio, ".2f")},
                )
            )
    if side_left and side_right is not None:
        ratio = side_right / side_left
        if not SIDE_BRIDGE_LOW <= ratio <= SIDE_BRIDGE_HIGH:
            flags.append(
                ImbalanceFlag(
                    "side-to-side",
                    ratio,
                    _(
                        "Your right side bridge is %(ratio)s times your left. McGill's target is 0.95 to 1.05:"
                        " the two sides should hold about as long as each other."
                    )
                    % {"ratio": number(ratio, ".2f")},
                )
            )
    if extensor:
        for side, hold in (("left", side_left), ("right", side_right)):
            if hold is None:
                continue
            ratio = hold / extensor
            if ratio > SIDE_BRIDGE_EXTENSOR_LIMIT:
                flags.append(
                    ImbalanceFlag(
                        "side-bridge-extensor",
                        ratio,
                        (
                            _(
                                "Your left side bridge is %(ratio)s times your back (extensor) hold. McGill's"
                                " target is 0.75 or less: the back extensors should hold clearly longer than a"
                                " side bridge."
                            )
                            if side == "left"
                            else _(
                                "Your right side bridge is %(ratio)s times your back (extensor) hold. McGill's"
                                " target is 0.75 or less: the back extensors should hold clearly longer than a"
                                " side bridge."
                            )
                        )
                        % {"ratio": number(ratio, ".2f")},
                    )
                )
    return flags
