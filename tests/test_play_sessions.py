"""The browser player's session reports: what is saved, for whom, and what is refused."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spinewise.library.models import Exercise
from spinewise.planning.model import Profile
from spinewise.planning.vocabulary import (
    Level,
)
from spinewise.training.models import Routine, Session, SessionItem
from spinewise.training.schema import SessionIn
from spinewise.training.services import (
    build_routine,
    builtin_routine,
    record_session,
    routine_json,
)
from tests.play_helpers import (
    START,
    cleared,
    past_session,
    payload_of,
    planned_prescription,
    post_json,
    report,
    screened,
    web_body,
)

# ---------------------------------------------------------------- session reports


@pytest.mark.django_db
def test_it_records_a_session_from_start_to_finish(trainee_client: Client, trainee: Any) -> None:
    data = payload_of(trainee_client.get(reverse("play:routine", args=["stiff-and-sore-basics"])))
    prescription = data["prescription"]
    base = report(prescription, routine_name=data["routine"]["name"], routine_slug=data["routine"]["slug"])

    started = post_json(trainee_client, data["save_url"], base)
    assert started.status_code == 201
    session_id = started.json()["id"]
    session = Session.objects.get(pk=session_id)
    assert (session.user, session.source, session.status) == (trainee, "web", Session.Status.PARTIAL)
    assert session.routine_slug == "stiff-and-sore-basics"
    assert session.pain_before == 4
    assert set(session.items.values_list("outcome", flat=True)) == {"not-reached"}
    url = reverse("play:session", args=[session_id])
    assert started.json()["url"] == url

    # After the first item: one done, the second under way with a mark.
    progress = post_json(
        trainee_client,
        url,
        {
            **base,
            "items": [
                {"index": 0, "outcome": "done", "seconds": 60, "mark": "helps"},
                {"index": 1, "outcome": "not-reached", "seconds": 12, "mark": "hurts"},
            ],
        },
    )
    assert progress.status_code == 200
    assert progress.json()["status"] == "partial"
    rows = {i.index: i for i in Session.objects.get(pk=session_id).items.all()}
    assert (rows[0].outcome, rows[0].seconds, rows[0].mark) == ("done", 60, "helps")
    assert (rows[1].outcome, rows[1].seconds, rows[1].mark) == ("not-reached", 12, "hurts")

    finished = START + timedelta(minutes=5)
    # A known easier variant of the second item (the server checks swaps against the library).
    second = Exercise.objects.get(slug=data["items"][1]["slug"])
    variant = Exercise.objects.exclude(pk=second.pk).order_by("slug").first()
    assert variant is not None
    second.easier.add(variant)
    easier = variant.slug
    final = post_json(
        trainee_client,
        url,
        {
            **base,
            "finished_at": finished.isoformat(),
            "items": [
                {"index": 0, "outcome": "done", "seconds": 60, "mark": "helps"},
                {"index": 1, "outcome": "easier", "performed_slug": easier, "seconds": 70},
                {"index": 2, "outcome": "skipped", "seconds": 5},
            ],
            "worst_pain_during": 3,
            "pain_after": 2,
            "effort": 5,
            "notes": "Looser afterwards.",
        },
    )
    assert final.status_code == 200
    session = Session.objects.get(pk=session_id)
    assert session.status == Session.Status.COMPLETE
    assert session.finished_at == finished
    assert (session.pain_before, session.worst_pain_during, session.pain_after, session.effort) == (
        4,
        3,
        2,
        5,
    )
    assert session.notes == "Looser afterwards."
    assert [(i.outcome, i.performed_slug) for i in session.items.all()] == [
        ("done", ""),
        ("easier", easier),
        ("skipped", ""),
    ]
    assert session.items.count() == 3
    assert session.started_at == START
    assert Session.objects.count() == 1


@pytest.mark.django_db
def test_a_session_left_half_way_stays_partial(trainee_client: Client) -> None:
    prescription = planned_prescription()
    started = post_json(trainee_client, reverse("play:sessions"), report(prescription))
    url = started.json()["url"]
    # Ended early with the end form filled in: no finished_at, some items reached.
    response = post_json(
        trainee_client,
        url,
        report(
            prescription,
            items=[{"index": 0, "outcome": "done", "seconds": 40}],
            worst_pain_during=6,
            pain_after=5,
        ),
    )
    assert response.status_code == 200
    assert response.json()["status"] == "partial"
    session = Session.objects.get(pk=started.json()["id"])
    assert session.status == Session.Status.PARTIAL and session.finished_at is None
    assert (session.worst_pain_during, session.pain_after) == (6, 5)
    outcomes = list(session.items.values_list("outcome", flat=True))
    assert outcomes[0] == "done" and set(outcomes[1:]) == {SessionItem.Outcome.NOT_REACHED}


@pytest.mark.django_db
def test_a_report_overtaken_by_the_final_one_does_not_undo_the_finish(trainee_client: Client) -> None:
    prescription = planned_prescription()
    n = len(prescription["items"])
    url = post_json(trainee_client, reverse("play:sessions"), report(prescription)).json()["url"]
    every = [{"index": i, "outcome": "done", "seconds": 30} for i in range(n)]
    finished = (START + timedelta(minutes=9)).isoformat()
    assert (
        post_json(trainee_client, url, report(prescription, items=every, finished_at=finished)).status_code
        == 200
    )
    late = post_json(trainee_client, url, report(prescription, items=every[:1]))
    assert late.status_code == 200
    assert late.json()["status"] == "complete"
    session = Session.objects.get(pk=late.json()["id"])
    assert session.status == Session.Status.COMPLETE
    assert session.items.filter(outcome="done").count() == n


@pytest.mark.django_db
def test_the_web_player_is_always_the_source(trainee_client: Client) -> None:
    response = post_json(
        trainee_client, reverse("play:sessions"), report(planned_prescription(), source="cli")
    )
    assert response.status_code == 201
    assert Session.objects.get(pk=response.json()["id"]).source == "web"


@pytest.mark.django_db
def test_only_the_owner_may_update_a_session(trainee_client: Client, stranger_client: Client) -> None:
    prescription = planned_prescription()
    url = post_json(trainee_client, reverse("play:sessions"), report(prescription)).json()["url"]
    takeover = report(prescription, notes="Not mine.", items=[{"index": 0, "outcome": "skipped"}])
    response = post_json(stranger_client, url, takeover)
    assert response.status_code == 404
    assert response.json() == {"errors": ["No such session of yours."]}
    assert post_json(cleared(Client()), url, takeover).status_code == 404
    session = Session.objects.get()
    assert session.notes == "" and set(session.items.values_list("outcome", flat=True)) == {"not-reached"}
    missing = reverse("play:session", args=[session.pk + 1000])
    assert post_json(trainee_client, missing, report(prescription)).status_code == 404


@pytest.mark.django_db
def test_anonymous_people_cannot_save(client: Client) -> None:
    response = post_json(cleared(client), reverse("play:sessions"), report(planned_prescription()))
    assert response.status_code == 403
    assert "account" in response.json()["errors"][0]
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"pain_after": 11}, "pain_after"),
        ({"pain_before": -1}, "pain_before"),
        ({"effort": "hard"}, "effort"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"token": "forged"}, "token"),
        ({"started_at": "yesterday"}, "started_at"),
        ({"items": [{"index": 0, "outcome": "finished"}]}, "items.0.outcome"),
        ({"items": [{"index": 0, "outcome": "done", "seconds": -5}]}, "items.0.seconds"),
        ({"surprise": True}, "surprise"),
        ({"notes": "x" * 2001}, "notes"),
    ],
)
@pytest.mark.django_db
def test_it_refuses_a_bad_report_naming_the_field(
    trainee_client: Client, overrides: dict[str, Any], field: str
) -> None:
    prescription = planned_prescription()
    response = post_json(trainee_client, reverse("play:sessions"), report(prescription, **overrides))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(e.startswith(f"{field}:") for e in errors), errors
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_it_refuses_reports_that_do_not_match_the_routine(trainee_client: Client) -> None:
    prescription = planned_prescription()
    beyond = post_json(
        trainee_client,
        reverse("play:sessions"),
        report(prescription, items=[{"index": 99, "outcome": "done"}]),
    )
    assert beyond.status_code == 400
    assert "an item index is beyond the routine's" in beyond.json()["errors"][0]
    url = post_json(trainee_client, reverse("play:sessions"), report(prescription)).json()["url"]
    # A later report's token (another routine) changes nothing: the session keeps what it started with.
    other = planned_prescription(minutes=20)
    assert post_json(trainee_client, url, report(other)).status_code == 200
    assert Session.objects.get().prescription == prescription


@pytest.mark.django_db
def test_it_refuses_a_body_that_is_not_a_json_object(trainee_client: Client) -> None:
    url = reverse("play:sessions")
    not_json = trainee_client.post(url, "{not json", content_type="application/json")
    assert not_json.status_code == 400 and not_json.json() == {"errors": ["body: not valid JSON"]}
    a_list = post_json(trainee_client, url, [1, 2])
    assert a_list.status_code == 400 and a_list.json()["errors"][0].startswith("body:")


@pytest.mark.django_db
def test_reports_are_posts_only(trainee_client: Client) -> None:
    assert trainee_client.get(reverse("play:sessions")).status_code == 405


@pytest.mark.django_db
def test_reports_need_the_csrf_token(trainee: Any) -> None:
    screened(trainee)
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)
    page = client.get(reverse("play:plan"))
    token = page.cookies["csrftoken"].value
    body = json.dumps(web_body(client, report(payload_of(page)["prescription"])))
    refused = client.post(reverse("play:sessions"), body, content_type="application/json")
    assert refused.status_code == 403
    accepted = client.post(
        reverse("play:sessions"), body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201


# ---------------------------------------------------------------- the payload builder itself


@pytest.mark.usefixtures("version_asked_each_time")
@pytest.mark.django_db
def test_the_payload_reads_the_library_once_per_content_version(django_assert_num_queries: Any) -> None:
    from spinewise.library import cache as content_cache
    from spinewise.training.payload import player_payload

    basics = routine_json(builtin_routine(Routine.objects.get(slug="stiff-and-sore-basics"), Level.BEGINNER))
    thirteen = routine_json(builtin_routine(Routine.objects.get(slug="thirteen-stretches"), Level.BEGINNER))
    long = routine_json(build_routine(Profile(), 30, 1))
    content_cache.bump_content_version()  # nothing built for this version yet
    # The version, then the exercises, their easier and harder variants and their equipment.
    with django_assert_num_queries(5):
        first = player_payload(basics, Level.BEGINNER, name="x")
    for prescription in (basics, thirteen, long):  # then the version alone, with or without variants
        with django_assert_num_queries(1):
            payload = player_payload(prescription, Level.BEGINNER, name="x")
    assert player_payload(basics, Level.BEGINNER, name="x") == first
    assert any(item["easier"] or item["harder"] for item in payload["items"])


@pytest.mark.django_db
def test_a_snapshot_naming_a_removed_exercise_still_plays(trainee_client: Client, trainee: Any) -> None:
    past = past_session(trainee)
    gone = past.prescription["items"][0]["slug"]
    Exercise.objects.filter(slug=gone).delete()
    data = payload_of(trainee_client.get(reverse("play:again", args=[past.pk])))
    first = data["items"][0]
    assert first["exercise"]["name"] == past.prescription["items"][0]["name"]
    assert first["exercise"]["steps"] == [] and first["exercise"]["url"] is None
    assert first["easier"] == first["harder"] == []
    assert [s["kind"] for s in first["segments"]][-1] == "transition"


@pytest.mark.django_db
def test_an_update_that_fails_half_way_changes_nothing(trainee: Any) -> None:
    # Inside the test's own transaction, update_session's atomic block is a savepoint: it still
    # shows that the fields and the items change together or not at all. (A transactional test
    # would empty the library loaded once for the whole run.)
    from django.db import IntegrityError

    from spinewise.training import services

    prescription = planned_prescription()
    session = record_session(
        SessionIn.model_validate(report(prescription, source="web", items=[{"index": 0, "outcome": "done"}])),
        user=trainee,
    )
    real_bulk_create = SessionItem.objects.bulk_create

    def doubled(rows: list[SessionItem], **kwargs: Any) -> list[SessionItem]:
        return real_bulk_create([*rows, *rows[:1]], **kwargs)

    later = report(prescription, source="web", items=[{"index": 0, "outcome": "skipped"}], notes="Changed.")
    SessionItem.objects.bulk_create = doubled  # type: ignore[method-assign]
    try:
        with pytest.raises(IntegrityError):
            services.update_session(session, SessionIn.model_validate(later))
    finally:
        SessionItem.objects.bulk_create = real_bulk_create  # type: ignore[method-assign]
    session.refresh_from_db()
    assert session.notes == ""
    assert session.items.get(index=0).outcome == "done"
    assert session.items.count() == len(prescription["items"])
