"""Coaching pages: the coach's clients, invitations, the composer and handouts; the client's
invitation, consent, coaches and assigned routines. Thin over coaching.services and board."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pydantic import ValidationError

from spinewise.accounts.auth import current_user
from spinewise.coaching import board, services
from spinewise.coaching.handout import handout_pdf
from spinewise.coaching.models import Assignment, Invitation, Link
from spinewise.coaching.schemas import MAX_ITEMS, ProgramIn, RoutineIn
from spinewise.edge import validation_problems
from spinewise.library.i18n import localized
from spinewise.library.models import Exercise
from spinewise.planning.adapt import EQUIPMENT_WORDS, POSITION_WORDS, NothingSafe
from spinewise.planning.model import Profile as Limits
from spinewise.planning.vocabulary import Level, Position, State
from spinewise.programs.models import Program
from spinewise.programs.services import local_today
from spinewise.safety.gate import screening_cleared
from spinewise.training.forms import LimitsForm
from spinewise.training.play import limits_profile, record_start, refuse_nothing_safe, render_player
from spinewise.training.reports import json_errors, parse_start
from spinewise.training.services import record_session

ROWS = 8


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "404.html", status=404)


def _coach_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Coach pages: signed in, with the coach role (403 otherwise)."""

    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if services.coach_profile(current_user(request)) is None:
            return render(request, "coaching/not_coach.html", status=403)
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# ---------------------------------------------------------------------- the coach's pages


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Coaching: a coach's clients; for anybody else, their coaches and a place to type a code."""
    user = current_user(request)
    profile = services.coach_profile(user)
    if profile is None:
        return mine(request)
    links = board.coach_clients(user.pk)
    context = {
        "profile": profile,
        "clients": board.summaries(links),
        "invitations": list(Invitation.objects.open().filter(coach=user)),
        # Ended links: reachable, showing only what came before their end.
        "past": list(
            Link.objects.filter(coach=user, ended_at__isnull=False)
            .select_related("client")
            .order_by("-ended_at")[:50]
        ),
    }
    return render(request, "coaching/clients.html", context)


@_coach_only
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    """A new single-use code and link; shown on this page once, never stored."""
    invitation, code = services.create_invitation(current_user(request))
    url = request.build_absolute_uri(reverse("coaching:join-code", args=[code]))
    return render(request, "coaching/invited.html", {"invitation": invitation, "code": code, "url": url})


@_coach_only
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = Invitation.objects.filter(pk=pk, coach=current_user(request)).first()
    if invitation is None:
        return _not_found(request)
    try:
        services.withdraw(invitation)
    except services.CoachingError as exc:
        messages.error(request, str(exc))
    return redirect("coaching:home")


def _my_link(request: HttpRequest, link_id: int) -> Link | None:
    return services.coach_link(current_user(request), link_id)


@_coach_only
@require_GET
def client(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _my_link(request, link_id)
    if link is None:
        return _not_found(request)
    (summary,) = board.summaries([link])
    limits = services.limits_seen_by_coach(link)
    assignments = list(link.assignments.select_related("program").prefetch_related("changes"))
    if link.ended_at is not None:
        # Nothing after the end: the changes made since are not the coach's business either.
        assignments = [a for a in assignments if a.created_at <= link.ended_at]
    context = {
        "link": link,
        "summary": summary,
        "sessions": board.client_sessions(link),
        "assignments": [(a, services.composed_of(a, limits)) for a in assignments],
    }
    return render(request, "coaching/client.html", context)


@_coach_only
@require_POST
def end_as_coach(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _my_link(request, link_id)
    if link is None:
        return _not_found(request)
    services.end_link(link, Link.Side.COACH)
    messages.success(request, _("You no longer follow %(email)s.") % {"email": link.client.email})
    return redirect("coaching:home")


def _exercise_choices() -> list[tuple[str, str]]:
    """(slug, "name (position)") of every active exercise, in the page's language."""
    lang = translation.get_language()
    rows = [localized(ex, lang) for ex in Exercise.objects.active().order_by("name")]
    rows.sort(key=lambda ex: ex.name.casefold())
    return [(ex.slug, f"{ex.name} ({_(POSITION_WORDS[Position(ex.position)])})") for ex in rows]


def _limit_words(limits: Limits) -> dict[str, list[str]]:
    """The client's avoided positions and equipment in plain words, in the page's language."""
    return {
        "avoid_words": [_(POSITION_WORDS[p]) for p in sorted(limits.avoid)],
        "equipment_words": [_(EQUIPMENT_WORDS[e]) for e in sorted(limits.equipment)],
    }


def _posted_routine(request: HttpRequest) -> tuple[dict[str, Any], RoutineIn | None, list[str]]:
    """The composer's form as sent, and the routine it makes (None with the problems)."""
    post = request.POST
    rows = []
    items = []
    for i in range(MAX_ITEMS):
        row = {
            "exercise": post.get(f"item-{i}-exercise", ""),
            "sets": post.get(f"item-{i}-sets", ""),
            "amount": post.get(f"item-{i}-amount", ""),
            "note": post.get(f"item-{i}-note", ""),
        }
        rows.append(row)
        if row["exercise"]:
            items.append(
                {
                    "exercise": row["exercise"],
                    "sets": row["sets"] or None,
                    "amount": row["amount"] or None,
                    "note": row["note"],
                }
            )
    filled = [i for i, row in enumerate(rows) if any(row.values())]
    rows = rows[: min(MAX_ITEMS, max(ROWS, (filled[-1] + 2) if filled else 0))]
    sent = {
        "name": post.get("name", ""),
        "notes": post.get("notes", ""),
        "per_week": post.get("per_week", ""),
        "rows": rows,
    }
    try:
        data = RoutineIn.model_validate(
            {"name": sent["name"], "notes": sent["notes"], "per_week": sent["per_week"], "items": items}
        )
    except ValidationError as exc:
        return sent, None, validation_problems(exc)
    return sent, data, []


def _form_of(assignment: Assignment | None) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    if assignment is not None:
        rows = [
            {"exercise": i.exercise, "sets": i.sets, "amount": i.amount, "note": i.note}
            for i in services.items_in(assignment)
        ]
    blank = max(ROWS - len(rows), min(2, MAX_ITEMS - len(rows)))
    rows += [{"exercise": "", "sets": "", "amount": "", "note": ""}] * blank
    if assignment is None:
        return {"name": "", "notes": "", "per_week": 3, "rows": rows}
    return {"name": assignment.name, "notes": assignment.notes, "per_week": assignment.per_week, "rows": rows}


@_coach_only
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest, link_id: int, pk: int | None = None) -> HttpResponse:
    """Compose (or edit) a routine for a client: preview shows time, position changes and each
    conflict with the client's limits; assign saves it (and logs what changed)."""
    link = _my_link(request, link_id)
    if link is None:
        return _not_found(request)
    assignment = None
    if pk is not None:
        assignment = link.assignments.filter(pk=pk, kind=Assignment.Kind.ROUTINE).first()
        if assignment is None:
            return _not_found(request)
    if link.ended_at is not None:
        return render(
            request,
            "coaching/not_coach.html",
            {"problem": _("This link has ended: you cannot assign anything.")},
            status=409,
        )
    limits = services.client_limits(link.client)
    context: dict[str, Any] = {
        "link": link,
        "assignment": assignment,
        "choices": _exercise_choices(),
        "limits": limits,
        "flare": limits.state == State.FLARE_UP,
        **_limit_words(limits),
        "problems": [],
        "composed": None,
    }
    if request.method == "GET":
        context["form"] = _form_of(assignment)
        return render(request, "coaching/compose.html", context)
    sent, data, problems = _posted_routine(request)
    context["form"] = sent
    status = 200
    if data is not None:
        try:
            context["composed"] = services.compose(data.items, limits).composed
        except services.CoachingError as exc:
            problems = [str(exc)]
    if data is not None and not problems and request.POST.get("action") == "save":
        if assignment is None:
            services.assign_routine(link, data, current_user(request))
            messages.success(
                request,
                _("%(name)s is assigned to %(email)s.") % {"name": data.name, "email": link.client.email},
            )
        else:
            services.update_routine(assignment, data, current_user(request))
            messages.success(
                request, _("%(name)s is updated; your client sees what changed.") % {"name": data.name}
            )
        return redirect("coaching:client", link_id=link.pk)
    if problems:
        status = 400
    context["problems"] = problems
    return render(request, "coaching/compose.html", context, status=status)


@_coach_only
@require_http_methods(["GET", "POST"])
def assign_program(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _my_link(request, link_id)
    if link is None:
        return _not_found(request)
    today = local_today(link.client)
    context: dict[str, Any] = {
        "link": link,
        "programs": [localized(p, translation.get_language()) for p in Program.objects.active()],
        "weekdays": [(n, WEEKDAYS_ABBR[n]) for n in range(7)],
        "today": today,
        "problems": [],
        "sent": {"program": "", "start": today.isoformat(), "weekdays": []},
    }
    if request.method == "POST":
        sent = {
            "program": request.POST.get("program", ""),
            "start": request.POST.get("start", ""),
            "weekdays": request.POST.getlist("weekdays"),
        }
        context["sent"] = sent
        try:
            data = ProgramIn.model_validate(sent)
            services.assign_program(link, data, current_user(request))
        except ValidationError as exc:
            context["problems"] = validation_problems(exc)
        except services.CoachingError as exc:
            context["problems"] = [str(exc)]
        else:
            program = localized(Program.objects.get(slug=data.program), translation.get_language())
            messages.success(
                request,
                _("%(email)s now follows %(program)s.")
                % {"email": link.client.email, "program": program.name},
            )
            return redirect("coaching:client", link_id=link.pk)
        return render(request, "coaching/program.html", context, status=400)
    return render(request, "coaching/program.html", context)


def _pdf_response(pdf: bytes, assignment: Assignment) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="spinewise-handout-{assignment.pk}.pdf"'
    return response


@_coach_only
@require_GET
def coach_handout(request: HttpRequest, link_id: int, pk: int) -> HttpResponse:
    link = _my_link(request, link_id)
    assignment = link.assignments.filter(pk=pk, kind=Assignment.Kind.ROUTINE).first() if link else None
    if link is None or assignment is None:
        return _not_found(request)
    return _pdf_response(handout_pdf(request, assignment, services.display_name(link.coach)), assignment)


# ---------------------------------------------------------------------- the client's pages


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The person's coaches (current and past) and what they assigned."""
    user = current_user(request)
    links = services.client_links(user)
    return render(
        request,
        "coaching/mine.html",
        {
            "links": links,
            "assignments": services.assigned_to(user),
            "is_coach": services.coach_profile(user) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """An invitation: who the coach is and what they will see, then accept or decline."""
    if code is None:
        typed = request.POST.get("code", "") if request.method == "POST" else request.GET.get("code", "")
        if typed:
            cleaned = "".join(c for c in services.normalise_code(typed) if c.isascii() and c.isalnum())
            return redirect("coaching:join-code", code=cleaned[:20] or "0")
        return render(request, "coaching/join.html", {"invitation": None, "problem": ""})
    invitation = services.find_invitation(code)
    if invitation is None:
        return render(
            request,
            "coaching/join.html",
            {
                "invitation": None,
                "problem": _("That code is not one we know: check it, or ask for a new one."),
            },
            status=404,
        )
    user = current_user(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                made = services.accept(invitation, user)
                if isinstance(made, Link):
                    messages.success(
                        request,
                        _("%(coach)s now follows your progress.")
                        % {"coach": services.display_name(made.coach)},
                    )
                    return redirect("coaching:mine")
                messages.success(request, _("You are a coach now: invite your clients from here."))
                return redirect("coaching:home")
            if action == "decline":
                services.decline(invitation, user)
                messages.success(request, _("Invitation declined: nothing is shared."))
                return redirect("coaching:mine")
        except services.CoachingError as exc:
            return render(
                request, "coaching/join.html", {"invitation": None, "problem": str(exc)}, status=409
            )
        return render(
            request,
            "coaching/join.html",
            {"invitation": None, "problem": _("Choose accept or decline.")},
            status=400,
        )
    if invitation.state != "open":
        return render(
            request,
            "coaching/join.html",
            {"invitation": None, "problem": _(services._STATE_WORDS[invitation.state])},
            status=410,
        )
    coach = invitation.coach
    profile = getattr(coach, "coach_profile", None) if coach is not None else None
    return render(
        request,
        "coaching/join.html",
        {
            "invitation": invitation,
            "code": code,
            "coach_name": services.display_name(coach, profile) if coach is not None else "",
            "practice": profile.practice if profile is not None else "",
            "coach_email": coach.email if coach is not None else "",
            "sees": [_(line) for line in services.COACH_SEES],
            "not_seen": _(services.COACH_DOES_NOT_SEE),
            "problem": "",
        },
    )


@login_required
@require_POST
def end_as_client(request: HttpRequest, link_id: int) -> HttpResponse:
    link = Link.objects.filter(pk=link_id, client=current_user(request)).select_related("coach").first()
    if link is None:
        return _not_found(request)
    services.end_link(link, Link.Side.CLIENT)
    messages.success(
        request,
        _("%(coach)s no longer sees anything new from you.") % {"coach": services.display_name(link.coach)},
    )
    return redirect("coaching:mine")


@login_required
@require_GET
def assigned(request: HttpRequest, pk: int) -> HttpResponse:
    """A routine a coach assigned: items, doses, the coach's notes, and every change with who made it."""
    assignment = services.client_assignment(current_user(request), pk)
    if assignment is None:
        return _not_found(request)
    limits = services.client_limits(current_user(request))
    return render(
        request,
        "coaching/assigned.html",
        {
            "assignment": assignment,
            "coach_name": services.display_name(assignment.link.coach),
            "composed": services.composed_of(assignment, limits),
            "changes": list(assignment.changes.all()),
        },
    )


@login_required
@require_GET
def client_handout(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = services.client_assignment(current_user(request), pk)
    if assignment is None or assignment.kind != Assignment.Kind.ROUTINE:
        return _not_found(request)
    return _pdf_response(
        handout_pdf(request, assignment, services.display_name(assignment.link.coach)), assignment
    )


@login_required
@screening_cleared
@require_GET
def play(request: HttpRequest, pk: int) -> HttpResponse:
    """The assigned routine in the player, adapted to the client's own limits today."""
    user = current_user(request)
    assignment = services.client_assignment(user, pk)
    if assignment is None or assignment.kind != Assignment.Kind.ROUTINE:
        return _not_found(request)
    form = LimitsForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "training/play_error.html",
            {"title": _("These settings do not work"), "problems": form.problems()},
            status=400,
        )
    limits = limits_profile(request, form)
    if services.today_state(user) == State.FLARE_UP:
        limits = replace(limits, state=State.FLARE_UP)
    try:
        prescription = services.prescription_for(assignment, limits)
    except NothingSafe as exc:
        return refuse_nothing_safe(request, assignment.name, exc)
    level = Level.BEGINNER if limits.state == State.FLARE_UP else limits.level
    return render_player(
        request,
        prescription,
        level,
        name=assignment.name,
        slug=None,
        speed=form.speed_value(),
        profile=limits,
        back_url=reverse("coaching:assigned", args=[assignment.pk]),
        back_label=assignment.name,
        save_url=reverse("coaching:start", args=[assignment.pk]),
        notes=[_("Your coach's notes: %(notes)s") % {"notes": assignment.notes}]
        if assignment.notes
        else None,
        item_notes={str(i["exercise"]): str(i.get("note", "")) for i in assignment.items if i.get("note")},
        program={"assignment": assignment.pk},
    )


@screening_cleared
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """The player starts an assigned routine: the token proves the server prepared it for this
    client from this assignment; the session is recorded and linked to it."""
    if not request.user.is_authenticated:
        return json_errors(403, [_("Sign in to play what your coach assigned.")])
    user = current_user(request)
    assignment = services.client_assignment(user, pk)
    if assignment is None:
        return json_errors(404, [_("No such routine assigned to you.")])
    started = parse_start(request)
    if isinstance(started, JsonResponse):
        return started
    report, prescribed = started
    if prescribed.program != {"assignment": assignment.pk}:
        return json_errors(409, [_("This routine was not opened from your coach's page: open it again.")])

    def record(data: Any) -> Any:
        with transaction.atomic():
            session = record_session(data, user, report.client_id)
            services.link_session(assignment, session)
        return session

    return record_start(request, report, prescribed, record)
