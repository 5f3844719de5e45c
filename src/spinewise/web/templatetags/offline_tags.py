"""`{% viewer_marker %}`: who a page was made for, for the service worker (see web/offline.py)."""

from __future__ import annotations

from typing import Any

from django import template

from spinewise.web.offline import viewer_marker as marker_of

register = template.Library()


@register.simple_tag(takes_context=True)
def viewer_marker(context: Any) -> str | None:
    """The mark of the person the page is for ("" for nobody signed in); None for a page rendered
    without a request (the offline page), which the worker then neither keeps nor reads."""
    request = context.get("request")
    if request is None:
        return None
    return marker_of(getattr(request, "user", None))


@register.simple_tag
def csrf_cookie_name() -> str:
    """The cookie the page reads Django's CSRF token from when it sends what it kept offline."""
    from django.conf import settings

    return str(settings.CSRF_COOKIE_NAME)
