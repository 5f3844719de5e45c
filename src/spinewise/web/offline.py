"""The installable app: its manifest, its service worker and the page it shows offline.

All three are served from the site's root, since a service worker controls only the pages at or
below its own path. What the worker does is in templates/offline/sw.js (README, "Installing the
app and using it offline"); this module gives it its list of files to fetch at install time:
the offline page and every static file of the app, by the hashed names the static manifest
gives them, so a new version of any file is a new worker, which fetches it and drops the old.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME_COLOUR = "#0b6b5c"  # --accent in app.css
BACKGROUND_COLOUR = "#fbfaf7"  # --bg in app.css
# Only the app's own files are fetched at install time (not the admin's), and not the ones a
# phone never needs offline: the admin's figure sheet, the print stylesheet of the PDF reports.
PRECACHE_PREFIX = "spinewise/"
NOT_PRECACHED = ("spinewise/figures-sheet.css", "spinewise/progress-print.css")
# Navigations the worker never keeps: staff pages, forms that sign in or out, and the data download.
NEVER_KEPT = ("/admin/", "/login/", "/logout/", "/password_", "/reset/", "/signup/", "/account/")
# Responses whose URL changes whenever their content does: kept for good once fetched.
IMMUTABLE = ("/exercises/figures/",)
VIEWER_SALT = "spinewise.web.offline.viewer"
# Bump when the worker's code changes in a way its config does not show.
WORKER_REVISION = "1"

_precache_memo: dict[str, list[str]] = {}


def _static_names() -> list[str]:
    """The app's static files by their source names: from the manifest when files are hashed, else
    as the finders see them (development and tests)."""
    hashed = getattr(staticfiles_storage, "hashed_files", None)
    if hashed:
        names = set(hashed)
    else:
        names = {path for finder in finders.get_finders() for path, _ in finder.list([])}
    return sorted(
        name.replace("\\", "/")
        for name in names
        if name.replace("\\", "/").startswith(PRECACHE_PREFIX) and name not in NOT_PRECACHED
    )


def precache_urls() -> list[str]:
    """The URLs the worker fetches when it installs: the offline page, then the static files."""
    key = getattr(staticfiles_storage, "manifest_hash", "") or ""
    hashed = bool(getattr(staticfiles_storage, "hashed_files", None))
    if hashed and key in _precache_memo:
        return _precache_memo[key]
    urls = [reverse("offline"), reverse("manifest"), *(static(name) for name in _static_names())]
    if hashed:
        _precache_memo.clear()
        _precache_memo[key] = urls
    return urls


def viewer_marker(user: Any) -> str:
    """Who a page was made for, as the worker needs to know it: an opaque mark of the signed-in
    person (never their id), or "" for a visitor without an account."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac(VIEWER_SALT, str(user.pk)).hexdigest()[:20]


def worker_config() -> dict[str, Any]:
    precache = precache_urls()
    offline_page = render_to_string("offline/offline.html")
    config = {
        "precache": precache,
        "offline": reverse("offline"),
        "logout": reverse("logout"),
        "static": settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}",
        "hashed": bool(getattr(staticfiles_storage, "hashed_files", None)),
        "never": list(NEVER_KEPT),
        "immutable": list(IMMUTABLE),
    }
    digest = hashlib.sha256()
    digest.update(WORKER_REVISION.encode())
    digest.update(json.dumps(config, sort_keys=True).encode())
    digest.update(offline_page.encode())
    config["version"] = digest.hexdigest()[:16]
    return config


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    body = render_to_string("offline/sw.js", {"config": json.dumps(worker_config(), sort_keys=True)})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Always checked with the server, so a new version reaches every phone on its next visit.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    icons = [
        {
            "src": static("spinewise/icons/icon.svg"),
            "sizes": "any",
            "type": "image/svg+xml",
            "purpose": "any",
        },
        *(
            {
                "src": static(f"spinewise/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ),
        *(
            {
                "src": static(f"spinewise/icons/icon-maskable-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "maskable",
            }
            for size in (192, 512)
        ),
    ]
    data = {
        "id": "/",
        "name": _("spinewise: lower-back mobility coach"),
        "short_name": "spinewise",
        "description": _("Safe, personal, guided routines for a stiff or sore lower back."),
        # The language the request speaks (web/language.py): the name and description are in it.
        "lang": translation.get_language() or settings.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["health", "fitness"],
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page the worker shows for a page never opened while online. It is fetched once at
    install time and kept, so it is rendered without the request: nobody's name, menu or token."""
    return HttpResponse(render_to_string("offline/offline.html"))
