"""Each home test over time, against the baseline and, where published, the norm band.

Works on rows already loaded (see services.History), so it adds no queries. Every figure
comes from planning.scoring: the change since the baseline and whether it is real, where
the latest value sits against the published band, McGill's imbalance flags.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from spinewise.assessments.models import Assessment, HomeTest, TestResult
from spinewise.assessments.services import EXTENSOR, FLEXOR, SIDE_BRIDGE, flags_of, reference_among
from spinewise.planning.scoring import (
    Change,
    ImbalanceFlag,
    NormBand,
    NormComparison,
    Position,
    compare_with_norm,
    display_value,
    find_band,
    format_value,
    result_change,
    unit_words,
)
from spinewise.programs.dates import long_date
from spinewise.progress import periods
from spinewise.progress.charts import Chart, Kind, Line, Table, line_chart
from spinewise.progress.periods import Grain

SIDE_NAMES = {
    "": gettext_lazy("Result"),
    "left": pgettext_lazy("side", "Left"),
    "right": pgettext_lazy("side", "Right"),
}
UNIT_WORDS = {"s": gettext_lazy("seconds"), "in": gettext_lazy("inches")}
# A test's chart draws at most about this many sittings: a longer history keeps its first sitting
# and the latest of each week, month, quarter or year (whichever keeps within it), so the
# chart and its table stay the same size however many years of sittings there are.
MOST_READINGS = 48


@dataclass(frozen=True)
class Reading:
    assessment: Assessment
    day: date  # in the person's time zone
    value: float  # in the test's stored unit


@dataclass(frozen=True)
class SideTrend:
    side: str  # "", "left" or "right"
    readings: list[Reading]  # oldest first
    reference: Reading | None  # what the latest is compared with: the baseline
    change: Change | None  # the latest against the reference
    norm: NormComparison | None  # the latest against the published band

    @property
    def latest(self) -> Reading:
        return self.readings[-1]

    @property
    def norm_words(self) -> str:
        """The latest against the norm, in a few words for a tag."""
        if self.norm is None:
            return ""
        usual = self.norm.band.sd is not None
        if self.norm.position == Position.WITHIN:
            return _("Within the usual range") if usual else _("At the published average")
        if self.norm.position == Position.BETTER:
            return _("Better than the usual range") if usual else _("Better than the published average")
        return _("Worse than the usual range") if usual else _("Worse than the published average")

    @property
    def name(self) -> str:
        return str(SIDE_NAMES[self.side])


@dataclass(frozen=True)
class TestTrend:
    __test__ = False  # not a pytest test class

    test: HomeTest
    sides: list[SideTrend]
    band: NormBand | None
    norm_note: str  # why no band is drawn, when none is
    chart: Chart


def norm_note(test: HomeTest, band: NormBand | None, profile_complete: bool) -> str:
    if band is not None:
        return ""
    if not test.norm_bands():
        return _("No published norm for this test: it is compared with your own baseline only.")
    if not profile_complete:
        return _("Add your sex and birth year to your profile to compare with published norms.")
    return _("No published norm for your age and sex.")


def dashboard_reference(readings: Sequence[Reading]) -> Reading | None:
    """The baseline the dashboard compares with: the latest sitting marked baseline before the
    latest reading, else the first reading. One reading alone has nothing to compare with."""
    return reference_among(readings[:-1], lambda r: str(r.assessment.kind))


def trends_for(
    sittings: Sequence[Assessment],
    results: Mapping[int, Sequence[TestResult]],
    days: Mapping[int, date],
    *,
    units: str,
    sex: str,
    age: int | None,
    reference: Assessment | None = None,
) -> list[TestTrend]:
    """One trend per test measured in `sittings` (oldest first), in battery order.

    With `reference`, every side is compared with its value in that sitting (the report's
    "before"); without it, with the dashboard's baseline.
    """
    by_test: dict[int, tuple[HomeTest, dict[str, list[Reading]]]] = {}
    for sitting in sittings:
        for r in results.get(sitting.pk, ()):
            _test, sides = by_test.setdefault(r.test_id, (r.test, {}))
            sides.setdefault(r.side, []).append(Reading(sitting, days[sitting.pk], r.value))
    profile_complete = bool(sex) and age is not None
    trends: list[TestTrend] = []
    for test, sides in sorted(by_test.values(), key=lambda t: (t[0].order, t[0].slug)):
        band = find_band(test.norm_bands(), sex or None, age)
        side_trends: list[SideTrend] = []
        for side in sorted(sides, key=lambda s: ("", "left", "right").index(s)):
            readings = sides[side]
            if reference is None:
                ref = dashboard_reference(readings)
            else:
                ref = next((r for r in readings if r.assessment.pk == reference.pk), None)
            latest = readings[-1]
            change = None
            if ref is not None and ref is not latest:
                change = result_change(ref.value, latest.value, test.better, test.error(), test.unit, units)
            norm = compare_with_norm(latest.value, band, test.better, test.unit, units) if band else None
            side_trends.append(SideTrend(side, readings, ref, change, norm))
        trends.append(
            TestTrend(
                test=test,
                sides=side_trends,
                band=band,
                norm_note=norm_note(test, band, profile_complete),
                chart=_chart(test, side_trends, band, units, reference),
            )
        )
    return trends


def _shown(test: HomeTest, value: float, units: str) -> float:
    return display_value(value, test.unit, units)[0]


def _chart(
    test: HomeTest,
    sides: Sequence[SideTrend],
    band: NormBand | None,
    units: str,
    reference: Assessment | None,
) -> Chart:
    unit_label = display_value(0, test.unit, units)[1]
    baseline = reference is None or reference.kind == Assessment.Kind.BASELINE
    grain, shown = thinned(sides)
    lines: list[Line] = []
    for i, (side, readings) in enumerate(zip(sides, shown, strict=True)):
        name = _("Your result") if not side.side else side.name
        lines.append(Line(name, [(r.day, _shown(test, r.value, units)) for r in readings], Kind.DATA, i))
        if side.reference is not None:
            if not side.side:
                label = _("Baseline") if baseline else _("Before")
            elif baseline:
                label = _("Baseline, %(side)s") % {"side": side.name.lower()}
            else:
                label = _("Before, %(side)s") % {"side": side.name.lower()}
            lines.append(
                Line(
                    label,
                    [(side.reference.day, _shown(test, side.reference.value, units))],
                    Kind.REFERENCE,
                    i,
                )
            )
    if band is not None:
        if band.sd is not None:
            low, high = band.mean - band.sd, band.mean + band.sd
            lines.append(
                Line(_("Usual range, low"), [(sides[0].latest.day, _shown(test, low, units))], Kind.NORM)
            )
            lines.append(
                Line(_("Usual range, high"), [(sides[0].latest.day, _shown(test, high, units))], Kind.NORM)
            )
        else:
            lines.append(
                Line(
                    _("Published average"), [(sides[0].latest.day, _shown(test, band.mean, units))], Kind.NORM
                )
            )
    return line_chart(
        f"test-{test.slug}",
        test.name,
        lines,
        y_title=str(UNIT_WORDS[unit_label]) if unit_label in UNIT_WORDS else unit_words(unit_label),
        summary=_summary(test, sides, band, units),
        table=_table(test, sides, shown, grain, units),
    )


def _summary(test: HomeTest, sides: Sequence[SideTrend], band: NormBand | None, units: str) -> str:
    parts: list[str] = []
    for side in sides:
        latest = side.latest
        words = {
            "side": side.name,
            "value": format_value(latest.value, test.unit, units),
            "day": long_date(latest.day),
        }
        if side.reference is not None and side.reference is not latest:
            ref = side.reference
            words.update(
                value_before=format_value(ref.value, test.unit, units),
                day_before=long_date(ref.day),
            )
            if side.side:
                text = (
                    _("%(side)s: %(value)s on %(day)s, against %(value_before)s on %(day_before)s.") % words
                )
            else:
                text = _("%(value)s on %(day)s, against %(value_before)s on %(day_before)s.") % words
        elif side.side:
            text = _("%(side)s: %(value)s on %(day)s.") % words
        else:
            text = _("%(value)s on %(day)s.") % words
        if side.change is not None:
            text += f" {side.change.explain}"
        if side.norm is not None:
            text += f" {side.norm.explain}"
        parts.append(text)
    if len(sides[0].readings) == 1 and len(sides) == 1:
        parts.append(_("One sitting so far: the next one shows the change."))
    if band is not None and band.sd is not None:
        parts.append(
            _("The dotted lines mark the published usual range (%(low)s to %(high)s).")
            % {
                "low": format_value(band.mean - band.sd, test.unit, units),
                "high": format_value(band.mean + band.sd, test.unit, units),
            }
        )
    elif band is not None:
        parts.append(
            _("The dotted line marks the published average (%(mean)s).")
            % {"mean": format_value(band.mean, test.unit, units)}
        )
    if test.better == HomeTest.Better.HIGHER:
        head = _("%(test)s over time (higher is better).") % {"test": test.name}
    else:
        head = _("%(test)s over time (lower is better).") % {"test": test.name}
    return head + " " + " ".join(parts)


def thinned(sides: Sequence[SideTrend]) -> tuple[Grain | None, list[list[Reading]]]:
    """The readings each side's chart and table show, and the period they were thinned to (None
    when every reading is shown): at most about MOST_READINGS sittings, the first kept."""
    days = {r.assessment.pk: r.day for side in sides for r in side.readings}
    if len(days) <= MOST_READINGS:
        return None, [list(side.readings) for side in sides]
    grain = periods.grain_for(days.values(), MOST_READINGS)
    shown: list[list[Reading]] = []
    for side in sides:
        latest: dict[date, Reading] = {}
        for r in side.readings:  # oldest first, so the last one written is the period's latest
            latest[periods.start_of(r.day, grain)] = r
        kept = list(latest.values())
        if side.readings and kept[0] is not side.readings[0]:
            kept.insert(0, side.readings[0])
        shown.append(kept)
    return grain, shown


def _caption(test: HomeTest, grain: Grain | None, shown: int, total: int) -> str:
    words = {"test": test.name, "shown": shown, "total": total}
    if grain is None:
        return _("%(test)s: every result") % words
    if grain == Grain.WEEK:
        return _("%(test)s: %(shown)s of %(total)s sittings, the first and the latest of each week") % words
    if grain == Grain.MONTH:
        return _("%(test)s: %(shown)s of %(total)s sittings, the first and the latest of each month") % words
    if grain == Grain.QUARTER:
        return (
            _("%(test)s: %(shown)s of %(total)s sittings, the first and the latest of each quarter") % words
        )
    return _("%(test)s: %(shown)s of %(total)s sittings, the first and the latest of each year") % words


def _table(
    test: HomeTest,
    sides: Sequence[SideTrend],
    shown: Sequence[Sequence[Reading]],
    grain: Grain | None,
    units: str,
) -> Table:
    days: dict[int, date] = {}
    values: dict[tuple[int, str], str] = {}
    for side, readings in zip(sides, shown, strict=True):
        for r in readings:
            days[r.assessment.pk] = r.day
            values[(r.assessment.pk, side.side)] = format_value(r.value, test.unit, units)
    order = sorted(days, key=lambda pk: (days[pk], pk))
    headers = (_("Date"), *(side.name for side in sides))
    rows = [
        (date_format(days[pk], "j M Y"), *(values.get((pk, side.side), "—") for side in sides))
        for pk in order
    ]
    total = len({r.assessment.pk for side in sides for r in side.readings})
    return Table(caption=_caption(test, grain, len(order), total), headers=headers, rows=rows)


def latest_flags(
    sittings: Sequence[Assessment], results: Mapping[int, Sequence[TestResult]]
) -> tuple[Assessment | None, list[ImbalanceFlag]]:
    """McGill's imbalance flags from the latest sitting that measured any endurance hold."""
    holds = {FLEXOR, EXTENSOR, SIDE_BRIDGE}
    for sitting in reversed(sittings):
        rows = [r for r in results.get(sitting.pk, ()) if r.test.slug in holds]
        if rows:
            return sitting, flags_of(rows)
    return None, []
