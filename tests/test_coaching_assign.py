"""Assign and adjust: the composer's estimate and warnings, the change log, programs, and the
client playing an assigned routine under their own safety rules."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from spinewise.coaching import services
from spinewise.coaching.models import AssignedSession, Assignment, Change, Link
from spinewise.coaching.schemas import ItemIn, ProgramIn, RoutineIn
from spinewise.programs.models import Enrolment, PainCheck
from spinewise.training.models import Session
from tests.coaching_helpers import ROUTINE, assigned, coach_client, limits, linked, make_coach
from tests.programs_helpers import payload_of, screened, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(coach: Any, trainee: Any) -> Link:
    make_coach(coach)
    screened(trainee)
    return linked(coach, trainee)


def form(
    name: str, rows: list[tuple[str, str, str, str]], action: str = "preview", per_week: str = "3"
) -> dict[str, str]:
    data = {"name": name, "notes": "Gently.", "per_week": per_week, "action": action}
    for i, (exercise, sets, amount, note) in enumerate(rows):
        data |= {
            f"item-{i}-exercise": exercise,
            f"item-{i}-sets": sets,
            f"item-{i}-amount": amount,
            f"item-{i}-note": note,
        }
    return data


def test_the_composer_shows_time_and_position_changes_as_the_planner_counts(link: Link, coach: Any) -> None:
    rows = [("knee-to-chest", "", "", ""), ("cat-cow", "2", "8", "slowly"), ("bridge", "", "", "")]
    page = coach_client(coach).post(f"/coaching/clients/{link.pk}/routines/new/", form("Try", rows))
    assert page.status_code == 200
    composed = page.context["composed"]
    # supine -> quadruped -> supine: two changes, each 20 s on the floor... as assemble counts them.
    draft = services.compose(
        [
            ItemIn(exercise=r[0], sets=int(r[1]) if r[1] else None, amount=int(r[2]) if r[2] else None)
            for r in rows
        ],
        services.client_limits(link.client),
    )
    assert composed.position_changes == 2 == draft.composed.position_changes
    assert composed.total_seconds == draft.composed.total_seconds
    assert composed.total_seconds > sum(item.seconds for item in composed.items)  # the changes take time
    assert composed.items[1].dose == "2 x 8 reps"
    assert 'data-testid="position-changes"' in page.content.decode()
    assert Assignment.objects.count() == 0  # a preview saves nothing


def test_the_composer_warns_of_avoided_positions_equipment_and_todays_state(
    link: Link, coach: Any, trainee: Any
) -> None:
    limits(trainee, avoid=["kneeling"], equipment=[])
    client = coach_client(coach)
    rows = [
        ("cat-cow", "", "", ""),
        ("foam-roll-glutes", "", "", ""),
        ("bridge", "", "", ""),
        ("knee-to-chest", "", "", ""),
    ]
    page = client.post(f"/coaching/clients/{link.pk}/routines/new/", form("Try", rows))
    warnings = page.context["composed"].warnings
    assert any(w.startswith("Cat-Cow") and "a position your client avoids" in w for w in warnings), warnings
    assert any("foam roller" in w and "your client does not have" in w for w in warnings), warnings
    assert not any("flare-up" in w for w in warnings)
    assert page.context["composed"].client_changes  # what their own limits will change
    # Pain now 7/10 this morning: a flare-up day, and the bridge is not gentle enough.
    PainCheck.objects.create(user=trainee, kind="before", pain=7, at=timezone.now() - timedelta(hours=1))
    page = client.post(f"/coaching/clients/{link.pk}/routines/new/", form("Try", rows))
    warnings = page.context["composed"].warnings
    assert any(w.startswith("Bridge") and "flare-up" in w for w in warnings), warnings
    assert not any(w.startswith("Knee-to-Chest") for w in warnings)
    assert "warnings" in page.content.decode()


def test_the_composer_refuses_bad_input_without_an_error_page(link: Link, coach: Any) -> None:
    client = coach_client(coach)
    url = f"/coaching/clients/{link.pk}/routines/new/"
    for data in (
        form("Try", [("no-such-move", "", "", "")], "save"),
        form("Try", [("cat-cow", "11", "", "")], "save"),
        form("Try", [("cat-cow", "", "500", "")], "save"),
        form("Try", [("cat-cow", "", "", "")], "save", per_week="9"),
        form("", [("cat-cow", "", "", "")], "save"),
        form("Try", [], "save"),
        form("Nul\x00", [("cat-cow", "", "", "")], "save"),
        form("Try", [("cat-cow", "x", "", "")], "save"),
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert response.context["problems"]
    assert Assignment.objects.count() == 0


def test_assigning_then_changing_logs_what_changed_and_who(link: Link, coach: Any, trainee: Any) -> None:
    client = coach_client(coach)
    rows = [("cat-cow", "2", "8", ""), ("bridge", "2", "10", ""), ("knee-to-chest", "", "", "")]
    assert (
        client.post(f"/coaching/clients/{link.pk}/routines/new/", form("Basics", rows, "save")).status_code
        == 302
    )
    item = Assignment.objects.get()
    # Change a dose and swap the bridge for its harder variant; the rest stays.
    edited = [("cat-cow", "3", "8", ""), ("bridge-march", "2", "6", ""), ("knee-to-chest", "", "", "")]
    assert (
        client.post(
            f"/coaching/clients/{link.pk}/routines/{item.pk}/", form("Basics", edited, "save")
        ).status_code
        == 302
    )
    change = Change.objects.filter(assignment=item).first()
    assert change is not None and change.by_name == "Dana Physio"
    assert change.lines == [
        "Cat-Cow: 2 x 8 reps changed to 3 x 8 reps.",
        "Bridge (2 x 10 reps) swapped for Bridge March (2 x 6 reps per side).",
    ]
    # The same again changes nothing, and logs nothing.
    client.post(f"/coaching/clients/{link.pk}/routines/{item.pk}/", form("Basics", edited, "save"))
    assert Change.objects.filter(assignment=item).count() == 2  # assigned, then changed
    # The client sees what changed and who changed it.
    limits(trainee, avoid=["kneeling"])  # Cat-Cow now conflicts: the coach is warned, in coach's words
    assert "a position your client avoids" in client.get(f"/coaching/clients/{link.pk}/").content.decode()
    page = signed_in(trainee).get(f"/coaching/assigned/{item.pk}/")
    html = page.content.decode()
    assert "Dana Physio" in html
    assert "your client" not in html  # the coach's warnings are for the coach
    for line in change.lines:
        assert line in html
    # And the assignment shows on their Today page.
    assert f"/coaching/assigned/{item.pk}/" in signed_in(trainee).get("/").content.decode()


def test_diff_lines_name_each_kind_of_change(link: Link) -> None:
    item = assigned(link)
    new = RoutineIn(
        name="Back basics 2",
        notes="Other notes",
        per_week=4,
        items=[ItemIn(exercise="cat-cow", sets=3, amount=8, note="Other"), ItemIn(exercise="bridge-march")],
    )
    change = services.update_routine(item, new, link.coach)
    assert change is not None
    lines = change.lines
    assert "Renamed from Back basics to Back basics 2." in lines
    assert "How often: 3 to 4 times a week." in lines
    assert "The coach's notes changed." in lines
    assert any(line.startswith("Cat-Cow:") and "changed to" in line for line in lines)
    assert "Cat-Cow: the note changed." in lines
    assert any("swapped for" in line for line in lines)
    assert any(line.startswith("Removed ") for line in lines)


def test_assigning_a_built_in_program(link: Link, coach: Any, trainee: Any) -> None:
    client = coach_client(coach)
    today = timezone.localdate()
    bad = client.post(
        f"/coaching/clients/{link.pk}/programs/new/",
        {"program": "six-week-lower-back", "start": today.isoformat(), "weekdays": ["0", "2"]},
    )
    assert bad.status_code == 400 and "choose 3 days" in " ".join(bad.context["problems"])
    ok = client.post(
        f"/coaching/clients/{link.pk}/programs/new/",
        {"program": "six-week-lower-back", "start": today.isoformat(), "weekdays": ["0", "2", "4"]},
    )
    assert ok.status_code == 302
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.weekdays == [0, 2, 4] and enrolment.start_date == today
    assert Assignment.objects.get().enrolment == enrolment
    # A second one would end the client's program: only the client may do that.
    with pytest.raises(services.CoachingError, match="only they can end it"):
        services.assign_program(
            link, ProgramIn(program="morning-release-four-weeks", start=today, weekdays=list(range(7))), coach
        )


def test_the_client_plays_it_under_their_own_limits(link: Link, trainee: Any) -> None:
    item = assigned(link)
    limits(trainee, avoid=["kneeling"], equipment=["chair"])
    client = signed_in(trainee)
    payload = payload_of(client.get(f"/coaching/assigned/{item.pk}/play/"))
    slugs = [i["slug"] for i in payload["items"]]
    assert "cat-cow" not in slugs and "seated-cat-cow" in slugs  # swapped: hands and knees avoided
    assert any("Cat-Cow: swapped for" in r for r in payload["routine"]["relaxed"])
    start = {
        "token": payload["token"],
        "client_id": str(uuid.uuid4()),
        "started_at": timezone.now().isoformat(),
        "finished_at": None,
        "items": [],
        "pain_before": 2,
    }
    response = client.post(
        f"/coaching/assigned/{item.pk}/start/", json.dumps(start), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    session = Session.objects.get()
    assert AssignedSession.objects.get(session=session).assignment == item
    assert [
        i["slug"] for i in session.prescription["items"]
    ] == slugs  # the server's routine, not the client's
    # The token of this assignment starts nothing elsewhere, nor another assignment.
    other = services.assign_routine(link, ROUTINE, link.coach)
    again = dict(start, client_id=str(uuid.uuid4()))
    assert (
        client.post(
            f"/coaching/assigned/{other.pk}/start/", json.dumps(again), content_type="application/json"
        ).status_code
        == 409
    )
    assert (
        client.post("/play/sessions/", json.dumps(again), content_type="application/json").status_code == 400
    )
    assert Session.objects.count() == 1


def test_a_flare_up_today_plays_only_gentle_moves(link: Link, trainee: Any) -> None:
    item = assigned(link)
    PainCheck.objects.create(user=trainee, kind="before", pain=7, at=timezone.now() - timedelta(hours=1))
    payload = payload_of(signed_in(trainee).get(f"/coaching/assigned/{item.pk}/play/"))
    slugs = [i["slug"] for i in payload["items"]]
    assert "bridge" not in slugs  # not gentle enough for a flare-up day
    assert "knee-to-chest" in slugs


def test_a_stop_in_force_keeps_the_client_from_playing(link: Link, trainee: Any) -> None:
    item = assigned(link)
    screened(trainee, urgency=3)
    response = signed_in(trainee).get(f"/coaching/assigned/{item.pk}/play/")
    assert response.status_code == 302 and response["Location"].startswith("/screening/")


def test_after_the_link_ends_the_client_no_longer_gets_the_routine(link: Link, trainee: Any) -> None:
    item = assigned(link)
    services.end_link(link, Link.Side.COACH)
    client = signed_in(trainee)
    assert client.get(f"/coaching/assigned/{item.pk}/").status_code == 404
    assert client.get(f"/coaching/assigned/{item.pk}/play/").status_code == 404
    with pytest.raises(services.CoachingError, match="no longer assign"):
        services.update_routine(item, ROUTINE, link.coach)


def test_a_long_routine_keeps_every_item_in_the_editor(link: Link, coach: Any) -> None:
    slugs = [
        "knee-to-chest",
        "cat-cow",
        "bridge",
        "pelvic-tilts",
        "sphinx",
        "open-book",
        "curl-up",
        "wall-angels",
        "standing-march",
        "figure-4-rotations",
    ]
    item = assigned(link, RoutineIn(name="Long", per_week=2, items=[ItemIn(exercise=s) for s in slugs]))
    client = coach_client(coach)
    page = client.get(f"/coaching/clients/{link.pk}/routines/{item.pk}/")
    rows = page.context["form"]["rows"]
    assert [r["exercise"] for r in rows[:10]] == slugs and len(rows) == 12
    data = {"name": "Long", "notes": "", "per_week": "2", "action": "save"}
    for i, r in enumerate(rows):
        data |= {
            f"item-{i}-exercise": r["exercise"],
            f"item-{i}-sets": str(r["sets"] or ""),
            f"item-{i}-amount": str(r["amount"] or ""),
            f"item-{i}-note": r["note"],
        }
    assert client.post(f"/coaching/clients/{link.pk}/routines/{item.pk}/", data).status_code == 302
    item.refresh_from_db()
    assert [i["exercise"] for i in item.items] == slugs
    assert item.changes.count() == 1  # nothing changed, nothing logged


def test_amounts_are_bounded_by_how_the_exercise_is_dosed(link: Link) -> None:
    client_limits = services.client_limits(link.client)
    with pytest.raises(services.CoachingError, match="at most 100 reps"):
        services.compose([ItemIn(exercise="cat-cow", amount=101)], client_limits)
    with pytest.raises(services.CoachingError, match="at most 900 seconds for a hold"):
        services.compose([ItemIn(exercise="knee-to-chest", amount=901)], client_limits)
    held = services.compose([ItemIn(exercise="knee-to-chest", amount=900)], client_limits)
    assert held.composed.items[0].dose.startswith("hold 900 s")


def test_a_typed_code_with_odd_characters_is_just_unknown(link: Link, trainee: Any) -> None:
    response = signed_in(trainee).post("/coaching/join/", {"code": "ab/c\x00d é"}, follow=True)
    assert response.status_code == 404
