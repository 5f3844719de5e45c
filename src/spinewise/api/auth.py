"""Who is calling: a personal API token (Bearer), else the browser's session with its CSRF token.

The token is tried first, so a script's POST with a token is never asked for a CSRF token. A
read-only token may only read: anything else is refused with 403. Each caller is throttled
(per token, else per person, else per address) by a small fixed-window counter in the cache.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle
from ninja.utils import check_csrf

from spinewise.accounts import tokens
from spinewise.accounts.models import ApiToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_RATE = "300/min"
_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sw_...`: one of the person's tokens; a read token may only read."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.authenticate(token.strip())
        if found is None:
            return None
        if request.method not in SAFE_METHODS and not found.may_write:
            raise HttpError(403, _("This token may only read: make a read-and-write token to change things."))
        # The services and the shared JSON endpoints read the person from request.user.
        request.user = found.user
        return found


class SessionAuth(APIKeyCookie):
    """The browser's signed-in session; a change (POST, PUT, DELETE) also needs the CSRF token.

    Unlike ninja's own, it asks who is signed in first, so an anonymous caller gets 401
    (sign in) rather than a CSRF refusal.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("CSRF check failed: send the csrftoken cookie's value in X-CSRFToken."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return request.user if isinstance(request.user, User) else None


def parse_rate(rate: str) -> tuple[int, int]:
    """ "300/min" -> (300, 60)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip().lower()]


class CallerThrottle(BaseThrottle):
    """At most SPINEWISE_API_RATE requests a window per token (else per person, else per address).

    The rate is read on every request, so settings changed at run time (tests) take effect.
    """

    def __init__(self) -> None:
        self.wait_seconds: float | None = None

    def caller(self, request: HttpRequest) -> str:
        auth: Any = getattr(request, "auth", None)
        if isinstance(auth, ApiToken):
            return f"token:{auth.pk}"
        if isinstance(request.user, User):
            return f"user:{request.user.pk}"
        # REMOTE_ADDR as spinewise.proxy left it (it trusts only SPINEWISE_PROXY_COUNT proxies);
        # ninja's own get_ident would believe any X-Forwarded-For a client sends.
        return f"ip:{request.META.get('REMOTE_ADDR', '')}"

    def allow_request(self, request: HttpRequest) -> bool:
        limit, period = parse_rate(getattr(settings, "SPINEWISE_API_RATE", DEFAULT_RATE))
        now = time.time()
        window = int(now // period)
        key = f"spinewise:api-throttle:{self.caller(request)}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: start the window again
            cache.set(key, 1, timeout=period + 1)
            count = 1
        self.wait_seconds = (window + 1) * period - now
        return count <= limit

    def wait(self) -> float | None:
        return self.wait_seconds


def user_of(request: HttpRequest) -> User:
    """The caller, for routes that require authentication (ninja has checked it)."""
    if not isinstance(request.user, User):  # pragma: no cover - ninja refuses anonymous calls first
        raise HttpError(401, _("Unauthorized"))
    return request.user
