from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from pydantic import ValidationError

import spinewise.generics  # noqa: F401  (ModelAdmin[...], ModelForm[...] at run time)
from spinewise.library.models import Exercise
from spinewise.library.schema import BreathingCue, Doses


def _pydantic_message(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in exc.errors())


# The admin's sections; the form edits exactly these fields.
SECTIONS: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    (None, ("name", "slug", "aliases", "summary", "retired")),
    (
        "Classification",
        ("category", "position", "equipment", "targets", "direction", "phase", "flare_up_ok", "difficulty"),
    ),
    ("Dose", ("doses", "seconds_per_rep")),
    ("Instructions", ("steps", "breathing", "feel", "cautions", "skip_if")),
    ("Variants and sources", ("easier", "harder", "sources", "references", "updated_at")),
)


class ExerciseForm(forms.ModelForm[Exercise]):
    class Meta:
        model = Exercise
        fields = [name for _, names in SECTIONS for name in names if name != "updated_at"]

    def clean_doses(self) -> Any:
        doses = self.cleaned_data["doses"]
        try:
            return Doses.model_validate(doses).model_dump(mode="json")
        except ValidationError as exc:
            raise forms.ValidationError(_pydantic_message(exc)) from exc

    def clean_breathing(self) -> Any:
        cues = self.cleaned_data["breathing"]
        if not isinstance(cues, list):
            raise forms.ValidationError('Give a list of {"step": N, "cue": "..."}.')
        try:
            return [BreathingCue.model_validate(c).model_dump(mode="json") for c in cues]
        except ValidationError as exc:
            raise forms.ValidationError(_pydantic_message(exc)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        steps = data.get("steps") or []
        for cue in data.get("breathing") or []:
            if cue["step"] > len(steps):
                self.add_error(
                    "breathing", f"A cue points at step {cue['step']}, but there are {len(steps)} steps."
                )
        return data


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin[Exercise]):
    form = ExerciseForm
    list_display = ("name", "slug", "category", "position", "difficulty", "flare_up_ok", "retired")
    list_filter = ("category", "position", "equipment", "targets", "difficulty", "flare_up_ok", "retired")
    search_fields = ("name", "slug", "search_text")
    filter_horizontal = ("equipment", "targets", "easier", "harder")
    readonly_fields = ("updated_at",)
    fieldsets = [(title, {"fields": names}) for title, names in SECTIONS]

    change_list_template = "admin/library/exercise/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "figures/",
                self.admin_site.admin_view(self.figures_view),
                name="library_exercise_figures",
            ),
            *super().get_urls(),
        ]

    def figures_view(self, request: HttpRequest) -> HttpResponse:
        """Every exercise's figure side by side, with its name and view, for a reviewer's eye.

        The figures come as stored when the content loaded; each links its own stylesheet, as the
        exercise pages do, so the sheet runs under the same Content-Security-Policy.
        """
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        exercises = list(Exercise.objects.order_by("name"))
        drawn = [ex for ex in exercises if ex.has_figure]
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": "Figures contact sheet",
            "drawn": drawn,
            "missing": [ex for ex in exercises if not ex.has_figure],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/library/exercise/figures.html", context)
