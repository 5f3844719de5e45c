from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spinewise.bootstrap import load_content
from spinewise.library.content import ContentError


class Command(BaseCommand):
    help = "Load content/exercises and content/routines into the database (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="re-read files even if none changed")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            lines = load_content(force=options["force"])
        except ContentError as err:
            raise CommandError("content refused, nothing loaded:\n" + "\n".join(err.problems)) from err
        for line in lines:
            self.stdout.write(line)
