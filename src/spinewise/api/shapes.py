"""The API's error shape and the responses every route declares, so the schema tells the truth."""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import Http404, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Status
from ninja.errors import HttpError
from pydantic import BaseModel


class Problem(BaseModel):
    """Every error: `detail` is a sentence, or (422) the list of fields that failed validation."""

    detail: str | list[Any]


# Any route may be sent a body that is not JSON (400) or that fails validation (422), or be
# throttled (429).
_ALWAYS = (400, 422, 429)
# Routes for a signed-in person: no credentials (401); CSRF, a read-only token, or the gate (403).
_SIGNED_IN = (401, 403)


def public(ok: Any, *errors: int, status: int = 200) -> dict[int, Any]:
    return {status: ok, **{code: Problem for code in sorted({*errors, *_ALWAYS})}}


def private(ok: Any, *errors: int, status: int = 200) -> dict[int, Any]:
    return {status: ok, **{code: Problem for code in sorted({*errors, *_ALWAYS, *_SIGNED_IN})}}


def relayed(response: HttpResponse) -> Status[Any]:
    """A shared JSON endpoint's reply (the browser player's), in the API's shapes: its errors
    (`{"errors": [...]}`) become `{"detail": "..."}`; its data passes as it is."""
    if not isinstance(response, JsonResponse):
        # The screening gate sends browsers to the safety check; an API caller gets a 403.
        raise HttpError(403, str(SCREEN_FIRST))
    data = json.loads(response.content)
    if response.status_code >= 400:
        problems = "; ".join(str(p) for p in data.get("errors", [])) or _("Refused.")
        return Status(response.status_code, {"detail": problems})
    return Status(response.status_code, data)


SCREEN_FIRST = gettext_lazy(
    "Take the safety screening first (GET /api/v1/screening/questions, then POST /api/v1/screening/),"
    " or record the clinician visit that lifts a stop in force (POST /api/v1/screening/clearance)."
)


SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,59}$"


def plain_slug(slug: str) -> str:
    """A slug in a path as the content spells them; anything else names nothing (404), and never
    reaches the database (PostgreSQL refuses a NUL character in a query)."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise Http404(_("No such item."))
    return slug


def said(text: str) -> str:
    """A sentence made elsewhere (a service's refusal, the planner's note) in the response's
    language when the catalogue has it (its module marks it with gettext_noop), else as it is."""
    return _(text) if text else text


def language() -> str:
    """The language of the response (the middleware activated it from the profile, cookie or
    Accept-Language): content text is shown in it, JSON keys and enum values stay English."""
    return translation.get_language() or "en"


def localized_routine(routine: Any) -> Any:
    """A prescription (RoutineJSON) with its items named in the response's language."""
    from spinewise.library.i18n import content_languages
    from spinewise.library.models import Exercise

    lang = language()
    if lang == "en" or lang not in content_languages():
        return routine
    slugs = {item.slug for item in routine.items}
    found = dict(Exercise.objects.filter(slug__in=slugs).values_list("slug", "translations"))

    def named(item: Any) -> Any:
        texts = (found.get(item.slug) or {}).get(lang)
        return item.model_copy(update={"name": texts["name"]}) if texts else item

    return routine.model_copy(update={"items": [named(item) for item in routine.items]})


def form_problems(form: Any) -> str:
    """A Django form's errors, each as "field: message", in one sentence."""
    return "; ".join(f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items())
