"""Where to send a person after a form: the `next` (or `back`) they came with, if it is a page of this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_local_page(target: str, request: HttpRequest) -> bool:
    """A path on this site. A bare word ("x") is refused too: redirect() would read it as a view name."""
    return (
        target.startswith("/")
        and "\x00" not in target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    )


def safe_next(request: HttpRequest, default: str = "", field: str = "next") -> str:
    target = request.POST.get(field) or request.GET.get(field) or ""
    return target if is_local_page(target, request) else default
