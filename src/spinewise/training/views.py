from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from spinewise.planning.vocabulary import LEVELS, Level
from spinewise.training.models import Favourite, Routine
from spinewise.training.services import builtin_routine, builtin_routines, library_specs


def _level(request: HttpRequest) -> Level:
    value = request.GET.get("level", Level.BEGINNER.value)
    try:
        return Level(value)
    except ValueError as exc:
        raise Http404("unknown level") from exc


def routine_list(request: HttpRequest) -> HttpResponse:
    return render(request, "training/routine_list.html", {"routines": builtin_routines()})


def routine_detail(request: HttpRequest, slug: str) -> HttpResponse:
    routine = get_object_or_404(Routine.objects.active(), slug=slug)
    level = _level(request)
    planned = builtin_routine(routine, level, library_specs(include_retired=True))
    is_favourite = (
        request.user.is_authenticated
        and Favourite.objects.filter(user=request.user, routine=routine).exists()
    )
    return render(
        request,
        "training/routine_detail.html",
        {
            "routine": routine,
            "planned": planned,
            "level": level,
            "levels": [lv.value for lv in LEVELS],
            "is_favourite": is_favourite,
        },
    )
