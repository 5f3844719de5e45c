"""A printable handout of an assigned routine: figures, steps, doses, cautions, the coach's notes,
and a QR code (made here by segno, offline) that opens the routine in the app. In the language of the
request: the page's words, the exercises' names, steps and cautions, and the doses."""

from __future__ import annotations

from typing import Any

import segno
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from spinewise.coaching.models import Assignment
from spinewise.coaching.words import dose_words
from spinewise.library.i18n import localized
from spinewise.library.models import Exercise
from spinewise.planning.model import Dose
from spinewise.progress.pdf import render_pdf


def routine_url(request: HttpRequest, assignment: Assignment) -> str:
    """The routine's page in the app, absolute, as the QR code carries it."""
    return request.build_absolute_uri(reverse("coaching:assigned", args=[assignment.pk]))


def qr_svg(url: str) -> str:
    """The QR code as inline SVG markup (no style attribute, no network)."""
    svg: str = segno.make(url, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff")
    return svg


def handout_context(request: HttpRequest, assignment: Assignment) -> dict[str, Any]:
    slugs = [str(item["exercise"]) for item in assignment.items]
    lang = translation.get_language()
    exercises = {ex.slug: localized(ex, lang) for ex in Exercise.objects.filter(slug__in=slugs)}
    rows = []
    for item in assignment.items:
        ex = exercises.get(str(item["exercise"]))
        if ex is None:
            continue
        dose = Dose(**item["dose"])
        rows.append(
            {
                "name": ex.name,
                "still": ex.figure_still,
                "dose": dose_words(dose),
                "steps": list(ex.steps),
                "cautions": list(ex.cautions),
                "note": item.get("note", ""),
            }
        )
    url = routine_url(request, assignment)
    return {
        "assignment": assignment,
        "coach": assignment.link.coach,
        "rows": rows,
        "url": url,
        "qr": qr_svg(url),
    }


def handout_pdf(request: HttpRequest, assignment: Assignment, coach_name: str) -> bytes:
    context = handout_context(request, assignment)
    context["coach_name"] = coach_name
    return render_pdf(render_to_string("coaching/handout.html", context, request=request))
