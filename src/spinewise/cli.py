"""The `spinewise` command: the library, routines and a guided player in the terminal."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from spinewise.console import Table, err, escape, out
from spinewise.planning.request import DEFAULT_MINUTES, PlanningRequest, RequestRefused
from spinewise.planning.vocabulary import Category, Equipment, Phase, Position, Target, label

if TYPE_CHECKING:
    from spinewise.planning.model import Routine as Planned

app = typer.Typer(
    help="spinewise: a lower-back mobility coach. Exercise guidance, not a diagnosis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _(message: str) -> str:
    """`message` in the language of this run (use_language); as it is before Django is set up."""
    from django.apps import apps

    if not message or not apps.ready:  # gettext("") is the catalogue's header
        return message
    from django.utils.translation import gettext

    return gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    from django.apps import apps

    if not apps.ready:
        return singular if count == 1 else plural
    from django.utils.translation import ngettext as translated

    return translated(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the run's language, told apart by `context` (a table's column, ...)."""
    from django.apps import apps

    if not apps.ready:
        return message
    from django.utils.translation import pgettext as translated

    return translated(context, message)


def fail(message: str, code: int = 2) -> NoReturn:
    # Messages quote what was typed and content text ("[warm-up]"): never read them as Rich markup.
    said = _("Error:")
    err.print(f"[bold red]{escape(said)}[/] {escape(message)}")
    raise typer.Exit(code)


def heading(text: str) -> str:
    return f"[bold]{escape(text)}[/]"


def suggest(value: str, valid: list[str]) -> str:
    """The valid values nearest a mistyped one, or all of them when none is near (in the run's language)."""
    import difflib

    near = difflib.get_close_matches(value, valid, n=3, cutoff=0.5)
    if near:
        return _("did you mean %(values)s?") % {"values": _(" or ").join(near)}
    return _("valid values: %(values)s") % {"values": ", ".join(valid)}


def split_values(raw: str | None, valid: list[str], option: str) -> list[str]:
    """Comma-separated values, each checked; exits 2 naming the closest valid ones."""
    if raw is None or raw.strip() == "":
        return []
    values = [v.strip() for v in raw.split(",") if v.strip()]
    for value in values:
        if value not in valid:
            fail(
                _("unknown %(option)s '%(value)s': %(hint)s")
                % {"option": option, "value": value, "hint": suggest(value, valid)}
            )
    return values


def prepare() -> None:
    from spinewise.bootstrap import prepare as bootstrap

    try:
        bootstrap()
    except Exception as exc:
        # The content reader is imported only when something went wrong: a quicker start.
        from spinewise.library.content import ContentError

        if not isinstance(exc, ContentError):
            raise
        fail(_("the content folder has errors, nothing was loaded:") + "\n" + content_problems(exc), code=1)


def content_problems(exc: Exception) -> str:
    """Every problem, then per language the items whose translation is missing or incomplete."""
    from spinewise.library.content import ContentError, missing_by_language

    problems = exc.problems if isinstance(exc, ContentError) else [str(exc)]
    summary = [
        f"{lang}: {len(slugs)} incomplete: {', '.join(slugs)}"
        for lang, slugs in missing_by_language(problems).items()
    ]
    return "\n".join([*problems, *summary])


LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="The language of the words and the content: en or es (default: the environment's locale).",
    ),
]


def content_language(lang: str | None) -> str:
    """The declared language asked for (exits 2 on an unknown one), else the locale's, else English."""
    from spinewise.library.i18n import content_languages, environment_language, language_code

    if lang is None:
        return environment_language()
    code = language_code(lang)
    if not code:
        fail(
            _("unknown language '%(lang)s': the content is in %(codes)s")
            % {"lang": lang, "codes": ", ".join(content_languages())}
        )
    return code


def use_language(lang: str | None = None) -> str:
    """The language of this run: --lang (exits 2 on an unknown one), else the environment's locale
    (LC_ALL, LC_MESSAGES, LANG), else English. The interface's words (Django's catalogues) and the
    content both follow it; the language is let go when the command ends."""
    from spinewise.bootstrap import setup_django

    setup_django()
    code = content_language(lang)
    from django.utils import translation

    translation.activate(code)
    return code


@app.callback()
def each_command(context: typer.Context) -> None:
    # The language a command activated is let go when it ends: in one process (the tests), what
    # runs next starts from the default again.
    context.call_on_close(let_go_of_language)


def let_go_of_language() -> None:
    from django.apps import apps

    if apps.ready:
        from django.utils import translation

        translation.deactivate()


def words(enum: type[Any], value: str) -> str:
    """A vocabulary value's plain words (`label`) in the run's language."""
    return _(label(enum, value))


def status_word(status: str) -> str:
    """A session's status (complete, partial) as a word of the run's language."""
    return {"complete": _("complete"), "partial": _("partial")}.get(status, status)


def print_json(data: object) -> None:
    # Plain print: Rich would wrap long lines and break the JSON.
    text = json.dumps(data, indent=2, ensure_ascii=False)
    print(text)
    # The console script (spinewise.command) keeps a read-only command's answer to replay it.
    from spinewise import replay

    replay.printed(text)


# ---------------------------------------------------------------- library


@app.command()
def exercises(
    search: Annotated[str | None, typer.Option(help="Words from a name or alias.")] = None,
    category: Annotated[str | None, typer.Option(help="One or more, comma-separated.")] = None,
    position: Annotated[str | None, typer.Option(help="One or more start positions.")] = None,
    equipment: Annotated[str | None, typer.Option(help="'none' or equipment names, comma-separated.")] = None,
    target: Annotated[str | None, typer.Option(help="One or more targets.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lang: LangOpt = None,
) -> None:
    """List the exercises, filtered (AND across options, OR within one)."""
    code = use_language(lang)
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
    from spinewise.library.i18n import localized

    rows = [localized(ex, code) for ex in qs]
    if as_json:
        print_json([ex.to_json().model_dump(mode="json") for ex in rows])
        return
    table = Table(
        title=ngettext("%(count)s exercise", "%(count)s exercises", len(rows)) % {"count": len(rows)}
    )
    columns = (
        pgettext("column", "slug"),
        pgettext("column", "name"),
        pgettext("column", "category"),
        pgettext("column", "position"),
        pgettext("column", "equipment"),
        pgettext("column", "level"),
    )
    for n, column in enumerate(columns):
        # The plain words wrap; the slug and the name stay whole, to be read and copied.
        table.add_column(column, no_wrap=n < 2)
    for ex in rows:
        table.add_row(
            ex.slug,
            ex.name,
            words(Category, ex.category),
            words(Position, ex.position),
            ", ".join(words(Equipment, e) for e in ex.equipment_slugs()) or "-",
            str(ex.difficulty),
        )
    out.print(table)


@app.command()
def exercise(
    slug: Annotated[str, typer.Argument(help="The exercise's slug, e.g. cat-cow.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    figure: Annotated[
        Path | None, typer.Option("--figure", help="Write the animated figure to this SVG file.")
    ] = None,
    still: Annotated[
        Path | None, typer.Option("--still", help="Write the still figure to this SVG file.")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Show one exercise: steps, breathing, doses, cautions and variants; or write its figure."""
    code = use_language(lang)
    prepare()
    from spinewise.library.i18n import localized
    from spinewise.library.models import Exercise

    ex = Exercise.objects.with_tags().with_variants().filter(slug=slug).first()
    if ex is None:
        valid = list(Exercise.objects.active().values_list("slug", flat=True))
        fail(_("no exercise '%(slug)s': %(hint)s") % {"slug": slug, "hint": suggest(slug, valid)})
    if figure is not None or still is not None:
        write_figures(ex, figure, still)
        return
    ex = localized(ex, code)
    if as_json:
        print_json(ex.to_json().model_dump(mode="json"))
        return
    from spinewise.training.terminal import dose_text, level_word

    also = _("(also %(aliases)s)") % {"aliases": ", ".join(ex.aliases)} if ex.aliases else ""
    out.print(f"[bold]{escape(ex.name)}[/]" + (f"  {escape(also)}" if also else ""))
    if ex.retired:
        retired = _("Retired: no longer used in new routines.")
        out.print(f"[yellow]{escape(retired)}[/]")
    out.print(escape(ex.summary))
    equipment_words = ", ".join(words(Equipment, e) for e in ex.equipment_slugs()) or _("none")
    out.print(
        escape(
            _("%(category)s · starts %(position)s · equipment: %(equipment)s · difficulty %(difficulty)s/3")
            % {
                "category": words(Category, ex.category),
                "position": words(Position, ex.position).lower(),
                "equipment": equipment_words,
                "difficulty": ex.difficulty,
            }
        )
    )
    out.print("\n" + heading(_("Before you start")))
    for line in ex.cautions:
        out.print(f"  ! {escape(line)}")
    for line in ex.skip_if:
        out.print("  " + escape(_("Skip if: %(reason)s") % {"reason": line}))
    out.print("\n" + heading(_("Steps")))
    for n, (step, cues) in enumerate(ex.steps_with_breathing(), start=1):
        out.print(f"  {n}. {escape(step)}")
        for cue in cues:
            out.print(f"     [italic]{escape(cue)}[/]")
    out.print("\n" + heading(_("You should feel:")) + " " + escape(ex.feel))
    out.print("\n" + heading(_("Dose")))
    for level, dose in ex.level_doses():
        out.print(f"  {level_word(level):<13}{dose_text(dose)}")
    easier = [v.slug for v in ex.easier.all()]
    harder = [v.slug for v in ex.harder.all()]
    if easier or harder:
        out.print(
            "\n"
            + _("Easier: %(easier)s   Harder: %(harder)s")
            % {"easier": ", ".join(easier) or "-", "harder": ", ".join(harder) or "-"}
        )


def write_text(path: Path, text: str, what: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(
            _("cannot write %(what)s to %(path)s: %(error)s")
            % {"what": what, "path": path, "error": exc.strerror or exc},
            code=1,
        )
    out.print(
        escape(
            _("Wrote %(what)s to %(path)s (%(bytes)s bytes).")
            % {"what": what, "path": path, "bytes": len(text.encode())}
        )
    )


def write_figures(ex: Any, animated: Path | None, still: Path | None) -> None:
    """The figure as stored at content load: one file each, the animated one with its stylesheet inside."""
    from spinewise.figures.svg import standalone

    if not ex.has_figure:
        fail(
            _("'%(slug)s' has no figure yet (see src/spinewise/figures/AUTHORING.md)") % {"slug": ex.slug},
            code=1,
        )
    if animated is not None:
        write_text(
            animated,
            standalone(ex.figure_svg, ex.figure_css),
            _("the animated figure of %(name)s") % {"name": ex.name},
        )
    if still is not None:
        write_text(still, ex.figure_still, _("the still figure of %(name)s") % {"name": ex.name})


@app.command()
def figures(
    sheet: Annotated[
        Path | None,
        typer.Option("--sheet", help="Write the contact sheet of every figure to this HTML file."),
    ] = None,
) -> None:
    """List the exercises with a figure, or write the contact sheet that shows them all side by side."""
    use_language()
    prepare()
    from spinewise.figures import RenderedFigure, contact_sheet
    from spinewise.library.models import Exercise

    drawn = list(Exercise.objects.exclude(figure_hash="").order_by("name"))
    rendered = [
        RenderedFigure(
            slug=ex.slug,
            name=ex.name,
            view=ex.figure_view,
            svg=ex.figure_svg,
            css=ex.figure_css,
            still=ex.figure_still,
            description=ex.name,
        )
        for ex in drawn
    ]
    if sheet is not None:
        what = ngettext(
            "the contact sheet of %(count)s figure", "the contact sheet of %(count)s figures", len(rendered)
        ) % {"count": len(rendered)}
        write_text(sheet, contact_sheet(rendered), what)
        return
    table = Table(
        pgettext("column", "Slug"),
        pgettext("column", "Exercise"),
        pgettext("column", "View"),
        pgettext("column", "Gzipped"),
        title=ngettext("%(count)s exercise with a figure", "%(count)s exercises with a figure", len(rendered))
        % {"count": len(rendered)},
    )
    for fig in rendered:
        table.add_row(fig.slug, escape(fig.name), fig.view, f"{fig.gzipped / 1024:.1f} KB")
    out.print(table)


# ---------------------------------------------------------------- routines


def parse_request(
    minutes: int,
    level: str,
    equipment: str | None,
    avoid: str | None,
    state: str,
    focus: str,
    prefer: str | None,
    seed: int | None,
) -> PlanningRequest:
    """The options as one planning request; bad options exit 2 before anything else happens."""
    try:
        return PlanningRequest.parse(
            minutes=minutes,
            level=level,
            equipment=equipment or "none",
            avoid=avoid,
            state=state,
            focus=focus,
            prefer=prefer,
            seed=seed,
        )
    except RequestRefused as refused:
        fail(refused.problems[0].terminal)


def resolve_routine(
    name: str | None, request: PlanningRequest, *, equipment_given: bool, lang: str | None = None
) -> tuple[str, str | None, Planned]:
    """(display name, built-in slug or None, planned routine) for the routine and play commands,
    named in `lang` (the run's language when None).

    A built-in routine is adapted to the person's limits item by item; each change and its reason
    is one of the routine's notes (`relaxed`, as the planner's own notes are)."""
    from dataclasses import replace

    from django.utils import translation

    from spinewise.library.i18n import localized, localized_plan
    from spinewise.planning.planner import Unplannable

    prepare()
    from spinewise.training.models import Routine
    from spinewise.training.services import build_routine, fit_builtin

    profile = request.profile()
    if name is not None:
        row = Routine.objects.active().filter(slug=name).first()
        if row is None:
            valid = list(Routine.objects.active().values_list("slug", flat=True))
            fail(_("no routine '%(name)s': %(hint)s") % {"name": name, "hint": suggest(name, valid)})
        if not equipment_given:
            # Choosing a built-in routine without --equipment: assume what it uses is at hand.
            profile = replace(profile, equipment=frozenset(Equipment))
        lang = lang or translation.get_language()
        shown = localized(row, lang)
        try:
            fitted = fit_builtin(row, profile)
        except Unplannable as exc:
            fail(f"{shown.name}: {_(str(exc))}")
        return shown.name, row.slug, localized_plan(fitted.planned, lang)
    try:
        planned = build_routine(profile, request.minutes, request.seed)
    except Unplannable as exc:
        fail(_(str(exc)))
    title = _("%(minutes)s-minute routine") % {"minutes": request.minutes}
    return title, None, localized_plan(planned, lang or translation.get_language())


def _fmt(seconds: int) -> str:
    m, s = divmod(seconds, 60)
    return f"{m}:{s:02d}"


def print_routine(title: str, planned: object) -> None:
    from spinewise.planning.model import Routine as Planned
    from spinewise.training.terminal import dose_text

    assert isinstance(planned, Planned)
    table = Table(title=title)
    columns = (
        "#",
        pgettext("column", "exercise"),
        pgettext("column", "phase"),
        pgettext("column", "position"),
        pgettext("column", "dose"),
        pgettext("column", "time"),
    )
    for n, column in enumerate(columns):
        table.add_column(column, justify="right" if n in (0, 5) else "left")
    for n, item in enumerate(planned.items, start=1):
        table.add_row(
            str(n),
            item.exercise.name,
            words(Phase, item.phase.value),
            words(Position, item.exercise.position.value),
            dose_text(item.dose),
            _fmt(item.seconds),
        )
    out.print(table)
    total = _("Total about %(total)s (including %(seconds)s s to change position)") % {
        "total": _fmt(planned.total_seconds),
        "seconds": planned.transition_seconds,
    }
    changes = ngettext(
        "%(count)s position change", "%(count)s position changes", planned.position_changes
    ) % {"count": planned.position_changes}
    out.print(escape(f"{total} · {changes}"))
    print_notes(planned.relaxed)


def print_notes(notes: Any) -> None:
    """Each change made to a routine, with its reason."""
    for sentence in notes:
        note = _("Note:")
        out.print(f"[yellow]{escape(note)}[/] {escape(_(sentence))}")


MinutesOpt = Annotated[int, typer.Option(help="Minutes available, 5 to 30.")]
LevelOpt = Annotated[str, typer.Option(help="beginner, intermediate or advanced.")]
EquipmentOpt = Annotated[
    str | None,
    typer.Option(
        help="'none', or what you have: foam-roller,chair,towel,strap,band,bench."
        " Unset: none for a planned routine; a built-in one (--name) assumes what it uses."
    ),
]
AvoidOpt = Annotated[
    str | None,
    typer.Option(help="Positions to avoid, e.g. kneeling,floor,prone (a built-in routine is adapted too)."),
]
StateOpt = Annotated[
    str,
    typer.Option(help="How your back is today: fine, stiff or flare-up (a built-in routine is adapted too)."),
]
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
    minutes: MinutesOpt = DEFAULT_MINUTES,
    level: LevelOpt = "beginner",
    equipment: EquipmentOpt = None,
    avoid: AvoidOpt = None,
    state: StateOpt = "fine",
    focus: FocusOpt = "balanced",
    prefer: PreferOpt = None,
    seed: SeedOpt = None,
    name: NameOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    with_steps: Annotated[
        bool, typer.Option("--steps", help="Also give each exercise's steps (how to do it).")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Build a routine for the time you have (or show a built-in one with --name)."""
    code = use_language(lang)
    request = parse_request(minutes, level, equipment, avoid, state, focus, prefer, seed)
    title, _slug, planned = resolve_routine(name, request, equipment_given=equipment is not None, lang=code)
    from spinewise.training.services import routine_json

    steps = steps_of([item.exercise.slug for item in planned.items], code) if with_steps else {}
    if as_json:
        shown = routine_json(planned).model_dump(mode="json")
        if with_steps:
            for item in shown["items"]:
                item["steps"] = steps.get(item["slug"], [])
        print_json(shown)
        return
    print_routine(title, planned)
    if with_steps:
        print_steps(planned, steps)


def steps_of(slugs: list[str], lang: str) -> dict[str, list[str]]:
    """{slug: the exercise's steps in `lang`} for the exercises of a routine (one query)."""
    from spinewise.library.i18n import localized
    from spinewise.library.models import Exercise

    rows = Exercise.objects.filter(slug__in=slugs).only("slug", "steps", "translations")
    return {row.slug: list(localized(row, lang).steps) for row in rows}


def print_steps(planned: Any, steps: dict[str, list[str]]) -> None:
    """Each exercise of the routine with its numbered steps, under the table."""
    for n, item in enumerate(planned.items, start=1):
        out.print(f"\n[bold]{n}. {escape(item.exercise.name)}[/]")
        for k, step in enumerate(steps.get(item.exercise.slug, []), start=1):
            out.print(f"   {k}. {escape(step)}")


@app.command()
def routines(lang: LangOpt = None) -> None:
    """List the built-in routines with their estimated time."""
    code = use_language(lang)
    prepare()
    from spinewise.library.i18n import localized
    from spinewise.training.services import builtin_routines

    table = Table(title=_("Built-in routines"))
    for n, column in enumerate(
        (
            pgettext("column", "slug"),
            pgettext("column", "name"),
            pgettext("column", "exercises"),
            pgettext("column", "time"),
        )
    ):
        table.add_column(column, no_wrap=n == 0)
    for b in builtin_routines():
        table.add_row(
            b.routine.slug,
            localized(b.routine, code).name,
            str(len(b.planned.items)),
            _fmt(b.planned.total_seconds),
        )
    out.print(table)


# ---------------------------------------------------------------- playing


@app.command()
def play(
    minutes: MinutesOpt = DEFAULT_MINUTES,
    level: LevelOpt = "beginner",
    equipment: EquipmentOpt = None,
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
    lang: LangOpt = None,
) -> None:
    """Play a routine in the terminal, then save the session.

    First the safety check (once, or again with --check; a stop holds until you record that a
    clinician has seen you), then "pain now": above 5/10 the day becomes a flare-up day, 8/10 or
    more stops. Exit status 3 when it stops for safety.
    """
    use_language(lang)
    parse_request(minutes, level, equipment, avoid, state, focus, prefer, seed)  # bad options first
    prepare()
    from spinewise.training.terminal_check import ask_pain, day_for_pain, screen_in_terminal

    if not screen_in_terminal(check):
        raise typer.Exit(3)
    pain_before = pain if pain is not None else ask_pain()
    state = day_for_pain(pain_before, state, keep_state)
    request = parse_request(minutes, level, equipment, avoid, state, focus, prefer, seed)
    title, slug, planned = resolve_routine(name, request, equipment_given=equipment is not None)
    print_notes(planned.relaxed)  # each change made to a built-in routine, with its reason
    from spinewise.training.services import record_session, routine_json
    from spinewise.training.terminal import TerminalPlayer, exercise_infos

    prescription = routine_json(planned)
    infos, variant_dose = exercise_infos(prescription, request.level.value)
    player = TerminalPlayer(
        title, slug, prescription, infos, variant_dose, speed=speed, pain_before=pain_before
    )
    session = record_session(player.run())
    done = sum(1 for i in session.items.all() if i.worked)
    out.print(
        escape(
            _("Saved: %(status)s session, %(done)s of %(total)s exercises done.")
            % {
                "status": status_word(session.status),
                "done": done,
                "total": len(prescription.items),
            }
        )
    )


@app.command()
def breaks(
    every: Annotated[int, typer.Option(help="Minutes between breaks: 30, 45, 60 or 90.")] = 60,
    minutes: Annotated[int, typer.Option(help="Minutes each break lasts, 1 to 3.", min=1, max=3)] = 2,
    level: LevelOpt = "beginner",
    equipment: EquipmentOpt = None,
    avoid: AvoidOpt = None,
    state: StateOpt = "fine",
    once: Annotated[bool, typer.Option("--once", help="Stop after one break.")] = False,
    now: Annotated[bool, typer.Option("--now", help="Start with a break now, then keep the timer.")] = False,
    speed: Annotated[
        float,
        typer.Option(help="Run the player's clock N times faster (demos and tests).", min=0.1, max=1000),
    ] = 1.0,
    seconds: Annotated[
        float | None,
        typer.Option(hidden=True, min=0.01, help="Seconds between breaks instead of --every (tests, demos)."),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Desk mode in the terminal: a quiet timer that rings the bell at each break and plays a short
    routine for standing or a chair, within your limits; finished breaks are recorded.

    Exit status 3 when a safety stop holds (no break routine until a clinician has seen you).
    """
    from spinewise.breaks.schedule import INTERVALS

    use_language(lang)
    if every not in INTERVALS:
        fail(
            _("--every must be one of %(values)s minutes (got %(every)s)")
            % {"values": ", ".join(map(str, INTERVALS)), "every": every}
        )
    request = parse_request(DEFAULT_MINUTES, level, equipment, avoid, state, "balanced", None, None)
    prepare()
    from spinewise.breaks.terminal import DeskTimer
    from spinewise.training.terminal_check import screen_in_terminal

    timer = DeskTimer(request, seconds if seconds is not None else every * 60.0, minutes, once, now, speed)
    refused = timer.refusal()
    if refused is not None:
        fail(_(refused))
    if not screen_in_terminal(False):
        raise typer.Exit(3)
    raise typer.Exit(timer.run())


@app.command()
def sessions(
    limit: Annotated[int, typer.Option(help="How many to show.", min=1, max=500)] = 20,
    lang: LangOpt = None,
) -> None:
    """Past sessions from this computer, newest first."""
    use_language(lang)
    prepare()
    from spinewise.training.models import Session

    rows = list(Session.objects.filter(user__isnull=True).prefetch_related("items")[:limit])
    table = Table(title=_("Past sessions"))
    columns = (
        pgettext("column", "date"),
        pgettext("column", "routine"),
        pgettext("column", "status"),
        pgettext("column", "time done"),
        pgettext("column", "pain before"),
        pgettext("column", "pain after"),
    )
    for column in columns:
        table.add_column(column)
    for s in rows:
        table.add_row(
            f"{s.started_at:%Y-%m-%d %H:%M}",
            s.routine_name,
            status_word(s.status),
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
    use_language()
    migrate_if_needed()
    try:
        for line in load_content(force=force):
            out.print(line)
    except ContentError as exc:
        fail(_("content refused, nothing loaded:") + "\n" + content_problems(exc), code=1)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: one per core).", min=1, max=64)
    ] = None,
    threads: Annotated[
        int | None, typer.Option(help="Threads in each worker (default: 2).", min=1, max=32)
    ] = None,
    access_log: Annotated[bool, typer.Option(help="Log every request on standard output.")] = True,
) -> None:
    """Run the web app under a production server (migrating and loading the library first).

    kill -HUP <pid> restarts the workers one by one on the code as it is now, without dropping
    requests; Ctrl+C or SIGTERM lets running requests finish, then stops.
    """
    from django.core.exceptions import ImproperlyConfigured

    from spinewise.bootstrap import setup_django
    from spinewise.server import (
        DEFAULT_THREADS,
        ServeOptions,
        check_secret_key,
        collect_static,
        default_workers,
    )
    from spinewise.server import serve as run_server

    options = ServeOptions(
        host=host,
        port=port,
        workers=workers or default_workers(),
        threads=threads or DEFAULT_THREADS,
        access_log=access_log,
    )
    setup_django()
    try:
        check_secret_key()
    except ImproperlyConfigured as exc:
        fail(str(exc), code=1)
    prepare()
    collect_static()
    out.print(
        f"spinewise is running at http://{host}:{port}/ with {options.workers} worker"
        f"{'s' if options.workers != 1 else ''} of {options.threads} thread{'s' if options.threads != 1 else ''}"
        f" (pid {os.getpid()}; Ctrl+C stops, kill -HUP reloads)",
        soft_wrap=True,
    )
    run_server(options)


# ---------------------------------------------------------------- the owner


@app.command()
def createowner(
    email: Annotated[str, typer.Option(prompt="Email", help="The owner's email: it is the log-in name.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="SPINEWISE_OWNER_PASSWORD",
            help="Asked for (twice, hidden) unless given here or in SPINEWISE_OWNER_PASSWORD.",
        ),
    ],
) -> None:
    """Make the owner's account, which can log in to the admin (/admin/); an existing account is promoted."""
    use_language()
    prepare()
    from django.contrib.auth import get_user_model, password_validation
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import transaction
    from django.db.models import Q

    from spinewise.accounts.services import create_account, profile_for

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        fail(_("'%(email)s' is not an email address") % {"email": email})
    users = get_user_model().objects
    existing = users.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()
    try:
        password_validation.validate_password(
            password, existing or get_user_model()(username=email, email=email)
        )
    except ValidationError as exc:
        fail(_("the password is too weak: %(reasons)s") % {"reasons": " ".join(exc.messages)})
    with transaction.atomic():
        user = existing or create_account(email, password)
        user.set_password(password)
        user.is_staff = True
        user.is_superuser = True
        user.save()
        profile_for(user)
    said = (
        _("%(email)s is now the owner: log in at /admin/ with this email and password.")
        if existing
        else _("%(email)s was created as the owner: log in at /admin/ with this email and password.")
    )
    out.print(escape(said % {"email": email}))


def main() -> None:
    import sys

    if sys.argv[1:2] != ["serve"]:
        # No pydantic plugins in a command: looking for them reads every installed package's metadata.
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        # A command is a short process: what it derives from content (the library as the planner
        # reads it) is kept for the next run in files in the data folder, unless a shared cache
        # is set. The server keeps its own memory cache.
        os.environ.setdefault("SPINEWISE_CACHE_URL", "file:")
    app()


if __name__ == "__main__":
    main()
