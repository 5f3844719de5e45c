"""Desk mode on the web: settings, the reminder's schedule, snooze and skip, the break in the
player and its record, the safety stop, progress, the data download and the calendar feed."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

import icalendar
import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinewise.accounts.services import profile_for
from spinewise.breaks.models import BreakTaken, DeskMode
from spinewise.planning.vocabulary import Position
from spinewise.safety.screening import Urgency
from spinewise.training.models import Session
from tests.programs_helpers import screened
from tests.test_fuzz_endpoints import NASTY

pytestmark = pytest.mark.django_db

# Wednesday 25 November 2026, 10:20 in London (GMT): between the 10:00 and 11:00 breaks.
NOW = datetime(2026, 11, 25, 10, 20, tzinfo=UTC)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def desk(user: User, **kwargs: Any) -> DeskMode:
    fields = {"days": [0, 1, 2, 3, 4], "time_zone": "Europe/London", "every": 60, **kwargs}
    return DeskMode.objects.create(user=user, **fields)


def post_json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


# ---------------------------------------------------------------- settings


def test_the_settings_page_offers_weekdays_nine_to_five_in_the_profiles_zone(
    trainee_client: Client, trainee: User
) -> None:
    profile = profile_for(trainee)
    profile.time_zone = "America/New_York"
    profile.save()
    page = trainee_client.get(reverse("breaks:settings"))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["days"] == ["0", "1", "2", "3", "4"]
    assert form["time_zone"].value() == "America/New_York"
    assert form["start"].value() == time(9, 0)
    assert not DeskMode.objects.exists()  # a GET writes nothing


def test_saving_desk_mode(trainee_client: Client, trainee: User) -> None:
    response = trainee_client.post(
        reverse("breaks:settings"),
        {"enabled": "on", "days": ["0", "2"], "start": "08:30", "end": "16:00", "time_zone": "Europe/Paris",
         "every": "45", "minutes": "3"},
    )  # fmt: skip
    assert response.status_code == 302
    saved = DeskMode.objects.get(user=trainee)
    assert (saved.days, saved.start, saved.end, saved.every, saved.minutes, saved.enabled) == (
        [0, 2], time(8, 30), time(16, 0), 45, 3, True,
    )  # fmt: skip
    assert saved.time_zone == "Europe/Paris"
    assert len(saved.feed_token) >= 32


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"every": "20"}, "every"),
        ({"minutes": "5"}, "minutes"),
        ({"end": "08:00"}, "end"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"days": []}, "days"),
        ({"days": ["9"]}, "days"),
        ({"start": "25:99"}, "start"),
    ],
)
def test_bad_settings_are_refused_with_a_message(
    trainee_client: Client, change: dict[str, Any], field: str
) -> None:
    good = {"enabled": "on", "days": ["0"], "start": "09:00", "end": "17:00", "time_zone": "UTC", "every": "60",
            "minutes": "2"}  # fmt: skip
    response = trainee_client.post(reverse("breaks:settings"), {**good, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not DeskMode.objects.exists()


def test_the_profile_page_links_to_desk_mode(trainee_client: Client) -> None:
    page = trainee_client.get(reverse("accounts:profile"))
    assert reverse("breaks:settings") in page.content.decode()


def test_desk_mode_needs_an_account(client: Client) -> None:
    assert client.get(reverse("breaks:settings")).status_code == 302
    assert client.get(reverse("breaks:next")).status_code == 403
    assert client.post(reverse("breaks:snooze")).status_code == 403


# ---------------------------------------------------------------- the reminder


GOOD_SETTINGS = {"days": ["0", "1", "2", "3", "4"], "start": "09:00", "end": "17:00", "time_zone": "UTC",
                 "every": "60", "minutes": "2"}  # fmt: skip


def reminder_on(client: Client) -> bool:
    page = client.get(reverse("training:routines")).content.decode()
    return 'id="break-reminder"' in page and "spinewise/breaks/reminder.js" in page


def test_the_reminder_is_on_every_page_only_while_desk_mode_is_on(trainee_client: Client) -> None:
    assert not reminder_on(trainee_client)
    trainee_client.post(reverse("breaks:settings"), {**GOOD_SETTINGS, "enabled": "on"})
    assert reminder_on(trainee_client)
    assert 'id="break-reminder"' in trainee_client.get(reverse("progress:dashboard")).content.decode()
    trainee_client.post(reverse("breaks:settings"), GOOD_SETTINGS)  # unchecked: off
    assert not reminder_on(trainee_client)


def test_desk_mode_turned_on_elsewhere_reaches_this_browser_at_log_in_or_within_minutes(
    trainee_client: Client, trainee: User
) -> None:
    assert not reminder_on(trainee_client)
    desk(trainee)  # turned on from another device
    assert not reminder_on(trainee_client)  # this browser read it a moment ago
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16)):
        assert reminder_on(trainee_client)
    other = Client()
    other.force_login(trainee)
    assert reminder_on(other)


@pytest.mark.usefixtures("clock")
def test_the_next_break_comes_with_the_servers_clock(trainee_client: Client, trainee: User) -> None:
    desk(trainee)
    data = trainee_client.get(reverse("breaks:next")).json()
    assert data["enabled"] is True
    assert data["now"] == NOW.isoformat()
    assert data["next"] == datetime(2026, 11, 25, 11, 0, tzinfo=UTC).isoformat()
    assert data["take_url"] == reverse("breaks:take")


@pytest.mark.usefixtures("clock")
def test_desk_mode_off_has_no_next_break(trainee_client: Client, trainee: User) -> None:
    assert trainee_client.get(reverse("breaks:next")).json() == {
        "enabled": False, "now": NOW.isoformat(), "next": None, "every": None, "snooze_minutes": 10,
        "take_url": reverse("breaks:take"),
    }  # fmt: skip
    desk(trainee, enabled=False)
    assert trainee_client.get(reverse("breaks:next")).json()["next"] is None


def test_snooze_puts_the_break_off_ten_minutes(trainee_client: Client, trainee: User) -> None:
    desk(trainee)
    with time_machine.travel(datetime(2026, 11, 25, 11, 0, 30, tzinfo=UTC), tick=False):
        data = trainee_client.post(reverse("breaks:snooze"), HTTP_ACCEPT="application/json").json()
    assert data["next"] == datetime(2026, 11, 25, 11, 10, 30, tzinfo=UTC).isoformat()
    with time_machine.travel(datetime(2026, 11, 25, 11, 11, tzinfo=UTC), tick=False):
        data = trainee_client.get(reverse("breaks:next")).json()
    assert data["next"] == datetime(2026, 11, 25, 12, 0, tzinfo=UTC).isoformat()


def test_skip_leaves_out_the_break_that_rang(trainee_client: Client, trainee: User) -> None:
    desk(trainee)
    with time_machine.travel(datetime(2026, 11, 25, 11, 0, 30, tzinfo=UTC), tick=False):
        data = trainee_client.post(
            reverse("breaks:skip"), {"due": "2026-11-25T11:00:00+00:00"}, HTTP_ACCEPT="application/json"
        ).json()
        assert data["next"] == datetime(2026, 11, 25, 12, 0, tzinfo=UTC).isoformat()
    assert DeskMode.objects.get(user=trainee).skipped_slot == datetime(2026, 11, 25, 11, 0, tzinfo=UTC)


@pytest.mark.usefixtures("clock")
def test_skip_before_the_break_leaves_out_the_next_one(trainee_client: Client, trainee: User) -> None:
    desk(trainee)
    # 10:20: the 10:00 break is the one just past, so "skip this one" without a time skips 10:00's
    # only if it is still within the interval; the reminder always says which break it rang for.
    data = trainee_client.post(
        reverse("breaks:skip"), {"due": "2026-11-25T11:00:00+00:00"}, HTTP_ACCEPT="application/json"
    ).json()
    assert data["next"] == datetime(2026, 11, 25, 12, 0, tzinfo=UTC).isoformat()


def test_skipping_a_snoozed_break_ends_the_snooze(trainee_client: Client, trainee: User) -> None:
    desk(trainee)
    with time_machine.travel(datetime(2026, 11, 25, 11, 0, 30, tzinfo=UTC), tick=False):
        snoozed = trainee_client.post(reverse("breaks:snooze"), HTTP_ACCEPT="application/json").json()["next"]
    with time_machine.travel(datetime(2026, 11, 25, 11, 10, 40, tzinfo=UTC), tick=False):
        data = trainee_client.post(
            reverse("breaks:skip"), {"due": snoozed}, HTTP_ACCEPT="application/json"
        ).json()
    assert data["next"] == datetime(2026, 11, 25, 12, 0, tzinfo=UTC).isoformat()
    row = DeskMode.objects.get(user=trainee)
    assert row.snoozed_until is None and row.skipped_slot is None


@pytest.mark.usefixtures("clock")
def test_a_bad_skip_time_is_a_clear_400(trainee_client: Client, trainee: User) -> None:
    desk(trainee)
    for bad in ("tomorrow", "2026-11-25T11:00:00", "\x00"):
        response = trainee_client.post(reverse("breaks:skip"), {"due": bad}, HTTP_ACCEPT="application/json")
        assert response.status_code == 400
        assert response.json()["errors"][0].startswith("due:")


@pytest.mark.usefixtures("clock")
def test_snooze_and_skip_without_desk_mode_are_refused(trainee_client: Client) -> None:
    assert trainee_client.post(reverse("breaks:snooze")).status_code == 409
    assert trainee_client.post(reverse("breaks:skip")).status_code == 409


@pytest.mark.usefixtures("clock")
def test_snooze_without_javascript_comes_back_to_the_settings(trainee_client: Client, trainee: User) -> None:
    desk(trainee)
    response = trainee_client.post(reverse("breaks:snooze"))
    assert response.status_code == 302 and response["Location"] == reverse("breaks:settings")


# ---------------------------------------------------------------- the break in the player


def take(client: Client, query: str = "") -> Any:
    return client.get(reverse("breaks:take") + query)


@pytest.mark.usefixtures("clock")
def test_the_break_plays_in_the_player_standing_or_seated_and_says_so(
    trainee_client: Client, trainee: User
) -> None:
    desk(trainee, minutes=2)
    page = take(trainee_client)
    assert page.status_code == 200
    assert page.templates[0].name == "training/player.html"
    payload = page.context["payload"]
    assert payload["save_url"] == reverse("breaks:taken")
    assert payload["ask_pain_before"] is False  # a two-minute break does not ask "pain now"
    assert {i["position"] for i in payload["items"]} <= {"standing", "seated-chair"}
    assert 60 <= page.context["routine"]["total_seconds"] <= 200
    assert "only moves done standing or on a chair" in page.content.decode()


@pytest.mark.usefixtures("clock")
def test_the_break_honours_the_profiles_avoided_positions_and_todays_state(
    trainee_client: Client, trainee: User
) -> None:
    profile = profile_for(trainee)
    profile.avoid = ["standing"]
    profile.save()
    desk(trainee)
    page = take(trainee_client, "?state=flare-up")
    items = page.context["payload"]["items"]
    assert {i["position"] for i in items} == {Position.SEATED_CHAIR.value}
    text = page.content.decode()
    assert "You avoid standing, so this break stays in your chair." in text
    assert "flare-up day" in text
    assert take(trainee_client, "?state=bad").status_code == 400


@pytest.mark.usefixtures("clock")
def test_avoiding_standing_and_chairs_leaves_no_break(trainee_client: Client, trainee: User) -> None:
    profile = profile_for(trainee)
    profile.avoid = ["standing", "seated-chair"]
    profile.save()
    page = take(trainee_client)
    assert page.status_code == 422
    assert "walk about" in page.content.decode()


@pytest.mark.usefixtures("clock")
def test_a_safety_stop_gives_advice_and_no_routine(client: Client, trainee: User) -> None:
    screened(trainee, urgency=Urgency.SAME_DAY)
    client.force_login(trainee)
    desk(trainee)
    page = take(client)
    assert page.status_code == 200
    assert "payload" not in page.context
    text = page.content.decode()
    assert 'data-testid="break-stopped"' in text
    assert "See a doctor today" in text or "doctor" in text


def test_without_a_safety_check_the_break_asks_for_it_first(client: Client, trainee: User) -> None:
    client.force_login(trainee)
    response = take(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("safety:screening"))


def test_the_break_for_a_slot_is_the_same_on_reload_and_differs_from_the_last(
    trainee_client: Client, trainee: User
) -> None:
    desk(trainee)
    with time_machine.travel(datetime(2026, 11, 25, 11, 1, tzinfo=UTC), tick=False):
        first = take(trainee_client).context["payload"]["items"]
        assert take(trainee_client).context["payload"]["items"] == first
        start_break(trainee_client, take(trainee_client), finished=True)
    with time_machine.travel(datetime(2026, 11, 25, 12, 1, tzinfo=UTC), tick=False):
        second = take(trainee_client).context["payload"]["items"]
    assert [i["slug"] for i in second] != [i["slug"] for i in first]


# ---------------------------------------------------------------- recording


def start_break(client: Client, page: Any, *, finished: bool, client_id: str | None = None) -> Any:
    started = datetime.now(UTC) - timedelta(minutes=2)
    body = {
        "token": page.context["payload"]["token"],
        "client_id": client_id or str(uuid.uuid4()),
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat() if finished else None,
        "items": [],
    }
    return post_json(client, reverse("breaks:taken"), body)


@pytest.mark.usefixtures("clock")
def test_a_break_is_recorded_once_per_client_id_and_finished_by_a_later_report(
    trainee_client: Client, trainee: User
) -> None:
    desk(trainee)
    page = take(trainee_client)
    client_id = str(uuid.uuid4())
    first = start_break(trainee_client, page, finished=False, client_id=client_id)
    assert first.status_code == 201
    again = start_break(trainee_client, page, finished=False, client_id=client_id)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    row = BreakTaken.objects.get(user=trainee)
    assert row.finished_at is None and row.source == "web"
    assert [i["slug"] for i in row.prescription["items"]] == [
        i["slug"] for i in page.context["payload"]["items"]
    ]
    report = {
        "started_at": (NOW - timedelta(minutes=2)).isoformat(),
        "finished_at": NOW.isoformat(),
        "items": [],
    }
    done = post_json(trainee_client, first.json()["url"], report)
    assert done.status_code == 200 and done.json()["status"] == "complete"
    row.refresh_from_db()
    assert row.finished_at == NOW
    # A late report without a finish does not undo it.
    post_json(trainee_client, first.json()["url"], {**report, "finished_at": None})
    row.refresh_from_db()
    assert row.finished_at == NOW
    assert Session.objects.count() == 0  # a break is not a session


@pytest.mark.usefixtures("clock")
def test_break_and_session_tokens_do_not_cross(trainee_client: Client, trainee: User) -> None:
    desk(trainee)
    break_page = take(trainee_client)
    as_session = post_json(
        trainee_client,
        reverse("play:sessions"),
        {"token": break_page.context["payload"]["token"], "client_id": str(uuid.uuid4()),
         "started_at": NOW.isoformat(), "items": []},
    )  # fmt: skip
    assert as_session.status_code == 400
    routine_page = trainee_client.get(reverse("play:routine", args=["morning-release"]))
    as_break = start_break(trainee_client, routine_page, finished=True)
    assert as_break.status_code == 400
    assert "not opened as a movement break" in as_break.json()["errors"][0]
    assert not BreakTaken.objects.exists() and not Session.objects.exists()


@pytest.mark.usefixtures("clock")
def test_nobody_else_can_finish_or_start_anothers_break(
    trainee_client: Client, stranger_client: Client, trainee: User
) -> None:
    desk(trainee)
    page = take(trainee_client)
    started = start_break(trainee_client, page, finished=False)
    report = {
        "started_at": (NOW - timedelta(minutes=2)).isoformat(),
        "finished_at": NOW.isoformat(),
        "items": [],
    }
    assert post_json(stranger_client, started.json()["url"], report).status_code == 404
    assert start_break(stranger_client, page, finished=True).status_code == 400  # the token is the trainee's
    assert BreakTaken.objects.get().finished_at is None


@pytest.mark.usefixtures("clock")
@pytest.mark.parametrize(
    "body",
    [
        {},
        {"token": "x", "client_id": "not-a-uuid", "started_at": "2026-11-25T10:00:00+00:00", "items": []},
        {"client_id": str(uuid.uuid4()), "started_at": "2026-11-25T10:00:00+00:00", "items": []},
        {
            "token": "forged",
            "client_id": str(uuid.uuid4()),
            "started_at": "2026-11-25T10:00:00+00:00",
            "items": [],
        },
    ],
)
def test_bad_break_reports_are_400s(trainee_client: Client, body: dict[str, Any]) -> None:
    response = post_json(trainee_client, reverse("breaks:taken"), body)
    assert response.status_code == 400
    assert response.json()["errors"]
    assert (
        trainee_client.post(reverse("breaks:taken"), "{", content_type="application/json").status_code == 400
    )


# ---------------------------------------------------------------- progress and the download


def record(user: User, at: datetime, *, finished: bool = True) -> BreakTaken:
    return BreakTaken.objects.create(
        user=user, source="web", routine_name="Movement break", prescription={"items": [{"slug": "standing-march", "name": "Standing March"}]},
        started_at=at, finished_at=at + timedelta(minutes=2) if finished else None,
    )  # fmt: skip


@pytest.mark.usefixtures("clock")
def test_the_progress_page_counts_breaks_this_week(trainee_client: Client, trainee: User) -> None:
    desk(trainee)
    for day in (23, 24, 25):  # Monday to Wednesday this week
        record(trainee, datetime(2026, 11, day, 10, 0, tzinfo=UTC))
    record(trainee, datetime(2026, 11, 25, 11, 0, tzinfo=UTC), finished=False)  # not finished: not counted
    record(trainee, datetime(2026, 11, 18, 10, 0, tzinfo=UTC))  # last week
    page = trainee_client.get(reverse("progress:dashboard")).content.decode()
    assert 'data-testid="breaks-this-week">3<' in page
    assert "in the last 8 weeks: 4" in page


@pytest.mark.usefixtures("clock")
def test_the_progress_page_without_breaks_invites_desk_mode(trainee_client: Client) -> None:
    page = trainee_client.get(reverse("progress:dashboard")).content.decode()
    assert "No movement breaks yet" in page and reverse("breaks:settings") in page


@pytest.mark.usefixtures("clock")
def test_the_download_holds_desk_mode_and_breaks_but_not_the_calendar_secret(
    trainee_client: Client, trainee: User
) -> None:
    row = desk(trainee)
    record(trainee, NOW - timedelta(hours=1))
    data = json.loads(trainee_client.get(reverse("accounts:data")).content)
    assert data["breaks"]["desk_mode"]["every_minutes"] == 60
    assert data["breaks"]["desk_mode"]["time_zone"] == "Europe/London"
    assert data["breaks"]["taken"][0]["exercises"] == ["Standing March"]
    assert data["breaks"]["taken"][0]["finished_at"] == (NOW - timedelta(minutes=58)).isoformat()
    assert row.feed_token not in json.dumps(data)


# ---------------------------------------------------------------- the calendar feed


def feed(client: Client, token: str) -> icalendar.Calendar:
    response = client.get(reverse("breaks:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.usefixtures("clock")
def test_the_feed_repeats_each_break_weekly_on_working_days_with_an_alarm(trainee: User) -> None:
    row = desk(trainee, days=[0, 2, 4], start=time(9), end=time(12), every=60, minutes=3)
    cal = feed(Client(), row.feed_token)  # no sign-in: a phone's calendar fetches it
    events = cal.walk("VEVENT")
    assert len(events) == 2  # 10:00 and 11:00
    starts = sorted(e.decoded("dtstart") for e in events)
    assert [s.strftime("%H:%M") for s in starts] == ["10:00", "11:00"]
    assert all(str(s.tzinfo) in ("Europe/London", "GMT") or s.tzname() == "GMT" for s in starts)
    assert starts[0].date() == date(2026, 11, 25)  # today, a Wednesday, is a working day
    for event in events:
        rule = event.get("rrule")
        assert rule["FREQ"] == ["WEEKLY"]
        assert rule["BYDAY"] == ["MO", "WE", "FR"]
        assert event.decoded("duration") == timedelta(minutes=3)
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["ACTION"] == "DISPLAY"
        assert alarms[0].decoded("trigger") == timedelta(0)
        assert str(event["url"]).endswith(reverse("breaks:take"))
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"


@pytest.mark.usefixtures("clock")
def test_the_feeds_events_keep_their_wall_time_after_the_clocks_change(trainee: User) -> None:
    row = desk(trainee, days=[0, 1, 2, 3, 4], every=90, time_zone="America/New_York")
    cal = feed(Client(), row.feed_token)
    first = min(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    start = first.decoded("dtstart")
    assert start.strftime("%H:%M") == "10:30"
    # Expanded to a date after the spring change (14 March 2027), the break is still 10:30 local.
    rule = icalendar.prop.vRecur.from_ical(first["rrule"].to_ical().decode())
    from dateutil.rrule import rrulestr  # icalendar depends on python-dateutil

    text = f"DTSTART;TZID=America/New_York:{start:%Y%m%dT%H%M%S}\nRRULE:{first['rrule'].to_ical().decode()}"
    occurrences = rrulestr(text, forceset=False).between(
        datetime(2027, 3, 16, tzinfo=UTC), datetime(2027, 3, 17, tzinfo=UTC), inc=True
    )
    assert rule["FREQ"] == ["WEEKLY"]
    assert occurrences and occurrences[0].strftime("%H:%M") == "10:30"
    assert occurrences[0].utcoffset() == timedelta(hours=-4)  # EDT now, EST at the start


@pytest.mark.usefixtures("clock")
def test_a_new_feed_address_revokes_the_old_one(trainee_client: Client, trainee: User) -> None:
    row = desk(trainee)
    old = row.feed_token
    assert trainee_client.post(reverse("breaks:regenerate")).status_code == 302
    row.refresh_from_db()
    assert row.feed_token != old
    assert Client().get(reverse("breaks:feed", args=[old])).status_code == 404
    assert feed(Client(), row.feed_token).walk("VEVENT")


@pytest.mark.usefixtures("clock")
def test_desk_mode_off_empties_the_feed_and_unknown_tokens_are_404(trainee: User) -> None:
    row = desk(trainee, enabled=False)
    assert feed(Client(), row.feed_token).walk("VEVENT") == []
    assert Client().get(reverse("breaks:feed", args=["nope"])).status_code == 404
    assert Client().get("/breaks/calendar/" + "x" * 300 + ".ics").status_code == 404


# ---------------------------------------------------------------- no input makes a server error


TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
FIELDS = ["enabled", "days", "start", "end", "time_zone", "every", "minutes"]


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    form=st.dictionaries(st.sampled_from(FIELDS), st.one_of(TEXT, st.lists(TEXT, max_size=3))),
    due=TEXT,
    state=TEXT,
)
def test_no_input_to_desk_mode_makes_a_server_error(
    trainee_client: Client, form: dict[str, Any], due: str, state: str
) -> None:
    assert trainee_client.post(reverse("breaks:settings"), form).status_code in (200, 302)
    assert trainee_client.get(reverse("breaks:settings")).status_code == 200
    assert trainee_client.post(
        reverse("breaks:skip"), {"due": due}, HTTP_ACCEPT="application/json"
    ).status_code in (200, 400, 409)
    assert trainee_client.post(reverse("breaks:snooze"), HTTP_ACCEPT="application/json").status_code in (
        200,
        409,
    )
    assert trainee_client.get(reverse("breaks:next")).status_code == 200
    assert trainee_client.get(reverse("breaks:take"), {"state": state}).status_code in (200, 400, 422)
    assert Client().get(reverse("breaks:feed", args=[quote_token(due)])).status_code in (200, 404)
    body = {"token": due, "client_id": state, "started_at": due, "items": []}
    assert post_json(trainee_client, reverse("breaks:taken"), body).status_code == 400
    assert post_json(trainee_client, reverse("breaks:taken-one", args=[1]), body).status_code in (400, 404)


def quote_token(text: str) -> str:
    return quote(text.replace("/", ""), safe="") or "x"
