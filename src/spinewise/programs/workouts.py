"""A program workout made for the person today through the pain rule, and the session it records.

The pain-monitoring rule (planning.progression) reads the last sessions and the "pain now"
checks; a pause verdict pauses the program. Each write runs in one transaction.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spinewise.accounts.services import profile_for
from spinewise.library import cache as content_cache
from spinewise.library.i18n import localized
from spinewise.planning.adapt import FixedItem, adapt
from spinewise.planning.model import Profile
from spinewise.planning.model import Routine as PlannedRoutine
from spinewise.planning.planner import assemble
from spinewise.planning.progression import (
    ACCEPTABLE_PAIN,
    Decision,
    DirectionalPattern,
    LastSession,
    Swap,
    Verdict,
    directional_preference,
    dose_week,
    judge,
)
from spinewise.planning.vocabulary import Level, State
from spinewise.programs.access import lifetime, workout_open
from spinewise.programs.build import build_workout, place
from spinewise.programs.dates import weekday_day_month
from spinewise.programs.loader import routine_items
from spinewise.programs.models import Enrolment, PainCheck, Pause, ProgramSession
from spinewise.programs.services import Plan, pause, zone_of
from spinewise.training.jsonrows import JSONRows
from spinewise.training.models import Session, SessionItem
from spinewise.training.schema import RoutineJSON, SessionIn
from spinewise.training.services import library_specs, record_session, routine_json

# A "pain now" older than this is asked again: the back may have changed since.
PAIN_NOW_FRESH = timedelta(hours=6)


def _item_rows() -> Subquery:
    """A session's items as JSON rows, read with the session (one query for sessions and items)."""
    return Subquery(
        SessionItem.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(
            rows=JSONRows(
                JSONObject(
                    index="index",
                    slug="exercise_slug",
                    performed="performed_slug",
                    mark="mark",
                    seconds="seconds",
                )
            )
        )
        .values("rows")
    )


def _items_of(session: Session) -> list[dict[str, Any]]:
    """The session's items in their order, as read by `_last_sessions`."""
    rows = getattr(session, "item_rows", None)
    if rows is None:
        return []
    return sorted(rows, key=lambda row: int(row["index"]))


def _last_sessions(user: User, limit: int = 3) -> list[Session]:
    """The person's latest sessions that got going (any routine), newest first, with their items."""
    rows = (
        Session.objects.filter(user=user)
        .order_by("-started_at", "-pk")
        .select_related("program_link")
        .annotate(item_rows=_item_rows())[: limit * 4]
    )
    # A session opened and left before any exercise ran says nothing about the back.
    started: list[Session] = [
        s for s in rows if s.status == Session.Status.COMPLETE or any(i["seconds"] for i in _items_of(s))
    ]
    return started[:limit]


def session_label(session: Session, file: Any = None, zone: zoneinfo.ZoneInfo | None = None) -> str:
    """The session as a reason names it: "your workout 7 (Gentle start) on Tuesday 24 November"."""
    day = session.started_at.astimezone(zone) if zone is not None else session.started_at
    when = weekday_day_month(day)
    link = getattr(session, "program_link", None)
    if link is not None:
        if file is not None and 1 <= link.number <= file.total_workouts:
            return _("your workout %(number)s (%(name)s) on %(day)s") % {
                "number": link.number,
                "name": place(file, link.number).workout.name,
                "day": when,
            }
        return _("your workout %(number)s on %(day)s") % {"number": link.number, "day": when}
    return _("your session “%(name)s” on %(day)s") % {"name": session.routine_name, "day": when}


def _as_last(session: Session, label: str = "the last workout") -> LastSession:
    items = _items_of(session)
    return LastSession(
        pain_before=session.pain_before,
        worst_pain_during=session.worst_pain_during,
        pain_after=session.pain_after,
        hurts=tuple(i["performed"] or i["slug"] for i in items if i["mark"] == SessionItem.Mark.HURTS),
        helps=tuple(i["performed"] or i["slug"] for i in items if i["mark"] == SessionItem.Mark.HELPS),
        label=label,
    )


@dataclass(frozen=True)
class Readings:
    """What the rule reads: the last sessions, and the "pain now" checks given since the last one."""

    recent: list[Session]
    pain_now: PainCheck | None
    morning: PainCheck | None
    label: str = "the last workout"  # how the reasons name the last session
    compared: Session | None = None  # the session the rule compares with (since the program began)

    @property
    def last(self) -> Session | None:
        return self.compared


def _program_began(enrolment: Enrolment) -> datetime:
    """When a program began, for the rule: its start day's midnight (UTC), or its enrolment if earlier."""
    start = datetime.combine(enrolment.start_date, time.min, tzinfo=UTC)
    return min(start, enrolment.created_at) if enrolment.created_at else start


def readings(user: User, enrolment: Enrolment) -> Readings:
    """What the rule reads for the person's program (`enrolment`: the plan's, already read).

    The last session of any routine counts (a quick session yesterday that hurt matters to today's
    workout), but only one since the program began: an unrelated session from before it says nothing
    about the program, so its first workout starts as planned.
    """
    began = _program_began(enrolment)
    recent = _last_sessions(user)
    # Newest first: the latest session is the one compared, unless it came before the program began.
    compared = recent[0] if recent and (began is None or recent[0].started_at >= began) else None
    label = _("the last workout")
    if compared is not None:
        file = localized(enrolment.program, translation.get_language()).file
        label = session_label(compared, file, zone_of(user))
    since = recent[0].started_at if recent else None
    checks = PainCheck.objects.filter(user=user)
    if since is not None:
        checks = checks.filter(at__gt=since)
    rows = list(checks.order_by("-at")[:50])
    fresh_from = timezone.now() - PAIN_NOW_FRESH
    now = next((c for c in rows if c.kind == PainCheck.Kind.BEFORE and c.at >= fresh_from), None)
    mornings = [c for c in rows if c.kind == PainCheck.Kind.MORNING]
    return Readings(recent, now, mornings[-1] if mornings else None, label, compared)


def verdict_for(read: Readings, *, red_flag: bool = False) -> Verdict:
    return judge(
        _as_last(read.last, read.label) if read.last else None,
        read.pain_now.pain if read.pain_now else None,
        morning_pain=read.morning.pain if read.morning else None,
        red_flag=red_flag,
    )


@dataclass(frozen=True)
class Prepared:
    """A program workout made for the person today, and every reason it differs from the template."""

    number: int
    week: int
    dose_week: int
    verdict: Verdict
    prescription: RoutineJSON
    routine: PlannedRoutine
    level: Level
    swaps: tuple[Swap, ...]
    notes: tuple[str, ...]
    pattern: DirectionalPattern | None
    pain_now: int | None
    limits: Profile  # the person's limits today, as the workout honours them (and the player's variants)

    @property
    def reasons(self) -> list[str]:
        out = list(self.verdict.reasons)
        if self.dose_week < self.week:
            out.append(
                _(
                    "Doses are at week %(dose_week)s's level rather than week %(week)s's: the program"
                    " catches up one week at a time once your pain settles."
                )
                % {"dose_week": self.dose_week, "week": self.week}
            )
        if self.pattern is not None:
            out.append(self.pattern.explain)
        out.extend(s.why for s in self.swaps)
        out.extend(self.notes)
        return out


def record_pain_now(
    user: User, pain: int, kind: str = PainCheck.Kind.BEFORE, client_id: UUID | None = None
) -> PainCheck:
    """Record a check-in; the same form sent twice (same `client_id`) answers the one already kept."""
    if not 0 <= pain <= 10:
        raise ValueError(_("Pain is a whole number from 0 (none) to 10 (the worst imaginable)."))
    if client_id is not None:
        check, _created = PainCheck.objects.get_or_create(
            user=user, client_id=client_id, defaults={"kind": kind, "pain": pain, "at": timezone.now()}
        )
        return check
    return PainCheck.objects.create(user=user, kind=kind, pain=pain, at=timezone.now())


def apply_rule(user: User, plan: Plan) -> Verdict:
    """Judge the next workout now; a pause verdict pauses the program. Also records a clear directional preference."""
    read = readings(user, plan.enrolment)
    verdict = verdict_for(read)
    if verdict.decision == Decision.PAUSE:
        pause(plan.enrolment, plan.today, Pause.Reason.PAIN, " ".join(verdict.reasons))
    pattern = directional_preference([_as_last(s) for s in read.recent], library_specs())
    profile = profile_for(user)
    if pattern is not None and profile.prefer != pattern.prefer.value:
        profile.prefer = pattern.prefer.value
        profile.save(update_fields=["prefer"])
    return verdict


def prepare(user: User, plan: Plan, number: int, read: Readings | None = None) -> Prepared:
    """Workout `number` for this person now: the week's doses, held or eased as the pain rule says.

    `read` is what the page already read with `readings(user, plan.enrolment)`, so it is not read twice.
    Raises `planning.adapt.NothingSafe` when nothing of it is safe for the person today.
    """
    program = plan.program
    file = program.file
    read = read if read is not None else readings(user, plan.enrolment)
    verdict = verdict_for(read)
    if hasattr(plan.enrolment, "last_dose_week"):  # read with the enrolment (current_enrolment)
        last_week = plan.enrolment.last_dose_week
    else:
        last_link = (
            ProgramSession.objects.filter(enrolment=plan.enrolment)
            .order_by("-session__started_at", "-pk")
            .first()
        )
        last_week = last_link.dose_week if last_link else None
    where = place(file, number)
    week = dose_week(where.week, last_week, verdict.decision)
    profile = profile_for(user)
    planner_profile = profile.planner_profile()
    level = planner_profile.level if planner_profile.level in file.levels else file.levels[0]
    version = content_cache.content_version()
    library = library_specs(include_retired=False, version=version)
    pattern = directional_preference([_as_last(s) for s in read.recent], library)
    hurts = _as_last(read.last).hurts if (read.last and verdict.decision == Decision.HOLD) else ()
    built = build_workout(
        file,
        number,
        level=level,
        dose_week=week,
        profile=planner_profile,
        library=library,
        routines=content_cache.derived("program-routine-items", routine_items, version),
        seed=plan.enrolment.pk * 100 + number,
        hurts=hurts,
        hurts_when=_("in %(session)s") % {"session": read.label},
    )
    # The pain rule's decisions stand; then the person's limits today, as every fixed routine honours
    # them: a "pain now" above the limit makes a flare-up day (gentle moves, the lowest doses), as in
    # the terminal. The direction to avoid is left to the pain rule's easing above.
    pain_now = read.pain_now.pain if read.pain_now else None
    flare = pain_now is not None and pain_now > ACCEPTABLE_PAIN
    limits = replace(planner_profile, level=level, state=State.FLARE_UP if flare else planner_profile.state)
    adapted = adapt(
        [FixedItem(i.exercise, i.phase, i.dose) for i in built.routine.items],
        library,
        replace(limits, prefer=None),
    )
    routine = assemble(adapted.items, relaxed=built.routine.relaxed) if adapted.notes else built.routine
    return Prepared(
        number=number,
        week=where.week,
        dose_week=week,
        verdict=verdict,
        prescription=routine_json(routine),
        routine=routine,
        level=Level.BEGINNER if flare else level,
        swaps=built.swaps,
        notes=(*built.notes, *adapted.notes),
        pattern=pattern if pattern is not None and planner_profile.prefer == pattern.prefer else None,
        pain_now=pain_now,
        limits=limits,
    )


def start_workout(
    user: User,
    plan: Plan,
    number: int,
    data: SessionIn,
    expected: dict[str, Any],
    client_id: UUID | None = None,
) -> Session:
    """Record a program workout's session as the player starts it, linked to its place in the program.

    `data` carries the prescription the server prepared and `expected` the pain rule's decision
    for it (both from the page's signed token), never what a client made up.
    """
    with transaction.atomic():
        session = record_session(data, user=user, client_id=client_id)
        ProgramSession.objects.create(
            session=session,
            enrolment=plan.enrolment,
            number=number,
            dose_week=int(expected["dose_week"]),
            decision=str(expected["decision"]),
            reasons=[str(r) for r in expected.get("reasons", [])],
        )
    return session


def saving_refusal(session: Session) -> str | None:
    """Why a report of a program workout's session may not be saved (access withdrawn), or None."""
    link = ProgramSession.objects.filter(session=session).select_related("enrolment__program").first()
    if link is None:
        return None
    program = link.enrolment.program
    if workout_open(program, link.number, lifetime(link.enrolment.user_id, program)):
        return None
    return _("Workout %(number)s of %(name)s needs lifetime access, so it cannot be saved.") % {
        "number": link.number,
        "name": localized(program, translation.get_language()).name,
    }
