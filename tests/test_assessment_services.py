"""Recording an assessment (all or nothing), finding its baseline, and comparing two sittings."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from spinewise.assessments.models import Assessment, FunctionActivity, FunctionRating, TestResult
from spinewise.assessments.services import (
    AssessmentIn,
    AssessmentRefused,
    NewActivity,
    ResultIn,
    baseline_for,
    compare,
    default_kind,
    record_assessment,
)
from spinewise.planning.scoring import Verdict
from tests.assessment_data import sitting

pytestmark = pytest.mark.django_db

ACTIVITIES = [("Putting on socks", 3), ("Sitting through a film", 4), ("Lifting the shopping", 5)]


def refused(user: Any, data: AssessmentIn) -> str:
    with pytest.raises(AssessmentRefused) as caught:
        record_assessment(user, data)
    return " ".join(caught.value.problems)


def test_it_records_a_sitting_with_its_results_ratings_and_activities(trainee: Any) -> None:
    a = sitting(
        trainee,
        kind="baseline",
        pain_now=5,
        pain_worst_week=7,
        stiffness=6,
        results={
            ("fingertip-to-floor", ""): 22.5,
            ("side-bridge-hold", "left"): 40,
            ("side-bridge-hold", "right"): 35,
        },
        activities=ACTIVITIES,
    )
    assert (a.kind, a.pain_now, a.pain_worst_week, a.stiffness) == ("baseline", 5, 7, 6)
    assert sorted(a.results.values_list("test__slug", "side", "value")) == [
        ("fingertip-to-floor", "", 22.5),
        ("side-bridge-hold", "left", 40.0),
        ("side-bridge-hold", "right", 35.0),
    ]
    assert [(r.activity.name, r.score) for r in a.ratings.all()] == ACTIVITIES
    assert FunctionActivity.objects.filter(user=trainee).count() == 3


def test_later_sittings_rerate_the_same_activities_and_may_add_one(trainee: Any) -> None:
    sitting(trainee, kind="baseline", activities=ACTIVITIES)
    ids = list(FunctionActivity.objects.filter(user=trainee).values_list("pk", flat=True))
    later = sitting(trainee, ratings={ids[0]: 6, ids[1]: 7}, activities=[("Gardening", 2)])
    assert sorted(later.ratings.values_list("activity__name", "score")) == [
        ("Gardening", 2),
        ("Putting on socks", 6),
        ("Sitting through a film", 7),
    ]
    assert FunctionActivity.objects.filter(user=trainee).count() == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (AssessmentIn(), "Answer at least one test or question."),
        (AssessmentIn(results=[ResultIn("no-such-test", "", 3)]), "There is no test 'no-such-test'."),
        (
            AssessmentIn(results=[ResultIn("fingertip-to-floor", "left", 3)]),
            "side 'left' is not one this test measures",
        ),
        (
            AssessmentIn(results=[ResultIn("side-bridge-hold", "", 30)]),
            "side '' is not one this test measures",
        ),
        (AssessmentIn(results=[ResultIn("trunk-extensor-endurance", "", 300)]), "outside 0 to 240 seconds"),
        (
            AssessmentIn(
                results=[ResultIn("fingertip-to-floor", "", 3), ResultIn("fingertip-to-floor", "", 4)]
            ),
            "recorded twice",
        ),
        (
            AssessmentIn(new_activities=[NewActivity("Socks", 3), NewActivity("Film", 4)]),
            "Name at least 3 activities",
        ),
        (
            AssessmentIn(new_activities=[NewActivity(f"Thing {n}", 3) for n in range(6)]),
            "Keep to 5 activities",
        ),
        (
            AssessmentIn(
                new_activities=[NewActivity("Socks", 3), NewActivity("socks", 4), NewActivity("Film", 1)]
            ),
            "already have",
        ),
        (
            AssessmentIn(
                new_activities=[NewActivity("Socks", 11), NewActivity("Film", 4), NewActivity("Car", 1)]
            ),
            "0 to 10",
        ),
    ],
)
def test_it_refuses_what_cannot_be_saved_and_writes_nothing(
    trainee: Any, data: AssessmentIn, message: str
) -> None:
    assert message in refused(trainee, data)
    assert not Assessment.objects.exists() and not FunctionActivity.objects.exists()


def test_it_refuses_to_rate_someone_elses_activity(trainee: Any, stranger: Any) -> None:
    sitting(stranger, activities=ACTIVITIES)
    theirs = FunctionActivity.objects.filter(user=stranger).first()
    assert theirs is not None
    assert "not one of yours" in refused(trainee, AssessmentIn(ratings={theirs.pk: 5}))
    assert not Assessment.objects.filter(user=trainee).exists()


def test_it_refuses_a_sixth_activity(trainee: Any) -> None:
    sitting(trainee, activities=[*ACTIVITIES, ("Gardening", 2), ("Driving", 6)])
    assert "Keep to 5 activities" in refused(
        trainee, AssessmentIn(new_activities=[NewActivity("Cycling", 3)])
    )


def test_a_failure_halfway_leaves_nothing_half_saved(trainee: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise IntegrityError("the disk is full")

    monkeypatch.setattr(FunctionRating.objects, "bulk_create", broken)
    with pytest.raises(IntegrityError):
        sitting(trainee, pain_now=4, results={("fingertip-to-floor", ""): 20}, activities=ACTIVITIES)
    assert not Assessment.objects.exists()
    assert not TestResult.objects.exists()
    assert not FunctionActivity.objects.exists()


def test_the_database_refuses_ratings_outside_0_to_10(trainee: Any) -> None:
    with pytest.raises(IntegrityError):
        Assessment.objects.create(user=trainee, pain_now=11)


def test_the_first_sitting_is_the_baseline_then_a_check_in_by_default() -> None:
    assert default_kind(None, has_assessments=False) == "baseline"
    assert default_kind("end", has_assessments=False) == "baseline"
    assert default_kind(None, has_assessments=True) == "check"
    assert default_kind("middle", has_assessments=True) == "middle"
    assert default_kind("nonsense", has_assessments=True) == "check"


def test_the_baseline_is_the_latest_baseline_before_else_the_first_sitting(
    trainee: Any, stranger: Any
) -> None:
    first = sitting(trainee, kind="check", days_ago=60, pain_now=5)
    second = sitting(trainee, kind="check", days_ago=50, pain_now=5)
    assert baseline_for(second) == first
    old_baseline = sitting(trainee, kind="baseline", days_ago=40, pain_now=5)
    new_baseline = sitting(trainee, kind="baseline", days_ago=20, pain_now=5)
    middle = sitting(trainee, kind="middle", days_ago=10, pain_now=4)
    sitting(stranger, kind="baseline", days_ago=5, pain_now=2)
    assert baseline_for(middle) == new_baseline
    assert baseline_for(new_baseline) is None  # a baseline is the reference itself
    assert baseline_for(first) is None
    assert old_baseline != new_baseline


def test_comparing_two_sittings_gives_every_row_its_change_and_verdict(trainee: Any) -> None:
    before = sitting(
        trainee,
        kind="baseline",
        days_ago=42,
        pain_now=6,
        pain_worst_week=8,
        stiffness=7,
        results={
            ("trunk-extensor-endurance", ""): 60,
            ("five-times-sit-to-stand", ""): 14.0,
            ("trunk-flexor-endurance", ""): 30,
            ("side-bridge-hold", "left"): 40,
        },
        activities=ACTIVITIES,
    )
    ids = list(FunctionActivity.objects.filter(user=trainee).values_list("pk", flat=True))
    after = sitting(
        trainee,
        kind="end",
        pain_now=5,
        pain_worst_week=5,
        stiffness=3,
        results={
            ("trunk-extensor-endurance", ""): 100,
            ("five-times-sit-to-stand", ""): 13.0,
            ("trunk-flexor-endurance", ""): 90,
            ("side-bridge-hold", "right"): 45,
        },
        ratings={ids[0]: 7, ids[1]: 6, ids[2]: 6},
    )
    with CaptureQueriesContext(connection) as queries:
        result = compare(before, after)
    assert len(queries.captured_queries) == 2

    tests = {(r.test.slug, r.side): r for r in result.tests}
    assert tests[("trunk-extensor-endurance", "")].change.verdict == Verdict.IMPROVED  # type: ignore[union-attr]
    assert tests[("five-times-sit-to-stand", "")].change.verdict == Verdict.WITHIN_ERROR  # type: ignore[union-attr]
    assert tests[("trunk-flexor-endurance", "")].change.verdict == Verdict.UNKNOWN  # type: ignore[union-attr]
    left, right = tests[("side-bridge-hold", "left")], tests[("side-bridge-hold", "right")]
    assert (left.before, left.after, left.change) == (40, None, None)
    assert (right.before, right.after, right.change) == (None, 45, None)

    questions = {q.key: q.change.verdict for q in result.questions if q.change}
    assert questions == {
        "pain_now": Verdict.WITHIN_ERROR,
        "pain_worst_week": Verdict.IMPROVED,
        "stiffness": Verdict.UNKNOWN,
    }
    assert [(a.label, a.change.verdict) for a in result.activities if a.change] == [
        ("Putting on socks", Verdict.IMPROVED),  # 3 -> 7
        ("Sitting through a film", Verdict.WITHIN_ERROR),  # 4 -> 6
        ("Lifting the shopping", Verdict.WITHIN_ERROR),  # 5 -> 6
    ]
    assert result.psfs is not None and result.psfs.verdict == Verdict.IMPROVED  # 4.0 -> 6.33
    assert result.real_improvements == 4


def test_the_data_download_has_every_sitting_and_deleting_the_account_removes_them(trainee: Any) -> None:
    from spinewise.accounts.services import delete_account, export_data

    sitting(
        trainee,
        kind="baseline",
        pain_now=5,
        results={("side-bridge-hold", "left"): 40},
        activities=ACTIVITIES,
    )
    exported = export_data(trainee)["assessments"]
    assert [(s["kind"], s["pain_now"]) for s in exported] == [("baseline", 5)]
    assert exported[0]["results"] == [
        {"test": "side-bridge-hold", "side": "left", "value": 40.0, "unit": "seconds"}
    ]
    assert [r["activity"] for r in exported[0]["activity_ratings"]] == [name for name, _ in ACTIVITIES]
    delete_account(trainee)
    assert (
        not Assessment.objects.exists()
        and not FunctionActivity.objects.exists()
        and not TestResult.objects.exists()
    )
