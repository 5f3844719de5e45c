"""Progress: the dashboard's figures (summary) and the series behind its charts, from the same
services as the progress page (progress.services)."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from spinewise.api.auth import user_of
from spinewise.api.shapes import language, private
from spinewise.assessments.models import HomeTest
from spinewise.library.i18n import localized
from spinewise.progress.pain import weekly
from spinewise.progress.services import dashboard, person_of, sessions_of, sittings_of

router = Router(tags=["progress"])


class TallyOut(Schema):
    done: int
    partial: int
    missed: int


class ChangeOut(Schema):
    before: float
    after: float
    difference: float
    threshold: float | None
    verdict: str = Field(description="improved, worsened, within-error or unknown")
    explain: str


class SideOut(Schema):
    side: str
    latest: float
    latest_day: date
    baseline: float | None
    change: ChangeOut | None
    norm: str


class TestOut(Schema):
    test: str
    name: str
    unit: str
    sides: list[SideOut]


class FlagOut(Schema):
    key: str
    ratio: float
    explain: str


class SummaryOut(Schema):
    sessions: int
    program: str | None
    streak: int | None
    best_streak: int | None
    tally: TallyOut = Field(description="scheduled workouts so far (or sessions, without a program)")
    tests_due: str
    latest_sitting_id: int | None
    tests: list[TestOut]
    flags: list[FlagOut]


class PainPoint(Schema):
    at: datetime
    before: int | None
    after: int | None


class PainWeek(Schema):
    start: date
    before: float | None
    after: float | None
    overall: float | None
    sessions: int


class Reading(Schema):
    sitting_id: int
    day: date
    value: float


class TestSeries(Schema):
    test: str
    side: str
    unit: str
    readings: list[Reading]


class SeriesOut(Schema):
    pain: list[PainPoint]
    weekly_pain: list[PainWeek]
    tests: list[TestSeries]


@router.get("/summary", response=private(SummaryOut), summary="The progress page's figures")
def summary(request: HttpRequest) -> SummaryOut:
    board = dashboard(user_of(request))
    lang = language()
    tests = [
        TestOut(
            test=t.test.slug,
            name=localized(t.test, lang).name,
            unit=t.test.unit,
            sides=[
                SideOut(
                    side=s.side,
                    latest=s.latest.value,
                    latest_day=s.latest.day,
                    baseline=s.reference.value if s.reference else None,
                    change=ChangeOut(
                        before=s.change.before,
                        after=s.change.after,
                        difference=s.change.difference,
                        threshold=s.change.threshold,
                        verdict=s.change.verdict.value,
                        explain=s.change.explain,
                    )
                    if s.change
                    else None,
                    norm=s.norm_words,
                )
                for s in t.sides
            ],
        )
        for t in board.trends
    ]
    return SummaryOut(
        sessions=board.sessions,
        program=board.plan.program.slug if board.plan else None,
        streak=board.streak.current if board.streak else None,
        best_streak=board.streak.best if board.streak else None,
        tally=TallyOut(done=board.tally.done, partial=board.tally.partial, missed=board.tally.missed),
        tests_due=board.tests_due,
        latest_sitting_id=board.latest_sitting.pk if board.latest_sitting else None,
        tests=tests,
        flags=[FlagOut(key=f.key, ratio=f.ratio, explain=f.explain) for f in board.flags],
    )


@router.get("/series", response=private(SeriesOut), summary="Pain and test results over time")
def series(request: HttpRequest) -> SeriesOut:
    user = user_of(request)
    who = person_of(user)
    pains, _ = sessions_of(user, who)
    sittings = sittings_of(user, who, with_ratings=False)
    series: dict[tuple[int, str], tuple[HomeTest, list[Reading]]] = {}
    for sitting in sittings.all:  # oldest first
        for r in sittings.results.get(sitting.pk, ()):
            _test, readings = series.setdefault((r.test_id, r.side), (r.test, []))
            readings.append(Reading(sitting_id=sitting.pk, day=sittings.days[sitting.pk], value=r.value))
    sides = ("", "left", "right")
    return SeriesOut(
        pain=[PainPoint(at=p.at, before=p.before, after=p.after) for p in pains],
        weekly_pain=[
            PainWeek(start=w.start, before=w.before, after=w.after, overall=w.overall, sessions=w.sessions)
            for w in weekly(pains)
        ],
        # Every reading of every test, in battery order (the page's charts summarise a long series).
        tests=[
            TestSeries(test=test.slug, side=side, unit=test.unit, readings=readings)
            for (_pk, side), (test, readings) in sorted(
                series.items(), key=lambda kv: (kv[1][0].order, kv[1][0].slug, sides.index(kv[0][1]))
            )
        ],
    )
