"""Coaching as the pages, the API and the tests use it: invitations, consented links, and the
routines and programs a coach assigns, with a log of every change. Each write is one transaction.

A coach never changes what keeps the client safe: the client's own limits (avoided positions,
equipment, today's state) and the safety gate apply whenever they play what was assigned.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from spinewise.accounts.models import Profile as AccountProfile
from spinewise.accounts.stamps import touch
from spinewise.coaching import words
from spinewise.coaching.models import AssignedSession, Assignment, Change, CoachProfile, Invitation, Link
from spinewise.coaching.schemas import Composed, ComposedItem, ItemIn, ProgramIn, RoutineIn
from spinewise.coaching.words import dose_words, exercise_names
from spinewise.library.i18n import localized
from spinewise.planning.adapt import EQUIPMENT_WORDS, POSITION_WORDS, FixedItem, NothingSafe, adapt
from spinewise.planning.limits import OPPOSITE, Limit, broken_limit
from spinewise.planning.model import Dose, ExerciseSpec
from spinewise.planning.model import Profile as Limits
from spinewise.planning.planner import assemble
from spinewise.planning.progression import ACCEPTABLE_PAIN
from spinewise.planning.request import PlanningRequest
from spinewise.planning.vocabulary import Equipment, Phase, State
from spinewise.programs import services as programs
from spinewise.programs.models import PainCheck, Program
from spinewise.training.models import Session
from spinewise.training.schema import RoutineJSON
from spinewise.training.services import fit_prescription, library_specs, routine_json

INVITATION_DAYS = 7
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
CODE_LENGTH = 10
# An item's amount by how it is dosed, within what a prescription may hold (training.schema).
MAX_AMOUNT = {"reps": 100, "hold": 900, "duration": 3600}
# What a client agrees to show, said the same way on the invitation page and in the README.
# (Marked for the catalogues; the pages show them through gettext in the reader's language.)
COACH_SEES = [
    gettext_noop("your sessions: when, which routine, how much you did"),
    gettext_noop("your pain before, during (worst) and after each session, and your morning check-ins"),
    gettext_noop("your home test results and how they changed since your baseline"),
    gettext_noop("the outcome of your safety check (not your answers), and whether a stop is in force"),
]
COACH_DOES_NOT_SEE = gettext_noop(
    "your answers to the safety questions, your notes, your profile, your account details"
)


class CoachingError(ValueError):
    """A coaching action that cannot be done, with the reason in plain words."""


# ---------------------------------------------------------------------- roles


def coach_profile(user: User) -> CoachProfile | None:
    if not user.is_authenticated:
        return None
    return CoachProfile.objects.filter(user=user, active=True).first()


def display_name(user: User, profile: CoachProfile | None = None) -> str:
    if profile is not None:
        return profile.display_name
    found = CoachProfile.objects.filter(user=user).values_list("display_name", flat=True).first()
    return found or user.get_full_name() or user.email or user.username


# ---------------------------------------------------------------------- invitations


def normalise_code(raw: str) -> str:
    """A code as typed: case, spaces and dashes do not matter; I and L read as 1, O as 0."""
    cleaned = raw.strip().upper().replace("-", "").replace(" ", "")
    return cleaned.translate(str.maketrans("ILO", "110"))


def _digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def create_invitation(
    coach: User | None, kind: str = Invitation.Kind.CLIENT, note: str = ""
) -> tuple[Invitation, str]:
    """A single-use code that lasts 7 days; the code itself is returned once and never stored."""
    if kind == Invitation.Kind.CLIENT and (coach is None or coach_profile(coach) is None):
        raise CoachingError(_("Only a coach can invite clients."))
    code = _new_code()
    now = timezone.now()
    invitation = Invitation.objects.create(
        kind=kind,
        coach=coach if kind == Invitation.Kind.CLIENT else None,
        digest=_digest(code),
        hint=normalise_code(code)[-4:],
        note=note,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    return invitation, code


def find_invitation(code: str) -> Invitation | None:
    cleaned = normalise_code(code)
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    return Invitation.objects.select_related("coach").filter(digest=_digest(cleaned)).first()


_STATE_WORDS = {
    "accepted": gettext_noop("This invitation was already used: each code works once."),
    "declined": gettext_noop("This invitation was declined."),
    "withdrawn": gettext_noop("The coach withdrew this invitation."),
    "expired": gettext_noop("This invitation has expired (codes last 7 days): ask for a new one."),
}


def _open_locked(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.state != "open":
        raise CoachingError(_(_STATE_WORDS[locked.state]))
    return locked


def accept(invitation: Invitation, user: User) -> Link | CoachProfile:
    """Use an invitation: a client's starts a link with its coach; the owner's makes a coach."""
    with transaction.atomic():
        locked = _open_locked(invitation)
        now = timezone.now()
        if locked.kind == Invitation.Kind.COACH:
            profile, _created = CoachProfile.objects.update_or_create(
                user=user, defaults={"active": True, "display_name": display_name(user)}
            )
            Invitation.objects.filter(pk=locked.pk).update(used_at=now, used_by=user)
            touch([locked.coach_id, user.pk], progress=False)  # the update sends no signal (accounts.stamps)
            return profile
        assert locked.coach is not None
        if locked.coach_id == user.pk:
            raise CoachingError(_("This is your own invitation: give it to your client."))
        if Link.objects.current().filter(coach=locked.coach, client=user).exists():
            raise CoachingError(_("This coach already follows your progress."))
        Invitation.objects.filter(pk=locked.pk).update(used_at=now, used_by=user)
        touch([locked.coach_id, user.pk], progress=False)
        try:
            with transaction.atomic():
                return Link.objects.create(coach=locked.coach, client=user, invitation=locked, started_at=now)
        except IntegrityError:
            raise CoachingError(_("This coach already follows your progress.")) from None


def decline(invitation: Invitation, user: User) -> None:
    with transaction.atomic():
        locked = _open_locked(invitation)
        Invitation.objects.filter(pk=locked.pk).update(declined_at=timezone.now(), used_by=user)
        touch([locked.coach_id, user.pk], progress=False)


def withdraw(invitation: Invitation) -> None:
    with transaction.atomic():
        locked = _open_locked(invitation)
        Invitation.objects.filter(pk=locked.pk).update(revoked_at=timezone.now())
        touch([locked.coach_id], progress=False)


# ---------------------------------------------------------------------- links


def end_link(link: Link, side: str) -> None:
    """End a link from either side; the coach sees nothing dated after now. Ending twice is a no-op."""
    Link.objects.filter(pk=link.pk, ended_at__isnull=True).update(ended_at=timezone.now(), ended_by=side)
    touch([link.coach_id, link.client_id], progress=False)  # the update sends no signal (accounts.stamps)
    link.refresh_from_db()


def coach_link(coach: User, link_id: int) -> Link | None:
    """One of this coach's links (current or ended); None for anybody else's."""
    return Link.objects.select_related("client", "coach").filter(pk=link_id, coach=coach).first()


def client_links(user: User) -> list[Link]:
    return list(Link.objects.filter(client=user).select_related("coach", "coach__coach_profile"))


# ---------------------------------------------------------------------- the client's limits


def today_state(client: User, now: datetime | None = None) -> State:
    """A flare-up day when the client's latest "pain now" of the last 24 hours is above 5/10."""
    since = (now or timezone.now()) - timedelta(hours=24)
    check = (
        PainCheck.objects.filter(user=client, kind=PainCheck.Kind.BEFORE, at__gte=since)
        .order_by("-at")
        .first()
    )
    session = (
        Session.objects.filter(user=client, started_at__gte=since, pain_before__isnull=False)
        .order_by("-started_at")
        .first()
    )
    readings = [(c.at, c.pain) for c in (check,) if c is not None]
    readings += [
        (s.started_at, s.pain_before) for s in (session,) if s is not None and s.pain_before is not None
    ]
    if readings and max(readings)[1] > ACCEPTABLE_PAIN:
        return State.FLARE_UP
    return State.FINE


def client_limits(client: User, state: State | None = None) -> Limits:
    """The client's own limits: their profile's avoided positions and equipment, and today's state."""
    stored = AccountProfile.objects.filter(user=client).first()
    chosen = (state or today_state(client)).value
    request = (
        stored.planning_request(state=chosen) if stored is not None else PlanningRequest.parse(state=chosen)
    )
    return request.profile()


def limits_seen_by_coach(link: Link) -> Limits:
    """The client's limits while the link holds; after it ended, none (the coach sees nothing new)."""
    if link.ended_at is not None:
        return PlanningRequest(equipment=tuple(Equipment)).profile()
    return client_limits(link.client)


# ---------------------------------------------------------------------- composing


@dataclass(frozen=True)
class Draft:
    """A composed routine: the items as stored, and the page's view of them."""

    stored: list[dict[str, object]]
    fixed: list[FixedItem]
    composed: Composed


def _dose(spec: ExerciseSpec, limits: Limits, item: ItemIn, index: int) -> Dose:
    dose = spec.dose(limits.level)
    if item.sets is not None:
        dose = Dose(
            item.sets, dose.reps, dose.hold_seconds, dose.duration_seconds, dose.per_side, dose.rest_seconds
        )
    if item.amount is not None:
        ceiling = MAX_AMOUNT[dose.kind]
        if item.amount > ceiling:
            words = {
                "reps": _("items.%(index)s.amount: at most %(ceiling)s reps"),
                "hold": _("items.%(index)s.amount: at most %(ceiling)s seconds for a hold"),
                "duration": _("items.%(index)s.amount: at most %(ceiling)s seconds for a duration"),
            }
            raise CoachingError(words[dose.kind] % {"index": index, "ceiling": ceiling})
        dose = dose.with_amount(item.amount)
    return dose


def _conflict(spec: ExerciseSpec, limit: Limit, limits: Limits) -> str:
    """Why an item conflicts with the client's limits, in the coach's words."""
    if limit is Limit.EQUIPMENT:
        missing = sorted(spec.equipment - limits.equipment)
        things = _(" and ").join(_(EQUIPMENT_WORDS[e]) for e in missing)
        return _("it needs %(things)s, which your client does not have") % {"things": things}
    if limit is Limit.POSITION:
        return _("it starts %(position)s, a position your client avoids") % {
            "position": _(POSITION_WORDS[spec.position])
        }
    if limit is Limit.FLARE_UP:
        return _("your client reports pain above 5/10 today (a flare-up day), and it is not gentle enough")
    assert limits.prefer is not None
    if OPPOSITE[limits.prefer].value == "flexion":
        return _("it mainly bends the back in flexion, the direction your client avoids")
    return _("it mainly bends the back in extension, the direction your client avoids")


def compose(items: Sequence[ItemIn], limits: Limits) -> Draft:
    """The coach's items checked and dosed: time and position changes as the planner counts them,
    a warning for each item that conflicts with the client's limits, and what playing it today
    would change. Raises CoachingError naming the item for an unknown exercise or a bad dose."""
    specs = library_specs()
    names = exercise_names(item.exercise for item in items)
    stored: list[dict[str, object]] = []
    fixed: list[FixedItem] = []
    rows: list[ComposedItem] = []
    warnings: list[str] = []
    for index, item in enumerate(items):
        spec = specs.get(item.exercise)
        if spec is None:
            raise CoachingError(
                _("items.%(index)s.exercise: no exercise '%(slug)s' in the library")
                % {"index": index, "slug": item.exercise}
            )
        phase = min(spec.phases, key=list(Phase).index)
        dose = _dose(spec, limits, item, index)
        limit = broken_limit(spec, limits)
        name = names.get(spec.slug, spec.name)
        mine = (
            [_("%(name)s: %(why)s.") % {"name": name, "why": _conflict(spec, limit, limits)}]
            if limit is not None
            else []
        )
        warnings += mine
        fixed.append(FixedItem(spec, phase, dose))
        stored.append({"exercise": spec.slug, "phase": phase.value, "dose": asdict(dose), "note": item.note})
        rows.append(
            ComposedItem(
                slug=spec.slug,
                name=name,
                phase=phase.value,
                position=spec.position.value,
                dose=dose_words(dose),
                seconds=dose.seconds(spec.seconds_per_rep),
                note=item.note,
                warnings=mine,
            )
        )
    planned = assemble([(f.exercise, f.phase, f.dose) for f in fixed if f.dose is not None])
    try:
        changes = list(adapt(fixed, specs, limits).notes)
    except NothingSafe as exc:
        changes = [str(exc)]
    composed = Composed(
        total_seconds=planned.total_seconds,
        position_changes=planned.position_changes,
        items=rows,
        warnings=warnings,
        client_changes=changes,
    )
    return Draft(stored, fixed, composed)


def items_in(assignment: Assignment) -> list[ItemIn]:
    """The stored items as the composer's input (to edit them)."""
    out = []
    for raw in assignment.items:
        dose = Dose(**raw["dose"])
        out.append(
            ItemIn(exercise=raw["exercise"], sets=dose.sets, amount=dose.amount, note=raw.get("note", ""))
        )
    return out


def composed_of(assignment: Assignment, limits: Limits) -> Composed | None:
    if assignment.kind != Assignment.Kind.ROUTINE:
        return None
    return compose(items_in(assignment), limits).composed


def _require_current(link: Link) -> None:
    if link.ended_at is not None:
        raise CoachingError(
            _("This client ended the link (or you did): you can no longer assign them anything.")
        )


def assign_routine(link: Link, data: RoutineIn, by: User) -> Assignment:
    _require_current(link)
    draft = compose(data.items, client_limits(link.client))
    with transaction.atomic():
        assignment = Assignment.objects.create(
            link=link,
            kind=Assignment.Kind.ROUTINE,
            name=data.name,
            notes=data.notes,
            per_week=data.per_week,
            items=draft.stored,
        )
        Change.objects.create(
            assignment=assignment,
            by=by,
            by_name=display_name(by),
            lines=[words.ASSIGNED % {"name": data.name}],  # in English: words.ChangeWords shows it
        )
    return assignment


def _item_words(raw: dict[str, object], names: dict[str, str]) -> str:
    slug = str(raw["exercise"])
    return f"{names.get(slug, slug)} ({dose_words(Dose(**raw['dose']))})"  # type: ignore[arg-type]


def diff_lines(
    before: Assignment, data: RoutineIn, stored: list[dict[str, object]], names: dict[str, str]
) -> list[str]:
    """Every difference between an assignment and its edit, in plain English words (the log's
    data; words.ChangeWords shows each line in the reader's language)."""
    lines: list[str] = []
    if before.name != data.name:
        lines.append(words.RENAMED % {"old": before.name, "new": data.name})
    if before.per_week != data.per_week:
        lines.append(words.HOW_OFTEN % {"old": before.per_week, "new": data.per_week})
    if before.notes != data.notes:
        lines.append(words.NOTES_CHANGED)
    old = before.items
    for index in range(max(len(old), len(stored))):
        o = old[index] if index < len(old) else None
        n = stored[index] if index < len(stored) else None
        if o is None and n is not None:
            lines.append(words.ADDED % {"item": _item_words(n, names)})
        elif n is None and o is not None:
            lines.append(words.REMOVED % {"item": _item_words(o, names)})
        elif o is not None and n is not None:
            oname = names.get(str(o["exercise"]), str(o["exercise"]))
            nname = names.get(str(n["exercise"]), str(n["exercise"]))
            odose = dose_words(Dose(**o["dose"]))
            ndose = dose_words(Dose(**n["dose"]))  # type: ignore[arg-type]
            if o["exercise"] != n["exercise"]:
                lines.append(
                    words.SWAPPED % {"old": oname, "old_dose": odose, "new": nname, "new_dose": ndose}
                )
            elif odose != ndose:
                lines.append(words.DOSE_CHANGED % {"name": nname, "old": odose, "new": ndose})
            if o["exercise"] == n["exercise"] and o.get("note", "") != n.get("note", ""):
                lines.append(words.NOTE_CHANGED % {"name": nname})
    return lines


def update_routine(assignment: Assignment, data: RoutineIn, by: User) -> Change | None:
    """Change a routine's doses, variants, notes or frequency; the client sees each change and who
    made it. No difference, no log entry."""
    _require_current(assignment.link)
    if assignment.kind != Assignment.Kind.ROUTINE:
        raise CoachingError(_("Only a composed routine can be edited; a program follows its own plan."))
    draft = compose(data.items, client_limits(assignment.link.client))
    specs = library_specs(include_retired=True)
    names = {slug: spec.name for slug, spec in specs.items()}
    with translation.override("en"):  # the doses' words, as the log keeps them
        lines = diff_lines(assignment, data, draft.stored, names)
    if not lines:
        return None
    with transaction.atomic():
        assignment.name, assignment.notes, assignment.per_week = data.name, data.notes, data.per_week
        assignment.items = draft.stored
        assignment.save()
        return Change.objects.create(assignment=assignment, by=by, by_name=display_name(by), lines=lines)


def assign_program(link: Link, data: ProgramIn, by: User) -> Assignment:
    """Enrol the client in a built-in program (programs' own rules: days, start date, one at a time)."""
    _require_current(link)
    program = Program.objects.active().filter(slug=data.program).first()
    if program is None:
        raise CoachingError(_("program: no program '%(slug)s'") % {"slug": data.program})
    if any(d < 0 or d > 6 for d in data.weekdays):
        raise CoachingError(_("weekdays: each is 0 (Monday) to 6 (Sunday)"))
    with transaction.atomic():
        try:
            enrolment = programs.enrol(link.client, program, data.start, data.weekdays)
        except programs.SwitchNeeded as exc:
            current = localized(exc.current.program, translation.get_language())
            raise CoachingError(
                _("Your client follows %(program)s: only they can end it to start another.")
                % {"program": current.name}
            ) from None
        except programs.EnrolError as exc:
            raise CoachingError(str(exc)) from None
        assignment = Assignment.objects.create(
            link=link,
            kind=Assignment.Kind.PROGRAM,
            name=program.name,
            per_week=program.workouts_per_week,
            program=program,
            enrolment=enrolment,
        )
        Change.objects.create(
            assignment=assignment,
            by=by,
            by_name=display_name(by),
            lines=[words.STARTED % {"program": program.name, "day": data.start.strftime("%A %-d %B")}],
        )
    return assignment


# ---------------------------------------------------------------------- the client's side


def assigned_to(client: User) -> list[Assignment]:
    """What the client's current coaches assigned them, newest first, with the log of changes."""
    return list(
        Assignment.objects.filter(link__client=client, link__ended_at__isnull=True)
        .select_related("link__coach", "program")
        .prefetch_related("changes")
    )


def client_assignment(client: User, pk: int) -> Assignment | None:
    return (
        Assignment.objects.filter(pk=pk, link__client=client, link__ended_at__isnull=True)
        .select_related("link__coach", "program")
        .first()
    )


def prescription_for(assignment: Assignment, limits: Limits) -> RoutineJSON:
    """The routine as the client plays it today: the coach's items, then the client's own limits
    (avoided positions, equipment, a flare-up day) through the same adaptation every routine gets.
    Raises NothingSafe."""
    specs = library_specs(include_retired=True)
    rows = [(specs[str(r["exercise"])], Phase(str(r["phase"])), Dose(**r["dose"])) for r in assignment.items]
    return fit_prescription(routine_json(assemble(rows)), limits)


def link_session(assignment: Assignment, session: Session) -> None:
    AssignedSession.objects.get_or_create(session=session, defaults={"assignment": assignment})


def visible_until(link: Link) -> Q:
    """A filter on a session's start: nothing after the link ended."""
    return Q() if link.ended_at is None else Q(started_at__lte=link.ended_at)
