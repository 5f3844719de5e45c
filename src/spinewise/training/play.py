"""The guided player in the browser: its pages, the payload it plays, and the session reports it sends.

The payload carries, for every item, the same timeline segments the terminal player walks
(timeline.item_segments plus the transition to the next item), so both players count the same
reps, sides, sets, rests and position changes. The browser does the timing; the server only
plans, describes and records.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from pydantic import ValidationError

from spinewise.accounts.safety import screening_cleared
from spinewise.library.models import Exercise
from spinewise.planning.model import Dose, Profile
from spinewise.planning.planner import MAX_MINUTES, MIN_MINUTES, Unplannable
from spinewise.planning.progression import ACCEPTABLE_PAIN
from spinewise.planning.vocabulary import (
    POSITION_GROUPS,
    Equipment,
    Focus,
    Level,
    Position,
    Preference,
    State,
    expand_avoided,
    transition_seconds,
)
from spinewise.programs.services import saving_refusal as program_refusal
from spinewise.training.models import Routine, Session
from spinewise.training.schema import RoutineItemJSON, RoutineJSON, SessionIn
from spinewise.training.services import (
    ReportMismatch,
    build_routine,
    builtin_routine,
    record_session,
    routine_json,
    today_seed,
    update_session,
)
from spinewise.training.timeline import item_segments, transition

DEFAULT_MINUTES = 9
MIN_SPEED = 1.0
MAX_SPEED = 1000.0
MAX_SEED = 2**31 - 1

# ---------------------------------------------------------------- the payload


def _segments(
    dose: Dose, seconds_per_rep: float | None, position: str, following: RoutineItemJSON | None
) -> list[dict[str, Any]]:
    """An item's segments as the terminal player plays them, with the transition to the next item."""
    segments = item_segments(dose, seconds_per_rep)
    if following is not None:
        allowance = transition_seconds(Position(position), Position(following.position))
        segments.append(transition(following.name, allowance))
    return [asdict(segment) for segment in segments]


def _exercise_info(ex: Exercise) -> dict[str, Any]:
    return {
        "slug": ex.slug,
        "name": ex.name,
        "summary": ex.summary,
        "position": ex.position,
        "steps": [{"text": step, "breathing": cues} for step, cues in ex.steps_with_breathing()],
        "breathing": [str(cue["cue"]) for cue in ex.breathing],
        "cautions": list(ex.cautions),
        "feel": ex.feel,
        "seconds_per_rep": ex.seconds_per_rep,
        "url": ex.get_absolute_url(),
    }


def _missing_info(item: RoutineItemJSON) -> dict[str, Any]:
    # An old session may name an exercise since removed from the library: play it from its snapshot.
    return {
        "slug": item.slug,
        "name": item.name,
        "summary": "",
        "position": item.position,
        "steps": [],
        "breathing": [],
        "cautions": [],
        "feel": "",
        "seconds_per_rep": None,
        "url": None,
    }


def _suits(ex: Exercise, equipment: list[str], profile: Profile | None) -> bool:
    """Whether a variant respects the request's hard limits (equipment, avoided positions, a bad day)."""
    if profile is None:
        return True
    if not set(equipment) <= {e.value for e in profile.equipment}:
        return False
    if ex.position in {p.value for p in profile.avoid}:
        return False
    return not (profile.state == State.FLARE_UP and not ex.flare_up_ok)


def _variant(
    ex: Exercise, equipment: list[str], level: Level, following: RoutineItemJSON | None
) -> dict[str, Any]:
    dose = ex.dose_for(level.value)
    return {
        "slug": ex.slug,
        "name": ex.name,
        "position": ex.position,
        "equipment": equipment,
        "dose": asdict(dose),
        "dose_text": dose.describe(),
        "seconds": dose.seconds(ex.seconds_per_rep),
        "segments": _segments(dose, ex.seconds_per_rep, ex.position, following),
        "exercise": _exercise_info(ex),
    }


def _variants_of(
    wanted: set[str],
) -> tuple[dict[str, list[Exercise]], dict[str, list[Exercise]], dict[int, list[str]]]:
    """The active easier and harder variants of the exercises named, and the equipment each needs.

    Three queries, each filtered in SQL rather than by a list of ids, so they run (and count)
    the same whether or not any variant exists.
    """
    easier: dict[str, list[Exercise]] = {}
    harder: dict[str, list[Exercise]] = {}
    for relation, out in ((Exercise.easier.through, easier), (Exercise.harder.through, harder)):
        links = (
            relation.objects.filter(from_exercise__slug__in=wanted, to_exercise__retired=False)
            .select_related("from_exercise", "to_exercise")
            .order_by("to_exercise__name", "to_exercise__slug")
        )
        for link in links:
            out.setdefault(link.from_exercise.slug, []).append(link.to_exercise)
    gear: dict[int, list[str]] = {}
    rows = (
        Exercise.equipment.through.objects.filter(
            Q(exercise__easier_of__slug__in=wanted) | Q(exercise__harder_of__slug__in=wanted)
        )
        .values_list("exercise_id", "equipmenttag__slug")
        .distinct()
        .order_by("exercise_id", "equipmenttag__slug")
    )
    for exercise_id, slug in rows:
        gear.setdefault(exercise_id, []).append(slug)
    return easier, harder, gear


def player_payload(
    prescription: RoutineJSON,
    level: Level,
    *,
    name: str,
    slug: str | None = None,
    profile: Profile | None = None,
    save_url: str | None = None,
    ask_pain_before: bool = False,
    pain_before: int | None = None,
    speed: float = 1.0,
) -> dict[str, Any]:
    """Everything the browser player needs, in a fixed number of queries whatever the routine's length.

    Each item carries its dose, its segments, its exercise's steps, breathing cues and cautions,
    and its easier and harder variants, each dosed at `level` with its own segments. With a
    `profile`, variants needing equipment the person lacks, starting in an avoided position, or
    too demanding for a flare-up day are left out.
    """
    wanted = {item.slug for item in prescription.items}
    # A past session may name an exercise retired since: it still plays, from the library's text.
    rows = {ex.slug: ex for ex in Exercise.objects.filter(slug__in=wanted)}
    easier_of, harder_of, gear = _variants_of(wanted)
    items: list[dict[str, Any]] = []
    for index, item in enumerate(prescription.items):
        following = prescription.items[index + 1] if index + 1 < len(prescription.items) else None
        row = rows.get(item.slug)
        dose = item.dose()
        easier = [v for v in easier_of.get(item.slug, []) if _suits(v, gear.get(v.pk, []), profile)]
        harder = [v for v in harder_of.get(item.slug, []) if _suits(v, gear.get(v.pk, []), profile)]
        items.append(
            {
                "index": index,
                "slug": item.slug,
                "name": item.name,
                "phase": item.phase,
                "position": item.position,
                "equipment": list(item.equipment),
                "dose": asdict(dose),
                "dose_text": dose.describe(),
                "seconds": item.seconds,
                "segments": _segments(dose, row.seconds_per_rep if row else None, item.position, following),
                "exercise": _exercise_info(row) if row else _missing_info(item),
                "easier": [_variant(v, gear.get(v.pk, []), level, following) for v in easier],
                "harder": [_variant(v, gear.get(v.pk, []), level, following) for v in harder],
            }
        )
    return {
        "routine": {
            "name": name,
            "slug": slug,
            "level": level.value,
            "total_seconds": prescription.total_seconds,
            "position_changes": prescription.position_changes,
            "relaxed": list(prescription.relaxed),
        },
        "prescription": prescription.model_dump(mode="json"),
        "items": items,
        "save_url": save_url,
        "ask_pain_before": ask_pain_before and pain_before is None,
        "pain_before": pain_before,
        "speed": speed,
        "pain_limit": ACCEPTABLE_PAIN,  # the pain rule's "pain above this is too much", said by the player
    }


# ---------------------------------------------------------------- query parameters


def _choice_field(enum: type[Level] | type[State] | type[Focus], what: str) -> forms.ChoiceField:
    valid = [m.value for m in enum]
    return forms.ChoiceField(
        required=False,
        choices=[(v, v) for v in valid],
        error_messages={"invalid_choice": f"Unknown {what} “%(value)s”: choose {_or(valid)}."},
    )


def _or(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


class ValuesField(forms.MultipleChoiceField):
    """Values as repeated parameters (?avoid=prone&avoid=floor) or comma-separated (?avoid=prone,floor)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        values = super().to_python(value)
        return [part.strip() for v in values for part in v.split(",") if part.strip()]


class PlayerForm(forms.Form):
    """The parameters every player page takes."""

    level = _choice_field(Level, "level")
    speed = forms.FloatField(
        required=False,
        min_value=MIN_SPEED,
        max_value=MAX_SPEED,
        error_messages={
            "invalid": "Speed must be a number from 1 to 1000.",
            "min_value": "Speed must be a number from 1 to 1000.",
            "max_value": "Speed must be a number from 1 to 1000.",
        },
    )

    def level_value(self) -> Level:
        return Level(self.cleaned_data.get("level") or Level.BEGINNER.value)

    def speed_value(self) -> float:
        speed = self.cleaned_data.get("speed")
        return MIN_SPEED if speed is None else float(speed)


class PlanForm(PlayerForm):
    """A routine planned for the time and the day; the defaults are the command line's."""

    minutes = forms.IntegerField(
        required=False,
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        error_messages={
            "invalid": f"Minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}.",
            "min_value": f"Minutes must be between {MIN_MINUTES} and {MAX_MINUTES}.",
            "max_value": f"Minutes must be between {MIN_MINUTES} and {MAX_MINUTES}.",
        },
    )
    equipment = ValuesField(
        required=False,
        choices=[("none", "none"), *((e.value, e.value) for e in Equipment)],
        error_messages={
            "invalid_choice": "Unknown equipment “%(value)s”: choose none, or any of "
            + ", ".join(e.value for e in Equipment)
            + "."
        },
    )
    avoid = ValuesField(
        required=False,
        choices=[(v, v) for v in (*POSITION_GROUPS, *(p.value for p in Position))],
        error_messages={
            "invalid_choice": "Unknown position to avoid “%(value)s”: choose any of "
            + ", ".join((*POSITION_GROUPS, *(p.value for p in Position)))
            + "."
        },
    )
    state = _choice_field(State, "state of the day")
    focus = _choice_field(Focus, "focus")
    prefer = forms.ChoiceField(
        required=False,
        choices=[("none", "none"), *((p.value, p.value) for p in Preference)],
        error_messages={
            "invalid_choice": "Unknown preference “%(value)s”: choose "
            + _or(["none", *(p.value for p in Preference)])
            + "."
        },
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_SEED,
        error_messages={
            "invalid": f"The seed must be a whole number from 0 to {MAX_SEED}.",
            "min_value": f"The seed must be a whole number from 0 to {MAX_SEED}.",
            "max_value": f"The seed must be a whole number from 0 to {MAX_SEED}.",
        },
    )

    def clean_equipment(self) -> list[str]:
        gear: list[str] = self.cleaned_data["equipment"]
        if "none" in gear and len(gear) > 1:
            raise forms.ValidationError("Equipment “none” cannot be combined with equipment names.")
        return gear

    def clean_avoid(self) -> list[str]:
        avoided: list[str] = self.cleaned_data["avoid"]
        if len(expand_avoided(avoided)) == len(Position):
            raise forms.ValidationError(
                "Every start position is avoided, so no exercise is possible: avoid fewer positions."
            )
        return avoided

    def profile(self) -> Profile:
        data = self.cleaned_data
        prefer = data.get("prefer") or "none"
        return Profile(
            level=self.level_value(),
            equipment=frozenset(Equipment(g) for g in data["equipment"] if g != "none"),
            avoid=expand_avoided(data["avoid"]),
            state=State(data.get("state") or State.FINE.value),
            focus=Focus(data.get("focus") or Focus.BALANCED.value),
            prefer=None if prefer == "none" else Preference(prefer),
        )

    def minutes_value(self) -> int:
        minutes = self.cleaned_data.get("minutes")
        return DEFAULT_MINUTES if minutes is None else int(minutes)

    def seed_value(self) -> int:
        seed = self.cleaned_data.get("seed")
        return today_seed() if seed is None else int(seed)


# ---------------------------------------------------------------- pages


def _form_problems(form: forms.Form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def _refuse(request: HttpRequest, title: str, problems: list[str], status: int) -> HttpResponse:
    return render(request, "training/play_error.html", {"title": title, "problems": problems}, status=status)


def _bad_parameters(request: HttpRequest, form: forms.Form) -> HttpResponse:
    return _refuse(request, "These settings do not work", _form_problems(form), 400)


def render_player(
    request: HttpRequest,
    prescription: RoutineJSON,
    level: Level,
    *,
    name: str,
    slug: str | None,
    speed: float,
    profile: Profile | None = None,
    back_url: str,
    back_label: str,
    save_url: str | None = None,
    pain_before: int | None = None,
    notes: list[str] | None = None,
) -> HttpResponse:
    """The player page; a program workout passes its own save URL and the "pain now" already given."""
    signed_in = request.user.is_authenticated
    payload = player_payload(
        prescription,
        level,
        name=name,
        slug=slug,
        profile=profile,
        save_url=(save_url or reverse("play:sessions")) if signed_in else None,
        ask_pain_before=signed_in,
        pain_before=pain_before,
        speed=speed,
    )
    context = {
        "payload": payload,
        "name": name,
        "items": payload["items"],
        "routine": payload["routine"],
        "signed_in": signed_in,
        "back_url": back_url,
        "back_label": back_label,
        "scale": range(11),
        "notes": notes or [],
    }
    return render(request, "training/player.html", context)


@screening_cleared
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    """A routine planned for the minutes, equipment and day given, then played."""
    form = PlanForm(request.GET)
    if not form.is_valid():
        return _bad_parameters(request, form)
    profile = form.profile()
    minutes = form.minutes_value()
    try:
        planned = build_routine(profile, minutes, form.seed_value())
    except Unplannable as exc:
        return _refuse(request, "No routine fits these settings", [str(exc)], 422)
    # A flare-up day doses everything at its gentlest whatever the level; so do the variants.
    level = Level.BEGINNER if profile.state == State.FLARE_UP else profile.level
    return render_player(
        request,
        routine_json(planned),
        level,
        name=f"{minutes}-minute routine",
        slug=None,
        speed=form.speed_value(),
        profile=profile,
        back_url=reverse("training:routines"),
        back_label="Routines",
    )


@screening_cleared
@require_GET
def routine(request: HttpRequest, slug: str) -> HttpResponse:
    """A built-in routine at a level, each item at its own (seed) dose where it has one."""
    row = get_object_or_404(Routine.objects.active(), slug=slug)
    form = PlayerForm(request.GET)
    if not form.is_valid():
        return _bad_parameters(request, form)
    level = form.level_value()
    return render_player(
        request,
        routine_json(builtin_routine(row, level)),
        level,
        name=row.name,
        slug=row.slug,
        speed=form.speed_value(),
        back_url=reverse("training:routine", args=[row.slug]),
        back_label=row.name,
    )


@login_required
@screening_cleared
@require_GET
def again(request: HttpRequest, session_id: int) -> HttpResponse:
    """A past session's routine exactly as it was prescribed then (its snapshot), played again."""
    past = get_object_or_404(Session, pk=session_id, user=request.user)
    form = PlayerForm(request.GET)
    if not form.is_valid():
        return _bad_parameters(request, form)
    return render_player(
        request,
        RoutineJSON.model_validate(past.prescription),
        form.level_value(),
        name=past.routine_name,
        slug=past.routine_slug or None,
        speed=form.speed_value(),
        back_url=reverse("training:routines"),
        back_label="Routines",
    )


# ---------------------------------------------------------------- session reports (JSON)


def json_errors(status: int, problems: list[str]) -> JsonResponse:
    """The JSON error reply every session endpoint gives."""
    return JsonResponse({"errors": problems}, status=status)


def _validation_problems(exc: ValidationError) -> list[str]:
    out = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        out.append(f"{where}: {message}" if where else message)
    return out


def saved_reply(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "status": session.status,
        "url": reverse("play:session", args=[session.pk]),
        "detail_url": reverse("training:session", args=[session.pk]),
    }


def parse_report(request: HttpRequest) -> SessionIn | JsonResponse:
    """The request's body as a session report; the source is always the web player."""
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return json_errors(400, ["body: not valid JSON"])
    if not isinstance(body, dict):
        return json_errors(400, ["body: expected a JSON object with the session's fields"])
    body["source"] = "web"
    try:
        return SessionIn.model_validate(body)
    except ValidationError as exc:
        return json_errors(400, _validation_problems(exc))


@screening_cleared
@require_POST
def start_session(request: HttpRequest) -> HttpResponse:
    """Record a session as the player starts it (partial until a report finishes it)."""
    if not request.user.is_authenticated:
        return json_errors(
            403, ["Sessions are kept for signed-in people only: an account keeps your history."]
        )
    data = parse_report(request)
    if isinstance(data, JsonResponse):
        return data
    session = record_session(data, user=request.user)
    return JsonResponse(saved_reply(session), status=201)


@screening_cleared
@require_POST
def save_session(request: HttpRequest, session_id: int) -> HttpResponse:
    """Replace a session's report with the player's latest one; only its owner may."""
    session = None
    if request.user.is_authenticated:
        session = Session.objects.filter(pk=session_id, user=request.user).first()
    if session is None:
        return json_errors(404, ["No such session of yours."])
    locked = program_refusal(session)
    if locked is not None:
        return json_errors(403, [locked])
    data = parse_report(request)
    if isinstance(data, JsonResponse):
        return data
    try:
        session = update_session(session, data)
    except ReportMismatch as exc:
        return json_errors(400, [str(exc)])
    return JsonResponse(saved_reply(session))
