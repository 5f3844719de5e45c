"""Things derived from content alone, built once per content version instead of once per request.

The content version is the set of ContentVersion rows: one digest per content folder, written by
the loaders, and an "edits" row given a fresh random token whenever an exercise, a tag, a routine,
a program or a home test is saved or deleted any other way (the admin, a shell). Reading it is one query, so every process
sees an edit on its next request; what was built for the version is kept in this process's memory
and in Django's cache (shared between processes when that is Redis or the database).

The token is random rather than a counter: a rolled-back edit then never brings back a version
number that another, different edit has since reused.

A process that has read the version within the last `CONTENT_RECHECK_SECONDS` (a setting) uses it
again without asking: an anonymous page kept whole then costs no query at all. A change made by the
process itself (an edit, a load) is seen at once; another process's change within that many
seconds. The signed-in user's query reads the version anyway, and refreshes it.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

from spinewise.library.models import ContentVersion, EquipmentTag, Exercise, TargetTag

T = TypeVar("T")

EDITS = "edits"
# What a loader reports when the content files did not change since the last load.
UNCHANGED_SUMMARY = "library unchanged since the last load"
# A day: the key names the version, so an entry is never stale, only unused once content changes.
CACHE_SECONDS = 24 * 3600

_memo: dict[tuple[str, str], Any] = {}
_memo_version = ""
_lock = threading.Lock()


# Within a web request (ContentVersionMiddleware) the version is read once: "" until it is read.
_request_version: ContextVar[str | None] = ContextVar("spinewise_content_version", default=None)
# The version this process read last, and when (time.monotonic()); see CONTENT_RECHECK_SECONDS.
_last_read: tuple[str, float] = ("", 0.0)


def content_version() -> str:
    """A short fingerprint of the content as stored now; one query (once a web request, and none
    when the signed-in user was read with it: `version_sql`, or when this process read it less
    than CONTENT_RECHECK_SECONDS ago)."""
    global _last_read
    known = _request_version.get()
    if known:
        return known
    version, read_at = _last_read
    if not version or time.monotonic() - read_at >= settings.CONTENT_RECHECK_SECONDS:
        rows = ContentVersion.objects.values_list("kind", "digest")
        version = _fingerprint(f"{kind}={digest}" for kind, digest in rows)
        _last_read = (version, time.monotonic())
    if known is not None:
        _request_version.set(version)
    return version


def forget_version(**kwargs: Any) -> None:
    """This process changed the version (or rolled a change back): read it again on its next use."""
    global _last_read
    _last_read = ("", 0.0)


def _fingerprint(parts: Iterable[str]) -> str:
    return hashlib.sha256(";".join(sorted(parts)).encode()).hexdigest()[:16]


def version_sql() -> RawSQL:
    """The content version's rows as one text ("kind=digest;..."), to read with another query
    (web.backends reads it with the signed-in user); `remember_version` takes it from there."""
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    joined = "group_concat(kind || '=' || digest, ';')"
    if connection.vendor == "postgresql":
        joined = "string_agg(kind || '=' || digest, ';')"
    return RawSQL(f"SELECT {joined} FROM {table}", ())


def remember_version(rows: str | None) -> None:
    """Within a web request, the content version read with another query (`version_sql`)."""
    global _last_read
    if _request_version.get() == "":
        version = _fingerprint(rows.split(";") if rows else [])
        _request_version.set(version)
        _last_read = (version, time.monotonic())


class ContentVersionMiddleware:
    """Reads the content version at most once a request, however many things derived from it
    the page uses; an edit made by the request itself (the admin) is read afresh after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_version.set("")
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def bump_content_version() -> None:
    """Mark content as changed; every derived thing is rebuilt on its next use."""
    if _request_version.get() is not None:
        _request_version.set("")  # this request reads the new version on its next use
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(kind=EDITS).update(digest=token):
        ContentVersion.objects.update_or_create(kind=EDITS, defaults={"digest": token})
    forget_version()
    # Another thread of this process may read the old version before this edit commits.
    transaction.on_commit(forget_version)


def derived(name: str, build: Callable[[], T], version: str | None = None) -> T:
    """What `build` makes from the content at `version` (read when not given), built once.

    Callers must treat the value as read-only: it is shared by every request of this process.
    """
    global _memo_version
    version = version if version is not None else content_version()
    key = (name, version)
    with _lock:
        if key in _memo:
            return _memo[key]  # type: ignore[no-any-return]
    cache_key = f"spinewise:content:{version}:{name}"
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, CACHE_SECONDS)
    with _lock:
        if version != _memo_version:
            # Only the newest version is worth keeping; older entries would only hold memory.
            _memo.clear()
            _memo_version = version
        _memo[key] = value
    return value  # type: ignore[no-any-return]


def forget() -> None:
    """Drop this process's memory of derived things (the shared cache keys name their version)."""
    with _lock:
        _memo.clear()


def _changed(**kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata: the loader's own digest row arrives with the fixture
    action = kwargs.get("action")
    if action is not None and not str(action).startswith("post_"):
        return
    bump_content_version()


def content_models() -> list[type[Model]]:
    """Every model content is made of."""
    from django.apps import apps

    # Models of the apps above this one, by name (the library imports no app above it); the home
    # tests and the programs are content too (loaded from content/, edited in the admin).
    others = [
        apps.get_model(label) for label in ("training.Routine", "assessments.HomeTest", "programs.Program")
    ]
    return [Exercise, EquipmentTag, TargetTag, *others]


def connect() -> None:
    """Watch every model content is made of; called once when the library app is ready."""
    # The loaders write their digests through the ORM.
    post_save.connect(forget_version, sender=ContentVersion, dispatch_uid="content-version-save")
    post_delete.connect(forget_version, sender=ContentVersion, dispatch_uid="content-version-delete")
    for model in content_models():
        post_save.connect(_changed, sender=model, dispatch_uid=f"content-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"content-{model.__name__}-delete")
    for through in (
        Exercise.equipment.through,
        Exercise.targets.through,
        Exercise.easier.through,
        Exercise.harder.through,
    ):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"content-{through.__name__}-m2m")
