"""The progress pages: the dashboard, the before/after report and its PDF. Thin over services."""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import dateformat
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from spinewise.accounts.auth import current_user
from spinewise.assessments.models import Assessment
from spinewise.programs.dates import long_date
from spinewise.progress import services
from spinewise.progress.pdf import render_pdf
from spinewise.progress.report import celebration_words, kind_title


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    # Monday first, named in the page's language.
    weekdays = [(WEEKDAYS[n], WEEKDAYS_ABBR[n]) for n in range(7)]
    context = {"d": services.dashboard(current_user(request)), "weekdays": weekdays}
    return render(request, "progress/dashboard.html", context)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """The reports on offer, and a form to compare any two sittings."""
    user = current_user(request)
    who, sittings, pairs = services.pairs_for(user)
    before, after = _number(request.GET.get("before")), _number(request.GET.get("after"))
    problem = ""
    if "before" in request.GET or "after" in request.GET:
        if before is None or after is None or not services.owns_sittings(user, before, after):
            problem = _("Choose two of your sittings.")
        elif before == after:
            problem = _("Choose two different sittings.")
        else:
            return redirect("progress:report", before=before, after=after)
    choices = [
        (s.pk, f"{kind_title(s)}, {dateformat.format(sittings.days[s.pk], 'j M Y')}") for s in sittings.all
    ]
    context = {"person": who, "choices": choices, "pairs": pairs, "problem": problem}
    return render(request, "progress/reports.html", context, status=400 if problem else 200)


def _page(request: HttpRequest, before: int, after: int) -> services.ReportPage:
    if before == after:
        raise Http404("compare two different sittings")
    try:
        return services.before_after(current_user(request), before, after)
    except Assessment.DoesNotExist as exc:
        raise Http404("no such assessment") from exc


def _context(page: services.ReportPage) -> dict[str, object]:
    report = page.report
    return {
        "page": page,
        "report": report,
        "person": page.person,
        "celebration": celebration_words(report.improved) if report.celebrate else "",
    }


@login_required
def report(request: HttpRequest, before: int, after: int) -> HttpResponse:
    page = _page(request, before, after)
    if page.report.before.pk != before:
        return redirect("progress:report", before=page.report.before.pk, after=page.report.after.pk)
    return render(request, "progress/report.html", _context(page))


@never_cache
@login_required
def report_pdf(request: HttpRequest, before: int, after: int) -> HttpResponse:
    page = _page(request, before, after)
    started = time.perf_counter()
    context = {**_context(page), "made_on": long_date(page.person.today)}
    html = render_to_string("progress/report_pdf.html", context, request=request)
    pdf = render_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"spinewise-report-{page.before_day:%Y-%m-%d}-to-{page.after_day:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Server-Timing"] = f"pdf;dur={(time.perf_counter() - started) * 1000:.0f}"
    return response
