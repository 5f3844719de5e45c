from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from spinewise.library import cache as content_cache
from spinewise.library.i18n import localized
from spinewise.planning.adapt import NothingSafe
from spinewise.planning.vocabulary import LEVELS
from spinewise.training.forms import LimitsForm
from spinewise.training.models import Favourite
from spinewise.training.play import limits_profile, refuse_nothing_safe, shown_notes
from spinewise.training.services import BuiltIn, active_routine, builtin_routines, fit_builtin, profile_key
from spinewise.training.words import named_plan


def routine_list(request: HttpRequest) -> HttpResponse:
    lang = translation.get_language()
    shown = [BuiltIn(localized(b.routine, lang), b.planned) for b in builtin_routines()]
    return render(request, "training/routine_list.html", {"routines": shown})


def routine_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A built-in routine as the person will do it: adapted to their limits (their profile's when
    signed in, or what the query says about today), each change said with its reason."""
    version = content_cache.content_version()
    found = active_routine(slug, version)
    if found is None:
        raise Http404("No such routine")
    lang = translation.get_language()
    routine = localized(found, lang)
    form = LimitsForm(request.GET)
    if not form.is_valid():
        problems = [str(message) for errors in form.errors.values() for message in errors]
        return render(
            request,
            "training/play_error.html",
            {"title": _("These settings do not work"), "problems": problems},
            status=400,
        )
    profile = limits_profile(request, form)
    try:
        fitted = fit_builtin(found, profile, version)
    except NothingSafe as exc:
        return refuse_nothing_safe(request, routine.name, exc)
    is_favourite = (
        request.user.is_authenticated
        and Favourite.objects.filter(user=request.user, routine=routine).exists()
    )
    limits = form.limits_query()
    return render(
        request,
        "training/routine_detail.html",
        {
            "routine": routine,
            # Named in the page's language only when the cached table is built.
            "planned": SimpleLazyObject(lambda: named_plan(fitted.planned, lang)),
            "item_notes": shown_notes(fitted, routine),
            "level": profile.level.value,
            "levels": [(lv.value, f"?{urlencode({'level': lv.value, **limits})}") for lv in LEVELS],
            "play_url": f"{reverse('play:routine', args=[routine.slug])}?"
            f"{urlencode({'level': profile.level.value, **limits})}",
            "is_favourite": is_favourite,
            # The table is a fragment cached per content version and limits (the template's {% cache %}).
            "content_version": version,
            "table_key": profile_key(profile),
        },
    )
