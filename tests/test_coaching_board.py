"""The coach's client list: what a coach sees (and stops seeing), the alerts, and its query count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spinewise.coaching import board, services
from spinewise.coaching.models import Link
from spinewise.programs.models import PainCheck
from spinewise.programs.services import pause
from spinewise.safety.screening import ADVICE, Urgency
from spinewise.training.models import Session
from tests.coaching_helpers import assigned, coach_client, limits, linked, make_coach
from tests.programs_helpers import enrolled, screened, signed_in
from tests.progress_data import BETTER, baseline_and_retest

pytestmark = pytest.mark.django_db


def session(
    user: Any, *, days_ago: float = 0, before: int = 2, worst: int = 3, after: int = 2, **kw: Any
) -> Session:
    at = timezone.now() - timedelta(days=days_ago)
    return Session.objects.create(
        user=user,
        source="web",
        routine_name=kw.pop("name", "Morning release"),
        prescription={"items": []},
        started_at=at,
        finished_at=at + timedelta(minutes=10),
        status=kw.pop("status", Session.Status.COMPLETE),
        pain_before=before,
        worst_pain_during=worst,
        pain_after=after,
    )


@pytest.fixture
def link(coach: Any, trainee: Any) -> Link:
    make_coach(coach)
    screened(trainee)
    return linked(coach, trainee)


def summary(link: Link) -> Any:
    (one,) = board.summaries([link])
    return one


def kinds(link: Link) -> list[str]:
    return [a.kind for a in summary(link).alerts]


def test_adherence_and_pain_against_the_plan(link: Link, trainee: Any) -> None:
    assigned(link)  # 3 times a week
    for days in (1, 3, 5, 9, 12, 20, 27):
        session(trainee, days_ago=days, before=4, after=2 if days < 14 else 4)
    session(trainee, days_ago=2, status=Session.Status.PARTIAL)
    session(trainee, days_ago=40)  # outside the 28 days
    one = summary(link)
    assert (one.sessions_7, one.planned_7, one.sessions_28, one.planned_28) == (3, 3, 7, 12)
    assert (one.last_pain_before, one.last_pain_after) == (4, 2)
    assert one.pain_trend.startswith("better")
    assert one.alerts == []


def test_tests_against_baseline_with_real_change_verdicts(link: Link, trainee: Any) -> None:
    baseline_and_retest(trainee, BETTER)
    one = summary(link)
    assert "real improvement" in one.tests_compared
    verdicts = {row.verdict for row in one.tests}
    assert "improved" in verdicts
    assert all(row.label for row in one.tests)


def test_alert_worst_pain_above_five(link: Link, trainee: Any) -> None:
    session(trainee, days_ago=1, worst=5)
    assert kinds(link) == []
    session(trainee, days_ago=2, worst=7, name="Seven back stretches")
    alerts = summary(link).alerts
    assert [a.kind for a in alerts] == ["worst-pain"]
    assert "7/10" in alerts[0].text and "Seven back stretches" in alerts[0].text


def test_alert_pain_not_settled_by_the_next_day(link: Link, trainee: Any) -> None:
    last = session(trainee, days_ago=1, before=3, after=3)
    PainCheck.objects.create(user=trainee, kind="morning", pain=3, at=last.started_at + timedelta(hours=20))
    assert kinds(link) == []  # back where it was: settled
    PainCheck.objects.all().delete()
    PainCheck.objects.create(user=trainee, kind="morning", pain=5, at=last.started_at + timedelta(hours=20))
    alerts = summary(link).alerts
    assert [a.kind for a in alerts] == ["not-settled"]
    assert "5/10" in alerts[0].text and "3/10" in alerts[0].text


def test_alert_program_paused_by_the_pain_rule(link: Link, trainee: Any) -> None:
    enrolment = enrolled(trainee, start=timezone.localdate())
    pause(enrolment, timezone.localdate(), reason="chosen")
    assert kinds(link) == []  # a pause the person chose is not an alert
    enrolment.pauses.all().delete()
    pause(enrolment, timezone.localdate(), reason="pain", explain="Worst pain 8/10: paused.")
    alerts = summary(link).alerts
    assert [a.kind for a in alerts] == ["paused-by-pain"]
    assert alerts[0].advice == "Worst pain 8/10: paused."
    assert summary(link).planned_7 == 3  # the program's workouts count in the plan


def test_alert_safety_stop_with_its_advice_and_no_way_for_the_coach_to_lift_it(
    link: Link, trainee: Any, coach: Any
) -> None:
    screened(trainee, urgency=Urgency.SAME_DAY)
    alerts = summary(link).alerts
    assert [a.kind for a in alerts] == ["safety-stop"]
    assert ADVICE[Urgency.SAME_DAY].headline in alerts[0].text
    assert alerts[0].advice == ADVICE[Urgency.SAME_DAY].action
    assert "Only your client can lift it" in alerts[0].text
    page = coach_client(coach).get(f"/coaching/clients/{link.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-alert="safety-stop"' in html
    assert "/check/clearance" not in html and "clearance" not in html.lower().replace("clearance step", "")


def test_the_coach_sees_nothing_after_the_link_ends(link: Link, trainee: Any, coach: Any) -> None:
    session(trainee, days_ago=2, before=2, after=1, name="Before the end")
    assigned(link)  # Cat-Cow, on hands and knees
    limits(trainee, avoid=["kneeling"])
    client = coach_client(coach)
    assert "a position your client avoids" in client.get(f"/coaching/clients/{link.pk}/").content.decode()
    services.end_link(link, Link.Side.CLIENT)
    session(trainee, days_ago=0, before=6, worst=8, after=6, name="After the end")
    screened(trainee, urgency=Urgency.EMERGENCY)
    page = client.get(f"/coaching/clients/{link.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Before the end" in html and "After the end" not in html
    assert "Back basics" in html and "a position your client avoids" not in html  # the profile stays private
    one = page.context["summary"]
    assert one.alerts == [] and one.last_pain_before == 2
    assert [s.routine for s in page.context["sessions"]] == ["Before the end"]
    # Ended links leave the client list, and nothing can be assigned any more.
    listed = client.get("/coaching/")
    assert listed.context["clients"] == [] and listed.context["past"] == [link]
    assert client.get(f"/coaching/clients/{link.pk}/routines/new/").status_code == 409


def test_another_coach_sees_nothing(link: Link, stranger: Any, trainee: Any) -> None:
    make_coach(stranger, "Other Coach")
    item = assigned(link)
    other = coach_client(stranger)
    for url in (
        f"/coaching/clients/{link.pk}/",
        f"/coaching/clients/{link.pk}/routines/new/",
        f"/coaching/clients/{link.pk}/routines/{item.pk}/",
        f"/coaching/clients/{link.pk}/routines/{item.pk}/handout.pdf",
        f"/coaching/clients/{link.pk}/programs/new/",
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/coaching/clients/{link.pk}/end/").status_code == 404
    assert other.get("/coaching/").context["clients"] == []
    # Nor does the client of another coach see this assignment, or a non-coach the coach's pages.
    assert signed_in(stranger).get(f"/coaching/assigned/{item.pk}/").status_code == 404
    plain = get_user_model().objects.create_user("plain", "plain@example.com", "x-long-password-1")
    assert signed_in(plain).get(f"/coaching/clients/{link.pk}/").status_code == 403


def _many_clients(coach: Any, n: int) -> None:
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"c{coach.pk}-{i}", email=f"c{coach.pk}-{i}@example.com") for i in range(n)
    )
    links = Link.objects.bulk_create(Link(coach=coach, client=u) for u in users)
    now = timezone.now()
    Session.objects.bulk_create(
        Session(
            user=u,
            source="web",
            routine_name="Morning release",
            prescription={"items": []},
            started_at=now - timedelta(days=d),
            status="complete",
            pain_before=3,
            worst_pain_during=7 if d == 1 else 3,
            pain_after=2,
        )
        for u in users
        for d in (1, 4, 15)
    )
    PainCheck.objects.bulk_create(
        PainCheck(user=u, kind="morning", pain=6, at=now - timedelta(hours=10)) for u in users
    )
    for u in users[:3]:
        screened(u, urgency=Urgency.WITHIN_DAYS)
        baseline_and_retest(u, BETTER)
    for link in links[:3]:
        assigned(link)


def test_the_client_list_costs_the_same_queries_for_2_or_200_clients(coach: Any, stranger: Any) -> None:
    make_coach(coach)
    make_coach(stranger, "Busy Coach")
    _many_clients(coach, 2)
    _many_clients(stranger, 200)
    counts = []
    for who, n in ((coach, 2), (stranger, 200)):
        client = coach_client(who)
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/coaching/")
        assert page.status_code == 200
        clients = page.context["clients"]
        assert len(clients) == n
        assert sum(1 for c in clients if any(a.kind == "safety-stop" for a in c.alerts)) == min(n, 3)
        assert all({"worst-pain", "not-settled"} <= {a.kind for a in c.alerts} for c in clients)
        assert sum(1 for c in clients if "real improvement" in c.tests_compared) == min(n, 3)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 15, counts  # 14 when written: the session, the person, the coach role, 11 reads
