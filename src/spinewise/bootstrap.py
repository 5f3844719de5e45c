"""Bring a database up to date: migrations, then the library and routines from content/."""

from __future__ import annotations

import os

import django


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spinewise.settings")
    django.setup()


def migrate_if_needed() -> bool:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


def load_content(*, force: bool = False) -> list[str]:
    """Load exercises then routines; returns one summary line for each."""
    from spinewise.assessments.loader import load_tests
    from spinewise.library.loader import load_exercises
    from spinewise.programs.loader import load_programs
    from spinewise.training.loader import load_routines

    exercises = load_exercises(force=force)
    routines = load_routines(force=force or exercises.changed)
    programs = load_programs(force=force or exercises.changed or routines.changed)
    return [
        f"exercises: {exercises.summary()}",
        f"routines: {routines.summary()}",
        f"programs: {programs.summary()}",
        f"tests: {load_tests(force=force).summary()}",
    ]


def prepare(*, force: bool = False) -> list[str]:
    setup_django()
    migrate_if_needed()
    return load_content(force=force)
