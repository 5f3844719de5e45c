"""A stop that holds: answering again never lifts it, only a dated clinician visit does, on the
web with an account, without one (a signed cookie) and in the terminal (user None)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from spinewise.safety.gate import STOP_COOKIE
from spinewise.safety.models import Screening
from spinewise.safety.screening import QUESTIONS, ClearanceError, Urgency
from spinewise.safety.services import (
    export_screenings,
    record_clearance,
    record_screening,
    stop_in_force,
)

pytestmark = pytest.mark.django_db


def answers(*yes: str) -> dict[str, str]:
    """Every lead question answered; a follow-up only when it is asked (its leads are in `yes`)."""
    return {
        q.key: ("yes" if q.key in yes else "no")
        for q in QUESTIONS
        if not q.follows or set(q.follows) <= set(yes)
    }


def today() -> str:
    return timezone.localdate().isoformat()


def backdate(screening: Screening, days: int) -> None:
    Screening.objects.filter(pk=screening.pk).update(created_at=timezone.now() - timedelta(days=days))
    screening.refresh_from_db()


# ---------------------------------------------------------------- the services


def test_new_answers_are_stored_but_never_lower_a_stop() -> None:
    stop, _, _ = record_screening(None, {"infection"}, source="cli")
    calm, advice, standing = record_screening(None, set(), source="cli")
    assert advice.urgency == Urgency.NONE
    assert (standing.urgency, standing.held) == (Urgency.SAME_DAY, True)
    assert stop_in_force(None) == stop
    assert calm.urgency == 0  # the new answers are kept as given


def test_a_new_yes_raises_the_stop_and_the_most_urgent_is_in_force() -> None:
    record_screening(None, {"weight_loss"}, source="cli")
    worse, _, standing = record_screening(None, {"bladder_bowel"}, source="cli")
    assert (standing.urgency, standing.held) == (Urgency.EMERGENCY, False)
    assert stop_in_force(None) == worse


def test_of_equal_stops_the_earliest_is_in_force() -> None:
    first, _, _ = record_screening(None, {"fever"}, source="cli")
    record_screening(None, {"infection"}, source="cli")
    backdate(first, 2)
    assert stop_in_force(None) == first


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "is in the future"), (3, "was before the safety check of")],
)
def test_a_clearance_needs_a_visit_between_the_stop_and_today(days: int, message: str) -> None:
    stop, _, _ = record_screening(None, {"fever"}, source="cli")
    backdate(stop, 2)
    with pytest.raises(ClearanceError, match=message):
        record_clearance(stop, timezone.localdate() - timedelta(days=days))
    assert stop_in_force(None) == stop


def test_a_clearance_lifts_every_stop_given_up_to_the_visit_only() -> None:
    older, _, _ = record_screening(None, {"bladder_bowel"}, source="cli")
    backdate(older, 5)
    middle, _, _ = record_screening(None, {"fever"}, source="cli")
    backdate(middle, 3)
    newer, _, _ = record_screening(None, {"weight_loss"}, source="cli")
    visit = timezone.localdate() - timedelta(days=1)
    assert record_clearance(older, visit, "  Dr Okafor  ") == 2
    assert stop_in_force(None) == newer  # given after the visit: it still holds
    older.refresh_from_db()
    assert (older.cleared_on, older.cleared_by) == (visit, "Dr Okafor")
    assert older.cleared_at is not None


@pytest.mark.parametrize(("who", "message"), [("x" * 121, "longer than 120"), ("Dr\x00", "cannot be stored")])
def test_a_clinician_name_that_cannot_be_kept_is_refused(who: str, message: str) -> None:
    stop, _, _ = record_screening(None, {"fever"}, source="cli")
    with pytest.raises(ClearanceError, match=message):
        record_clearance(stop, timezone.localdate(), who)
    assert stop_in_force(None) == stop


def test_the_export_keeps_the_stop_its_advice_and_the_clearance(trainee: Any) -> None:
    stop, _, _ = record_screening(trainee, {"fever"}, source="web")
    record_clearance(stop, timezone.localdate(), "Practice nurse")
    [row] = export_screenings(trainee)
    assert row["advice"] == "See a doctor today."
    assert row["cleared_on"] == today()
    assert row["cleared_by"] == "Practice nurse"


# ---------------------------------------------------------------- with an account


def test_the_stop_survives_answering_no_to_everything_on_the_web(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    client.post("/screening/", answers("bladder_bowel"))
    # The screening page shows the earlier advice and the clearance step, not a blank form.
    page = client.get("/screening/").content.decode()
    assert "Go to an emergency department now." in page
    assert 'data-testid="clearance"' in page and 'type="date"' in page
    assert 'name="bladder_bowel"' not in page
    assert f'max="{today()}"' in page and f'min="{today()}"' in page
    # "I have new symptoms" asks again; all "no" is stored but does not lift the stop.
    assert 'name="bladder_bowel"' in client.get("/screening/", {"new": "1"}).content.decode()
    response = client.post("/screening/?new=1", {**answers(), "next": "/relief/"})
    page = client.get(response["Location"]).content.decode()
    assert "Your new answers: Nothing here needs a doctor first." in page
    assert "Go to an emergency department now." in page
    assert client.get("/relief/").status_code == 302
    assert client.get("/play/routine/morning-release/").status_code == 302
    assert Screening.objects.filter(user=trainee).count() == 2


@pytest.mark.parametrize(
    ("visit", "message"),
    [
        ((timezone.localdate() + timedelta(days=1)).isoformat(), "is in the future"),
        ((timezone.localdate() - timedelta(days=1)).isoformat(), "was before the safety check of"),
        ("not-a-date", "Please give a real date."),
    ],
)
def test_a_bad_visit_date_is_refused_beside_the_field(
    client: Client, trainee: Any, visit: str, message: str
) -> None:
    client.force_login(trainee)
    client.post("/screening/", answers("fever"))
    response = client.post("/screening/clearance/", {"visit_date": visit})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="id_visit_date_error"' in response.content.decode()
    assert stop_in_force(trainee) is not None


def test_a_dated_clearance_lets_the_person_back_in(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    client.post("/screening/", answers("fever"))
    response = client.post("/screening/clearance/", {"visit_date": today(), "next": "/relief/"})
    assert response["Location"] == "/relief/"
    assert client.get("/relief/").status_code == 200
    page = client.get("/screening/result/").content.decode()
    assert "a clinician saw you on" in page


def test_the_follow_ups_count_and_are_required_only_after_a_yes(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    # Leads "no": their follow-ups may be left out, and a stray "yes" to one does not count.
    data = {**answers(), "thin_bones": "yes"}
    response = client.post("/screening/", data)
    assert response.status_code == 302
    assert Screening.objects.get().urgency == Urgency.NONE
    # A lead "yes" makes its follow-up a question that needs an answer.
    data = {**answers(), "minor_fall": "yes"}
    page = client.post("/screening/", data).content.decode()
    assert page.count("Please answer yes or no.") == 2  # thin bones and steroid tablets
    client.post("/screening/", {**data, "thin_bones": "yes", "steroid_tablets": "no"})
    assert Screening.objects.latest_for(trainee).urgency == Urgency.SAME_DAY  # type: ignore[union-attr]


def test_the_questions_are_grouped_under_headings(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    page = client.get("/screening/").content.decode()
    assert "<legend>Bladder, bowels and legs</legend>" in page
    assert "Answer only if you answered yes to question" in page


# ---------------------------------------------------------------- without an account


def test_without_an_account_the_stop_is_kept_in_a_signed_cookie(client: Client) -> None:
    response = client.post("/check/", {**answers("saddle_numbness"), "next": "/relief/"})
    cookie = response.cookies[STOP_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 24 * 3600
    assert not Screening.objects.exists()
    # A new check within the day shows the earlier advice and the clearance step first.
    page = client.get("/check/", {"next": "/relief/"}).content.decode()
    assert "Go to an emergency department now." in page and 'data-testid="clearance"' in page
    assert 'name="saddle_numbness"' not in page
    # Answering "no" to everything refuses still, and the gate stays shut.
    page = client.post("/check/?new=1", {**answers(), "next": "/relief/"}).content.decode()
    assert "Your new answers: Nothing here needs a doctor first." in page
    assert client.get("/relief/").status_code == 302
    assert client.get("/play/routine/morning-release/").status_code == 302


def test_a_new_session_does_not_forget_the_browsers_stop(client: Client) -> None:
    client.post("/check/", answers("fever"))
    client.cookies.pop("sessionid", None)  # the browser session ends; the stop cookie stays
    client.post("/check/", answers())
    assert client.get("/relief/").status_code == 302


def test_a_tampered_stop_cookie_counts_as_none(client: Client) -> None:
    client.cookies[STOP_COOKIE] = "3|2026-01-01:forged:signature"
    assert "Go to" not in client.get("/check/").content.decode()


def test_without_an_account_a_bad_date_is_refused_and_a_valid_one_lets_them_in(client: Client) -> None:
    client.post("/check/", answers("weight_loss"))
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post("/check/clearance/", {"visit_date": future, "next": "/relief/"})
    assert response.status_code == 400
    assert "is in the future" in response.content.decode()
    assert client.get("/relief/").status_code == 302
    response = client.post("/check/clearance/", {"visit_date": today(), "next": "/relief/"})
    assert response["Location"] == "/relief/"
    assert client.cookies[STOP_COOKIE].value == ""  # deleted
    assert client.get("/relief/").status_code == 200


def test_without_an_account_a_new_yes_raises_the_kept_stop(client: Client) -> None:
    client.post("/check/", answers("weight_loss"))
    page = client.post("/check/?new=1", answers("walking")).content.decode()
    assert "Go to an emergency department now." in page
    assert "Go to an emergency department now." in client.get("/check/").content.decode()


def test_a_program_paused_by_a_stop_resumes_only_after_the_clearance(trainee: Any) -> None:
    from spinewise.programs.models import Enrolment
    from spinewise.programs.services import ResumeRefused, resume
    from tests.programs_helpers import enrolled

    enrolment = enrolled(trainee, start=timezone.localdate())
    record_screening(trainee, {"fever"}, source="web")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PAUSED
    record_screening(trainee, set(), source="web")  # all "no": the stop holds
    with pytest.raises(ResumeRefused):
        resume(enrolment, timezone.localdate())
    stop = stop_in_force(trainee)
    assert stop is not None
    record_clearance(stop, timezone.localdate())
    resume(enrolment, timezone.localdate())
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
