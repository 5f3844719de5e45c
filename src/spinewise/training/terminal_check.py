"""Before a session in the terminal: the safety check, the stop that holds, and "pain now".

The questions and rules are `safety.screening`'s (the web asks the same); the stop in force,
what new answers change and the clearance are `safety.services`' (the terminal's person is
user None), never decided here. Runs after Django is set up (the command's `prepare`).
"""

from __future__ import annotations

from datetime import date
from typing import NoReturn

import typer
from django.utils import timezone
from django.utils.translation import gettext as _
from rich.console import Console
from rich.markup import escape

from spinewise.planning.progression import ACCEPTABLE_PAIN, STOP_PAIN
from spinewise.planning.vocabulary import State
from spinewise.safety.models import Screening
from spinewise.safety.screening import (
    GROUPS,
    QUESTIONS,
    ClearanceError,
    asked,
    check_clearance,
    questions_in,
)
from spinewise.safety.services import record_clearance, record_screening, stop_in_force, stopped_on
from spinewise.safety.words import advice_for, group_name, question_text

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def refuse(message: str) -> NoReturn:
    said = _("Error:")
    err.print(f"[bold red]{escape(said)}[/] {escape(message)}")
    raise typer.Exit(3)


def ask(prompt: str) -> str:
    # The safety check and the pain question cannot be skipped by closing stdin.
    try:
        return input(prompt)
    except EOFError:
        refuse(_("no answer was given, so nothing was played"))


def ask_optional(prompt: str) -> str:
    # Unlike the safety answers, an optional detail may be left out by closing stdin.
    try:
        return input(prompt)
    except EOFError:
        return ""


def ask_yes(prompt: str) -> bool:
    while True:
        choices = _("[y/n]")
        answer = ask(f"{prompt} {choices} ").strip().lower()
        # English answers always work; the language's own ("s", "sí") too.
        yes = {"y", "yes", *_("y|yes").split("|")}
        no = {"n", "no", *_("n|no").split("|")}
        if answer in yes | no:
            return answer in yes
        out.print(_("Please type y or n."))


def ask_screening() -> set[str]:
    """The questions, group by group: the numbers that apply, then the follow-ups they open."""
    heading = _("Before you start: a quick safety check")
    out.print(f"[bold]{escape(heading)}[/]")
    out.print(
        escape(
            _(
                "Exercise is good for most back pain, but a few symptoms need a clinician first."
                " Do any of these apply?"
            )
        )
    )
    leads = [q for q in QUESTIONS if not q.follows]
    for group in GROUPS:
        shown = [q for q in questions_in(group) if not q.follows]
        if shown:  # a group of follow-ups only is asked one by one below
            out.print(f"\n[bold]{escape(group_name(group))}[/]")
        for q in shown:
            out.print(f"  {leads.index(q) + 1}. {escape(question_text(q))}")
    while True:
        raw = ask("\n" + _("Type the numbers that apply (for example: 2 5), or press Enter if none do: "))
        parts = raw.replace(",", " ").split()
        if all(p.isdigit() and 1 <= int(p) <= len(leads) for p in parts):
            break
        out.print(_("Please type numbers from 1 to %(count)s, separated by spaces.") % {"count": len(leads)})
    yes = {leads[int(p) - 1].key for p in parts}
    for q in QUESTIONS:
        if q.follows and asked(q, yes) and ask_yes(question_text(q)):
            yes.add(q.key)
    return yes


def offer_clearance(stop: Screening) -> bool:
    """Show the stop in force; True when the person records a valid clinician visit since."""
    since = stopped_on(stop)
    advice = advice_for(stop.urgency)
    said = _("Your safety check of %(date)s said: %(advice)s") % {
        "date": f"{since:%Y-%m-%d}",
        "advice": advice.headline,
    }
    out.print(f"[bold red]{escape(said)}[/]")
    out.print(escape(advice.action))
    if not ask_yes(_("Has a doctor or physiotherapist seen you since then and said you may exercise?")):
        return False
    today = timezone.localdate()
    raw = ask(_("On what date did they see you? (YYYY-MM-DD, Enter for today) ")).strip()
    not_cleared = _("Not cleared:")
    try:
        visit = date.fromisoformat(raw) if raw else today
    except ValueError:
        why = _("'%(typed)s' is not a date like %(example)s.") % {
            "typed": raw,
            "example": f"{today:%Y-%m-%d}",
        }
        out.print(f"[bold red]{escape(not_cleared)}[/] {escape(why)}")
        return False
    try:
        check_clearance(since, visit, today)  # before asking the name, so a bad date is said at once
        record_clearance(stop, visit, ask_optional(_("Who saw you? (optional, Enter to skip) ")))
    except ClearanceError as exc:
        out.print(f"[bold red]{escape(not_cleared)}[/] {escape(_(str(exc)))}.")
        return False
    remaining = stop_in_force(None)  # a stop given after that visit still holds
    if remaining is not None:
        return offer_clearance(remaining)
    recorded = _("Recorded: a clinician has seen you. You may exercise.")
    out.print(f"[bold green]{escape(recorded)}[/]")
    return True


def screen_in_terminal(force: bool) -> bool:
    """The safety check; True when the person may exercise. Asked before the first session, again
    with --check, and a stop holds until a clinician visit is recorded (answering again never lifts it)."""
    stop = stop_in_force(None)
    if not force:
        if stop is not None:
            return offer_clearance(stop)
        if Screening.objects.of(None).exists():
            return True
    yes = ask_screening()
    _screening, answered, standing = record_screening(None, yes, source="cli")
    if standing.held and stop is not None:
        out.print(
            escape(_("Your answers today: %(advice)s") % {"advice": advice_for(answered.urgency).headline})
        )
        held = _("They do not lift the earlier stop, which holds until a clinician has seen you.")
        out.print(f"[bold]{escape(held)}[/]")
        return offer_clearance(stop)
    advice = advice_for(standing.urgency)
    style = "bold red" if not advice.may_exercise else "bold green"
    out.print(f"[{style}]{escape(advice.headline)}[/]")
    out.print(escape(advice.action))
    return advice.may_exercise


def ask_pain() -> int:
    while True:
        answer = ask(_("How much does your back hurt right now") + " " + _("(0-10)") + ": ").strip()
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        out.print(_("Please type a whole number from 0 to 10."))


def day_for_pain(pain: int, state: str, keep_state: bool) -> str:
    """The pain rule before a session: above 5/10 the day becomes a flare-up day (unless kept);
    8/10 or more stops (exit 3)."""
    if pain >= STOP_PAIN:
        stop = _("Your pain now is %(pain)s/10: do not exercise today.") % {"pain": pain}
        out.print(f"[bold red]{escape(stop)}[/]")
        out.print(
            escape(
                _(
                    "Pain of %(stop)s/10 or more is more than exercise should cause. Rest in a position that"
                    " eases it. If it does not settle within a day or two, or anything new appears (numbness,"
                    " weakness, trouble passing urine), take the safety check again (spinewise play --check)"
                    " and see a clinician."
                )
                % {"stop": STOP_PAIN}
            )
        )
        raise typer.Exit(3)
    if pain <= ACCEPTABLE_PAIN or state == State.FLARE_UP.value:
        return state
    if keep_state:
        kept = _(
            "Your pain now is %(pain)s/10, above the %(limit)s/10 limit; keeping --state %(state)s as you"
            " asked (--keep-state). Ease off or skip anything that hurts."
        ) % {"pain": pain, "limit": ACCEPTABLE_PAIN, "state": state}
        out.print(f"[yellow]{escape(kept)}[/]")
        return state
    flare = _(
        "Your pain now is %(pain)s/10, above the %(limit)s/10 limit, so today is a flare-up day: only moves"
        " that suit a flare-up, at their gentlest dose. To keep --state %(state)s, add --keep-state."
    ) % {"pain": pain, "limit": ACCEPTABLE_PAIN, "state": state}
    out.print(f"[yellow]{escape(flare)}[/]")
    return State.FLARE_UP.value
