from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from spinewise.library.forms import LibraryFilterForm
from spinewise.library.models import Exercise


def exercise_list(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    exercises = Exercise.objects.active().with_tags()
    active_filters = 0
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        exercises = exercises.search(data["q"]).filtered(
            categories=data["category"],
            positions=data["position"],
            equipment=data["equipment"],
            targets=data["target"],
            difficulties=data["difficulty"],
        )
        active_filters = sum(
            bool(data[k]) for k in ("category", "position", "equipment", "target", "difficulty")
        )
    elif form.is_bound:
        exercises = exercises.none()
    rows = list(exercises)
    return render(
        request,
        "library/exercise_list.html",
        {"form": form, "exercises": rows, "active_filters": active_filters},
    )


def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.with_tags().with_variants(), slug=slug)
    return render(request, "library/exercise_detail.html", {"exercise": exercise})
