"""Whole pages kept for their next identical request (web.pagecache): answered without their view,
never stale after a write, a content edit, a message or the moment a view named, and never another
visitor's."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spinewise.accounts.models import Profile
from spinewise.accounts.services import profile_for
from spinewise.library import cache as content_cache
from spinewise.safety.gate import STOP_COOKIE
from spinewise.web import pagecache
from tests.programs_helpers import NOW, TODAY, done_session, enrolled, give_pain, program, screened, signed_in
from tests.test_safety_stop import answers

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _profiles(trainee: User, stranger: User, coach: User) -> None:
    # People who signed up have a profile from the start (a person made in the admin gets one on
    # their first page, which is then not kept: there is no data stamp to key it by yet).
    for user in (trainee, stranger, coach):
        profile_for(user)


def queries_of(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response.content.decode()


def stamp_of(user: User) -> str:
    return Profile.objects.get(user=user).data_stamp


# ---------------------------------------------------------------- answered without the view


def test_a_kept_page_reads_only_the_session_and_the_user(trainee: User) -> None:
    client = signed_in(trainee)
    made, first = queries_of(client, "/history/")
    kept, again = queries_of(client, "/history/")
    assert made > 2 and kept == 2
    assert pagecache.pages.hits == 1
    # The same page, but each answer carries its own mask of the visitor's CSRF secret.
    assert TOKEN.sub("", first) == TOKEN.sub("", again)
    assert TOKEN.findall(first)[0] != TOKEN.findall(again)[0]


def test_an_anonymous_content_page_is_kept_whole(client: Client) -> None:
    from django.utils.html import escape

    from spinewise.library.models import Exercise

    queries_of(client, "/exercises/cat-cow/")
    kept, page = queries_of(client, "/exercises/cat-cow/")
    assert kept == 0  # the content version read a moment ago is used again (tests/test_content_recheck.py)
    assert f"<h1>{escape(Exercise.objects.get(slug='cat-cow').name)}</h1>" in page  # this exercise's own page


@pytest.mark.parametrize("url", ["/history/", "/glossary/"])
def test_a_kept_page_goes_out_compressed_when_the_browser_takes_gzip(trainee: User, url: str) -> None:
    import gzip

    browser = signed_in(trainee)
    plain = browser.get(url).content.decode()  # made and kept
    answers = [browser.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br") for _ in range(2)]
    assert pagecache.pages.hits == 2
    pages = []
    for answer in answers:
        assert answer["Content-Encoding"] == "gzip" and "Accept-Encoding" in answer["Vary"]
        assert int(answer["Content-Length"]) == len(answer.content)
        pages.append(gzip.decompress(answer.content).decode())  # checks the CRC and the length too
    for page in pages:
        assert TOKEN.sub("", page) == TOKEN.sub("", plain)
    tokens = [TOKEN.findall(page) for page in [plain, *pages]]
    assert all(tokens) and len({t[0] for t in tokens}) == 3  # a fresh mask in each
    # Against BREACH, as Django's own compression: a random-length name in the header.
    assert answers[0].content[3] & gzip.FNAME


def test_the_token_of_a_kept_page_is_accepted(trainee: User) -> None:
    screened(trainee)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(trainee)
    import gzip

    browser.get("/routines/morning-release/")
    page = browser.get("/routines/morning-release/").content.decode()
    compressed = browser.get("/routines/morning-release/", HTTP_ACCEPT_ENCODING="gzip").content
    assert pagecache.pages.hits == 2
    token = TOKEN.findall(page)[0]
    assert (
        browser.post(  # the one put in the compressed answer too
            "/routines/morning-release/favourite/",
            {"csrfmiddlewaretoken": TOKEN.findall(gzip.decompress(compressed).decode())[0]},
        ).status_code
        == 302
    )
    response = browser.post("/routines/morning-release/favourite/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    # And a forged one is still refused: the hole is filled with the visitor's own secret only.
    assert (
        browser.post("/routines/morning-release/favourite/", {"csrfmiddlewaretoken": "x" * 64}).status_code
        == 403
    )


def test_nothing_is_kept_when_turned_off(trainee: User, settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    client = signed_in(trainee)
    made, _ = queries_of(client, "/history/")
    again, _ = queries_of(client, "/history/")
    assert again == made and len(pagecache.pages) == 0


# ---------------------------------------------------------------- never stale


def test_a_write_shows_on_the_next_request(trainee: User) -> None:
    screened(trainee)
    client = signed_in(trainee)
    client.get("/routines/morning-release/")
    assert "Add to favourites" in client.get("/routines/morning-release/").content.decode()
    assert pagecache.pages.hits == 1
    before = stamp_of(trainee)
    client.post("/routines/morning-release/favourite/")
    assert stamp_of(trainee) != before
    assert "Remove from favourites" in client.get("/routines/morning-release/").content.decode()


def test_a_session_saved_through_the_player_shows_in_the_history(trainee: User) -> None:
    client = signed_in(trainee)
    empty = client.get("/history/").content.decode()
    client.get("/history/")
    assert pagecache.pages.hits == 1
    done_session(trainee, at=NOW - timedelta(hours=1))
    after = client.get("/history/").content.decode()
    assert after != empty
    assert pagecache.pages.hits == 1  # made afresh, not answered from the page kept before


def test_a_stop_shows_at_once_on_a_kept_page(trainee: User) -> None:
    client = signed_in(trainee)
    assert client.get("/relief/").status_code == 200
    assert client.get("/relief/").status_code == 200
    screened(trainee, urgency=3)
    assert client.get("/relief/").status_code == 302  # the gate runs again: the stamp changed


def test_a_browsers_stop_cookie_is_never_answered_with_a_page_kept_without_it(client: Client) -> None:
    client.post("/check/", answers())
    assert client.get("/relief/").status_code == 200
    assert client.get("/relief/").status_code == 200
    client.post("/check/?new=1", answers("saddle_numbness"))
    assert client.get("/relief/").status_code == 302


def test_a_visitor_whose_browser_keeps_a_stop_never_gets_anothers_kept_page(client: Client) -> None:
    other = Client()
    other.post("/check/", answers())
    other.get("/relief/")
    assert other.get("/relief/").status_code == 200
    assert pagecache.pages.hits == 1
    # This browser passed the check (the same session data as the other visitor's), then keeps a
    # stop given since (here, one given in another browser of theirs): the stop holds.
    client.post("/check/", answers())
    stopped = Client()
    stopped.post("/check/", answers("saddle_numbness"))
    client.cookies[STOP_COOKIE] = stopped.cookies[STOP_COOKIE].value
    assert client.get("/relief/").status_code == 302


def test_another_visitor_never_gets_a_kept_page(trainee: User, stranger: User) -> None:
    screened(trainee)
    mine = signed_in(trainee)
    mine.post("/routines/morning-release/favourite/")
    mine.get("/routines/morning-release/")
    assert "Remove from favourites" in mine.get("/routines/morning-release/").content.decode()
    assert pagecache.pages.hits == 1
    screened(stranger)
    theirs = signed_in(stranger).get("/routines/morning-release/").content.decode()
    assert "Add to favourites" in theirs
    anonymous = Client().get("/routines/morning-release/").content.decode()
    assert "favourites" not in anonymous
    assert pagecache.pages.hits == 1


def test_a_page_with_a_message_is_made_afresh_and_shows_it_once(trainee: User) -> None:
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    client = signed_in(trainee)
    client.get("/history/")
    client.get("/history/")
    assert pagecache.pages.hits == 1
    # A message left for the next page, as a view that redirects leaves one.
    carrier = HttpResponse()
    CookieStorage(HttpRequest())._store([Message(constants.SUCCESS, "Saved just now.")], carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    assert "Saved just now." in client.get("/history/").content.decode()
    assert "Saved just now." not in client.get("/history/").content.decode()


def test_a_program_edit_shows_on_the_next_request(trainee: User) -> None:
    enrolled(trainee, start=TODAY)
    client = signed_in(trainee)
    client.get("/")
    client.get("/")
    row = program()
    row.name = "A renamed program"
    row.save()
    assert "A renamed program" in client.get("/").content.decode()


def test_the_player_is_not_kept_past_the_pain_readings_freshness(trainee: User, frozen: Any) -> None:
    from spinewise.programs.access import grant
    from spinewise.programs.services import current_enrolment, local_today, plan_for

    grant(trainee, program())
    enrolled(trainee, start=TODAY)
    client = signed_in(trainee)
    enrolment = current_enrolment(trainee)
    assert enrolment is not None
    upcoming = plan_for(enrolment, local_today(trainee)).next_workout
    assert upcoming is not None
    give_pain(client, upcoming.number)
    url = f"/programs/current/workouts/{upcoming.number}/play/"
    assert client.get(url).status_code == 200
    kept, _ = queries_of(client, url)
    assert kept == 2
    frozen.move_to(NOW + timedelta(hours=6, minutes=1))
    # The reading is stale now: the workout page asks for pain again, as it would without a kept page.
    assert client.get(url).status_code == 302


# ---------------------------------------------------------------- the data stamp


def test_every_model_of_ours_is_a_persons_content_or_named_as_neither() -> None:
    ours = {m._meta.label for m in apps.get_models() if m.__module__.startswith("spinewise.")}
    content = {m._meta.label for m in content_cache.content_models()}
    unknown = ours - set(pagecache.PEOPLE) - content - pagecache.NOT_A_PERSONS
    assert not unknown, f"say whose these rows are in web.pagecache.PEOPLE, or why not: {sorted(unknown)}"


def test_writes_that_send_no_signal_change_the_stamp_themselves(trainee: User, coach: User) -> None:
    from spinewise.coaching import services as coaching
    from spinewise.safety.services import record_clearance, stop_in_force
    from tests.coaching_helpers import linked, make_coach

    screened(trainee, urgency=2)
    stop = stop_in_force(trainee)
    assert stop is not None
    before = stamp_of(trainee)
    record_clearance(stop, timezone.localdate())
    assert stamp_of(trainee) != before

    make_coach(coach)
    link = linked(coach, trainee)
    mine, theirs = stamp_of(trainee), stamp_of(coach)
    coaching.end_link(link, "client")
    assert stamp_of(trainee) != mine and stamp_of(coach) != theirs


def test_a_coach_leaving_changes_their_clients_stamps(trainee: User, coach: User) -> None:
    from spinewise.accounts.services import delete_account
    from tests.coaching_helpers import linked, make_coach

    make_coach(coach)
    linked(coach, trainee)
    before = stamp_of(trainee)
    delete_account(coach)
    assert stamp_of(trainee) != before


def test_a_person_leaving_does_not_change_their_own_stamp_row_by_row(trainee: User) -> None:
    from spinewise.accounts.services import delete_account

    for hours in range(1, 6):
        done_session(trainee, at=NOW - timedelta(hours=hours))
    with CaptureQueriesContext(connection) as queries:
        delete_account(trainee)
    stamps = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and "data_stamp" in q["sql"]
    ]
    assert stamps == []


# ---------------------------------------------------------------- the store


def kept(size: int, expires: float, deflated: int = 0) -> pagecache.Kept:
    return pagecache.Kept((b"x" * size,), (), expires, (b"y" * deflated,) if deflated else ())


def test_the_store_lets_the_least_recently_used_pages_go_first(settings: Any) -> None:
    import time

    settings.PAGE_CACHE_BYTES = 4000
    store = pagecache.Pages()
    later = time.time() + 60
    for name in "abcd":
        store.put(name, kept(900, later))
    assert store.get("a") is not None  # a was used last now
    store.put("e", kept(900, later))
    assert store.get("b") is None and store.get("a") is not None and store.get("e") is not None
    store.put("big", kept(1500, later))  # over a quarter: never kept
    assert store.get("big") is None
    store.put("old", kept(1, time.time() - 1))
    assert store.get("old") is None


def test_a_page_counts_against_the_limit_as_it_is_and_compressed(settings: Any) -> None:
    import time

    settings.PAGE_CACHE_BYTES = 4000
    store = pagecache.Pages()
    later = time.time() + 60
    store.put("big", kept(800, later, deflated=300))  # 1100 in all: over a quarter, never kept
    assert store.get("big") is None
    for name in "abcde":  # 900 each in all: the fifth leaves no room for the first one kept
        store.put(name, kept(600, later, deflated=300))
    assert store.get("a") is None and all(store.get(name) is not None for name in "bcde")
