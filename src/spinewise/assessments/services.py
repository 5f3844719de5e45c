"""Assessments as the pages (and later the API and dashboard) use them.

Writes run in one transaction: an assessment is saved with all its results, ratings and
new activities, or not at all. Reads do a fixed number of queries whatever the length of
the person's history: the result page costs the assessment, its baseline (two small
lookups at most), one query for both sittings' results and one for both sittings' ratings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from spinewise.accounts.stamps import touch
from spinewise.assessments.models import Assessment, FunctionActivity, FunctionRating, HomeTest, TestResult
from spinewise.library.i18n import localized
from spinewise.planning.scoring import (
    Change,
    ImbalanceFlag,
    NormComparison,
    Verdict,
    age_in,
    compare_with_norm,
    find_band,
    format_value,
    imbalance_flags,
    pain_change,
    psfs_activity_change,
    psfs_average,
    psfs_average_change,
    result_change,
    unrated_change,
)

MIN_ACTIVITIES, MAX_ACTIVITIES = 3, 5
# The labels are translated where a row is made (gettext under the reader's language).
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("pain_now", gettext_noop("Pain now")),
    ("pain_worst_week", gettext_noop("Worst pain in the last week")),
    ("stiffness", gettext_noop("Stiffness")),
)
PAIN_QUESTIONS = frozenset({"pain_now", "pain_worst_week"})
# The holds McGill's ratios compare.
FLEXOR, EXTENSOR, SIDE_BRIDGE = "trunk-flexor-endurance", "trunk-extensor-endurance", "side-bridge-hold"

T = TypeVar("T")


class AssessmentRefused(ValueError):
    """An assessment that cannot be saved as given; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class ResultIn:
    test: str  # slug
    side: str  # "", "left" or "right"
    value: float  # in the test's stored unit (cm or seconds)


@dataclass(frozen=True)
class NewActivity:
    name: str
    score: int


@dataclass(frozen=True)
class AssessmentIn:
    """Everything one sitting records; every part is optional, but not all of them."""

    kind: str = Assessment.Kind.CHECK.value
    note: str = ""
    pain_now: int | None = None
    pain_worst_week: int | None = None
    stiffness: int | None = None
    results: Sequence[ResultIn] = ()
    ratings: Mapping[int, int] = field(default_factory=dict)  # activity id -> 0-10
    new_activities: Sequence[NewActivity] = ()
    taken_at: datetime | None = None

    @property
    def is_empty(self) -> bool:
        questions = (self.pain_now, self.pain_worst_week, self.stiffness)
        return all(q is None for q in questions) and not (self.results or self.ratings or self.new_activities)


def default_kind(requested: str | None, has_assessments: bool) -> str:
    """The first assessment is the baseline; after that a check-in unless the caller asks otherwise."""
    if not has_assessments:
        return Assessment.Kind.BASELINE.value
    if requested in Assessment.Kind.values:
        return str(requested)
    return Assessment.Kind.CHECK.value


def record_assessment(user: User, data: AssessmentIn, client_id: UUID | None = None) -> Assessment:
    """Save one sitting with its results, ratings and newly named activities, all or nothing.

    The same form sent twice (same `client_id`) answers the sitting it already recorded.
    """
    if client_id is not None:
        done = Assessment.objects.filter(user=user, client_id=client_id).first()
        if done is not None:
            return done
    if data.is_empty:
        raise AssessmentRefused([_("Answer at least one test or question.")])
    try:
        with transaction.atomic():
            tests = _check_results(data.results)
            activities = {
                a.pk: a for a in FunctionActivity.objects.select_for_update().filter(user=user, retired=False)
            }
            _check_function(data, activities)
            assessment = Assessment.objects.create(
                user=user,
                client_id=client_id,
                taken_at=data.taken_at or timezone.now(),
                kind=data.kind,
                note=data.note.strip(),
                pain_now=data.pain_now,
                pain_worst_week=data.pain_worst_week,
                stiffness=data.stiffness,
            )
            TestResult.objects.bulk_create(
                TestResult(assessment=assessment, test=tests[r.test], side=r.side, value=r.value)
                for r in data.results
            )
            ratings = [
                FunctionRating(assessment=assessment, activity_id=pk, score=s)
                for pk, s in data.ratings.items()
            ]
            for new in data.new_activities:
                activity = FunctionActivity.objects.create(
                    user=user, name=new.name.strip(), created_at=assessment.taken_at
                )
                ratings.append(FunctionRating(assessment=assessment, activity=activity, score=new.score))
            FunctionRating.objects.bulk_create(ratings)
            touch([user.pk])  # bulk_create sends no signal (accounts.stamps)
    except IntegrityError:
        # The same form raced itself (two requests at once): the other one recorded the sitting.
        done = Assessment.objects.filter(user=user, client_id=client_id).first() if client_id else None
        if done is None:
            raise
        return done
    return assessment


def _check_results(results: Sequence[ResultIn]) -> dict[str, HomeTest]:
    tests = {t.slug: t for t in HomeTest.objects.active().filter(slug__in={r.test for r in results})}
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for r in results:
        test = tests.get(r.test)
        if test is None:
            problems.append(_("There is no test '%(test)s'.") % {"test": r.test})
            continue
        name = localized(test, translation.get_language()).name
        if r.side not in test.side_list:
            problems.append(
                _("%(test)s: side '%(side)s' is not one this test measures.") % {"test": name, "side": r.side}
            )
        if (r.test, r.side) in seen:
            problems.append(_("%(test)s: recorded twice for the same side.") % {"test": name})
        seen.add((r.test, r.side))
        if not 0 <= r.value <= test.max_value:
            problems.append(
                _("%(test)s: %(value)s is outside 0 to %(max)s %(unit)s.")
                % {"test": name, "value": f"{r.value:g}", "max": f"{test.max_value:g}", "unit": test.unit}
            )
    if problems:
        raise AssessmentRefused(problems)
    return tests


def _check_function(data: AssessmentIn, activities: Mapping[int, FunctionActivity]) -> None:
    problems: list[str] = []
    for pk, score in data.ratings.items():
        if pk not in activities:
            problems.append(_("An activity you rated is not one of yours."))
        if not 0 <= score <= 10:
            problems.append(_("Activity ratings go from 0 to 10."))
    names = [a.name.casefold() for a in activities.values()]
    for new in data.new_activities:
        name = new.name.strip()
        if not name:
            problems.append(_("Name each new activity."))
        elif name.casefold() in names:
            problems.append(_("You already have the activity '%(name)s'.") % {"name": name})
        names.append(name.casefold())
        if not 0 <= new.score <= 10:
            problems.append(_("Activity ratings go from 0 to 10."))
    total = len(activities) + len(data.new_activities)
    if data.new_activities and total > MAX_ACTIVITIES:
        problems.append(_("Keep to %(max)s activities at most.") % {"max": MAX_ACTIVITIES})
    if not activities and data.new_activities and total < MIN_ACTIVITIES:
        problems.append(
            _("Name at least %(min)s activities the first time, so the score means something.")
            % {"min": MIN_ACTIVITIES}
        )
    if problems:
        raise AssessmentRefused(sorted(set(problems), key=problems.index))


# ---------------------------------------------------------------------- reading


def reference_among(earlier: Sequence[T], kind: Callable[[T], str]) -> T | None:
    """The comparison rule on sittings already read, oldest first: the latest baseline, else the first."""
    baselines = [x for x in earlier if kind(x) == Assessment.Kind.BASELINE]
    return baselines[-1] if baselines else (earlier[0] if earlier else None)


def baseline_for(assessment: Assessment) -> Assessment | None:
    """What this assessment is compared with: the latest baseline before it, else the first one before it.

    A baseline is the reference itself, so it has none.
    """
    if assessment.kind == Assessment.Kind.BASELINE:
        return None
    earlier = Assessment.objects.filter(user_id=assessment.user_id).filter(
        Q(taken_at__lt=assessment.taken_at) | Q(taken_at=assessment.taken_at, pk__lt=assessment.pk)
    )
    baseline = earlier.filter(kind=Assessment.Kind.BASELINE).order_by("-taken_at", "-pk").first()
    return baseline or earlier.order_by("taken_at", "pk").first()


def flags_of(results: Iterable[TestResult]) -> list[ImbalanceFlag]:
    """McGill's imbalance flags from one sitting's results (the endurance holds it measured)."""
    values = {(r.test.slug, r.side): r.value for r in results}
    return imbalance_flags(
        flexor=values.get((FLEXOR, "")),
        extensor=values.get((EXTENSOR, "")),
        side_left=values.get((SIDE_BRIDGE, "left")),
        side_right=values.get((SIDE_BRIDGE, "right")),
    )


@dataclass(frozen=True)
class TestRow:
    """One test (and side) across two sittings; a value is None when that sitting skipped it."""

    __test__ = False  # not a pytest test class

    test: HomeTest
    side: str
    before: float | None
    after: float | None
    change: Change | None


@dataclass(frozen=True)
class QuestionRow:
    key: str
    label: str
    before: float | None
    after: float | None
    change: Change | None


@dataclass(frozen=True)
class Comparison:
    """Two sittings side by side: what changed and whether the change is real."""

    before: Assessment
    after: Assessment
    tests: list[TestRow]
    questions: list[QuestionRow]
    activities: list[QuestionRow]
    psfs: Change | None  # the average of the activities rated both times

    @property
    def real_improvements(self) -> int:
        changes = [r.change for r in self.tests] + [q.change for q in (*self.questions, *self.activities)]
        changes.append(self.psfs)
        return sum(1 for c in changes if c is not None and c.verdict == Verdict.IMPROVED)


def _results_of(assessments: Iterable[Assessment]) -> dict[int, list[TestResult]]:
    by_assessment: dict[int, list[TestResult]] = {a.pk: [] for a in assessments}
    for r in TestResult.objects.filter(assessment__in=list(by_assessment)).select_related("test"):
        by_assessment[r.assessment_id].append(r)
    return by_assessment


def _ratings_of(assessments: Iterable[Assessment]) -> dict[int, list[FunctionRating]]:
    by_assessment: dict[int, list[FunctionRating]] = {a.pk: [] for a in assessments}
    for r in FunctionRating.objects.filter(assessment__in=list(by_assessment)).select_related("activity"):
        by_assessment[r.assessment_id].append(r)
    return by_assessment


def compare(
    before: Assessment,
    after: Assessment,
    units: str = "cm",
    *,
    results: Mapping[int, list[TestResult]] | None = None,
    ratings: Mapping[int, list[FunctionRating]] | None = None,
) -> Comparison:
    """Every test and questionnaire of two sittings with its change and whether it is real.

    Two queries (results, ratings) unless the caller already loaded them.
    """
    results = results if results is not None else _results_of((before, after))
    ratings = ratings if ratings is not None else _ratings_of((before, after))
    old = {(r.test.slug, r.side): r for r in results[before.pk]}
    new = {(r.test.slug, r.side): r for r in results[after.pk]}
    test_rows: list[TestRow] = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: ((old.get(k) or new[k]).test.order, k[1])):
        o, n = old.get(key), new.get(key)
        test = (o or n).test  # type: ignore[union-attr]
        change = None
        if o is not None and n is not None:
            change = result_change(o.value, n.value, test.better, test.error(), test.unit, units)
        test_rows.append(TestRow(test, key[1], o.value if o else None, n.value if n else None, change))

    question_rows: list[QuestionRow] = []
    for name, english in QUESTIONS:
        label = _(english)
        b, a = getattr(before, name), getattr(after, name)
        answered = None
        if b is not None and a is not None:
            answered = pain_change(b, a, label) if name in PAIN_QUESTIONS else unrated_change(b, a, label)
        question_rows.append(QuestionRow(name, label, b, a, answered))

    old_scores = {r.activity_id: r for r in ratings[before.pk]}
    new_scores = {r.activity_id: r for r in ratings[after.pk]}
    activity_rows: list[QuestionRow] = []
    both: list[int] = []
    for pk in sorted(
        old_scores.keys() | new_scores.keys(), key=lambda k: _activity_order(old_scores, new_scores, k)
    ):
        o_r, n_r = old_scores.get(pk), new_scores.get(pk)
        name = (o_r or n_r).activity.name  # type: ignore[union-attr]
        change = None
        if o_r is not None and n_r is not None:
            change = psfs_activity_change(o_r.score, n_r.score, name)
            both.append(pk)
        activity_rows.append(
            QuestionRow(
                f"activity-{pk}", name, o_r.score if o_r else None, n_r.score if n_r else None, change
            )
        )
    psfs = None
    if both:
        psfs = psfs_average_change(
            [old_scores[pk].score for pk in both], [new_scores[pk].score for pk in both]
        )
    return Comparison(before, after, test_rows, question_rows, activity_rows, psfs)


def _activity_order(
    old: Mapping[int, FunctionRating], new: Mapping[int, FunctionRating], pk: int
) -> tuple[datetime, int]:
    rating = old.get(pk) or new[pk]
    return rating.activity.created_at, pk


# ---------------------------------------------------------------------- the result page


@dataclass(frozen=True)
class ResultRow:
    """One measured value as the result page shows it."""

    test: HomeTest
    side: str
    value: float  # stored unit
    shown: str  # in the person's units
    norm: NormComparison | None
    norm_note: str  # why there is no norm comparison, when there is none
    change: Change | None
    baseline_value: str  # in the person's units, "" when the baseline skipped it


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    baseline: Assessment | None
    rows: list[ResultRow]
    flags: list[ImbalanceFlag]
    questions: list[QuestionRow]
    activities: list[QuestionRow]
    psfs_score: float | None  # this sitting's average
    psfs: Change | None  # change of the average against the baseline
    norms_need_profile: bool  # sex or birth year missing: norms cannot be shown

    def _count(self, verdict: Verdict) -> int:
        changes = [r.change for r in self.rows] + [q.change for q in (*self.questions, *self.activities)]
        changes.append(self.psfs)
        return sum(1 for c in changes if c is not None and c.verdict == verdict)

    @property
    def real_improvements(self) -> int:
        return self._count(Verdict.IMPROVED)

    @property
    def real_worsenings(self) -> int:
        return self._count(Verdict.WORSENED)


def report_for(
    user: User, pk: int, *, units: str = "cm", sex: str = "", birth_year: int | None = None
) -> Report:
    """The result page of one of `user`'s assessments. Raises Assessment.DoesNotExist for anyone else's."""
    assessment = Assessment.objects.get(pk=pk, user=user)
    baseline = baseline_for(assessment)
    sittings = [assessment] if baseline is None else [baseline, assessment]
    results = _results_of(sittings)
    ratings = _ratings_of(sittings)
    age = age_in(assessment.taken_at.year, birth_year) if birth_year else None
    comparison = compare(baseline, assessment, units, results=results, ratings=ratings) if baseline else None
    changes = {(row.test.slug, row.side): row for row in comparison.tests} if comparison else {}

    lang = translation.get_language()
    rows: list[ResultRow] = []
    for r in results[assessment.pk]:
        test = r.test
        bands = test.norm_bands()
        band = find_band(bands, sex or None, age)
        norm = compare_with_norm(r.value, band, test.better, test.unit, units) if band else None
        if norm:
            note = ""
        elif not bands:
            note = _("No published norm for this test: it is compared with your own baseline only.")
        elif not (sex and age is not None):
            note = _("Add your sex and birth year to your profile to compare with published norms.")
        else:
            note = _("No published norm for your age and sex.")
        row = changes.get((test.slug, r.side))
        before = row.before if row else None
        rows.append(
            ResultRow(
                test=localized(test, lang),
                side=r.side,
                value=r.value,
                shown=format_value(r.value, test.unit, units),
                norm=norm,
                norm_note=note,
                change=row.change if row else None,
                baseline_value=format_value(before, test.unit, units) if before is not None else "",
            )
        )
    rows.sort(key=lambda row: (row.test.order, row.side))

    flags = flags_of(results[assessment.pk])
    scores = [r.score for r in ratings[assessment.pk]]
    if comparison:
        questions, activities = comparison.questions, comparison.activities
    else:
        questions = [QuestionRow(k, _(label), None, getattr(assessment, k), None) for k, label in QUESTIONS]
        activities = [
            QuestionRow(f"activity-{r.activity_id}", r.activity.name, None, r.score, None)
            for r in ratings[assessment.pk]
        ]
    return Report(
        assessment=assessment,
        baseline=baseline,
        rows=rows,
        flags=flags,
        questions=questions,
        activities=activities,
        psfs_score=psfs_average(scores) if scores else None,
        psfs=comparison.psfs if comparison else None,
        norms_need_profile=not (sex and birth_year),
    )


def export_assessments(user: User) -> list[dict[str, object]]:
    """Every sitting with its results and ratings, for the person's data download (three queries)."""
    sittings = list(Assessment.objects.filter(user=user).order_by("taken_at", "pk"))
    results = _results_of(sittings)
    ratings = _ratings_of(sittings)
    return [
        {
            "taken_at": a.taken_at.isoformat(),
            "kind": a.kind,
            "note": a.note,
            "pain_now": a.pain_now,
            "pain_worst_week": a.pain_worst_week,
            "stiffness": a.stiffness,
            "results": [
                {"test": r.test.slug, "side": r.side or None, "value": r.value, "unit": r.test.unit}
                for r in results[a.pk]
            ],
            "activity_ratings": [{"activity": r.activity.name, "score": r.score} for r in ratings[a.pk]],
        }
        for a in sittings
    ]


def export_activities(user: User) -> list[dict[str, object]]:
    """The activities the person named for the functional scale, retired ones too."""
    rows = FunctionActivity.objects.filter(user=user).order_by("created_at", "pk")
    return [{"name": a.name, "created_at": a.created_at.isoformat(), "retired": a.retired} for a in rows]
