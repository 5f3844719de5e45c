"""Past sessions of the signed-in person, and favourite routines."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from spinewise.accounts.auth import current_user
from spinewise.accounts.services import profile_for
from spinewise.redirects import safe_next
from spinewise.training.models import Favourite, Routine, Session, SessionItem

# A page of sessions; the rest are a link away, so the page costs the same after ten years.
PER_PAGE = 30


def _seconds_done() -> Subquery:
    """The time spent on one session's items, worked out per listed row, not for the whole history."""
    items = SessionItem.objects.filter(session=OuterRef("pk")).order_by().values("session")
    return Subquery(items.annotate(total=Sum("seconds")).values("total")[:1])


@login_required
def history(request: HttpRequest) -> HttpResponse:
    sessions = (
        Session.objects.filter(user=current_user(request))
        .annotate(done_seconds=_seconds_done())
        .order_by("-started_at", "-pk")
    )
    # A page number past the end shows the last page; a word shows the first.
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "training/history.html", {"sessions": page.object_list, "page": page})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.filter(user=current_user(request)), pk=pk)
    items = list(session.items.all())
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "items": items,
            "seconds_done": sum(i.seconds for i in items),
            # Variants offered on a replay are dosed at the person's level.
            "level": profile_for(current_user(request)).level,
        },
    )


@login_required
@require_POST
def toggle_favourite(request: HttpRequest, slug: str) -> HttpResponse:
    routine = get_object_or_404(Routine.objects.active(), slug=slug)
    deleted, _ = Favourite.objects.filter(user=current_user(request), routine=routine).delete()
    if not deleted:
        Favourite.objects.get_or_create(user=current_user(request), routine=routine)
    return redirect(safe_next(request, reverse("training:routine", args=[slug]), field="back"))
