"""Whole pages kept for their next identical request (the pages named in KEPT: the front page, the
library, an exercise, a built-in routine, quick relief, the history, progress, a workout's player).

A page is kept under everything it is made from, so a kept page is never stale, only unused:

- the content version (library.cache: any content edit changes it);
- who asks: a signed-in person's id and data stamp (accounts.stamps: any write to their data
  changes it), or nobody; the web session's data (the quick check passed, the first visit's steps)
  and the other cookies (a quick check's stop is kept in one);
- the page's language, the person's local date (pages show "today"), the host and the full path.

Reading that costs what the page reads first anyway (the session, then the user with the profile
and the content version in one query: web.backends), then one dictionary lookup: the view itself
does not run. What is not kept: the CSRF token (each answer gets a fresh mask of the visitor's own
secret in every form, as Django gives, so no two answers carry the same token); the headers of the
middleware before this one (the language's, the cookies'); a page with a message to show or that
leaves one, or that sets a cookie. A page is kept split at its CSRF holes, each part as it is and
compressed (both count against PAGE_CACHE_BYTES): an answer puts the token between the parts, and a
browser that accepts gzip gets the compressed parts around the token compressed afresh (`_gzipped`),
so no answer splits the page or compresses it again.

A view whose page stops being right at a moment of its own (a "pain now" reading is fresh for six
hours) says so with `accounts.stamps.page_valid_until`. Pages are kept in this process's memory for
at most PAGE_CACHE_SECONDS (SPINEWISE_PAGE_CACHE_SECONDS; 0 keeps none) and within PAGE_CACHE_BYTES,
least recently used first out: each worker keeps its own, so no one else's store holds them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import secrets
import struct
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from spinewise.accounts.models import Profile
from spinewise.accounts.stamps import touch, valid_until
from spinewise.library.cache import content_version
from spinewise.programs.services import zone_of

View = Callable[..., HttpResponse]

# Every form's CSRF field as Django renders it ({% csrf_token %}); kept pages hold this instead.
_CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_HOLE = b"\x00spinewise-csrf\x00"
_NOT_KEYED_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME})


@dataclass(frozen=True)
class Kept:
    # The body between its CSRF holes (one part: a page without a form), so an answer puts the
    # fresh token between them and never splits the page again.
    parts: tuple[bytes, ...]
    headers: tuple[tuple[str, str], ...]
    expires: float  # a time.time(): the wall clock, as the moments views give (valid_until) are
    # The same parts, each compressed on its own (`_deflated`), so a gzip answer is put together
    # without compressing the page again.
    deflated: tuple[bytes, ...]

    @property
    def has_csrf(self) -> bool:
        return len(self.parts) > 1

    @property
    def size(self) -> int:
        """The memory it holds, counted against PAGE_CACHE_BYTES: the page in both forms, and its headers."""
        return (
            sum(map(len, self.parts))
            + sum(map(len, self.deflated))
            + sum(len(name) + len(value) for name, value in self.headers)
        )


class Pages:
    """A bounded, least-recently-used store of kept pages; safe for a worker's threads."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Kept | None:
        now = time.time()
        with self._lock:
            kept = self._pages.get(key)
            if kept is None or kept.expires <= now:
                if kept is not None:
                    self._drop(key)
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return kept

    def put(self, key: str, kept: Kept) -> None:
        limit = settings.PAGE_CACHE_BYTES
        if kept.size > limit // 4:
            return  # one page may not push out most of the others
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = kept
            self._bytes += kept.size
            while self._bytes > limit and self._pages:
                self._drop(next(iter(self._pages)))

    def _drop(self, key: str) -> None:
        self._bytes -= self._pages.pop(key).size

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._pages)


pages = Pages()


def _pending_messages(request: HttpRequest) -> int:
    storage = getattr(request, "_messages", None)
    return len(storage) if storage is not None else 0


def page_key(request: HttpRequest) -> str | None:
    """What the page for this request is kept under; None when it must be made afresh."""
    if request.method != "GET" or settings.PAGE_CACHE_SECONDS <= 0 or _pending_messages(request):
        return None
    user = request.user
    if user.is_authenticated:
        assert isinstance(user, User)
        try:
            profile = user.profile
        except Profile.DoesNotExist:
            return None  # made by the page itself; kept from the next request on
        who = f"{user.pk}:{profile.data_stamp}"
        today = timezone.now().astimezone(zone_of(user)).date()
    else:
        who = "-"
        today = timezone.localdate()
    session = request.session
    state = dict(session.items()) if session.session_key is not None else {}
    # Any other cookie may change the page (a quick check's stop is kept in one, the language in
    # another); the CSRF secret does not (its hole is filled per answer) and the session is above.
    cookies = sorted((k, v) for k, v in request.COOKIES.items() if k not in _NOT_KEYED_COOKIES)
    parts = [
        content_version(),
        who,
        json.dumps([state, cookies], sort_keys=True, default=str),
        translation.get_language() or "",
        today.isoformat(),
        request.scheme or "",
        request.get_host(),
        request.get_full_path(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _deflated(data: bytes) -> bytes:
    """`data` as raw deflate blocks ending on a byte boundary (a full flush, not the last block):
    such parts, laid end to end and closed by `_LAST_BLOCK`, are one valid deflate stream."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


_LAST_BLOCK = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# GZipMiddleware's threshold: shorter answers go out as they are.
_GZIP_MIN = 200


def _gzipped(kept: Kept, token: bytes) -> bytes:
    """The page as a gzip file, from its parts compressed when it was kept and the token compressed
    now. Like Django's GZipMiddleware (against BREACH), the header carries a file name of random
    length; the token itself is a fresh mask each time."""
    name = secrets.token_urlsafe(100)[: 1 + secrets.randbelow(100)].encode()
    out = [b"\x1f\x8b\x08" + bytes([gzip.FNAME]) + b"\x00\x00\x00\x00\x00\xff" + name + b"\x00"]
    crc = size = 0
    packed_token = _deflated(token)
    for n, (part, packed) in enumerate(zip(kept.parts, kept.deflated, strict=True)):
        if n:
            out.append(packed_token)
            crc, size = zlib.crc32(token, crc), size + len(token)
        out.append(packed)
        crc, size = zlib.crc32(part, crc), size + len(part)
    out += [_LAST_BLOCK, struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)]
    return b"".join(out)


def _answer(request: HttpRequest, kept: Kept) -> HttpResponse:
    # A fresh mask of this visitor's own secret (and the cookie renewed, as any form page does).
    token = get_token(request).encode() if kept.has_csrf else b""
    length = sum(map(len, kept.parts)) + len(token) * (len(kept.parts) - 1)
    if length >= _GZIP_MIN and _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(_gzipped(kept, token))
        response["Content-Encoding"] = "gzip"  # so GZipMiddleware leaves it as it is
        response["Content-Length"] = str(len(response.content))
    else:
        response = HttpResponse(token.join(kept.parts))
    for name, value in kept.headers:
        response[name] = value
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _keep(request: HttpRequest, key: str, response: HttpResponse) -> None:
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or _pending_messages(request)  # the view left a message for the next page
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return
    parts = tuple(_CSRF_FIELD.sub(rb"\1" + _CSRF_HOLE + rb"\2", response.content).split(_CSRF_HOLE))
    expires = time.time() + settings.PAGE_CACHE_SECONDS
    until = valid_until(request)
    if until is not None:
        expires = min(expires, until.timestamp())
    if expires <= time.time():
        return
    deflated = tuple(_deflated(part) for part in parts)
    pages.put(key, Kept(parts, tuple(response.items()), expires, deflated))


# The pages kept, by URL name: each is a GET that only reads, and depends on nothing but what
# `page_key` names (a page that also shows other people's data, a coach's board, is not here).
KEPT = frozenset(
    {
        "home",
        "glossary",
        "coaches",
        "library:list",
        "library:exercise",
        "training:routines",
        "training:routine",
        "training:relief",
        "training:history",
        "progress:dashboard",
        "programs:play",
    }
)


class PageCacheMiddleware:
    """Answers a kept page's GET from the page kept for the same request, before its view (and the
    view's own checks: sign-in, the safety gate) runs; else keeps what the view answers.

    A kept page was made after those checks for the same person, data and day, so they would give
    the same answer. It sits after the middleware that reads the session, the user, the language and
    the content version, and before those that set headers on every answer (the security policy,
    compression), so a kept page gets them afresh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_spinewise_page_key", None)
        if key is not None:
            _keep(request, key, response)
        return response

    def process_view(
        self, request: HttpRequest, view: View, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name not in KEPT:
            return None
        key = page_key(request)
        if key is None:
            return None
        kept = pages.get(key)
        if kept is not None:
            return _answer(request, kept)
        request._spinewise_page_key = key  # type: ignore[attr-defined]
        return None


# ---------------------------------------------------------------- whose data a write changes


def _via(*paths: str) -> Callable[[Model], Iterable[int | None]]:
    """The people a row belongs to, by attribute paths ("enrolment.user_id")."""

    def people(row: Model) -> Iterable[int | None]:
        for path in paths:
            value: Any = row
            for name in path.split("."):
                value = getattr(value, name, None)
                if value is None:
                    break
            yield value

    return people


def _coach_and_clients(row: Model) -> Iterable[int | None]:
    # A coach's name and whether they coach show on their clients' pages too.
    from spinewise.coaching.people import client_ids

    yield row.user_id  # type: ignore[attr-defined]
    yield from client_ids([row.user_id])  # type: ignore[attr-defined]


# Every model that belongs to a person, and how to find them from a row. A model of ours that is
# neither here nor content (library.cache watches those) nor in NOT_A_PERSONS fails a test.
PEOPLE: dict[str, Callable[[Model], Iterable[int | None]]] = {
    "auth.User": _via("pk"),
    "accounts.Profile": _via("user_id"),
    "accounts.ApiToken": _via("user_id"),
    "safety.Screening": _via("user_id"),
    "assessments.Assessment": _via("user_id"),
    "assessments.TestResult": _via("assessment.user_id"),
    "assessments.FunctionActivity": _via("user_id"),
    "assessments.FunctionRating": _via("assessment.user_id"),
    "training.Session": _via("user_id"),
    "training.SessionItem": _via("session.user_id"),
    "training.Favourite": _via("user_id"),
    "programs.Enrolment": _via("user_id"),
    "programs.Pause": _via("enrolment.user_id"),
    "programs.ProgramSession": _via("enrolment.user_id"),
    "programs.PainCheck": _via("user_id"),
    "programs.CodeBatch": _via("created_by_id"),
    "programs.AccessCode": _via("redeemed_by_id"),
    "programs.Access": _via("user_id"),
    "programs.RedeemAttempt": _via("user_id"),
    "breaks.DeskMode": _via("user_id"),
    "breaks.BreakTaken": _via("user_id"),
    "coaching.CoachProfile": _coach_and_clients,
    "coaching.Invitation": _via("coach_id", "used_by_id"),
    "coaching.Link": _via("coach_id", "client_id"),
    "coaching.Assignment": _via("link.coach_id", "link.client_id"),
    "coaching.Change": _via("assignment.link.coach_id", "assignment.link.client_id", "by_id"),
    "coaching.AssignedSession": _via("session.user_id", "assignment.link.coach_id"),
}
# Models of ours that are neither content nor a person's: changing them changes no kept page.
NOT_A_PERSONS = {"library.ContentVersion"}


# Rows only ever deleted with their parent, or by code that touches their person itself
# (training.services replaces a session's items): watching their deletes would cost a query or two
# for each row.
SAVES_ONLY = {"training.SessionItem"}


# The data points of a person's progress charts: a write to these changes their progress stamp too.
PROGRESS = {
    "training.Session",
    "assessments.Assessment",
    "assessments.TestResult",
    "assessments.FunctionRating",
}


def _written(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata
    label = sender._meta.label
    touch(PEOPLE[label](instance), progress=label in PROGRESS)


def watch_people() -> None:
    """Connect the data stamp to every write of a person's rows (WebConfig.ready)."""
    from django.apps import apps

    for label in PEOPLE:
        model = apps.get_model(label)
        post_save.connect(_written, sender=model, dispatch_uid=f"stamp-{label}-save")
        if label not in SAVES_ONLY:
            post_delete.connect(_written, sender=model, dispatch_uid=f"stamp-{label}-delete")
