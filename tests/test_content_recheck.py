"""The content version read a moment ago is used again without asking (CONTENT_RECHECK_SECONDS): an
anonymous page kept whole costs no query, an edit made by this process shows at once, and one made
by another process (another node's admin, `spinewise load`) once the version is read again."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spinewise.library.cache import EDITS
from spinewise.library.models import ContentVersion, Exercise

pytestmark = pytest.mark.django_db

PAGE = "/exercises/cat-cow/"


def visit(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def another_nodes_edit() -> None:
    """Another node's admin renames the exercise: the rows and the version change, and no signal
    reaches this process (an update and a bulk insert send none)."""
    Exercise.objects.filter(slug="cat-cow").update(name="Cat and camel")
    if not ContentVersion.objects.filter(kind=EDITS).update(digest="another-node"):
        ContentVersion.objects.bulk_create([ContentVersion(kind=EDITS, digest="another-node")])


def heading(page: str) -> str:
    start = page.index("<h1")
    return page[page.index(">", start) + 1 : page.index("</h1>", start)].strip()


def test_an_anonymous_kept_page_asks_nothing_while_the_version_is_fresh(
    client: Client, settings: Any
) -> None:
    settings.CONTENT_RECHECK_SECONDS = 3600
    made, page = visit(client)
    kept, again = visit(client)
    assert made >= 1 and kept == 0
    assert again == page and heading(page) == Exercise.objects.get(slug="cat-cow").name
    # Asked on every request, the version is the one query a kept anonymous page makes.
    settings.CONTENT_RECHECK_SECONDS = 0
    assert visit(client)[0] == 1


def test_an_edit_by_this_process_shows_on_the_next_request(client: Client, settings: Any) -> None:
    settings.CONTENT_RECHECK_SECONDS = 3600
    visit(client)
    exercise = Exercise.objects.get(slug="cat-cow")
    exercise.name = "Cat and camel"
    exercise.save()  # as the admin does: the content version moves, and this process forgets it
    assert heading(visit(client)[1]) == "Cat and camel"


def test_a_load_by_this_process_shows_on_the_next_request(client: Client, settings: Any) -> None:
    settings.CONTENT_RECHECK_SECONDS = 3600
    visit(client)
    Exercise.objects.filter(slug="cat-cow").update(name="Cat and camel")
    # The loaders write their digest through the ORM once the rows are in.
    ContentVersion.objects.update_or_create(kind="exercises", defaults={"digest": "a-new-load"})
    assert heading(visit(client)[1]) == "Cat and camel"


def test_an_edit_by_another_process_shows_once_the_version_is_read_again(
    client: Client, settings: Any
) -> None:
    settings.CONTENT_RECHECK_SECONDS = 3600
    _, before = visit(client)
    another_nodes_edit()
    assert visit(client)[1] == before  # within the window: the version this process read
    settings.CONTENT_RECHECK_SECONDS = 0  # the window has passed
    assert heading(visit(client)[1]) == "Cat and camel"


def test_the_signed_in_users_query_refreshes_the_version(trainee: Any, settings: Any) -> None:
    """A signed-in request reads the version with the user, at no extra query, so an anonymous
    request after it starts from that version."""
    from tests.programs_helpers import signed_in

    settings.CONTENT_RECHECK_SECONDS = 3600
    anonymous = Client()
    visit(anonymous)
    another_nodes_edit()
    assert heading(signed_in(trainee).get(PAGE).content.decode()) == "Cat and camel"
    count, page = visit(anonymous)
    assert heading(page) == "Cat and camel" and count == 0
