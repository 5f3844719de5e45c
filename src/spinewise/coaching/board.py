"""The coach's view of their clients: adherence, pain, tests against baseline, and the alerts a
coach must not miss. A fixed number of queries however many clients: every read is one query
for all of them, grouped in Python.

What a coach sees stops at the link's end: an ended link shows nothing dated after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from statistics import fmean

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from spinewise.assessments.models import Assessment, FunctionRating, TestResult
from spinewise.assessments.services import compare, reference_among
from spinewise.coaching.models import AssignedSession, Assignment, Link
from spinewise.coaching.schemas import AlertOut, ClientOut, ClientSessionOut, TestChangeOut
from spinewise.library.i18n import localized
from spinewise.planning.progression import ACCEPTABLE_PAIN
from spinewise.planning.scoring import Verdict
from spinewise.programs.models import Enrolment, PainCheck, Pause
from spinewise.safety.models import Screening
from spinewise.safety.screening import ADVICE, Urgency
from spinewise.training.history import titled
from spinewise.training.models import Session

WINDOW_DAYS = 28
# A morning check-in (or a "pain now") up to this long after a session says whether it settled.
SETTLE_HOURS = 36


def _until(link: Link, now: datetime) -> datetime:
    return min(link.ended_at, now) if link.ended_at is not None else now


def _trend(sessions: Sequence[Session], until: datetime) -> str:
    """The last two weeks' average pain after sessions against the two weeks before."""
    middle = until - timedelta(days=WINDOW_DAYS // 2)
    late = [s.pain_after for s in sessions if s.pain_after is not None and s.started_at > middle]
    early = [s.pain_after for s in sessions if s.pain_after is not None and s.started_at <= middle]
    if not late or not early:
        return _("not enough sessions with pain to tell")
    a, b = fmean(early), fmean(late)
    numbers = {"before": number_format(a, 1), "after": number_format(b, 1)}
    if b < a - 0.5:
        text = _("better: pain after sessions %(before)s then %(after)s on average (two weeks each)")
    elif b > a + 0.5:
        text = _("worse: pain after sessions %(before)s then %(after)s on average (two weeks each)")
    else:
        text = _("about the same: pain after sessions %(before)s then %(after)s on average (two weeks each)")
    return text % numbers


def _day(at: date) -> str:
    """ "5 March" in the active language."""
    return date_format(at, "j F")


def summaries(links: Sequence[Link], now: datetime | None = None) -> list[ClientOut]:
    """One summary per link, in the links' order; at most 9 queries whatever their number."""
    now = now or timezone.now()
    if not links:
        return []
    ids = [link.client_id for link in links]
    latest_until = max(_until(link, now) for link in links)
    earliest_from = min(_until(link, now) for link in links) - timedelta(days=WINDOW_DAYS)

    sessions: dict[int, list[Session]] = defaultdict(list)
    for s in Session.objects.filter(
        user_id__in=ids, started_at__gte=earliest_from, started_at__lte=latest_until
    ).order_by("-started_at"):
        sessions[s.user_id].append(s)  # type: ignore[index]
    checks: dict[int, list[PainCheck]] = defaultdict(list)
    for c in PainCheck.objects.filter(user_id__in=ids, at__gte=earliest_from, at__lte=latest_until):
        checks[c.user_id].append(c)
    screenings: dict[int, list[Screening]] = defaultdict(list)
    for sc in Screening.objects.filter(user_id__in=ids, created_at__lte=latest_until).order_by(
        "created_at", "id"
    ):
        screenings[sc.user_id].append(sc)  # type: ignore[index]
    plans: dict[int, int] = defaultdict(int)
    for a in Assignment.objects.filter(link__in=[link.pk for link in links], kind=Assignment.Kind.ROUTINE):
        plans[a.link_id] += a.per_week
    enrolments = {
        e.user_id: e for e in Enrolment.objects.current().filter(user_id__in=ids).select_related("program")
    }
    pain_pauses = {
        p.enrolment_id: p
        for p in Pause.objects.filter(
            enrolment__in=[e.pk for e in enrolments.values()], end__isnull=True, reason=Pause.Reason.PAIN
        )
    }
    tests = _tests(links, now)

    out = []
    for link in links:
        until = _until(link, now)
        mine = [s for s in sessions[link.client_id] if s.started_at <= until]
        recent = [s for s in mine if s.started_at > until - timedelta(days=WINDOW_DAYS)]
        week = [s for s in recent if s.started_at > until - timedelta(days=7)]
        per_week = plans[link.pk]
        enrolment = enrolments.get(link.client_id)
        if enrolment is not None and link.ended_at is None:
            per_week += enrolment.program.workouts_per_week
        last = recent[0] if recent else None
        own_checks = [c for c in checks[link.client_id] if c.at <= until]
        own_screenings = [sc for sc in screenings[link.client_id] if sc.created_at <= until]
        alerts = _alerts(week, last, own_checks, own_screenings, enrolment, pain_pauses, link)
        latest = own_screenings[-1] if own_screenings else None
        compared, rows = tests.get(link.pk, (_("no home tests compared yet"), []))
        out.append(
            ClientOut(
                link=link.pk,
                name=link.client.get_full_name() or link.client.email,
                email=link.client.email,
                since=link.started_at,
                ended_at=link.ended_at,
                sessions_7=sum(1 for s in week if s.status == Session.Status.COMPLETE),
                planned_7=per_week,
                sessions_28=sum(1 for s in recent if s.status == Session.Status.COMPLETE),
                planned_28=per_week * 4,
                last_pain_before=last.pain_before if last else None,
                last_pain_after=last.pain_after if last else None,
                pain_trend=_trend(recent, until),
                screening=_(ADVICE[Urgency(latest.urgency)].headline) if latest else _("no safety check yet"),
                tests_compared=compared,
                tests=rows,
                alerts=alerts,
            )
        )
    return out


def _alerts(
    week: Sequence[Session],
    last: Session | None,
    checks: Sequence[PainCheck],
    screenings: Sequence[Screening],
    enrolment: Enrolment | None,
    pain_pauses: dict[int, Pause],
    link: Link,
) -> list[AlertOut]:
    alerts: list[AlertOut] = []
    worst = [s for s in week if s.worst_pain_during is not None and s.worst_pain_during > ACCEPTABLE_PAIN]
    if worst:
        s = max(worst, key=lambda x: (x.worst_pain_during or 0, x.started_at))
        alerts.append(
            AlertOut(
                kind="worst-pain",
                text=_("Worst pain %(pain)s/10 during %(routine)s on %(day)s (above %(limit)s/10).")
                % {
                    "pain": s.worst_pain_during,
                    "routine": s.title,
                    "day": _day(s.started_at),
                    "limit": ACCEPTABLE_PAIN,
                },
            )
        )
    if last is not None and last.pain_before is not None:
        after = [
            c for c in checks if last.started_at < c.at <= last.started_at + timedelta(hours=SETTLE_HOURS)
        ]
        if after:
            first = min(after, key=lambda c: c.at)
            if first.pain > last.pain_before:
                alerts.append(
                    AlertOut(
                        kind="not-settled",
                        text=_(
                            "Pain had not settled by the next day: %(pain)s/10 on %(day)s, against"
                            " %(before)s/10 before the session of %(session_day)s."
                        )
                        % {
                            "pain": first.pain,
                            "day": _day(first.at),
                            "before": last.pain_before,
                            "session_day": _day(last.started_at),
                        },
                    )
                )
    if enrolment is not None and link.ended_at is None and enrolment.pk in pain_pauses:
        pause = pain_pauses[enrolment.pk]
        alerts.append(
            AlertOut(
                kind="paused-by-pain",
                text=_("%(program)s is paused by the pain rule since %(day)s.")
                % {
                    "program": localized(enrolment.program, translation.get_language()).name,
                    "day": _day(pause.start),
                },
                advice=pause.explain,
            )
        )
    stops = [sc for sc in screenings if sc.stops and sc.cleared_at is None]
    if stops:
        stop = max(stops, key=lambda sc: (sc.urgency, -sc.created_at.timestamp()))
        advice = ADVICE[Urgency(stop.urgency)]
        alerts.append(
            AlertOut(
                kind="safety-stop",
                text=_(
                    "Safety stop since %(day)s: %(headline)s Only your client can lift it, by recording a"
                    " clinician's visit."
                )
                % {"day": _day(stop.created_at), "headline": _(advice.headline)},
                advice=_(advice.action) if advice.action else "",
            )
        )
    return alerts


def _tests(links: Sequence[Link], now: datetime) -> dict[int, tuple[str, list[TestChangeOut]]]:
    """Each client's latest sitting against their baseline, with the real-change verdicts; 3 queries."""
    ids = [link.client_id for link in links]
    by_user: dict[int, list[Assessment]] = defaultdict(list)
    for a in Assessment.objects.filter(user_id__in=ids, taken_at__lte=now).order_by("taken_at", "pk"):
        by_user[a.user_id].append(a)
    pairs: dict[int, tuple[Assessment, Assessment]] = {}
    for link in links:
        until = _until(link, now)
        sittings = [a for a in by_user[link.client_id] if a.taken_at <= until]
        if len(sittings) < 2:
            continue
        reference = reference_among(sittings[:-1], lambda a: a.kind)
        if reference is not None:
            pairs[link.pk] = (reference, sittings[-1])
    wanted = {a.pk for pair in pairs.values() for a in pair}
    results: dict[int, list[TestResult]] = {pk: [] for pk in wanted}
    ratings: dict[int, list[FunctionRating]] = {pk: [] for pk in wanted}
    for r in TestResult.objects.filter(assessment__in=wanted).select_related("test"):
        results[r.assessment_id].append(r)
    for fr in FunctionRating.objects.filter(assessment__in=wanted).select_related("activity"):
        ratings[fr.assessment_id].append(fr)
    out: dict[int, tuple[str, list[TestChangeOut]]] = {}
    for link_pk, (before, after) in pairs.items():
        comparison = compare(before, after, results=results, ratings=ratings)
        rows: list[TestChangeOut] = []
        lang = translation.get_language()
        for t in comparison.tests:
            name = localized(t.test, lang).name
            label = _("%(test)s (%(side)s)") % {"test": name, "side": _side(t.side)} if t.side else name
            rows.append(_row(label, t.before, t.after, t.change))
        for q in comparison.questions:
            if q.before is not None or q.after is not None:
                rows.append(_row(_(q.label) if q.label else q.label, q.before, q.after, q.change))
        for q in comparison.activities:  # the client's own words for their activities
            if q.before is not None or q.after is not None:
                rows.append(_row(q.label, q.before, q.after, q.change))
        real = sum(1 for r in rows if r.verdict == Verdict.IMPROVED)
        worse = sum(1 for r in rows if r.verdict == Verdict.WORSENED)
        improvements = ngettext("%(n)s real improvement", "%(n)s real improvements", real) % {"n": real}
        worsenings = ngettext("%(n)s real worsening", "%(n)s real worsenings", worse) % {"n": worse}
        words = _("%(after)s against %(before)s: %(improvements)s, %(worsenings)s") % {
            "after": _day(after.taken_at),
            "before": _day(before.taken_at),
            "improvements": improvements,
            "worsenings": worsenings,
        }
        out[link_pk] = (words, rows)
    return out


def _side(side: str) -> str:
    """A test's side ("left", "right") in the active language."""
    return {"left": pgettext("side", "left"), "right": pgettext("side", "right")}.get(side, side)


def _row(label: str, before: float | None, after: float | None, change: object) -> TestChangeOut:
    verdict = getattr(change, "verdict", None)
    return TestChangeOut(
        label=label,
        before=before,
        after=after,
        verdict=str(verdict.value) if verdict is not None else None,
        explain=str(getattr(change, "explain", "")) if change is not None else _("not measured both times"),
    )


def coach_clients(coach_id: int) -> list[Link]:
    return list(
        Link.objects.current().filter(coach_id=coach_id).select_related("client").order_by("client__email")
    )


def client_sessions(link: Link, now: datetime | None = None, limit: int = 30) -> list[ClientSessionOut]:
    """The client's latest sessions the coach may see (none after the link ended); 2 queries."""
    until = _until(link, now or timezone.now())
    rows = titled(Session.objects.filter(Q(user_id=link.client_id), started_at__lte=until)[:limit])
    linked = dict(
        AssignedSession.objects.filter(session__in=[s.pk for s in rows]).values_list(
            "session_id", "assignment_id"
        )
    )
    return [
        ClientSessionOut(
            id=s.pk,
            routine=s.title,
            started_at=s.started_at,
            status=s.status,
            pain_before=s.pain_before,
            worst_pain_during=s.worst_pain_during,
            pain_after=s.pain_after,
            assignment=linked.get(s.pk),
        )
        for s in rows
    ]
