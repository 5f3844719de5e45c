"""Each API resource's main success and error paths, through a personal token (as a script would)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from spinewise.assessments.models import Assessment
from spinewise.programs.models import Enrolment, ProgramSession
from spinewise.safety.screening import QUESTIONS, Urgency
from spinewise.training.models import Session
from tests.api_helpers import TokenClient, detail
from tests.programs_helpers import screened

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(trainee: Any) -> TokenClient:
    """The trainee's read-and-write token; their safety check allows exercise."""
    screened(trainee)
    return TokenClient(trainee)


def _now() -> str:
    return timezone.now().isoformat()


# ---------------------------------------------------------------- exercises


def test_exercises_are_listed_paginated_and_filtered_with_the_librarys_filters(api: TokenClient) -> None:
    everything = api.get("/exercises/").json()
    assert everything["count"] >= 60 and len(everything["items"]) == everything["count"]
    page = api.get("/exercises/", limit=5, offset=5).json()
    assert page["count"] == everything["count"] and len(page["items"]) == 5
    assert [e["slug"] for e in page["items"]] == [e["slug"] for e in everything["items"][5:10]]
    floor_free = api.get("/exercises/", position="standing", equipment="none").json()
    assert floor_free["items"] and all(
        e["position"] == "standing" and e["equipment"] == [] for e in floor_free["items"]
    )
    refused = api.get("/exercises/", category="juggling")
    assert refused.status_code == 400 and "category" in detail(refused)


def test_an_exercise_comes_with_its_figure_and_an_unknown_one_is_404(api: TokenClient) -> None:
    cat_cow = api.get("/exercises/cat-cow").json()
    assert cat_cow["name"] and cat_cow["steps"]
    assert cat_cow["figure"]["animated_svg"].startswith("<svg") and cat_cow["figure"]["still_url"]
    missing = api.get("/exercises/no-such-move")
    assert missing.status_code == 404 and detail(missing)


def test_exercises_need_no_sign_in(client: Any) -> None:
    assert client.get("/api/v1/exercises/").status_code == 200


# ---------------------------------------------------------------- routines and sessions


def test_a_planned_routine_comes_with_a_token_and_bad_requests_name_the_field(api: TokenClient) -> None:
    planned = api.post("/routines/plan", {"minutes": 9, "avoid": ["kneeling"], "seed": 3})
    assert planned.status_code == 200
    body = planned.json()
    assert body["routine"]["items"] and body["token"]
    assert all(item["position"] != "kneeling" for item in body["routine"]["items"])
    refused = api.post("/routines/plan", {"minutes": 99})
    assert refused.status_code == 422 and "minutes" in detail(refused).lower()


def test_a_builtin_routine_is_fitted_to_the_person(api: TokenClient) -> None:
    listed = api.get("/routines/builtin").json()
    assert {r["slug"] for r in listed["items"]} >= {"morning-release"}
    fitted = api.get("/routines/builtin/morning-release", avoid="floor")
    assert fitted.status_code == 200
    routine = fitted.json()["routine"]
    assert routine["relaxed"] and all(
        i["position"] not in {"supine", "prone", "side-lying"} for i in routine["items"]
    )
    assert api.get("/routines/builtin/nope").status_code == 404
    assert api.get("/routines/builtin/morning-release", state="sleepy").status_code == 400


def test_a_session_starts_once_per_client_id_then_reports_and_finishes(
    api: TokenClient, trainee: Any
) -> None:
    planned = api.post("/routines/plan", {"minutes": 5, "seed": 1}).json()
    client_id = str(uuid.uuid4())
    start = {
        "token": planned["token"],
        "client_id": client_id,
        "started_at": _now(),
        "items": [],
        "pain_before": 3,
    }
    first = api.post("/sessions/", start)
    assert first.status_code == 201
    again = api.post("/sessions/", start)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Session.objects.filter(user=trainee).count() == 1
    sid = first.json()["id"]
    n = len(planned["routine"]["items"])
    items = [{"index": i, "outcome": "done", "seconds": 10} for i in range(n)]
    progress = api.post(f"/sessions/{sid}/report", {"started_at": start["started_at"], "items": items[:1]})
    assert progress.status_code == 200 and progress.json()["status"] == "partial"
    unfinished = api.post(f"/sessions/{sid}/finish", {"started_at": start["started_at"], "items": items})
    assert unfinished.status_code == 400 and "finished_at" in detail(unfinished)
    done = api.post(
        f"/sessions/{sid}/finish",
        {"started_at": start["started_at"], "finished_at": _now(), "items": items, "pain_after": 2},
    )
    assert done.status_code == 200 and done.json()["status"] == "complete"
    one = api.get(f"/sessions/{sid}").json()
    assert one["pain_after"] == 2 and len(one["items"]) == n
    assert one["prescription"]["items"] == planned["routine"]["items"]
    listed = api.get("/sessions/").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == sid


def test_the_server_never_takes_a_routine_from_the_client(
    api: TokenClient, trainee: Any, stranger: Any
) -> None:
    forged = {"token": "sw-not-signed", "client_id": str(uuid.uuid4()), "started_at": _now(), "items": []}
    refused = api.post("/sessions/", forged)
    assert refused.status_code == 400 and "token" in detail(refused)
    screened(stranger)
    theirs = TokenClient(stranger).post("/routines/plan", {"minutes": 5}).json()["token"]
    borrowed = api.post("/sessions/", {**forged, "token": theirs})
    assert borrowed.status_code == 400 and "someone else" in detail(borrowed)
    assert not Session.objects.exists()


def test_another_persons_session_is_404(api: TokenClient, stranger: Any) -> None:
    screened(stranger)
    theirs = TokenClient(stranger)
    planned = theirs.post("/routines/plan", {"minutes": 5}).json()
    sid = theirs.post(
        "/sessions/",
        {"token": planned["token"], "client_id": str(uuid.uuid4()), "started_at": _now(), "items": []},
    ).json()["id"]
    assert api.get(f"/sessions/{sid}").status_code == 404
    report = api.post(f"/sessions/{sid}/report", {"started_at": _now(), "items": []})
    assert report.status_code == 404
    assert api.get("/sessions/").json()["count"] == 0


# ---------------------------------------------------------------- the safety screening


def test_a_red_flag_stops_routines_until_a_dated_clinician_visit(trainee: Any) -> None:
    api = TokenClient(trainee)
    unscreened = api.post("/routines/plan", {})
    assert unscreened.status_code == 403 and "screening" in detail(unscreened)
    questions = TokenClient(trainee).get("/screening/questions").json()
    assert {q["key"] for q in questions} == {q.key for q in QUESTIONS}
    assert api.post("/screening/", {"yes": ["no-such-question"]}).status_code == 400
    emergency = next(q.key for q in QUESTIONS if q.urgency == Urgency.EMERGENCY)
    stopped = api.post("/screening/", {"yes": [emergency]})
    assert stopped.status_code == 201
    assert stopped.json()["may_exercise"] is False and stopped.json()["stop"]["advice"]["urgency"] == 4
    assert api.post("/routines/plan", {}).status_code == 403
    # Answering again never lifts the stop.
    assert api.post("/screening/", {"yes": []}).json()["may_exercise"] is False
    early = api.post("/screening/clearance", {"visit_date": "2020-01-01"})
    assert early.status_code == 400 and "visit_date" in detail(early)
    today = timezone.localdate().isoformat()
    cleared = api.post("/screening/clearance", {"visit_date": today, "cleared_by": "Dr Jones"})
    assert (
        cleared.status_code == 200
        and cleared.json()["may_exercise"] is True
        and cleared.json()["stop"] is None
    )
    assert api.post("/screening/clearance", {"visit_date": today}).status_code == 409
    assert api.post("/routines/plan", {}).status_code == 200


# ---------------------------------------------------------------- programs


def test_enrol_then_the_pain_rule_then_a_workout_session(api: TokenClient, trainee: Any) -> None:
    listed = api.get("/programs/").json()
    assert "six-week-lower-back" in {p["slug"] for p in listed["items"]}
    assert api.get("/programs/current").status_code == 404
    enrolled = api.post("/programs/morning-release-four-weeks/enrol", {})
    assert enrolled.status_code == 201 and enrolled.json()["workouts"]
    other = api.post("/programs/six-week-lower-back/enrol", {"weekdays": ["mon", "wed", "fri"]})
    assert other.status_code == 409
    bad = api.post("/programs/six-week-lower-back/enrol", {"weekdays": ["mon"], "switch": True})
    assert bad.status_code == 400 and "3" in detail(bad)
    today = api.get("/programs/current/today").json()
    assert today["pain_needed"] is True and today["token"] is None
    number = today["workout"]["number"]
    verdict = api.post(f"/programs/current/workouts/{number}/pain", {"pain": 2})
    assert verdict.status_code == 200 and verdict.json()["paused"] is False
    ready = api.get("/programs/current/today").json()
    assert ready["token"] and ready["routine"]["items"]
    start = {"token": ready["token"], "client_id": str(uuid.uuid4()), "started_at": _now(), "items": []}
    started = api.post(f"/programs/current/workouts/{number}/sessions", start)
    assert started.status_code == 201
    assert ProgramSession.objects.filter(session_id=started.json()["id"], number=number).exists()
    elsewhere = api.post(
        f"/programs/current/workouts/{number + 1}/sessions", {**start, "client_id": str(uuid.uuid4())}
    )
    assert elsewhere.status_code in (403, 409)
    calendar = api.get("/programs/current/calendar.ics")
    assert calendar.status_code == 200 and calendar["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in calendar.content


def test_severe_pain_pauses_the_program_and_resume_waits_for_a_safety_check(
    api: TokenClient, trainee: Any
) -> None:
    api.post("/programs/morning-release-four-weeks/enrol", {})
    number = api.get("/programs/current").json()["next_workout"]
    verdict = api.post(f"/programs/current/workouts/{number}/pain", {"pain": 9}).json()
    assert verdict["paused"] is True and verdict["decision"] == "pause"
    assert api.get("/programs/current").json()["paused"] is True
    refused = api.post("/programs/current/resume")
    assert refused.status_code == 409 and "safety check" in detail(refused)
    assert api.post(f"/programs/current/workouts/{number}/pain", {"pain": 11}).status_code == 422


def test_pause_and_resume_by_choice(api: TokenClient, trainee: Any) -> None:
    api.post("/programs/morning-release-four-weeks/enrol", {})
    assert api.post("/programs/current/pause").json()["paused"] is True
    assert Enrolment.objects.get(user=trainee).status == "paused"
    assert api.post("/programs/current/resume").json()["paused"] is False


# ---------------------------------------------------------------- home tests


def test_a_sitting_is_recorded_once_per_client_id_and_checked_by_the_service(
    api: TokenClient, trainee: Any
) -> None:
    tests = api.get("/tests/").json()
    assert "fingertip-to-floor" in {t["slug"] for t in tests["items"]}
    client_id = str(uuid.uuid4())
    body = {"pain_now": 3, "results": [{"test": "fingertip-to-floor", "value": 12}], "client_id": client_id}
    first = api.post("/tests/sittings", body)
    assert first.status_code == 201 and first.json()["kind"] == "baseline"
    again = api.post("/tests/sittings", body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Assessment.objects.filter(user=trainee).count() == 1
    unknown = api.post("/tests/sittings", {"results": [{"test": "juggling", "value": 1}]})
    assert unknown.status_code == 400 and "juggling" in detail(unknown)
    assert api.post("/tests/sittings", {}).status_code == 400
    second = api.post("/tests/sittings", {"pain_now": 1}).json()
    assert second["kind"] == "check" and second["baseline_id"] == first.json()["id"]
    assert api.get("/tests/sittings").json()["count"] == 2
    assert api.get(f"/tests/sittings/{second['id']}").json()["pain_now"] == 1


def test_another_persons_sitting_is_404(api: TokenClient, stranger: Any) -> None:
    screened(stranger)
    theirs = TokenClient(stranger).post("/tests/sittings", {"pain_now": 2}).json()["id"]
    assert api.get(f"/tests/sittings/{theirs}").status_code == 404


# ---------------------------------------------------------------- progress


def test_progress_summary_and_series_show_sessions_and_tests(api: TokenClient, trainee: Any) -> None:
    assert api.get("/progress/summary").json()["sessions"] == 0
    planned = api.post("/routines/plan", {"minutes": 5}).json()
    started = (datetime.now(UTC) - timedelta(minutes=10)).isoformat()
    start = {"token": planned["token"], "client_id": str(uuid.uuid4()), "started_at": started, "items": []}
    sid = api.post("/sessions/", {**start, "pain_before": 4}).json()["id"]
    api.post(
        f"/sessions/{sid}/finish",
        {"started_at": started, "finished_at": _now(), "items": [], "pain_before": 4, "pain_after": 2},
    )
    api.post("/tests/sittings", {"results": [{"test": "fingertip-to-floor", "value": 12}]})
    summary = api.get("/progress/summary").json()
    assert summary["sessions"] == 1 and summary["latest_sitting_id"] is not None
    assert any(t["test"] == "fingertip-to-floor" for t in summary["tests"])
    series = api.get("/progress/series").json()
    assert [(p["before"], p["after"]) for p in series["pain"]] == [(4, 2)]
    assert series["weekly_pain"][0]["sessions"] == 1
    assert [
        r["value"] for s in series["tests"] if s["test"] == "fingertip-to-floor" for r in s["readings"]
    ] == [12]
    # Every reading, oldest first, each side on its own (the page's charts summarise; the API does not).
    api.post(
        "/tests/sittings",
        {
            "results": [
                {"test": "fingertip-to-floor", "value": 9},
                {"test": "side-bridge-hold", "side": "left", "value": 30},
                {"test": "side-bridge-hold", "side": "right", "value": 35},
            ]
        },
    )
    series = api.get("/progress/series").json()
    readings = {(s["test"], s["side"]): [r["value"] for r in s["readings"]] for s in series["tests"]}
    assert readings == {
        ("fingertip-to-floor", ""): [12, 9],
        ("side-bridge-hold", "left"): [30],
        ("side-bridge-hold", "right"): [35],
    }


# ---------------------------------------------------------------- account


def test_the_profile_is_checked_by_the_profile_pages_own_rules(api: TokenClient) -> None:
    assert api.get("/account/profile").json()["level"] == "beginner"
    refused = api.send("patch", "/account/profile", {"usual_minutes": 99, "time_zone": "Mars/Base"})
    assert (
        refused.status_code == 400 and "usual_minutes" in detail(refused) and "time_zone" in detail(refused)
    )
    changed = api.send("patch", "/account/profile", {"level": "intermediate", "avoid": ["kneeling"]})
    assert changed.status_code == 200 and changed.json()["level"] == "intermediate"
    assert changed.json()["avoid"] == ["kneeling"] and changed.json()["time_zone"] == "UTC"


def test_export_and_delete_with_the_password(api: TokenClient, trainee: Any) -> None:
    data = api.get("/account/export").json()
    assert data["account"]["email"] == trainee.email and "screenings" in data
    wrong = api.post("/account/delete", {"password": "not it"})
    assert wrong.status_code == 400 and "password" in detail(wrong)
    from tests.conftest import PASSWORD

    assert api.post("/account/delete", {"password": PASSWORD}).status_code == 204
    assert api.get("/account/profile").status_code == 401


def test_lists_take_the_same_queries_however_many_rows(
    api: TokenClient, trainee: Any, django_assert_num_queries: Any
) -> None:
    from tests.play_helpers import past_session

    past_session(trainee)
    api.get("/sessions/")  # the token's last use is written once a minute: not in the count below
    with django_assert_num_queries(3) as one:  # the token, the count, the page
        assert api.get("/sessions/").json()["count"] == 1
    for _ in range(20):
        past_session(trainee)
    with django_assert_num_queries(len(one.captured_queries)):
        assert api.get("/sessions/").json()["count"] == 21
