"""Start-up's cheap migration check: one query and a folder listing, and never a wrong "nothing to do"."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from spinewise.bootstrap import all_migrations_applied, migrate_if_needed, migration_files

pytestmark = pytest.mark.django_db


def test_it_lists_the_migration_files_of_every_app_without_importing_them() -> None:
    found = migration_files()
    assert ("library", "0001_initial") in found
    assert ("auth", "0001_initial") in found
    assert not any(name.startswith("_") for _, name in found)


def test_an_up_to_date_database_needs_one_query(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        assert all_migrations_applied()
    assert migrate_if_needed() is False


def test_a_migration_not_recorded_falls_back_to_the_full_check() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'library' AND name = '0001_initial'")
    assert not all_migrations_applied()
