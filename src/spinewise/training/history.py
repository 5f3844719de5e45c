"""Past sessions of the signed-in person, and favourite routines."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from spinewise.accounts.auth import current_user
from spinewise.accounts.services import profile_for
from spinewise.redirects import safe_next
from spinewise.training.models import Favourite, Routine, Session, SessionItem


@login_required
def history(request: HttpRequest) -> HttpResponse:
    sessions = (
        Session.objects.filter(user=current_user(request))
        .annotate(
            done_seconds=Sum("items__seconds"),
            done_items=Count("items", filter=Q(items__outcome__in=SessionItem.WORKED)),
            item_count=Count("items"),
        )
        .order_by("-started_at")[:200]
    )
    return render(request, "training/history.html", {"sessions": sessions})


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
