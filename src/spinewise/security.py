"""Headers every page gets: a strict Content-Security-Policy, and no caching of a signed-in person's pages.

The policy allows no inline script at all. Styles come from the site's files too; the only
inline styles are the ones the server itself renders into a page (pygal's charts carry a
<style> inside their SVG), and those are allowed by their hash, one page at a time.
A page answered to a signed-in person shows their health data or depends on it, so it is
`private, no-store`: no shared cache keeps it and the browser does not write it to disk.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
_STYLE = re.compile(rb"<style[^>]*>(.*?)</style>", re.S | re.I)
# Django's admin keeps a few inline styles of its own; it is for staff, behind its own login.
EXEMPT_PREFIXES = ("/admin/",)


def policy_for(body: bytes) -> str:
    directives = dict(POLICY)
    # Inside an inline SVG a <style> is not raw text: the browser decodes its entities before it
    # hashes it, so the decoded text is allowed too.
    texts = {m.group(1) for m in _STYLE.finditer(body)}
    texts |= {html.unescape(t.decode("utf-8", "replace")).encode() for t in texts}
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(t).digest()).decode() + "'" for t in texts})
    if hashes:
        directives["style-src"] = " ".join(["'self'", *hashes])
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        html = response.get("Content-Type", "").startswith("text/html")
        # A page kept whole (web.pagecache) comes back with the policy it was given.
        if (
            html
            and "Content-Security-Policy" not in response.headers
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not response.streaming
        ):
            response.headers["Content-Security-Policy"] = policy_for(response.content)
        return response
