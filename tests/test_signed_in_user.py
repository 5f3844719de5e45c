"""The signed-in user is read in one query compiled once per connection (web.backends.read_user),
with the same user, profile and annotations as the ORM's select_related query gives."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import Model

from spinewise.accounts.models import Profile
from spinewise.accounts.services import profile_for
from spinewise.library.cache import content_version
from spinewise.web.backends import _user_query, read_user
from tests.programs_helpers import screened

pytestmark = pytest.mark.django_db


def fields(row: Model) -> dict[str, Any]:
    return {f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}


@pytest.mark.parametrize("urgency", [None, 0, 3])
def test_it_reads_what_the_orm_would(trainee: User, urgency: int | None) -> None:
    profile = profile_for(trainee)
    profile.equipment = ["chair", "towel"]
    profile.time_zone = "Europe/Madrid"
    profile.save()
    if urgency is not None:
        screened(trainee, urgency=urgency)
    expected = _user_query(trainee.pk).get()
    for _ in range(2):  # compiled on the first read, reused on the second
        user = read_user(trainee.pk)
        assert user is not None
        assert fields(user) == fields(expected)
        assert fields(user.profile) == fields(expected.profile)
        assert user.profile.equipment == ["chair", "towel"]  # the JSON is decoded
        for name in ("screening_taken", "stop_held", "content_rows"):
            assert getattr(user, name) == getattr(expected, name), name
        assert user.screening_taken is (urgency is not None)  # type: ignore[attr-defined]
        assert user.stop_held is (urgency == 3)  # type: ignore[attr-defined]


def test_a_user_without_a_profile_has_none_and_an_unknown_id_is_no_one(trainee: User) -> None:
    Profile.objects.filter(user=trainee).delete()
    user = read_user(trainee.pk)
    assert user is not None and user.email == trainee.email
    with pytest.raises(Profile.DoesNotExist):
        user.profile  # noqa: B018
    assert read_user(trainee.pk + 1000) is None


def test_the_content_version_read_with_the_user_is_the_one_read_alone(trainee: User) -> None:
    from spinewise.library import cache

    profile_for(trainee)
    user = read_user(trainee.pk)
    assert user is not None
    token = cache._request_version.set("")  # as within a web request
    try:
        cache.remember_version(user.content_rows)  # type: ignore[attr-defined]
        remembered = cache._request_version.get()
    finally:
        cache._request_version.reset(token)
    assert remembered == content_version()
    cache.bump_content_version()
    assert content_version() != remembered


def test_the_session_is_read_in_plain_sql_and_an_expired_one_is_none(trainee: User) -> None:
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from spinewise.web.sessions import SessionStore

    store = SessionStore()
    store["quick_check_passed"] = True
    store.create()
    key = store.session_key
    assert SessionStore(session_key=key).load() == {"quick_check_passed": True}
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(session_key=key)
    assert expired.load() == {} and expired.session_key is None
    assert SessionStore(session_key="no-such-key-0123456789abcdef").load() == {}
