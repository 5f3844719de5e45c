"""Content-derived things are built once per content version, and an edit shows on the next request."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from spinewise.library import cache as content_cache
from spinewise.library.loader import load_exercises
from spinewise.library.models import Exercise
from spinewise.planning.model import Profile
from spinewise.training.models import Routine
from spinewise.training.services import build_routine, library_specs
from tests.test_library_pages import admin_form

# The content version is asked for on every use, so the counts below show it as the one query left.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("version_asked_each_time")]

ROUTINE_WITH_CAT_COW = "/routines/seven-back-stretches/"


@pytest.fixture
def owner_client(db: None) -> Client:
    owner = get_user_model().objects.create_superuser("owner", "owner@example.com", "a-long-test-password")
    client = Client()
    client.force_login(owner)
    return client


def test_the_library_is_read_once_then_costs_one_query_for_the_version(
    django_assert_num_queries: Any,
) -> None:
    content_cache.forget()
    content_cache.bump_content_version()  # nothing built for this version yet, here or in the cache
    with django_assert_num_queries(6):  # the version, the exercises and their four relations
        first = library_specs()
    with django_assert_num_queries(1):
        again = library_specs()
    assert again == first and "cat-cow" in again


def test_another_process_takes_the_library_from_the_shared_cache(django_assert_num_queries: Any) -> None:
    content_cache.bump_content_version()
    library_specs(include_retired=True)
    content_cache.forget()  # as a fresh process would start: nothing in its memory
    with django_assert_num_queries(1):
        assert "cat-cow" in library_specs(include_retired=True)


def test_callers_get_their_own_dict() -> None:
    mine = library_specs()
    mine.pop("cat-cow")
    assert "cat-cow" in library_specs()


def test_an_admin_edit_is_visible_on_the_next_request(owner_client: Client) -> None:
    assert "Cat-Cow" in owner_client.get(ROUTINE_WITH_CAT_COW).content.decode()
    cat_cow = Exercise.objects.get(slug="cat-cow")

    response = owner_client.post(
        f"/admin/library/exercise/{cat_cow.pk}/change/", admin_form(cat_cow, name="Cat and Camel")
    )

    assert response.status_code == 302
    assert "Cat and Camel" in owner_client.get(ROUTINE_WITH_CAT_COW).content.decode()
    assert library_specs()["cat-cow"].name == "Cat and Camel"


def test_an_admin_edit_of_a_relation_alone_is_visible(owner_client: Client) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")
    before = library_specs()["cat-cow"]
    assert before.easier != ("sphinx",)
    sphinx = Exercise.objects.get(slug="sphinx")

    cat_cow.easier.set([sphinx])  # what the admin's filter_horizontal does on save

    assert library_specs()["cat-cow"].easier == ("sphinx",)


def test_a_content_file_change_is_visible_after_the_reload(tmp_path: Path, settings: Any) -> None:
    folder = tmp_path / "exercises"
    shutil.copytree(Path(settings.CONTENT_DIR) / "exercises", folder)
    assert library_specs()["cat-cow"].name == "Cat-Cow"
    path = folder / "cat-cow.yaml"
    path.write_text(path.read_text().replace("name: Cat-Cow", "name: Cat-Cow from the file", 1))

    assert load_exercises(folder).changed

    assert library_specs()["cat-cow"].name == "Cat-Cow from the file"


def test_a_deleted_routine_changes_the_version() -> None:
    before = content_cache.content_version()
    Routine.objects.filter(slug="morning-release").get().delete()
    assert content_cache.content_version() != before


def test_the_planner_plans_a_request_once_a_day(django_assert_num_queries: Any) -> None:
    first = build_routine(Profile(), 20, 7)
    with django_assert_num_queries(1):  # the content version only
        again = build_routine(Profile(), 20, 7)
    assert again is first
    assert build_routine(Profile(), 20, 8) is not first


def test_the_planner_plans_afresh_after_a_content_edit() -> None:
    first = build_routine(Profile(), 20, 7)
    Exercise.objects.filter(slug__in=first.slugs).update(retired=True)
    content_cache.bump_content_version()  # a raw update sends no signal; the admin and loader do

    fresh = build_routine(Profile(), 20, 7)

    assert not set(fresh.slugs) & set(first.slugs)


# The content pages: built once per content version, and showing an edit on the next request.
CONTENT_PAGES = ("/exercises/", "/exercises/cat-cow/", ROUTINE_WITH_CAT_COW)


def named(url: str, name: str) -> str:
    """How a page shows the exercise in its cached body: a heading on its own page, else a link."""
    return f"<h1>{name}</h1>" if url == "/exercises/cat-cow/" else f'/exercises/cat-cow/">{name}</a>'


def warm(client: Client, *urls: str) -> dict[str, str]:
    """Each page twice (the second from the cache): the HTML of the second."""
    pages = {}
    for url in urls:
        first = client.get(url)
        again = client.get(url)
        assert first.status_code == again.status_code == 200, url
        pages[url] = again.content.decode()
    return pages


def test_content_pages_cost_one_query_when_warm(client: Client, django_assert_num_queries: Any) -> None:
    warm(client, *CONTENT_PAGES, "/routines/")
    for url in (*CONTENT_PAGES, "/routines/"):
        with django_assert_num_queries(1):  # the content version
            assert client.get(url).status_code == 200


def test_an_admin_edit_shows_on_every_content_page_at_the_next_request(owner_client: Client) -> None:
    before = warm(owner_client, *CONTENT_PAGES)
    assert all("Cat-Cow" in html for html in before.values())
    cat_cow = Exercise.objects.get(slug="cat-cow")

    response = owner_client.post(
        f"/admin/library/exercise/{cat_cow.pk}/change/", admin_form(cat_cow, name="Cat and Camel")
    )

    assert response.status_code == 302
    for url in CONTENT_PAGES:
        html = owner_client.get(url).content.decode()
        assert named(url, "Cat-Cow") in before[url], url
        assert named(url, "Cat and Camel") in html and named(url, "Cat-Cow") not in html, url


def test_a_routine_edit_shows_on_the_routine_pages_at_the_next_request(client: Client) -> None:
    warm(client, "/routines/", ROUTINE_WITH_CAT_COW)
    routine = Routine.objects.get(slug="seven-back-stretches")
    routine.name = "Seven stretches, renamed"
    routine.save()  # as the admin saves it

    assert "Seven stretches, renamed" in client.get("/routines/").content.decode()
    assert "Seven stretches, renamed" in client.get(ROUTINE_WITH_CAT_COW).content.decode()


def test_a_content_file_edit_shows_on_every_content_page_after_the_reload(
    client: Client, tmp_path: Path, settings: Any
) -> None:
    folder = tmp_path / "exercises"
    shutil.copytree(Path(settings.CONTENT_DIR) / "exercises", folder)
    before = warm(client, *CONTENT_PAGES)
    path = folder / "cat-cow.yaml"
    path.write_text(path.read_text().replace("name: Cat-Cow", "name: Cat-Cow from the file", 1))

    assert load_exercises(folder).changed

    for url in CONTENT_PAGES:
        html = client.get(url).content.decode()
        assert named(url, "Cat-Cow") in before[url], url
        assert named(url, "Cat-Cow from the file") in html, url


# The home tests are content too: the progress pages read them once per content version.
def test_a_home_test_edit_shows_on_the_report_at_the_next_request(client_of: Client, trainee: Any) -> None:
    from spinewise.assessments.models import HomeTest
    from tests.assessment_data import sitting
    from tests.progress_data import BASELINE

    before = sitting(trainee, kind="baseline", days_ago=30, results=BASELINE)
    after = sitting(trainee, kind="check", days_ago=2, results=BASELINE)
    url = f"/progress/reports/{before.pk}/{after.pk}/"
    assert "Side bridge hold" in warm(client_of, url)[url]
    test = HomeTest.objects.get(slug="side-bridge-hold")
    test.name = "Side plank, renamed"
    test.save()  # as the admin (or a shell) saves it

    html = client_of.get(url).content.decode()

    assert "Side plank, renamed" in html and "Side bridge hold" not in html


def test_a_deleted_home_test_changes_the_version() -> None:
    from spinewise.assessments.models import HomeTest

    before = content_cache.content_version()
    HomeTest.objects.get(slug="side-bridge-hold").delete()
    assert content_cache.content_version() != before


def test_a_sitting_without_results_is_kept_beside_those_with_results(trainee: Any) -> None:
    from spinewise.progress.services import person_of, sittings_of
    from tests.assessment_data import sitting
    from tests.progress_data import BASELINE

    measured = sitting(trainee, kind="baseline", days_ago=3, results=BASELINE)
    answered = sitting(trainee, kind="check", days_ago=1, pain_now=4)

    found = sittings_of(trainee, person_of(trainee), with_ratings=False)

    assert [s.pk for s in found.all] == [measured.pk, answered.pk]
    assert found.results[answered.pk] == []
    assert len(found.results[measured.pk]) == len(BASELINE)
    assert {(r.test.slug, r.side) for r in found.results[measured.pk]} == set(BASELINE)
    assert all(r.assessment_id == measured.pk for r in found.results[measured.pk])
