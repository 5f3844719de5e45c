"""The `spinewise` command: the library, routines and a guided player in the terminal."""

from __future__ import annotations

import difflib
import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from spinewise.planning.vocabulary import (
    POSITION_GROUPS,
    Category,
    Equipment,
    Focus,
    Level,
    Position,
    Preference,
    State,
    Target,
)

if TYPE_CHECKING:
    from spinewise.assessments.models import Screening

app = typer.Typer(
    help="spinewise: a lower-back mobility coach. Exercise guidance, not a diagnosis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    # Messages quote what was typed and content text ("[warm-up]"): never read them as Rich markup.
    err.print(f"[bold red]Error:[/] {escape(message)}")
    raise typer.Exit(code)


def _closest(value: str, valid: list[str]) -> str:
    near = difflib.get_close_matches(value, valid, n=3, cutoff=0.5)
    if near:
        return f"did you mean {' or '.join(near)}?"
    return f"valid values: {', '.join(valid)}"


def split_values(raw: str | None, valid: list[str], option: str) -> list[str]:
    """Comma-separated values, each checked; exits 2 naming the closest valid ones."""
    if raw is None or raw.strip() == "":
        return []
    values = [v.strip() for v in raw.split(",") if v.strip()]
    for value in values:
        if value not in valid:
            fail(f"unknown {option} '{value}': {_closest(value, valid)}")
    return values


def one_value(raw: str, enum: type[StrEnum], option: str) -> str:
    valid = [m.value for m in enum]
    if raw not in valid:
        fail(f"unknown {option} '{raw}': {_closest(raw, valid)}")
    return raw


def prepare() -> None:
    from spinewise.bootstrap import prepare as bootstrap
    from spinewise.library.content import ContentError

    try:
        bootstrap()
    except ContentError as exc:
        fail("the content folder has errors, nothing was loaded:\n" + "\n".join(exc.problems), code=1)


def print_json(data: object) -> None:
    # Plain print: Rich would wrap long lines and break the JSON.
    print(json.dumps(data, indent=2, ensure_ascii=False))


# ---------------------------------------------------------------- library


@app.command()
def exercises(
    search: Annotated[str | None, typer.Option(help="Words from a name or alias.")] = None,
    category: Annotated[str | None, typer.Option(help="One or more, comma-separated.")] = None,
    position: Annotated[str | None, typer.Option(help="One or more start positions.")] = None,
    equipment: Annotated[str | None, typer.Option(help="'none' or equipment names, comma-separated.")] = None,
    target: Annotated[str | None, typer.Option(help="One or more targets.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the exercises, filtered (AND across options, OR within one)."""
    categories = split_values(category, [c.value for c in Category], "category")
    positions = split_values(position, [p.value for p in Position], "position")
    equipment_values = split_values(equipment, ["none", *(e.value for e in Equipment)], "equipment")
    targets = split_values(target, [t.value for t in Target], "target")
    prepare()
    from spinewise.library.models import Exercise

    qs = (
        Exercise.objects.active()
        .with_tags()
        .with_variants()
        .search(search or "")
        .filtered(categories=categories, positions=positions, equipment=equipment_values, targets=targets)
    )
    rows = list(qs)
    if as_json:
        print_json([ex.to_json().model_dump(mode="json") for ex in rows])
        return
    table = Table(title=f"{len(rows)} exercise{'s' if len(rows) != 1 else ''}")
    for column in ("slug", "name", "category", "position", "equipment", "level"):
        table.add_column(column)
    for ex in rows:
        table.add_row(
            ex.slug,
            ex.name,
            ex.category,
            ex.position,
            ", ".join(ex.equipment_slugs()) or "-",
            str(ex.difficulty),
        )
    out.print(table)


@app.command()
def exercise(
    slug: Annotated[str, typer.Argument(help="The exercise's slug, e.g. cat-cow.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one exercise: steps, breathing, doses, cautions and variants."""
    prepare()
    from spinewise.library.models import Exercise

    ex = Exercise.objects.with_tags().with_variants().filter(slug=slug).first()
    if ex is None:
        fail(
            f"no exercise '{slug}': {_closest(slug, list(Exercise.objects.active().values_list('slug', flat=True)))}"
        )
    if as_json:
        print_json(ex.to_json().model_dump(mode="json"))
        return
    out.print(f"[bold]{ex.name}[/]" + (f"  (also {', '.join(ex.aliases)})" if ex.aliases else ""))
    if ex.retired:
        out.print("[yellow]Retired: no longer used in new routines.[/]")
    out.print(ex.summary)
    out.print(
        f"{ex.category} · starts {ex.position} · equipment: {', '.join(ex.equipment_slugs()) or 'none'}"
        f" · difficulty {ex.difficulty}/3"
    )
    out.print("\n[bold]Before you start[/]")
    for line in ex.cautions:
        out.print(f"  ! {line}")
    for line in ex.skip_if:
        out.print(f"  Skip if: {line}")
    out.print("\n[bold]Steps[/]")
    for n, (step, cues) in enumerate(ex.steps_with_breathing(), start=1):
        out.print(f"  {n}. {step}")
        for cue in cues:
            out.print(f"     [italic]{cue}[/]")
    out.print(f"\n[bold]You should feel:[/] {ex.feel}")
    out.print("\n[bold]Dose[/]")
    for level, dose in ex.level_doses():
        out.print(f"  {level:<13}{dose.describe()}")
    easier = [v.slug for v in ex.easier.all()]
    harder = [v.slug for v in ex.harder.all()]
    if easier or harder:
        out.print(f"\nEasier: {', '.join(easier) or '-'}   Harder: {', '.join(harder) or '-'}")


# ---------------------------------------------------------------- routines


def build_profile(
    level: str, equipment: str, avoid: str | None, state: str, focus: str, prefer: str | None
) -> object:
    from spinewise.planning.model import Profile
    from spinewise.planning.vocabulary import expand_avoided

    one_value(level, Level, "level")
    one_value(state, State, "state")
    one_value(focus, Focus, "focus")
    if prefer is not None and prefer not in ("none", ""):
        one_value(prefer, Preference, "preference")
    gear = split_values(equipment, ["none", *(e.value for e in Equipment)], "equipment")
    if "none" in gear and len(gear) > 1:
        fail("--equipment none cannot be combined with equipment names")
    avoided = split_values(avoid, [*POSITION_GROUPS, *(p.value for p in Position)], "position to avoid")
    positions = expand_avoided(avoided)
    if len(positions) == len(Position):
        fail("every start position is avoided, so no exercise is possible; avoid fewer positions")
    return Profile(
        level=Level(level),
        equipment=frozenset(Equipment(g) for g in gear if g != "none"),
        avoid=positions,
        state=State(state),
        focus=Focus(focus),
        prefer=Preference(prefer) if prefer and prefer != "none" else None,
    )


def check_minutes(minutes: int) -> None:
    from spinewise.planning.planner import MAX_MINUTES, MIN_MINUTES

    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        fail(f"--minutes must be between {MIN_MINUTES} and {MAX_MINUTES} (got {minutes})")


def resolve_routine(
    name: str | None, minutes: int, profile: object, seed: int | None
) -> tuple[str, str | None, object]:
    """(display name, built-in slug or None, planned routine) for the routine and play commands."""
    from spinewise.planning.model import Profile
    from spinewise.planning.planner import Unplannable

    assert isinstance(profile, Profile)
    prepare()
    from spinewise.training.models import Routine
    from spinewise.training.services import build_routine, builtin_routine, today_seed

    if name is not None:
        row = Routine.objects.active().filter(slug=name).first()
        if row is None:
            valid = list(Routine.objects.active().values_list("slug", flat=True))
            fail(f"no routine '{name}': {_closest(name, valid)}")
        return row.name, row.slug, builtin_routine(row, profile.level)
    try:
        planned = build_routine(profile, minutes, seed if seed is not None else today_seed())
    except Unplannable as exc:
        fail(str(exc))
    return f"{minutes}-minute routine", None, planned


def _fmt(seconds: int) -> str:
    m, s = divmod(seconds, 60)
    return f"{m}:{s:02d}"


def print_routine(title: str, planned: object) -> None:
    from spinewise.planning.model import Routine as Planned

    assert isinstance(planned, Planned)
    table = Table(title=title)
    for column in ("#", "exercise", "phase", "position", "dose", "time"):
        table.add_column(column, justify="right" if column in ("#", "time") else "left")
    for n, item in enumerate(planned.items, start=1):
        table.add_row(
            str(n),
            item.exercise.name,
            item.phase.value,
            item.exercise.position.value,
            item.dose.describe(),
            _fmt(item.seconds),
        )
    out.print(table)
    out.print(
        f"Total about {_fmt(planned.total_seconds)} (including {planned.transition_seconds} s to change position)"
        f" · {planned.position_changes} position change{'s' if planned.position_changes != 1 else ''}"
    )
    for sentence in planned.relaxed:
        out.print(f"[yellow]Note:[/] {sentence}")


MinutesOpt = Annotated[int, typer.Option(help="Minutes available, 5 to 30.")]
LevelOpt = Annotated[str, typer.Option(help="beginner, intermediate or advanced.")]
EquipmentOpt = Annotated[
    str, typer.Option(help="'none', or what you have: foam-roller,chair,towel,strap,band,bench.")
]
AvoidOpt = Annotated[str | None, typer.Option(help="Positions to avoid, e.g. kneeling,floor,prone.")]
StateOpt = Annotated[str, typer.Option(help="How your back is today: fine, stiff or flare-up.")]
FocusOpt = Annotated[str, typer.Option(help="balanced, relief, mobility or strength.")]
PreferOpt = Annotated[
    str | None, typer.Option(help="A direction that eases your pain: flexion or extension.")
]
SeedOpt = Annotated[
    int | None, typer.Option(help="Another seed gives another routine (default: today's date).")
]
NameOpt = Annotated[
    str | None, typer.Option("--name", help="A built-in routine instead, e.g. morning-release.")
]


@app.command()
def routine(
    minutes: MinutesOpt = 9,
    level: LevelOpt = "beginner",
    equipment: EquipmentOpt = "none",
    avoid: AvoidOpt = None,
    state: StateOpt = "fine",
    focus: FocusOpt = "balanced",
    prefer: PreferOpt = None,
    seed: SeedOpt = None,
    name: NameOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Build a routine for the time you have (or show a built-in one with --name)."""
    check_minutes(minutes)
    profile = build_profile(level, equipment, avoid, state, focus, prefer)
    title, _slug, planned = resolve_routine(name, minutes, profile, seed)
    from spinewise.training.services import routine_json

    if as_json:
        print_json(routine_json(planned).model_dump(mode="json"))  # type: ignore[arg-type]
        return
    print_routine(title, planned)


@app.command()
def routines() -> None:
    """List the built-in routines with their estimated time."""
    prepare()
    from spinewise.training.services import builtin_routines

    table = Table(title="Built-in routines")
    for column in ("slug", "name", "exercises", "time"):
        table.add_column(column, no_wrap=column == "slug")
    for b in builtin_routines():
        table.add_row(
            b.routine.slug, b.routine.name, str(len(b.planned.items)), _fmt(b.planned.total_seconds)
        )
    out.print(table)


# ---------------------------------------------------------------- playing


def ask(prompt: str) -> str:
    # The safety check and the pain question cannot be skipped by closing stdin.
    try:
        return input(prompt)
    except EOFError:
        fail("no answer was given, so nothing was played", code=3)


def ask_yes(prompt: str) -> bool:
    while True:
        answer = ask(f"{prompt} [y/n] ").strip().lower()
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")
        out.print("Please type y or n.")


def ask_screening() -> set[str]:
    """The questions, group by group: the numbers that apply, then the follow-ups they open."""
    from spinewise.assessments.screening import GROUPS, QUESTIONS, asked, questions_in

    out.print("[bold]Before you start: a quick safety check[/]")
    out.print(
        "Exercise is good for most back pain, but a few symptoms need a clinician first. Do any of these apply?"
    )
    leads = [q for q in QUESTIONS if not q.follows]
    for group in GROUPS:
        shown = [q for q in questions_in(group) if not q.follows]
        if shown:  # a group of follow-ups only is asked one by one below
            out.print(f"\n[bold]{group}[/]")
        for q in shown:
            out.print(f"  {leads.index(q) + 1}. {escape(q.text)}")
    while True:
        raw = ask("\nType the numbers that apply (for example: 2 5), or press Enter if none do: ")
        parts = raw.replace(",", " ").split()
        if all(p.isdigit() and 1 <= int(p) <= len(leads) for p in parts):
            break
        out.print(f"Please type numbers from 1 to {len(leads)}, separated by spaces.")
    yes = {leads[int(p) - 1].key for p in parts}
    for q in QUESTIONS:
        if q.follows and asked(q, yes) and ask_yes(q.text):
            yes.add(q.key)
    return yes


def stop_in_force() -> Screening | None:
    """This computer's uncleared stop: the most urgent, and of those the earliest. Several can be
    uncleared when new answers came while an earlier stop held."""
    from spinewise.assessments.models import Screening
    from spinewise.assessments.screening import Urgency, stops

    stopping = [int(u) for u in Urgency if stops(u)]
    return (
        Screening.objects.filter(user__isnull=True, urgency__in=stopping, cleared_at__isnull=True)
        .order_by("-urgency", "created_at")
        .first()
    )


def offer_clearance(stop: Screening) -> bool:
    """Show the stop in force; True when the person records a valid clinician visit since."""
    from datetime import date

    from django.utils import timezone

    from spinewise.assessments.models import Screening
    from spinewise.assessments.screening import ADVICE, ClearanceError, Urgency, check_clearance, stops

    stopped_on = timezone.localdate(stop.created_at)
    advice = ADVICE[Urgency(stop.urgency)]
    out.print(f"[bold red]Your safety check of {stopped_on:%Y-%m-%d} said: {advice.headline}[/]")
    out.print(advice.action)
    if not ask_yes("Has a doctor or physiotherapist seen you since then and said you may exercise?"):
        return False
    today = timezone.localdate()
    raw = ask("On what date did they see you? (YYYY-MM-DD, Enter for today) ").strip()
    try:
        visit = date.fromisoformat(raw) if raw else today
        check_clearance(stopped_on, visit, today)
    except ClearanceError as exc:
        out.print(f"[bold red]Not cleared:[/] {escape(str(exc))}.")
        return False
    except ValueError:
        out.print(f"[bold red]Not cleared:[/] '{escape(raw)}' is not a date like {today:%Y-%m-%d}.")
        return False
    # The model keeps when the clearance was recorded, not the visit date (that comes with the
    # web's clearance page); every stop given up to the visit is lifted by it.
    stopping = [int(u) for u in Urgency if stops(u)]
    Screening.objects.filter(
        user__isnull=True, urgency__in=stopping, cleared_at__isnull=True, created_at__date__lte=visit
    ).update(cleared_at=timezone.now())
    remaining = stop_in_force()
    if remaining is not None:
        return offer_clearance(remaining)
    out.print("[bold green]Recorded: a clinician has seen you. You may exercise.[/]")
    return True


def screen_in_terminal(force: bool) -> bool:
    """The safety check; True when the person may exercise. Asked before the first session, again
    with --check, and a stop holds until a clinician visit is recorded (answering again never lifts it)."""
    from django.utils import timezone

    from spinewise.assessments.models import Screening
    from spinewise.assessments.screening import ADVICE, QUESTIONS, Urgency, outcome, urgency_in_force

    stop = stop_in_force()
    if not force:
        if stop is not None:
            return offer_clearance(stop)
        if Screening.objects.filter(user__isnull=True).exists():
            return True
    yes = ask_screening()
    answered = outcome(yes)
    standing = urgency_in_force(
        Urgency(stop.urgency) if stop else None,
        timezone.localdate(stop.created_at) if stop else None,
        answered.urgency,
        timezone.localdate(),
    )
    Screening.objects.create(
        source="cli", answers={q.key: q.key in yes for q in QUESTIONS}, urgency=int(answered.urgency)
    )
    if standing.held and stop is not None:
        out.print(f"Your answers today: {answered.headline}")
        out.print("[bold]They do not lift the earlier stop, which holds until a clinician has seen you.[/]")
        return offer_clearance(stop)
    advice = ADVICE[standing.urgency]
    style = "bold red" if not advice.may_exercise else "bold green"
    out.print(f"[{style}]{advice.headline}[/]")
    out.print(advice.action)
    return advice.may_exercise


def ask_pain() -> int:
    while True:
        answer = ask("How much does your back hurt right now (0-10): ").strip()
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        out.print("Please type a whole number from 0 to 10.")


def day_for_pain(pain: int, state: str, keep_state: bool) -> str:
    """The pain rule before a session: above 5/10 the day becomes a flare-up day (unless kept);
    8/10 or more stops (exit 3)."""
    from spinewise.planning.progression import ACCEPTABLE_PAIN, STOP_PAIN

    if pain >= STOP_PAIN:
        out.print(f"[bold red]Your pain now is {pain}/10: do not exercise today.[/]")
        out.print(
            f"Pain of {STOP_PAIN}/10 or more is more than exercise should cause. Rest in a position that eases it."
            " If it does not settle within a day or two, or anything new appears (numbness, weakness, trouble"
            " passing urine), take the safety check again (spinewise play --check) and see a clinician."
        )
        raise typer.Exit(3)
    if pain <= ACCEPTABLE_PAIN or state == State.FLARE_UP.value:
        return state
    if keep_state:
        out.print(
            f"[yellow]Your pain now is {pain}/10, above the {ACCEPTABLE_PAIN}/10 limit; keeping --state {state}"
            " as you asked (--keep-state). Ease off or skip anything that hurts.[/]"
        )
        return state
    out.print(
        f"[yellow]Your pain now is {pain}/10, above the {ACCEPTABLE_PAIN}/10 limit, so today is a flare-up day:"
        f" only moves that suit a flare-up, at their gentlest dose. To keep --state {state}, add --keep-state.[/]"
    )
    return State.FLARE_UP.value


@app.command()
def play(
    minutes: MinutesOpt = 9,
    level: LevelOpt = "beginner",
    equipment: EquipmentOpt = "none",
    avoid: AvoidOpt = None,
    state: StateOpt = "fine",
    focus: FocusOpt = "balanced",
    prefer: PreferOpt = None,
    seed: SeedOpt = None,
    name: NameOpt = None,
    speed: Annotated[
        float, typer.Option(help="Run the clock N times faster (demos and tests).", min=0.1, max=1000)
    ] = 1.0,
    check: Annotated[
        bool, typer.Option("--check", help="I have new symptoms: take the safety check again.")
    ] = False,
    pain: Annotated[
        int | None,
        typer.Option("--pain", min=0, max=10, help="Your pain now, 0-10, instead of being asked."),
    ] = None,
    keep_state: Annotated[
        bool,
        typer.Option(
            "--keep-state",
            help="Keep --state even when pain now is above 5/10 (it would make the day a flare-up day).",
        ),
    ] = False,
) -> None:
    """Play a routine in the terminal, then save the session.

    First the safety check (once, or again with --check; a stop holds until you record that a
    clinician has seen you), then "pain now": above 5/10 the day becomes a flare-up day, 8/10 or
    more stops. Exit status 3 when it stops for safety.
    """
    check_minutes(minutes)
    build_profile(level, equipment, avoid, state, focus, prefer)  # refuse bad options before any question
    prepare()
    if not screen_in_terminal(check):
        raise typer.Exit(3)
    pain_before = pain if pain is not None else ask_pain()
    state = day_for_pain(pain_before, state, keep_state)
    profile = build_profile(level, equipment, avoid, state, focus, prefer)
    title, slug, planned = resolve_routine(name, minutes, profile, seed)
    from spinewise.library.models import Exercise
    from spinewise.planning.vocabulary import Level as LevelEnum
    from spinewise.training.schema import RoutineItemJSON
    from spinewise.training.services import item_json, record_session, routine_json
    from spinewise.training.terminal import ExerciseInfo, TerminalPlayer

    prescription = routine_json(planned)  # type: ignore[arg-type]
    wanted = {i.slug for i in prescription.items}
    rows = {e.slug: e for e in Exercise.objects.filter(slug__in=wanted).with_variants()}
    variant_slugs = {v.slug for e in rows.values() for v in (*e.easier.all(), *e.harder.all())}
    rows.update(
        {
            e.slug: e
            for e in Exercise.objects.active()
            .filter(slug__in=variant_slugs - set(rows))
            .with_tags()
            .with_variants()
        }
    )
    infos = {
        e.slug: ExerciseInfo(
            slug=e.slug,
            name=e.name,
            position=e.position,
            steps=list(e.steps),
            breathing=[f"{c['cue']}" for c in e.breathing],
            cautions=list(e.cautions),
            skip_if=list(e.skip_if),
            seconds_per_rep=e.seconds_per_rep,
            easier=[v.slug for v in e.easier.all()],
            harder=[v.slug for v in e.harder.all()],
        )
        for e in rows.values()
    }
    phases = {i.slug: i.phase for i in prescription.items}

    def variant_dose(variant: str) -> RoutineItemJSON:
        ex = rows[variant]
        return item_json(
            slug=ex.slug,
            name=ex.name,
            phase=phases.get(variant, "main"),
            position=ex.position,
            equipment=ex.equipment_slugs(),
            dose=ex.dose_for(LevelEnum(level).value),
            seconds_per_rep=ex.seconds_per_rep,
        )

    player = TerminalPlayer(
        title, slug, prescription, infos, variant_dose, speed=speed, pain_before=pain_before
    )
    session = record_session(player.run())
    done = sum(1 for i in session.items.all() if i.outcome in ("done", "easier", "harder"))
    out.print(
        f"Saved: {session.get_status_display().lower()} session, {done} of {len(prescription.items)} exercises done."
    )


@app.command()
def sessions(limit: Annotated[int, typer.Option(help="How many to show.", min=1, max=500)] = 20) -> None:
    """Past sessions from this computer, newest first."""
    prepare()
    from spinewise.training.models import Session

    rows = list(Session.objects.filter(user__isnull=True).prefetch_related("items")[:limit])
    table = Table(title="Past sessions")
    for column in ("date", "routine", "status", "time done", "pain before", "pain after"):
        table.add_column(column)
    for s in rows:
        table.add_row(
            f"{s.started_at:%Y-%m-%d %H:%M}",
            s.routine_name,
            s.status,
            _fmt(s.seconds_done),
            "-" if s.pain_before is None else str(s.pain_before),
            "-" if s.pain_after is None else str(s.pain_after),
        )
    out.print(table)


# ---------------------------------------------------------------- app


@app.command()
def load(force: Annotated[bool, typer.Option(help="Re-read every file.")] = False) -> None:
    """Load content/ into the database (the app and every command do this when content changed)."""
    from spinewise.bootstrap import load_content, migrate_if_needed, setup_django
    from spinewise.library.content import ContentError

    setup_django()
    migrate_if_needed()
    try:
        for line in load_content(force=force):
            out.print(line)
    except ContentError as exc:
        fail("content refused, nothing loaded:\n" + "\n".join(exc.problems), code=1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Run the web app (migrating and loading the library first)."""
    prepare()
    from django.conf import settings
    from django.core.management import call_command

    if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]:
        call_command("collectstatic", interactive=False, verbosity=0)
    import waitress

    from spinewise.wsgi import application

    out.print(f"spinewise is running at http://{host}:{port}/  (Ctrl+C to stop)")
    waitress.serve(application, host=host, port=port, threads=8, _quiet=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
