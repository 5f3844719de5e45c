"""Every signed-in page does a fixed number of queries, whatever the amount of data behind it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spinewise.safety.models import Screening
from spinewise.training.models import Favourite, Routine, Session

# What a page costs when it is made (kept whole pages: tests/test_page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_made_afresh")]

PAGES = (
    "/",
    "/profile/",
    "/account/",
    "/screening/",
    "/screening/result/",
    "/relief/",
    "/relief/?minutes=9&state=stiff",
    "/routines/",
    "/routines/morning-release/",
    "/exercises/",
    "/exercises/cat-cow/",
    "/coaching/",
)


def counts(client: Client) -> dict[str, int]:
    out = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        out[url] = len(queries.captured_queries)
    return out


def add_history(user: Any, n: int) -> None:
    now = timezone.now()
    for i in range(n):
        Screening.objects.create(user=user, source="web", answers={}, urgency=0)
        Session.objects.create(
            user=user,
            source="web",
            routine_name=f"Routine {i}",
            prescription={"items": []},
            started_at=now - timedelta(days=i),
            status="complete",
        )
    for routine in Routine.objects.all():
        Favourite.objects.get_or_create(user=user, routine=routine)


def test_signed_in_pages_do_a_fixed_number_of_queries(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    add_history(trainee, 1)
    client.get("/")  # the profile is made on first use
    counts(client)  # the library and planned routines are built on first use, then kept per content version
    small = counts(client)
    add_history(trainee, 40)
    assert counts(client) == small
    assert max(small.values()) <= 10, small
