"""A person's data stamp: a token that changes whenever anything of theirs that a page shows changes.

The whole-page cache (web.pagecache) keys a signed-in person's pages by it, read with the signed-in
user at no extra query (web.backends), so their next request after a write sees the write. Saves and
deletes through the ORM change it by signal (web.pagecache.watch_people: every model that belongs to
a person is listed there, and a test fails for a model that is not); the few writes that bypass the
signals (`QuerySet.update`, `bulk_create`) call `touch` themselves.

The token is random rather than a counter, as the content version's is: a write that is rolled back
takes its change of stamp with it, and no later write can bring back a stamp a kept page was made at.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.contrib.auth.models import User
from django.http import HttpRequest

from spinewise.accounts.models import Profile

# Inside `leaving(user_id)` that person's stamp is not changed: they are being deleted with all their rows.
_leaving: ContextVar[frozenset[int]] = ContextVar("spinewise_stamps_leaving", default=frozenset())


def touch(user_ids: Iterable[int | None], *, progress: bool = True) -> None:
    """Give these people a fresh data stamp (one UPDATE; a person without a profile yet has no kept
    pages to invalidate: their first page makes the profile). With `progress` (the default, the safe
    side) their progress stamp too: pass False only for a write that changes none of their sessions,
    sittings or results, the data points of their progress charts."""
    ids = sorted({pk for pk in user_ids if pk is not None} - _leaving.get())
    if ids:
        token = uuid.uuid4().hex
        fields = {"data_stamp": token, "progress_stamp": token} if progress else {"data_stamp": token}
        Profile.objects.filter(user_id__in=ids).update(**fields)


@contextmanager
def leaving(user_id: int) -> Iterator[None]:
    """While a person's account is deleted: their pages can never be asked for again (their id no
    longer signs in), so the thousands of rows deleted with them need not each change their stamp.
    Other people's stamps still change (a coach's clients, when the coach leaves)."""
    token = _leaving.set(_leaving.get() | {user_id})
    try:
        yield
    finally:
        _leaving.reset(token)


def loaded_progress_stamp(user: User) -> str | None:
    """The person's progress stamp when their profile came with them (as the web's signed-in user
    does, web.backends), else None: never a query of its own."""
    if not Profile.user.field.remote_field.is_cached(user):
        return None
    try:
        return str(user.profile.progress_stamp)
    except Profile.DoesNotExist:  # known to have none
        return None


_VALID_UNTIL = "_spinewise_page_valid_until"


def page_valid_until(request: HttpRequest, when: datetime) -> None:
    """The page a view answers to `request` stops being right at `when`, a moment of its own (a
    reading that stops being fresh): web.pagecache keeps it no longer. The earliest moment counts."""
    earlier = valid_until(request)
    setattr(request, _VALID_UNTIL, when if earlier is None else min(earlier, when))


def valid_until(request: HttpRequest) -> datetime | None:
    return getattr(request, _VALID_UNTIL, None)
