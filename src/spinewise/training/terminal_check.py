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
    err.print(f"[bold red]Error:[/] {escape(message)}")
    raise typer.Exit(3)


def ask(prompt: str) -> str:
    # The safety check and the pain question cannot be skipped by closing stdin.
    try:
        return input(prompt)
    except EOFError:
        refuse("no answer was given, so nothing was played")


def ask_optional(prompt: str) -> str:
    # Unlike the safety answers, an optional detail may be left out by closing stdin.
    try:
        return input(prompt)
    except EOFError:
        return ""


def ask_yes(prompt: str) -> bool:
    while True:
        answer = ask(f"{prompt} [y/n] ").strip().lower()
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")
        out.print("Please type y or n.")


def ask_screening() -> set[str]:
    """The questions, group by group: the numbers that apply, then the follow-ups they open."""
    out.print("[bold]Before you start: a quick safety check[/]")
    out.print(
        "Exercise is good for most back pain, but a few symptoms need a clinician first. Do any of these apply?"
    )
    leads = [q for q in QUESTIONS if not q.follows]
    for group in GROUPS:
        shown = [q for q in questions_in(group) if not q.follows]
        if shown:  # a group of follow-ups only is asked one by one below
            out.print(f"\n[bold]{escape(group_name(group))}[/]")
        for q in shown:
            out.print(f"  {leads.index(q) + 1}. {escape(question_text(q))}")
    while True:
        raw = ask("\nType the numbers that apply (for example: 2 5), or press Enter if none do: ")
        parts = raw.replace(",", " ").split()
        if all(p.isdigit() and 1 <= int(p) <= len(leads) for p in parts):
            break
        out.print(f"Please type numbers from 1 to {len(leads)}, separated by spaces.")
    yes = {leads[int(p) - 1].key for p in parts}
    for q in QUESTIONS:
        if q.follows and asked(q, yes) and ask_yes(question_text(q)):
            yes.add(q.key)
    return yes


def offer_clearance(stop: Screening) -> bool:
    """Show the stop in force; True when the person records a valid clinician visit since."""
    since = stopped_on(stop)
    advice = advice_for(stop.urgency)
    out.print(f"[bold red]Your safety check of {since:%Y-%m-%d} said: {advice.headline}[/]")
    out.print(advice.action)
    if not ask_yes("Has a doctor or physiotherapist seen you since then and said you may exercise?"):
        return False
    today = timezone.localdate()
    raw = ask("On what date did they see you? (YYYY-MM-DD, Enter for today) ").strip()
    try:
        visit = date.fromisoformat(raw) if raw else today
    except ValueError:
        out.print(f"[bold red]Not cleared:[/] '{escape(raw)}' is not a date like {today:%Y-%m-%d}.")
        return False
    try:
        check_clearance(since, visit, today)  # before asking the name, so a bad date is said at once
        record_clearance(stop, visit, ask_optional("Who saw you? (optional, Enter to skip) "))
    except ClearanceError as exc:
        out.print(f"[bold red]Not cleared:[/] {escape(str(exc))}.")
        return False
    remaining = stop_in_force(None)  # a stop given after that visit still holds
    if remaining is not None:
        return offer_clearance(remaining)
    out.print("[bold green]Recorded: a clinician has seen you. You may exercise.[/]")
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
    _, answered, standing = record_screening(None, yes, source="cli")
    if standing.held and stop is not None:
        out.print(f"Your answers today: {answered.headline}")
        out.print("[bold]They do not lift the earlier stop, which holds until a clinician has seen you.[/]")
        return offer_clearance(stop)
    advice = advice_for(standing.urgency)
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
