"""Past sessions of the signed-in person, and favourite routines."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from spinewise.accounts.auth import current_user
from spinewise.accounts.services import profile_for
from spinewise.library import cache as content_cache
from spinewise.library.translations import SOURCE
from spinewise.redirects import safe_next
from spinewise.training.models import Favourite, Routine, Session, SessionItem
from spinewise.training.words import exercise_name, session_title

# A page of sessions; the rest are a link away, so the page costs the same after ten years.
PER_PAGE = 30


def _seconds_done() -> Subquery:
    """The time spent on one session's items, worked out per listed row, not for the whole history."""
    items = SessionItem.objects.filter(session=OuterRef("pk")).order_by().values("session")
    return Subquery(items.annotate(total=Sum("seconds")).values("total")[:1])


def _titles() -> dict[str, dict[str, str]]:
    """{slug: {language: name}} of every built-in routine, read once per content version."""
    out: dict[str, dict[str, str]] = {}
    for slug, name, translations in Routine.objects.values_list("slug", "name", "translations"):
        names = {
            lang: str(texts["name"]) for lang, texts in (translations or {}).items() if texts.get("name")
        }
        out[slug] = {SOURCE: name, **names}
    return out


def routine_titles(lang: str | None = None) -> dict[str, str]:
    """{slug: name} of the built-in routines in `lang` (the active language by default); in
    English, none: a session keeps the name it was recorded with."""
    lang = lang or translation.get_language() or SOURCE
    if lang == SOURCE:
        return {}
    return {
        slug: names.get(lang, names[SOURCE])
        for slug, names in content_cache.derived("routine-titles", _titles).items()
    }


def titled(sessions: Iterable[Session]) -> list[Session]:
    """These sessions, their `title`s named from one lookup of the routines' names in the active
    language (each session looking them up itself costs a lookup and a dict per row)."""
    titles = routine_titles()
    rows = list(sessions)
    for session in rows:
        session.known_titles = titles
    return rows


@login_required
def history(request: HttpRequest) -> HttpResponse:
    sessions = (
        Session.objects.filter(user=current_user(request))
        .annotate(done_seconds=_seconds_done())
        .order_by("-started_at", "-pk")
    )
    # A page number past the end shows the last page; a word shows the first.
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    # Each session's `title` names its routine in the page's language (Session.title).
    return render(request, "training/history.html", {"sessions": titled(page.object_list), "page": page})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.filter(user=current_user(request)), pk=pk)
    items = list(session.items.all())
    lang = translation.get_language() or SOURCE
    for item in items:
        # Named in the page's language (a swap in English by its slug, as it always was).
        item.name = exercise_name(item.exercise_slug, item.exercise_name, lang)  # type: ignore[attr-defined]
        performed = (
            exercise_name(item.performed_slug, item.performed_slug, lang) if item.performed_slug else ""
        )
        item.performed_name = performed  # type: ignore[attr-defined]
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "title": session_title(session.routine_name, session.routine_slug, routine_titles(lang)),
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
