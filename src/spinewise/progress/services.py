"""What the progress pages read, in a fixed number of queries whatever the length of the history.

The dashboard costs: the profile, the current enrolment and its plan (programs.services, four
queries at most), a summary of the sessions (one aggregate), either the sessions' pain ratings
(when the pain charts must be drawn afresh) or the last two months' sessions (one query), the
sittings with their results (one; the tests are content, read once per content version). Charts are
drawn once per new data point. The report costs the content version (one), the sittings with their
results (one), the activity ratings (one) and the sessions between the two sittings (one).
Everything else (weekly averages, trends, the calendar, the charts) is worked out in Python.
"""

from __future__ import annotations

import hashlib
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, Subquery, Sum
from django.db.models.functions import Length
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from spinewise.accounts.models import Profile
from spinewise.accounts.services import profile_for
from spinewise.accounts.stamps import loaded_progress_stamp
from spinewise.assessments.models import Assessment, FunctionRating, HomeTest, TestResult
from spinewise.assessments.services import compare, flags_of, reference_among
from spinewise.library import cache as content_cache
from spinewise.library.i18n import localized
from spinewise.planning.schedule import Streak
from spinewise.planning.scoring import ImbalanceFlag, age_in
from spinewise.programs.services import Plan, Status, Workout, current_enrolment, plan_for
from spinewise.progress import calendar
from spinewise.progress.calendar import DayMark, Mark, Month, Tally
from spinewise.progress.charts import Chart, with_html
from spinewise.progress.pain import SessionPain, pain_charts
from spinewise.progress.report import BeforeAfter, kind_title, labels_for, questions_chart, rows_of
from spinewise.progress.trends import TestTrend, latest_flags, trends_for
from spinewise.training.models import Session

# Drawn charts are kept a day at most; their keys change with the data, so they are never stale.
CHART_SECONDS = 24 * 3600

STATUS_MARKS: dict[str, Mark] = {
    Status.DONE: Mark.DONE,
    Status.PARTIAL: Mark.PARTIAL,
    Status.LATE: Mark.MISSED,
    Status.DUE: Mark.DUE,
    Status.OPEN: Mark.AHEAD,
    Status.WEEK_LOCKED: Mark.AHEAD,
    Status.TOMORROW: Mark.AHEAD,
    Status.PAID: Mark.LOCKED,
}


@dataclass(frozen=True)
class Person:
    profile: Profile
    zone: zoneinfo.ZoneInfo
    today: date

    @property
    def units(self) -> str:
        return self.profile.units

    @property
    def sex(self) -> str:
        return self.profile.sex

    @property
    def norms_need_profile(self) -> bool:
        return not (self.profile.sex and self.profile.birth_year)

    def age(self, year: int) -> int | None:
        return age_in(year, self.profile.birth_year) if self.profile.birth_year else None

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)


def person_of(user: User, now: datetime | None = None) -> Person:
    profile = profile_for(user)
    zone = zoneinfo.ZoneInfo(profile.time_zone or "UTC")
    return Person(profile, zone, (now or timezone.now()).astimezone(zone).date())


@dataclass(frozen=True)
class Sittings:
    """A person's assessments, oldest first, with their results (tests attached) by assessment."""

    all: list[Assessment]
    results: dict[int, list[TestResult]]
    ratings: dict[int, list[FunctionRating]]
    days: dict[int, date]  # local day of each sitting

    def get(self, pk: int) -> Assessment:
        for sitting in self.all:
            if sitting.pk == pk:
                return sitting
        raise Assessment.DoesNotExist(f"no assessment {pk} for this person")


RESULT_FIELDS = ["id", "assessment_id", "test_id", "side", "value"]


def _home_tests() -> dict[int, HomeTest]:
    # The tests once, rather than their long text columns again on every result row.
    return {
        t.pk: t
        for t in HomeTest.objects.select_related("figure").defer(
            "figure__figure_svg", "figure__figure_css", "figure__steps", "figure__cautions"
        )
    }


def sittings_of(
    user: User,
    who: Person,
    *,
    with_ratings: bool,
    with_results: bool = True,
    recent_checks: int | None = None,
) -> Sittings:
    """The person's sittings; with `recent_checks`, every program sitting (baseline, middle, end)
    but only that many of the latest check-ins, so years of weekly check-ins cost no more."""
    found = Assessment.objects.filter(user=user)
    if recent_checks is not None:
        latest_checks = found.filter(kind=Assessment.Kind.CHECK).order_by("-taken_at", "-pk")[:recent_checks]
        found = found.filter(~Q(kind=Assessment.Kind.CHECK) | Q(pk__in=Subquery(latest_checks.values("pk"))))
    results: dict[int, list[TestResult]] = {}
    if with_results:
        # The sittings and their results in one query (each sitting once per result, or once with
        # none); the tests are content, read once per content version with the still of each
        # test's movement joined in (the report shows it), named in the page's language (the
        # charts, the trends and the report show their names).
        lang = translation.get_language() or "en"
        tests = content_cache.derived(
            f"home-tests-with-stills-{lang}",
            lambda: {pk: localized(t, lang) for pk, t in _home_tests().items()},
        )
        rows: list[Assessment] = []
        joined = found.annotate(
            result_pk=F("results__pk"),
            result_test=F("results__test_id"),
            result_side=F("results__side"),
            result_value=F("results__value"),
        )
        for row in joined.order_by("taken_at", "pk", "results__pk"):
            if not rows or rows[-1].pk != row.pk:
                rows.append(row)
                results[row.pk] = []
            if row.result_pk is not None:
                result = TestResult.from_db(
                    joined.db,
                    RESULT_FIELDS,
                    (row.result_pk, row.pk, row.result_test, row.result_side, row.result_value),
                )
                result.test = tests[result.test_id]
                results[row.pk].append(result)
    else:
        rows = list(found.order_by("taken_at", "pk"))
        results = {a.pk: [] for a in rows}
    ratings: dict[int, list[FunctionRating]] = {a.pk: [] for a in rows}
    if with_ratings:
        for rating in FunctionRating.objects.filter(assessment__user=user).select_related("activity"):
            ratings[rating.assessment_id].append(rating)
    days = {a.pk: who.local(a.taken_at).date() for a in rows}
    return Sittings(rows, results, ratings, days)


@dataclass(frozen=True)
class SessionDay:
    at: datetime  # local
    complete: bool


def sessions_of(
    user: User, who: Person, start: datetime | None = None, end: datetime | None = None
) -> tuple[list[SessionPain], list[SessionDay]]:
    """Each session's pain ratings and whether it was complete, oldest first, in local time."""
    rows = Session.objects.filter(user=user)
    if start is not None:
        rows = rows.filter(started_at__gte=start)
    if end is not None:
        rows = rows.filter(started_at__lte=end)
    pains: list[SessionPain] = []
    days: list[SessionDay] = []
    for started_at, before, after, status in rows.order_by("started_at", "pk").values_list(
        "started_at", "pain_before", "pain_after", "status"
    ):
        at = who.local(started_at)
        pains.append(SessionPain(at, before, after))
        days.append(SessionDay(at, status == Session.Status.COMPLETE))
    return pains, days


# ---------------------------------------------------------------------- reports available


@dataclass(frozen=True)
class Pair:
    before: Assessment
    after: Assessment
    before_day: date
    after_day: date

    @property
    def label(self) -> str:
        return _("%(after)s (%(after_day)s) against %(before)s (%(before_day)s)") % {
            "after": kind_title(self.after),
            "after_day": dateformat.format(self.after_day, "j M Y"),
            "before": kind_title(self.before).lower(),
            "before_day": dateformat.format(self.before_day, "j M Y"),
        }


def reference_of(sittings: Sequence[Assessment], index: int) -> Assessment | None:
    """What sitting `index` is compared with (assessments.services.baseline_for's rule, on rows in memory)."""
    if sittings[index].kind == Assessment.Kind.BASELINE:
        return None
    return reference_among(sittings[:index], lambda s: str(s.kind))


def report_pairs(sittings: Sittings) -> list[Pair]:
    """The reports worth offering, newest first: each middle and end sitting against its
    baseline, and the latest sitting against its own (or, a new baseline, the one before it)."""
    rows = sittings.all
    chosen: list[tuple[Assessment, Assessment]] = []
    for index, sitting in enumerate(rows):
        latest = index == len(rows) - 1
        if sitting.kind in (Assessment.Kind.MIDDLE, Assessment.Kind.END) or latest:
            reference = reference_of(rows, index)
            if reference is None and latest and index > 0:
                reference = rows[index - 1]
            if reference is not None:
                chosen.append((reference, sitting))
    return [Pair(b, a, sittings.days[b.pk], sittings.days[a.pk]) for b, a in reversed(chosen)]


# ---------------------------------------------------------------------- the dashboard


@dataclass(frozen=True)
class Dashboard:
    person: Person
    plan: Plan | None
    months: list[Month]
    tally: Tally
    streak: Streak | None
    pain: list[Chart]
    trends: list[TestTrend]
    flags: list[ImbalanceFlag]
    flags_from: Assessment | None
    flags_day: date | None
    latest_sitting: Assessment | None
    reports: list[Pair]
    tests_due: str  # the kind of sitting the program asks for now ("middle"), or ""
    sessions: int


def kind_of_test_day(plan: Plan, workout: Workout) -> str:
    """A program's first test day takes the baseline, its last the end tests, any other the middle ones."""
    numbers = [w.number for w in plan.workouts if w.is_test]
    if workout.number == numbers[0]:
        return Assessment.Kind.BASELINE.value
    if workout.number == numbers[-1]:
        return Assessment.Kind.END.value
    return Assessment.Kind.MIDDLE.value


def _tests_due(plan: Plan | None, taken: Sequence[tuple[str, date]]) -> str:
    """`taken`: the kind and local day of each of the person's sittings."""
    if plan is None:
        return "" if taken else Assessment.Kind.BASELINE.value
    for workout in plan.workouts:
        if workout.is_test and workout.status in (Status.DUE, Status.LATE):
            kind = kind_of_test_day(plan, workout)
            # Tests taken from the battery count for a test day near them, whether or not the
            # workout itself was played.
            window = workout.day - timedelta(days=7)
            if not any(k == kind and day >= window for k, day in taken):
                return kind
    return ""


def _plan_calendar(plan: Plan) -> tuple[list[Month], Tally]:
    marks: dict[date, list[DayMark]] = {}
    counted: list[DayMark] = []
    for w in plan.workouts:
        if w.is_test:
            label = _("Workout %(number)s with the tests") % {"number": w.number}
        else:
            label = _("Workout %(number)s") % {"number": w.number}
        mark = DayMark(STATUS_MARKS[w.status], label)
        marks.setdefault(w.day, []).append(mark)
        counted.append(mark)
    days = [w.day for w in plan.workouts]
    return calendar.grid(marks, min(days), max(days), plan.today), calendar.tally(counted)


def _calendar_start(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def _session_calendar(days: Sequence[SessionDay], today: date) -> tuple[list[Month], Tally]:
    """Without a program nothing is ever missed: the days of the last two months with a session."""
    first = _calendar_start(today)
    best: dict[date, bool] = {}
    for d in days:
        if first <= d.at.date() <= today:
            best[d.at.date()] = best.get(d.at.date(), False) or d.complete
    marks = {
        day: [DayMark(Mark.DONE if complete else Mark.PARTIAL, _("Session"))]
        for day, complete in best.items()
    }
    return calendar.grid(marks, first, today, today), calendar.tally(m for ms in marks.values() for m in ms)


@dataclass(frozen=True)
class SessionSummary:
    """What the dashboard needs of the whole history, worked out by the database in one query.

    Its fingerprint changes with every new session and every edited pain rating (an edit to
    one row always moves a sum), so charts drawn for it can be kept until then.
    """

    count: int
    fingerprint: str


def session_summary(user: User) -> SessionSummary:
    row = Session.objects.filter(user=user).aggregate(
        count=Count("pk"),
        last=Max("pk"),
        first_at=Min("started_at"),
        last_at=Max("started_at"),
        before=Sum("pain_before"),
        after=Sum("pain_after"),
        # Weighted by the row, so two ratings swapped between sessions still move the fingerprint.
        before_at=Sum(F("pk") * F("pain_before")),
        after_at=Sum(F("pk") * F("pain_after")),
    )
    return SessionSummary(row["count"], repr(sorted(row.items())))


def _cache_key(*parts: object) -> str:
    return "spinewise:progress:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _kept(
    key_parts: tuple[object, ...], stamp: str | None, fingerprint: Callable[[], str]
) -> tuple[object, str, str]:
    """Look a drawn part up in the cache, first under the person's progress stamp (read with the
    signed-in user, no query: it changes with every write to their sessions and sittings), then
    under `fingerprint()`, an aggregate query over the rows the part is drawn from (for a caller
    whose profile did not come with the user, and after a write of those rows that changed nothing
    drawn). Returns what was found (or None) and the two keys to keep a part drawn afresh under."""
    quick = _cache_key(*key_parts, "stamp", stamp) if stamp is not None else ""
    if quick:
        found = cache.get(quick)
        if found is not None:
            return found, "", ""
    key = _cache_key(*key_parts, fingerprint())
    found = cache.get(key)
    if found is not None and quick:
        cache.set(quick, found, CHART_SECONDS)
    return found, key, quick


def _keep(value: object, *keys: str) -> None:
    cache.set_many({key: value for key in keys if key}, CHART_SECONDS)


def _pain_and_calendar(
    user: User, who: Person, stamp: str | None, calendar_needed: bool
) -> tuple[list[Chart], list[SessionDay], int]:
    """The pain charts, drawn once per new data point (and day), the recent session days and
    the number of sessions.

    When the charts must be drawn that is one query, the whole history; else the two months the
    calendar shows, and the fingerprint of the sessions when the data stamp has moved.
    """
    found: Any
    # Keyed by language too: the charts' words are drawn into them.
    parts = ("pain", user.pk, user.date_joined, who.today, str(who.zone), translation.get_language())
    found, key, quick = _kept(parts, stamp, lambda: session_summary(user).fingerprint)
    if found is None:
        pains, days = sessions_of(user, who)
        first = pains[0].day if pains else who.today
        charts = [with_html(chart) for chart in pain_charts(pains, first, who.today)]
        _keep((charts, len(pains)), key, quick)
        return charts, days, len(pains)
    charts, count = found
    if not calendar_needed:
        return charts, [], count
    since = datetime.combine(_calendar_start(who.today), time_of_day.min, tzinfo=who.zone)
    _, days = sessions_of(user, who, start=since)
    return charts, days, count


@dataclass(frozen=True)
class TestsPart:
    """The dashboard's home-test section, kept in the cache until a sitting or result changes."""

    __test__ = False  # not a pytest test class

    trends: list[TestTrend]
    flags_from: Assessment | None
    flags: list[ImbalanceFlag]
    flags_day: date | None
    latest: Assessment | None
    reports: list[Pair]
    taken: list[tuple[str, date]]  # kind and local day of each sitting


def sitting_summary(user: User) -> str:
    """A fingerprint of the person's sittings and results, from one aggregate query."""
    row = Assessment.objects.filter(user=user).aggregate(
        sittings=Count("pk", distinct=True),
        last=Max("pk"),
        first_at=Min("taken_at"),
        last_at=Max("taken_at"),
        kinds=Sum(Length("kind")),
        result_rows=Count("results"),
        last_result=Max("results__pk"),
        value_sum=Sum("results__value"),
        # Weighted by the row, so two values swapped between results still move the fingerprint.
        weighted=Sum(F("results__pk") * F("results__value")),
    )
    return repr(sorted(row.items()))


def _slim(trend: TestTrend) -> TestTrend:
    # The page shows each side's latest reading and its verdicts; the full series is in the chart.
    sides = [replace(side, readings=side.readings[-1:]) for side in trend.sides]
    return replace(trend, sides=sides, chart=with_html(trend.chart))


def _tests_part(user: User, who: Person, stamp: str | None) -> TestsPart:
    """The trends, flags and reports, worked out once per new sitting or result."""
    age = who.age(who.today.year)
    parts = (
        "tests",
        content_cache.content_version(),  # the tests' norms and errors are content
        user.pk,
        user.date_joined,
        who.units,
        who.sex,
        age,
        str(who.zone),
        translation.get_language(),
    )
    found, key, quick = _kept(parts, stamp, lambda: sitting_summary(user))
    part: TestsPart | None = found if isinstance(found, TestsPart) else None
    if part is None:
        sittings = sittings_of(user, who, with_ratings=False)
        drawn = trends_for(
            sittings.all, sittings.results, sittings.days, units=who.units, sex=who.sex, age=age
        )
        flags_from, flags = latest_flags(sittings.all, sittings.results)
        part = TestsPart(
            trends=[_slim(trend) for trend in drawn],
            flags_from=flags_from,
            flags=flags,
            flags_day=sittings.days[flags_from.pk] if flags_from is not None else None,
            latest=sittings.all[-1] if sittings.all else None,
            reports=report_pairs(sittings),
            taken=[(str(s.kind), sittings.days[s.pk]) for s in sittings.all],
        )
        _keep(part, key, quick)
    return part


def dashboard(user: User, now: datetime | None = None) -> Dashboard:
    who = person_of(user, now)
    enrolment = current_enrolment(user)
    plan = plan_for(enrolment, who.today, who.zone) if enrolment is not None else None
    stamp = loaded_progress_stamp(user)
    pain, days, sessions = _pain_and_calendar(user, who, stamp, calendar_needed=plan is None)
    tests = _tests_part(user, who, stamp)
    if plan is not None:
        months, tally = _plan_calendar(plan)
    else:
        months, tally = _session_calendar(days, who.today)
    return Dashboard(
        person=who,
        plan=plan,
        months=months,
        tally=tally,
        streak=plan.streak if plan is not None else None,
        pain=pain,
        trends=tests.trends,
        flags=tests.flags,
        flags_from=tests.flags_from,
        flags_day=tests.flags_day,
        latest_sitting=tests.latest,
        reports=tests.reports,
        tests_due=_tests_due(plan, tests.taken),
        sessions=sessions,
    )


# ---------------------------------------------------------------------- the report


@dataclass(frozen=True)
class ReportPage:
    person: Person
    report: BeforeAfter
    before_day: date
    after_day: date
    sittings: list[Assessment]  # to choose another pair


def before_after(user: User, before_pk: int, after_pk: int, now: datetime | None = None) -> ReportPage:
    """Two of `user`'s sittings side by side, the earlier first whatever the order asked.

    Raises Assessment.DoesNotExist when either is not one of theirs.
    """
    who = person_of(user, now)
    sittings = sittings_of(user, who, with_ratings=True)
    first, second = sittings.get(before_pk), sittings.get(after_pk)
    if (first.taken_at, first.pk) > (second.taken_at, second.pk):
        first, second = second, first
    comparison = compare(first, second, who.units, results=sittings.results, ratings=sittings.ratings)
    tests, questions, activities, psfs = rows_of(comparison, who.units)
    upto = [s for s in sittings.all if (s.taken_at, s.pk) <= (second.taken_at, second.pk)]
    trends = trends_for(
        upto,
        sittings.results,
        sittings.days,
        units=who.units,
        sex=who.sex,
        age=who.age(sittings.days[second.pk].year),
        reference=first,
    )
    before_label, after_label = labels_for(first, second)
    charts: list[Chart] = []
    bars = questions_chart(comparison, before_label, after_label)
    if bars is not None:
        charts.append(bars)
    compared = {row.test.pk for row in comparison.tests}
    charts.extend(t.chart for t in trends if t.test.pk in compared)
    pains, _ = sessions_of(user, who, first.taken_at, second.taken_at)
    charts.extend(pain_charts(pains, sittings.days[first.pk], sittings.days[second.pk]))
    report = BeforeAfter(
        before=first,
        after=second,
        tests=tests,
        questions=questions,
        activities=activities,
        psfs=psfs,
        flags_before=flags_of(sittings.results[first.pk]),
        flags_after=flags_of(sittings.results[second.pk]),
        charts=charts,
    )
    return ReportPage(who, report, sittings.days[first.pk], sittings.days[second.pk], sittings.all)


# The report chooser lists every program sitting and this many of the latest check-ins.
CHOOSER_CHECKS = 24


def pairs_for(user: User, now: datetime | None = None) -> tuple[Person, Sittings, list[Pair]]:
    """The report chooser: the sittings to choose from, and the reports worth offering (no results
    needed). Those reports only ever need program sittings and the latest one or two sittings, so
    the listed subset offers the same reports as the whole history, at a cost that does not grow."""
    who = person_of(user, now)
    sittings = sittings_of(user, who, with_ratings=False, with_results=False, recent_checks=CHOOSER_CHECKS)
    return who, sittings, report_pairs(sittings)


def owns_sittings(user: User, *pks: int) -> bool:
    """Whether every sitting named is one of the person's (a chosen one may be older than listed)."""
    return Assessment.objects.filter(user=user, pk__in=set(pks)).count() == len(set(pks))
