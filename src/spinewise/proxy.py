"""Behind a load balancer: the visitor's address from X-Forwarded-For, for throttling and lock-outs.

Without it every request seems to come from the load balancer, so one person's failed log-ins or
wrong access codes would lock everybody out. Only the entries our own proxies appended are trusted
(SPINEWISE_PROXY_COUNT of them, counted from the right): a client can write anything to the left.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse


class ForwardedForMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.proxies = int(settings.PROXY_COUNT)
        if self.proxies <= 0:
            raise MiddlewareNotUsed  # served directly: REMOTE_ADDR is already the visitor

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= self.proxies:
            request.META["REMOTE_ADDR"] = hops[-self.proxies]
        return self.get_response(request)
