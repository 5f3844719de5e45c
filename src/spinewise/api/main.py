"""The API object: /api/v1/, its auth (token first, then the session with CSRF), its throttle,
its error shape ({"detail": ...}) and its routers, one per resource."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.openapi.docs import Swagger, _csrf_needed

from spinewise.api import (
    account,
    coaching,
    exercises,
    programs,
    progress,
    routines,
    screening,
    sessions,
    tests,
)
from spinewise.api.auth import CallerThrottle, SessionAuth, TokenAuth

logger = logging.getLogger(__name__)


class Docs(Swagger):
    """Swagger UI from the site's own static files. ninja renders its local page only when "ninja" is
    among INSTALLED_APPS, and its CDN page otherwise; its templates and static folder are found by
    path instead (settings.NINJA_DIR), so that a command does not import ninja at start-up."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


api = NinjaAPI(
    title="spinewise API",
    version="1",
    description=(
        "The lower-back mobility coach's HTTP API. Exercise guidance, not a diagnosis.\n\n"
        "Responses speak the language of `Accept-Language` (English or Spanish: `es`), or of the"
        " signed-in person's profile: exercise names, steps and cautions, routines, programs, home"
        " tests and error `detail` sentences; JSON keys and enum values stay English. The"
        " `Content-Language` header says which.\n\n"
        "Authenticate with a personal API token (`Authorization: Bearer sw_...`, made on your account"
        " page) or, in the browser, your signed-in session with the `X-CSRFToken` header on changes."
        ' Lists are paginated (`items`, `count`; `limit` and `offset`); errors are `{"detail": ...}`.'
    ),
    # The token first: a POST with a token is never asked for a CSRF token.
    auth=[TokenAuth(), SessionAuth()],
    throttle=[CallerThrottle()],
    docs=Docs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api-v1",
)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Sign in, or send a personal API token: Authorization: Bearer sw_...")},
        status=401,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    detail = _("Not Found")
    if settings.DEBUG:
        detail += f": {exc}"
    return api.create_response(request, {"detail": detail}, status=404)


@api.exception_handler(DjangoValidationError)
def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": "; ".join(exc.messages)}, status=400)


# ---------------------------------------------------------------- routers
# One router per resource; public routes say `auth=None` on themselves. Mount new ones here.
api.add_router("/exercises/", exercises.router)
api.add_router("/routines/", routines.router)
api.add_router("/sessions/", sessions.router)
api.add_router("/screening/", screening.router)
api.add_router("/programs/", programs.router)
api.add_router("/tests/", tests.router)
api.add_router("/progress/", progress.router)
api.add_router("/account/", account.router)
api.add_router("/coaching/", coaching.router)
# ---------------------------------------------------------------- end of routers
