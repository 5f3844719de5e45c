"""Exercises: the library with its filters (the web's own filter form), and one with its figure."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from spinewise.api.shapes import form_problems, language, plain_slug, public
from spinewise.library.forms import LibraryFilterForm
from spinewise.library.i18n import localized
from spinewise.library.models import Exercise
from spinewise.library.schema import ExerciseJSON

router = Router(tags=["exercises"])


class ExerciseFilters(Schema):
    q: str = Field("", max_length=80, description="words from a name or alias")
    category: list[str] = Field(default_factory=list, max_length=20)
    position: list[str] = Field(default_factory=list, max_length=20)
    equipment: list[str] = Field(default_factory=list, max_length=20, description="'none' or equipment")
    target: list[str] = Field(default_factory=list, max_length=20)
    difficulty: list[str] = Field(default_factory=list, max_length=3, description="1, 2 or 3")


class Figure(Schema):
    """The exercise's figure as stored: animated SVG markup with its stylesheet, and the still."""

    animated_svg: str
    stylesheet: str
    still_svg: str
    stylesheet_url: str
    still_url: str
    view: str


class ExerciseDetail(ExerciseJSON):
    figure: Figure | None = None


@router.get(
    "/", response=public(list[ExerciseJSON], 400), summary="The exercise library, filtered", auth=None
)
@paginate
def list_exercises(request: HttpRequest, filters: Query[ExerciseFilters]) -> list[ExerciseJSON]:
    """AND across filters, OR within one, as on the library page (the same form checks them)."""
    # Empty values ("?category=") mean no filter, as an unticked box does on the page.
    given = {k: [x for x in (v if isinstance(v, list) else [v]) if x] for k, v in filters.dict().items()}
    form = LibraryFilterForm(MultiValueDict(given))
    if not form.is_valid():
        raise HttpError(400, form_problems(form))
    data = form.cleaned_data
    rows = (
        Exercise.objects.active()
        .with_tags()
        .with_variants()
        .defer("figure_svg", "figure_css", "figure_still")
        .search(data["q"])
        .filtered(
            categories=data["category"],
            positions=data["position"],
            equipment=data["equipment"],
            targets=data["target"],
            difficulties=data["difficulty"],
        )
        .order_by("name", "slug")
    )
    lang = language()
    return [localized(ex, lang).to_json() for ex in rows]


@router.get(
    "/{slug}", response=public(ExerciseDetail, 404), summary="One exercise, with its figure", auth=None
)
def exercise(request: HttpRequest, slug: str) -> ExerciseDetail:
    ex = get_object_or_404(Exercise.objects.with_tags().with_variants(), slug=plain_slug(slug))
    ex = localized(ex, language())
    figure = None
    if ex.figure_hash:
        figure = Figure(
            animated_svg=ex.figure_svg_here(),
            stylesheet=ex.figure_css,
            still_svg=ex.figure_still_here(),
            stylesheet_url=ex.figure_css_url(),
            still_url=ex.figure_still_url(),
            view=ex.figure_view,
        )
    return ExerciseDetail(**ex.to_json().model_dump(), figure=figure)
