"""The library pages (list with search and filters, one exercise) and the owner's admin for exercises.

The library is public: anyone may browse it, signed in or not. The admin is the owner's alone.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from spinewise.library import cache as content_cache
from spinewise.library.models import EquipmentTag, Exercise, TargetTag
from tests.factories import create_exercise

pytestmark = pytest.mark.django_db

LIST = "/exercises/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # The people here sign in with force_login; a slow hasher only costs time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner(db: None) -> Any:
    return get_user_model().objects.create_superuser("owner", "owner@example.com", "a-long-test-password")


@pytest.fixture
def owner_client(owner: Any) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def listed(response: Any) -> list[str]:
    assert response.status_code == 200
    return [ex.slug for ex in response.context["exercises"]]


def active(**filters: Any) -> set[str]:
    return set(Exercise.objects.active().filter(**filters).values_list("slug", flat=True))


# ---------------------------------------------------------------- the list


def test_it_lists_every_active_exercise(client: Client) -> None:
    response = client.get(LIST)

    assert set(listed(response)) == active()
    html = response.content.decode()
    assert f"{Exercise.objects.active().count()} exercises" in html
    assert 'href="/exercises/cat-cow/"' in html
    assert "Cat-Cow" in html


def test_it_shows_the_library_to_a_signed_in_trainee(client: Client, trainee: Any) -> None:
    client.force_login(trainee)

    assert "cat-cow" in listed(client.get(LIST))


def test_it_leaves_retired_exercises_out(client: Client) -> None:
    Exercise.objects.filter(slug="cat-cow").update(retired=True)

    slugs = listed(client.get(LIST))

    assert "cat-cow" not in slugs
    assert "cat-cow" not in listed(client.get(LIST, {"q": "cat cow"}))
    assert len(slugs) == len(active())


def test_it_finds_an_exercise_by_name(client: Client) -> None:
    assert listed(client.get(LIST, {"q": "bird dog"})) == ["bird-dog"]
    assert listed(client.get(LIST, {"q": "Dog Bird"})) == ["bird-dog"]  # any order, any case


def test_it_finds_an_exercise_by_alias(client: Client) -> None:
    assert listed(client.get(LIST, {"q": "balasana"})) == ["childs-pose"]
    assert "supine-bent-knee-rotations" in listed(client.get(LIST, {"q": "knee rocks"}))


@pytest.mark.parametrize("q", ["childs pose", "child's pose", "Child\u2019s Pose", "CHILDS POSE"])
def test_it_finds_childs_pose_however_the_apostrophe_is_typed(client: Client, q: str) -> None:
    slugs = listed(client.get(LIST, {"q": q}))

    assert "childs-pose" in slugs
    assert set(slugs) <= {
        "childs-pose",
        "childs-pose-clock",
        "childs-pose-side-stretch",
        "supported-childs-pose",
    }


def test_it_says_so_when_nothing_matches(client: Client) -> None:
    response = client.get(LIST, {"q": "trampoline"})

    assert listed(response) == []
    assert "No exercise matches" in response.content.decode()


def test_it_combines_filters_with_and_across_them(client: Client) -> None:
    response = client.get(LIST + "?equipment=none&position=standing&target=hips")

    slugs = set(listed(response))
    expected = {
        ex.slug
        for ex in Exercise.objects.active().with_tags()
        if ex.position == "standing" and not ex.equipment_slugs() and "hips" in ex.target_slugs()
    }
    assert slugs == expected
    assert slugs  # lunge and standing hip circles, at least
    assert "supported-split-squat" not in slugs  # standing and hips, but needs a chair
    assert "childs-pose" not in slugs


def test_it_combines_values_of_one_filter_with_or(client: Client) -> None:
    both = set(listed(client.get(LIST + "?position=standing&position=wall")))

    assert both == active(position__in=["standing", "wall"])
    assert both & active(position="standing") and both & active(position="wall")


def test_it_filters_on_equipment_one_has(client: Client) -> None:
    slugs = set(listed(client.get(LIST + "?equipment=none&equipment=chair")))

    assert "seated-cat-cow" in slugs  # needs a chair
    assert "cat-cow" in slugs  # needs nothing
    assert "foam-roll-glutes" not in slugs  # needs a roller
    assert "band-pull-apart" not in slugs


def test_it_filters_on_category_and_difficulty(client: Client) -> None:
    slugs = set(listed(client.get(LIST, {"category": "foam-rolling", "difficulty": "1"})))

    assert slugs == active(category="foam-rolling", difficulty=1)
    assert slugs


@pytest.mark.parametrize(
    "query", ["position=lying", "equipment=dumbbell", "target=knees", "difficulty=4", "category=yoga"]
)
def test_it_shows_an_error_for_a_value_it_does_not_know(client: Client, query: str) -> None:
    response = client.get(LIST + "?" + query)

    assert listed(response) == []
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Select a valid choice" in html
    assert query.split("=")[1] in html


def test_it_keeps_the_search_and_filters_in_the_url(client: Client) -> None:
    response = client.get(LIST + "?q=stretch&position=standing&equipment=bench")

    html = response.content.decode()
    assert re.search(r'<form method="get"', html)
    assert 'name="q" id="id_q" value="stretch"' in html
    assert re.search(r'name="position" value="standing"[^>]*checked', html)
    assert re.search(r'name="equipment" value="bench"[^>]*checked', html)
    assert not re.search(r'name="position" value="wall"[^>]*checked', html)
    assert "(2 in use)" in html
    assert listed(response) == ["bench-hamstring-stretch"]


# ---------------------------------------------------------------- one exercise


def test_it_shows_an_exercise(client: Client) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")

    response = client.get("/exercises/cat-cow/")

    assert response.status_code == 200
    html = response.content.decode()
    for step in cat_cow.steps:
        assert escape(step) in html
    for cue in cat_cow.breathing:
        assert f'<span class="breath">{escape(cue["cue"])}</span>' in html
    for caution in [*cat_cow.cautions, *cat_cow.skip_if]:
        assert escape(caution) in html
    for level, dose in cat_cow.level_doses():
        assert f'<th scope="row">{level.capitalize()}</th><td>{dose.describe()}</td>' in html
    assert "2 x 10 reps" in html and "120 s" in html
    assert '<a href="/exercises/seated-cat-cow/">Seated Cat-Cow</a>' in html


def test_it_links_easier_and_harder_variants(client: Client) -> None:
    html = client.get("/exercises/sphinx/").content.decode()

    easier, harder = html.split("Easier:")[1].split("Harder:")
    assert 'href="/exercises/prone-lying/"' in easier
    assert 'href="/exercises/cobra-pose/"' in harder
    assert 'href="/exercises/prone-press-up/"' in harder


def test_it_answers_404_for_an_unknown_slug(client: Client) -> None:
    assert client.get("/exercises/cat-cwo/").status_code == 404


# ---------------------------------------------------------------- a fixed number of queries


def grow_library(n: int = 30) -> None:
    """Thirty more exercises with equipment, targets, aliases and variants, chained to each other."""
    previous = "cat-cow"
    for i in range(n):
        slug = f"extra-move-{i}"
        create_exercise(
            slug,
            equipment=["chair", "band"] if i % 2 else [],
            targets=["hips", "glutes", "core", "lumbar-spine"],
            easier=[previous],
            harder=["sphinx"],
            aliases=[f"Extra Alias {i}"],
        )
        previous = slug
    Exercise.objects.get(slug="cat-cow").harder.add(*Exercise.objects.filter(slug__startswith="extra-move-"))


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("version_asked_each_time")
@pytest.mark.parametrize(
    "url",
    [
        LIST,
        LIST + "?equipment=none&equipment=chair&target=hips&target=glutes&position=supine&difficulty=1",
        "/exercises/cat-cow/",
    ],
)
def test_it_runs_a_fixed_number_of_queries_whatever_the_library_size(
    client: Client, url: str, django_assert_num_queries: Any
) -> None:
    # Built once per content version: the version, the rows, then one per prefetched relation (and
    # for an exercise page, the names and figures of every exercise for the page's head).
    cold = 7 if url.endswith("cat-cow/") else 4
    content_cache.bump_content_version()  # nothing built for this version yet
    with django_assert_num_queries(cold):
        response = client.get(url)
    assert "cat-cow/" in url or listed(response)  # an empty list would skip the prefetches
    with django_assert_num_queries(1):  # then only the content version
        warm = client.get(url)
    assert warm.content == response.content

    grow_library()
    assert Exercise.objects.active().count() >= 90

    with django_assert_num_queries(cold):  # the new exercises changed the version
        response = client.get(url)
    with django_assert_num_queries(1):
        assert client.get(url).content == response.content
    if url == LIST:
        assert len(listed(response)) >= 90
    elif "cat-cow" in url:
        assert "Extra Move 29" in response.content.decode()
    else:
        assert "extra-move-0" in listed(response)


# ---------------------------------------------------------------- the admin


def test_it_keeps_the_stranger_out_of_the_admin(client: Client, stranger: Any) -> None:
    client.force_login(stranger)

    response = client.get("/admin/library/exercise/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        ("category__exact", "foam-rolling", lambda: active(category="foam-rolling")),
        ("position__exact", "wall", lambda: active(position="wall")),
        ("equipment__id__exact", "foam-roller", lambda: active(equipment__slug="foam-roller")),
        ("targets__id__exact", "piriformis", lambda: active(targets__slug="piriformis")),
        ("difficulty__exact", "3", lambda: active(difficulty=3)),
    ],
)
def test_it_filters_the_admin_changelist(owner_client: Client, param: str, value: str, expected: Any) -> None:
    if param.startswith("equipment"):
        value = str(EquipmentTag.objects.get(slug=value).pk)
    elif param.startswith("targets"):
        value = str(TargetTag.objects.get(slug=value).pk)

    response = owner_client.get("/admin/library/exercise/", {param: value})

    assert response.status_code == 200
    shown = {ex.slug for ex in response.context["cl"].result_list}
    assert shown == expected()
    assert shown and len(shown) < Exercise.objects.count()


def test_it_opens_the_admin_change_page(owner_client: Client) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")

    response = owner_client.get(f"/admin/library/exercise/{cat_cow.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Cat-Cow" in html
    assert "duration_seconds" in html  # the doses JSON is there to edit


def admin_form(ex: Exercise, **changes: Any) -> dict[str, Any]:
    """The change form as the browser would post it, unchanged unless told."""
    data: dict[str, Any] = {
        "name": ex.name,
        "slug": ex.slug,
        "aliases": json.dumps(ex.aliases),
        "summary": ex.summary,
        "category": ex.category,
        "position": ex.position,
        "equipment": [t.pk for t in ex.equipment.all()],
        "targets": [t.pk for t in ex.targets.all()],
        "direction": json.dumps(ex.direction),
        "phase": json.dumps(ex.phase),
        "difficulty": ex.difficulty,
        "doses": json.dumps(ex.doses),
        "seconds_per_rep": ex.seconds_per_rep if ex.seconds_per_rep is not None else "",
        "steps": json.dumps(ex.steps),
        "breathing": json.dumps(ex.breathing),
        "feel": ex.feel,
        "cautions": json.dumps(ex.cautions),
        "skip_if": json.dumps(ex.skip_if),
        "easier": [e.pk for e in ex.easier.all()],
        "harder": [e.pk for e in ex.harder.all()],
        "sources": json.dumps(ex.sources),
        "references": json.dumps(ex.references),
    }
    if ex.flare_up_ok:
        data["flare_up_ok"] = "on"
    data.update(changes)
    return data


def test_it_saves_an_admin_edit(owner_client: Client) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")

    response = owner_client.post(
        f"/admin/library/exercise/{cat_cow.pk}/change/", admin_form(cat_cow, summary="Edited by the owner.")
    )

    assert response.status_code == 302
    assert Exercise.objects.get(slug="cat-cow").summary == "Edited by the owner."


@pytest.mark.parametrize(
    ("doses", "message"),
    [
        (
            {
                "beginner": {"sets": 1, "reps": 5, "hold_seconds": 20},
                "intermediate": {"sets": 1, "reps": 5},
                "advanced": {"sets": 1, "reps": 5},
            },
            "beginner: Value error, a dose needs exactly one of reps, hold_seconds or duration_seconds",
        ),
        (
            {"beginner": {"sets": 1, "reps": 5}, "intermediate": {"sets": 1, "reps": 5}},
            "advanced: Field required",
        ),
        (
            {
                "beginner": {"sets": 0, "reps": 5},
                "intermediate": {"sets": 1, "reps": 5},
                "advanced": {"sets": 1, "reps": 5},
            },
            "beginner.sets: Input should be greater than or equal to 1",
        ),
        ("[1, 2]", "Input should be a valid dictionary"),
    ],
)
def test_it_refuses_a_bad_dose_in_the_admin(owner_client: Client, doses: Any, message: str) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")
    before = cat_cow.doses
    raw = doses if isinstance(doses, str) else json.dumps(doses)

    response = owner_client.post(
        f"/admin/library/exercise/{cat_cow.pk}/change/", admin_form(cat_cow, doses=raw)
    )

    assert response.status_code == 200  # the form again, not a redirect
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["doses"]
    assert message in errors["doses"][0]
    assert message in response.content.decode()
    assert Exercise.objects.get(slug="cat-cow").doses == before


def test_it_refuses_doses_that_are_not_json_in_the_admin(owner_client: Client) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")

    response = owner_client.post(
        f"/admin/library/exercise/{cat_cow.pk}/change/", admin_form(cat_cow, doses="{beginner: 5")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["doses"] == ["Enter a valid JSON."]


def test_it_refuses_a_breathing_cue_past_the_last_step_in_the_admin(owner_client: Client) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")
    cues = json.dumps([{"step": 9, "cue": "Breathe out."}])

    response = owner_client.post(
        f"/admin/library/exercise/{cat_cow.pk}/change/", admin_form(cat_cow, breathing=cues)
    )

    assert response.status_code == 200
    assert (
        "A cue points at step 9, but there are 5 steps."
        in response.context["adminform"].form.errors["breathing"]
    )


def test_it_filters_by_equipment_added_in_the_admin(owner_client: Client, client: Client) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")
    assert "cat-cow" in listed(client.get(LIST, {"equipment": "none"}))
    roller = EquipmentTag.objects.get(slug="foam-roller")

    response = owner_client.post(
        f"/admin/library/exercise/{cat_cow.pk}/change/", admin_form(cat_cow, equipment=[roller.pk])
    )

    assert response.status_code == 302
    assert "cat-cow" not in listed(client.get(LIST, {"equipment": "none"}))
    assert "cat-cow" in listed(client.get(LIST, {"equipment": "foam-roller"}))
