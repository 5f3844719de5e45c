"""Scoring worked through with the published figures the content files carry.

Each example states the figure it rests on; the content file holds the full citation.
"""

from __future__ import annotations

import math

import pytest

from spinewise.assessments.battery import measurement_error, norm_bands, read_tests
from spinewise.planning.scoring import (
    Better,
    MeasurementError,
    NormBand,
    Position,
    Unit,
    Verdict,
    age_in,
    cm_to_inches,
    compare_with_norm,
    find_band,
    format_value,
    imbalance_flags,
    inches_to_cm,
    pain_change,
    psfs_activity_change,
    psfs_average,
    psfs_average_change,
    result_change,
    unrated_change,
)
from tests.assessment_data import TESTS_FOLDER

TESTS = {t.slug: t for t in read_tests(TESTS_FOLDER)}


def error_of(slug: str) -> MeasurementError | None:
    test = TESTS[slug]
    return measurement_error(test.measurement_error.model_dump() if test.measurement_error else None)


def bands_of(slug: str) -> list[NormBand]:
    return norm_bands([b.model_dump() for b in TESTS[slug].norms])


# ---------------------------------------------------------------------- pain (Ostelo 2008)


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (6, 4, Verdict.IMPROVED),  # 2 points
        (6, 5, Verdict.WITHIN_ERROR),  # 1 point, 17 % of 6
        (3, 2, Verdict.IMPROVED),  # 1 point, but 33 % of 3
        (4, 3, Verdict.WITHIN_ERROR),  # 1 point, 25 % of 4
        (10, 7, Verdict.IMPROVED),  # 3 points, 30 %
        (5, 7, Verdict.WORSENED),  # 2 points up
        (0, 1, Verdict.WITHIN_ERROR),  # no percentage of 0: only the 2-point rule
        (0, 2, Verdict.WORSENED),
        (5, 5, Verdict.WITHIN_ERROR),
    ],
)
def test_it_calls_a_pain_change_real_at_2_points_or_30_percent(
    before: int, after: int, verdict: Verdict
) -> None:
    change = pain_change(before, after)
    assert change.verdict == verdict
    assert change.difference == after - before
    assert change.explain


def test_it_explains_which_pain_rule_made_the_change_real() -> None:
    assert "33 % of where you started" in pain_change(3, 2).explain
    assert "2 points or more" in pain_change(7, 5).explain
    assert "real change for the worse" in pain_change(2, 4).explain


def test_stiffness_has_no_published_smallest_change_so_it_is_never_judged() -> None:
    change = unrated_change(8, 2, "Stiffness")
    assert change.verdict == Verdict.UNKNOWN
    assert change.threshold is None
    assert "cannot say" in change.explain


# ---------------------------------------------------------------------- PSFS (Stratford 1995)


def test_the_psfs_score_is_the_average_of_the_activities() -> None:
    assert psfs_average([3, 4, 5]) == 4
    assert psfs_average([2, 7]) == 4.5
    with pytest.raises(ValueError):
        psfs_average([])


def test_the_psfs_average_changes_really_at_2_points() -> None:
    assert psfs_average_change([3, 4, 5], [5, 6, 7]).verdict == Verdict.IMPROVED  # 4.0 -> 6.0
    assert psfs_average_change([3, 4, 5], [4, 5, 6]).verdict == Verdict.WITHIN_ERROR  # 4.0 -> 5.0
    assert psfs_average_change([6, 6, 6], [4, 4, 3]).verdict == Verdict.WORSENED  # 6.0 -> 3.67
    with pytest.raises(ValueError):
        psfs_average_change([1, 2, 3], [1, 2])


def test_one_psfs_activity_changes_really_at_3_points() -> None:
    assert psfs_activity_change(2, 5, "Putting on socks").verdict == Verdict.IMPROVED
    assert psfs_activity_change(2, 4, "Putting on socks").verdict == Verdict.WITHIN_ERROR
    assert psfs_activity_change(8, 5, "Putting on socks").verdict == Verdict.WORSENED
    assert "Putting on socks" in psfs_activity_change(2, 5, "Putting on socks").explain


# ---------------------------------------------------------------------- tests against their measurement error


def test_an_sem_becomes_an_mdc95() -> None:
    sem = MeasurementError(11.6, "SEM", "Latimer 1999")
    assert sem.smallest_real_change == pytest.approx(11.6 * 1.96 * math.sqrt(2))
    assert sem.smallest_real_change == pytest.approx(32.15, abs=0.01)
    assert MeasurementError(2.5, "MDC95", "Goldberg 2012").smallest_real_change == 2.5
    assert MeasurementError(4.5, "MDC", "Ekedahl 2012").smallest_real_change == 4.5


def test_the_extensor_hold_changes_really_beyond_32_seconds() -> None:
    # Latimer et al. 1999: SEM 11.6 s in people with current low back pain -> MDC95 32.2 s.
    error = error_of("trunk-extensor-endurance")
    within = result_change(60, 90, Better.HIGHER, error, Unit.SECONDS)
    assert within.verdict == Verdict.WITHIN_ERROR and within.threshold == pytest.approx(32.15, abs=0.01)
    assert result_change(60, 95, Better.HIGHER, error, Unit.SECONDS).verdict == Verdict.IMPROVED
    assert result_change(95, 60, Better.HIGHER, error, Unit.SECONDS).verdict == Verdict.WORSENED


def test_the_side_bridge_changes_really_beyond_its_typical_error() -> None:
    # Juan-Recio et al. 2022: typical error 10.95 s -> 30.35 s.
    error = error_of("side-bridge-hold")
    assert result_change(60, 90, "higher", error, "seconds").verdict == Verdict.WITHIN_ERROR
    assert result_change(60, 91, "higher", error, "seconds").verdict == Verdict.IMPROVED


def test_a_faster_sit_to_stand_is_real_beyond_2_5_seconds() -> None:
    # Goldberg et al. 2012: MDC95 2.5 s; lower is better.
    error = error_of("five-times-sit-to-stand")
    assert result_change(14.0, 11.4, "lower", error, "seconds").verdict == Verdict.IMPROVED
    assert result_change(14.0, 12.0, "lower", error, "seconds").verdict == Verdict.WITHIN_ERROR
    assert result_change(12.0, 15.0, "lower", error, "seconds").verdict == Verdict.WORSENED


def test_fingertip_to_floor_is_real_beyond_4_5_cm_and_explained_in_the_persons_units() -> None:
    # Ekedahl et al. 2012: MDC 4.5 cm; lower is better.
    error = error_of("fingertip-to-floor")
    better = result_change(20, 15, "lower", error, "cm", "in")
    assert better.verdict == Verdict.IMPROVED
    assert "Down 2 in" in better.explain and "1.8 in" in better.explain
    assert result_change(20, 16, "lower", error, "cm").verdict == Verdict.WITHIN_ERROR


def test_side_bending_is_real_beyond_its_sem() -> None:
    # Lindell et al. 2007: SEM 1.3 cm -> 3.6 cm.
    error = error_of("side-bending-fingertip-slide")
    assert result_change(15, 18, "higher", error, "cm").verdict == Verdict.WITHIN_ERROR
    assert result_change(15, 19, "higher", error, "cm").verdict == Verdict.IMPROVED


def test_a_test_without_a_published_error_gets_no_verdict() -> None:
    assert error_of("trunk-flexor-endurance") is None
    change = result_change(40, 120, "higher", None, "seconds")
    assert change.verdict == Verdict.UNKNOWN and not change.is_real
    assert "cannot say" in change.explain


# ---------------------------------------------------------------------- norms


def test_it_finds_bohannons_band_only_when_sex_and_age_are_both_known() -> None:
    # Bohannon 2006: mean 11.4 s (60-69), 12.6 s (70-79), 14.8 s (80-89), sexes pooled.
    bands = bands_of("five-times-sit-to-stand")
    assert find_band(bands, "female", 65) is not None and find_band(bands, "female", 65).mean == 11.4  # type: ignore[union-attr]
    assert find_band(bands, "male", 75).mean == 12.6  # type: ignore[union-attr]
    assert find_band(bands, "male", 89).mean == 14.8  # type: ignore[union-attr]
    assert find_band(bands, None, 65) is None
    assert find_band(bands, "female", None) is None
    assert find_band(bands, "female", 55) is None  # no band under 60
    assert find_band(bands, "male", 90) is None


def test_a_band_without_sd_compares_with_the_published_average() -> None:
    band = find_band(bands_of("five-times-sit-to-stand"), "female", 66)
    assert band is not None
    slower = compare_with_norm(12.0, band, "lower", "seconds")
    assert slower.position == Position.WORSE and slower.low is None
    assert "worse than the published average for people aged 60-69 (11.4 s)" in slower.explain
    assert compare_with_norm(10.5, band, "lower", "seconds").position == Position.BETTER


def test_a_band_with_sd_is_the_mean_plus_or_minus_one_sd() -> None:
    # Made-up figures, only to show the arithmetic: no verified band with an SD is loaded yet.
    band = NormBand("female", 20, 29, mean=100, sd=20, n=40, source="example")
    assert compare_with_norm(85, band, "higher", "seconds").position == Position.WITHIN
    assert compare_with_norm(79, band, "higher", "seconds").position == Position.WORSE
    assert compare_with_norm(121, band, "higher", "seconds").position == Position.BETTER
    assert compare_with_norm(121, band, "lower", "seconds").position == Position.WORSE
    within = compare_with_norm(100, band, "higher", "seconds")
    assert (within.low, within.high) == (80, 120)
    assert "within the usual range for women aged 20-29 (80 s to 120 s)" in within.explain


def test_age_comes_from_the_birth_year() -> None:
    assert age_in(2026, 1960) == 66


def test_no_test_loads_a_norm_we_could_not_verify() -> None:
    # McGill 1999's table could not be read: the endurance holds compare with the baseline only.
    for slug in (
        "trunk-flexor-endurance",
        "trunk-extensor-endurance",
        "side-bridge-hold",
        "fingertip-to-floor",
    ):
        assert TESTS[slug].norms == []


# ---------------------------------------------------------------------- units


def test_it_converts_between_cm_and_inches() -> None:
    assert inches_to_cm(10) == pytest.approx(25.4)
    assert cm_to_inches(25.4) == pytest.approx(10)
    assert format_value(25.4, "cm", "in") == "10 in"
    assert format_value(25.4, "cm", "cm") == "25.4 cm"
    assert format_value(61.0, "seconds", "in") == "61 s"
    assert format_value(11.44, "seconds") == "11.4 s"


# ---------------------------------------------------------------------- McGill's ratios


def test_it_flags_a_flexor_hold_as_long_as_the_extensor_hold() -> None:
    flags = imbalance_flags(flexor=120, extensor=100)
    assert [f.key for f in flags] == ["flexor-extensor"]
    assert flags[0].ratio == pytest.approx(1.2)
    assert imbalance_flags(flexor=100, extensor=100)[0].key == "flexor-extensor"  # 1.0 is already too much
    assert imbalance_flags(flexor=90, extensor=100) == []


def test_it_flags_side_bridges_that_differ_by_more_than_5_percent() -> None:
    assert [f.key for f in imbalance_flags(side_left=100, side_right=80)] == ["side-to-side"]
    assert [f.key for f in imbalance_flags(side_left=100, side_right=106)] == ["side-to-side"]
    assert imbalance_flags(side_left=100, side_right=95) == []
    assert imbalance_flags(side_left=100, side_right=105) == []


def test_it_flags_a_side_bridge_over_three_quarters_of_the_extensor_hold() -> None:
    flags = imbalance_flags(extensor=100, side_left=80, side_right=78)
    assert [(f.key, round(f.ratio, 2)) for f in flags] == [
        ("side-bridge-extensor", 0.8),
        ("side-bridge-extensor", 0.78),
    ]
    assert "left side bridge" in flags[0].explain
    assert imbalance_flags(extensor=100, side_left=75, side_right=74) == []


def test_a_ratio_needs_both_holds() -> None:
    assert imbalance_flags(flexor=200) == []
    assert imbalance_flags(flexor=200, extensor=0) == []
    assert imbalance_flags(side_right=50) == []
    assert imbalance_flags(side_left=80, extensor=None) == []
