"""Start-up's cheap checks (migrations, content): a query and a folder listing, never a wrong "nothing to do"."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from spinewise.bootstrap import (
    all_migrations_applied,
    content_stat,
    load_content,
    migrate_if_needed,
    migration_files,
)
from spinewise.library.cache import bump_content_version
from spinewise.library.models import Exercise

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


def test_unchanged_content_files_skip_the_loaders(
    settings: Any, tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    content = tmp_path / "content"
    shutil.copytree(Path(settings.CONTENT_DIR), content)
    settings.CONTENT_DIR = content
    load_content()  # the long way: no stamp yet
    with django_assert_max_num_queries(1):  # the content version; no file is hashed or read
        lines = load_content()
    assert all("unchanged" in line for line in lines)


def test_a_touched_content_file_or_an_admin_edit_takes_the_long_way(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    content = tmp_path / "content"
    shutil.copytree(Path(settings.CONTENT_DIR), content)
    settings.CONTENT_DIR = content
    load_content()
    cat_cow = content / "exercises" / "cat-cow.yaml"
    cat_cow.write_text(cat_cow.read_text().replace("name: Cat-Cow", "name: Cat-Cow, edited", 1))

    assert load_content()[0].startswith("exercises: 0 created, 1 updated")
    assert Exercise.objects.get(slug="cat-cow").name == "Cat-Cow, edited"

    bump_content_version()  # as an admin save does
    before = content_stat()
    assert load_content()[0] == "exercises: library unchanged since the last load"  # the loaders' own check
    assert content_stat() == before
