from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from spinewise.library import cache as content_cache
from spinewise.library.forms import LibraryFilterForm
from spinewise.library.i18n import localized
from spinewise.library.models import Exercise

# The pages below are content alone: their bodies are template fragments cached under the content
# version ({% cache %} in the templates), so a warm page reads only the version. The rows are read
# lazily, when a fragment is not cached yet.
FRAGMENT_FILTERS = ("q", "category", "position", "equipment", "target", "difficulty")


def _filters_key(data: dict[str, Any]) -> str:
    """The cleaned filters in a fixed order: one cached fragment per distinct search."""
    return "|".join(
        f"{name}={','.join(sorted(map(str, value))) if isinstance(value, list) else value}"
        for name in FRAGMENT_FILTERS
        if (value := data.get(name))
    )


def exercise_list(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    lang = translation.get_language()
    # The list shows each still as a lazy <img> by its hashed URL: the drawings stay in the database.
    exercises = Exercise.objects.active().with_tags().defer("figure_svg", "figure_css", "figure_still")
    active_filters = 0
    filters = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = _filters_key(data)
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
        filters = "invalid"
    return render(
        request,
        "library/exercise_list.html",
        {
            "form": form,
            # In the page's language; read only when the cached cards are built.
            "exercises": SimpleLazyObject(lambda: [localized(ex, lang) for ex in exercises]),
            "active_filters": active_filters,
            "content_version": content_cache.content_version(),
            "filters": filters,
        },
    )


def _heads(lang: str) -> dict[str, dict[str, str]]:
    """What an exercise page needs outside its cached body: its name (in `lang`) and figure stylesheet."""
    rows = Exercise.objects.values_list("slug", "name", "figure_hash", "translations")
    return {
        slug: {
            "name": str(((texts or {}).get(lang) or {}).get("name") or name),
            "figure_css_url": Exercise(slug=slug, figure_hash=digest).figure_css_url(),
        }
        for slug, name, digest, texts in rows
    }


def _shown_exercise(slug: str, lang: str | None) -> Exercise:
    """The exercise in `lang`, with its easier and harder versions named in it too."""
    row = get_object_or_404(Exercise.objects.with_tags().with_variants(), slug=slug)
    shown = localized(row, lang)
    shown.easier_shown = [localized(v, lang) for v in row.easier.all()]  # type: ignore[attr-defined]
    shown.harder_shown = [localized(v, lang) for v in row.harder.all()]  # type: ignore[attr-defined]
    return shown


def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = content_cache.content_version()
    lang = translation.get_language() or ""
    head = content_cache.derived(f"exercise-heads-{lang}", lambda: _heads(lang), version).get(slug)
    if head is None:
        raise Http404("No such exercise")
    exercise = SimpleLazyObject(lambda: _shown_exercise(slug, lang))
    return render(
        request,
        "library/exercise_detail.html",
        {"exercise": exercise, "exercise_slug": slug, "head": head, "content_version": version},
    )


IMMUTABLE = "public, max-age=31536000, immutable"
NOT_DRAWN = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80" role="img" aria-label="No figure yet">'
    '<path d="M8 70H112" stroke="#c5ccd5" stroke-width="1.5"/></svg>'
)


def _figure_part(slug: str, digest: str, field: str, content_type: str) -> HttpResponse:
    """One stored part of a figure at its content-hashed URL; an old hash is gone (404)."""
    found = Exercise.objects.filter(slug=slug, figure_hash=digest).values_list(field, flat=True).first()
    if not found:
        raise Http404("No such figure")
    response = HttpResponse(found, content_type=content_type)
    response["Cache-Control"] = IMMUTABLE
    return response


@require_safe
def figure_css(request: HttpRequest, slug: str, digest: str) -> HttpResponse:
    """The animated figure's stylesheet: its @keyframes, the pause and the reduced-motion rules."""
    return _figure_part(slug, digest, "figure_css", "text/css; charset=utf-8")


@require_safe
def figure_still(request: HttpRequest, slug: str, digest: str) -> HttpResponse:
    """The still as an image, for lazy thumbnails."""
    return _figure_part(slug, digest, "figure_still", "image/svg+xml; charset=utf-8")


@require_safe
def figure_still_by_slug(request: HttpRequest, slug: str) -> HttpResponse:
    """The still by slug alone: cached an hour, then revalidated against the figure's hash."""
    found = Exercise.objects.filter(slug=slug).values_list("figure_still", "figure_hash").first()
    if found is None:
        raise Http404("No such exercise")
    still, digest = found
    if not digest:
        # Not drawn yet: a quiet floor line keeps the table's rhythm, where a missing image would break it.
        still, digest = NOT_DRAWN, "not-drawn"
    etag = f'"{digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(still, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=3600)
    return response
