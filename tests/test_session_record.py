from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from spinewise.library.models import Exercise
from spinewise.planning.model import Profile
from spinewise.training.models import Session, SessionItem
from spinewise.training.schema import SessionIn
from spinewise.training.services import build_routine, record_session, routine_json

START = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def session_data(**overrides: Any) -> dict[str, Any]:
    prescription = routine_json(build_routine(Profile(), 9, seed=7))
    n = len(prescription.items)
    data: dict[str, Any] = {
        "routine_name": "9-minute routine",
        "source": "cli",
        "prescription": prescription.model_dump(),
        "started_at": START,
        "finished_at": START + timedelta(minutes=10),
        "items": [{"index": i, "outcome": "done", "seconds": 30} for i in range(n)],
        "pain_before": 4,
        "worst_pain_during": 5,
        "pain_after": 3,
        "effort": 6,
        "notes": "Easier than yesterday.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_saves_a_complete_session_with_a_snapshot_of_the_routine() -> None:
    data = SessionIn.model_validate(session_data())
    session = record_session(data)
    session.refresh_from_db()
    assert session.status == Session.Status.COMPLETE
    assert session.user is None  # the command line's local person
    assert session.prescription == data.prescription.model_dump(mode="json")
    assert (session.pain_before, session.worst_pain_during, session.pain_after, session.effort) == (
        4,
        5,
        3,
        6,
    )
    items = list(session.items.all())
    assert [i.index for i in items] == list(range(len(data.prescription.items)))
    assert all(i.outcome == "done" for i in items)
    assert items[0].prescribed["slug"] == items[0].exercise_slug == data.prescription.items[0].slug


@pytest.mark.django_db
def test_it_keeps_swaps_skips_and_marks() -> None:
    data = session_data()
    first = Exercise.objects.get(slug=data["prescription"]["items"][0]["slug"])
    other = Exercise.objects.exclude(pk=first.pk).order_by("slug").first()
    assert other is not None
    first.easier.add(other)
    variant = other.slug
    data["items"][0] = {"index": 0, "outcome": "easier", "performed_slug": variant, "mark": "hurts"}
    data["items"][1] = {"index": 1, "outcome": "skipped"}
    data["items"][2] = {"index": 2, "outcome": "done", "mark": "helps"}
    session = record_session(SessionIn.model_validate(data))
    rows = {i.index: i for i in session.items.all()}
    assert (rows[0].outcome, rows[0].performed_slug, rows[0].mark) == ("easier", variant, "hurts")
    assert rows[1].outcome == "skipped"
    assert rows[2].mark == "helps"
    assert session.status == Session.Status.COMPLETE


@pytest.mark.django_db
def test_it_saves_a_session_left_half_way_as_partial() -> None:
    data = session_data(finished_at=None, items=[{"index": 0, "outcome": "done", "seconds": 40}])
    session = record_session(SessionIn.model_validate(data))
    assert session.status == Session.Status.PARTIAL
    outcomes = list(session.items.values_list("outcome", flat=True))
    assert outcomes[0] == "done"
    assert set(outcomes[1:]) == {SessionItem.Outcome.NOT_REACHED}


@pytest.mark.django_db
def test_the_snapshot_does_not_change_when_the_library_does() -> None:
    from spinewise.library.models import Exercise

    session = record_session(SessionIn.model_validate(session_data()))
    first = session.items.first()
    assert first is not None
    Exercise.objects.filter(slug=first.exercise_slug).update(name="Renamed later", doses={})
    session.refresh_from_db()
    assert session.prescription["items"][0]["name"] == first.exercise_name != "Renamed later"


@pytest.mark.parametrize(
    ("field", "value"),
    [("pain_before", 11), ("pain_after", -1), ("effort", 12), ("worst_pain_during", "a lot")],
)
@pytest.mark.django_db
def test_it_refuses_pain_and_effort_outside_0_to_10(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as exc:
        SessionIn.model_validate(session_data(**{field: value}))
    assert field in str(exc.value)


@pytest.mark.django_db
def test_it_refuses_items_that_do_not_match_the_routine() -> None:
    with pytest.raises(ValidationError, match="beyond the routine"):
        SessionIn.model_validate(session_data(items=[{"index": 99, "outcome": "done"}]))
    with pytest.raises(ValidationError, match="reported twice"):
        SessionIn.model_validate(session_data(items=[{"index": 0, "outcome": "done"}] * 2))
    with pytest.raises(ValidationError, match="before started_at"):
        SessionIn.model_validate(session_data(finished_at=START - timedelta(minutes=1)))


@pytest.mark.django_db(transaction=True)
def test_nothing_is_half_written_when_an_item_cannot_be_saved() -> None:
    data = SessionIn.model_validate(session_data())
    # An exercise name too long for its column makes the item insert fail on PostgreSQL, and a
    # duplicate index fails everywhere: force the latter by saving the same items twice in one call.
    from django.db import IntegrityError

    from spinewise.training import services

    real_bulk_create = SessionItem.objects.bulk_create

    def doubled(rows: list[SessionItem], **kwargs: Any) -> list[SessionItem]:
        return real_bulk_create([*rows, *rows[:1]], **kwargs)

    SessionItem.objects.bulk_create = doubled  # type: ignore[method-assign]
    try:
        with pytest.raises(IntegrityError):
            services.record_session(data)
    finally:
        SessionItem.objects.bulk_create = real_bulk_create  # type: ignore[method-assign]
    assert Session.objects.count() == 0
    assert SessionItem.objects.count() == 0
