"""The language a page speaks, the switcher that changes it, and the JavaScript's words.

Which language: the one saved in a signed-in person's profile, else the one the switcher stored in
a cookie, else the browser's Accept-Language, else English (settings.LANGUAGES lists the choices:
the languages the content declares). The API, called with a token and no session, follows
Accept-Language the same way.

The browser's scripts take their words from the page itself: `{% js_catalog %}` writes the
JavaScript catalogue (the `djangojs` domain) of the page's language as a JSON block, and
static/spinewise/i18n.js gives the scripts `gettext`, `ngettext` and `interpolate` over it. A page
kept for offline use keeps its words with it, and there is no second translation system.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import DjangoTranslation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog


def supported(code: str | None) -> str:
    """`code` (es, es-MX, ES) as one of settings.LANGUAGES, else ''."""
    if not code or not isinstance(code, str):
        return ""
    codes = {c for c, _name in settings.LANGUAGES}
    tag = code.strip().lower().replace("_", "-")
    if tag in codes:
        return tag
    primary = tag.split("-")[0]
    return primary if primary in codes else ""


def profile_language(user: Any) -> str:
    """The language saved in a signed-in person's profile ('' when none or not signed in)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    try:
        profile = user.profile  # read with the user (web.backends): no query
    except Exception:  # a person made in the admin has no profile row yet
        return ""
    return supported(getattr(profile, "language", ""))


def request_language(request: HttpRequest) -> str:
    """The profile's language, else the switcher's cookie, else Accept-Language, else English."""
    return (
        profile_language(getattr(request, "user", None))
        or supported(translation.get_language_from_request(request))
        or settings.LANGUAGE_CODE
    )


class LanguageMiddleware:
    """Activates the request's language for everything after it (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = request_language(request)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", lang)
        return response


def _safe_next(request: HttpRequest) -> str:
    for candidate in (request.POST.get("back"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return "/"


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The switcher: remember the language in a cookie and, for a signed-in person, their profile.

    Without a CSRF token, so that the switch on every page leaves the page the same for everyone
    (a token would make each page unique and set a cookie on a first visit). What another site
    could do with it is choose the language of a visitor's next page: the session cookie is
    SameSite=Lax, so a cross-site POST arrives signed out and never reaches a profile."""
    target = _safe_next(request)
    asked = request.POST.get("language", "")
    code = supported(asked) if asked.strip().lower().replace("_", "-") in dict(settings.LANGUAGES) else ""
    if not code:
        names = ", ".join(name for _code, name in settings.LANGUAGES)
        messages.error(
            request, _("That language is not offered. Choose one of: %(names)s.") % {"names": names}
        )
        return HttpResponseRedirect(target)
    user = request.user
    if user.is_authenticated:
        from spinewise.accounts.services import profile_for

        profile = profile_for(user)
        if profile.language != code:
            profile.language = code
            profile.save(update_fields=["language"])
    translation.activate(code)
    request.LANGUAGE_CODE = code
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response


# The plural rules i18n.js knows (a page's script cannot evaluate an expression: the CSP forbids it).
PLURAL_RULES = {"n != 1": "one-other", "n > 1": "zero-one", "0": "one"}
_catalogues: dict[str, str] = {}


def js_catalogue(lang: str) -> str:
    """The `djangojs` catalogue of `lang` as JSON: {"lang", "plural": rule, "catalog": {msgid: text
    or [plural forms]}}, read with Django's own JavaScriptCatalog, once per language and process."""
    if lang in _catalogues:
        return _catalogues[lang]
    view = JavaScriptCatalog(domain="djangojs")
    # Only our own catalogues: not the admin's scripts' words, which the apps' locale folders hold.
    view.translation = DjangoTranslation(
        lang, domain="djangojs", localedirs=[str(p) for p in settings.LOCALE_PATHS]
    )
    found = view.get_plural()
    plural = (found if isinstance(found, str) else "n != 1").strip().strip("()").strip()
    if plural not in PLURAL_RULES:
        raise ImproperlyConfigured(f"locale {lang}: i18n.js does not know the plural rule '{plural}'")
    data = json.dumps(
        {"lang": lang, "plural": PLURAL_RULES[plural], "catalog": view.get_catalog()},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    if lang in {code for code, _name in settings.LANGUAGES}:
        _catalogues[lang] = data
    return data
