"""The home-test pages: who may, the form and its errors, the result page, and fixed query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spinewise.assessments.models import Assessment, FunctionActivity, HomeTest, TestResult
from spinewise.safety.models import Screening
from tests.assessment_data import SLUGS, ready_to_test, sitting

pytestmark = pytest.mark.django_db

ACTIVITIES = [("Putting on socks", 3), ("Sitting through a film", 4), ("Lifting the shopping", 5)]


def first_sitting_form(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "baseline",
        "pain_now": "5",
        "pain_worst_week": "",
        "stiffness": "6",
        "result__fingertip-to-floor__one": "20",
        "result__side-bridge-hold__left": "45",
        "result__side-bridge-hold__right": "",
        **extra,
    }


# ---------------------------------------------------------------------- who may


def test_it_asks_anonymous_people_to_log_in(client: Client) -> None:
    for url in ("/tests/", "/tests/1/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_battery_waits_for_a_safety_screening(client: Client, trainee: Any) -> None:
    client.force_login(trainee)
    response = client.get("/tests/?kind=middle")
    assert response.status_code == 302
    assert response["Location"] == "/screening/?next=%2Ftests%2F%3Fkind%3Dmiddle"


def test_a_red_flag_keeps_the_battery_closed_until_cleared(client: Client, trainee: Any) -> None:
    Screening.objects.create(user=trainee, source="web", answers={"infection": True}, urgency=3)
    client.force_login(trainee)
    assert client.get("/tests/").status_code == 302
    assert client.post("/tests/", first_sitting_form()).status_code == 302
    assert not Assessment.objects.exists()
    Screening.objects.filter(user=trainee).update(cleared_at=timezone.now())
    assert client.get("/tests/").status_code == 200


def test_nobody_sees_someone_elses_results(client: Client, trainee: Any, stranger: Any) -> None:
    mine = sitting(trainee, kind="baseline", pain_now=4)
    ready_to_test(stranger)
    client.force_login(stranger)
    assert client.get(f"/tests/{mine.pk}/").status_code == 404
    assert client.get("/tests/999999/").status_code == 404


# ---------------------------------------------------------------------- the battery page


def test_the_battery_shows_every_test_with_its_steps_and_safety_notes(client: Client, trainee: Any) -> None:
    ready_to_test(trainee)
    client.force_login(trainee)
    page = client.get("/tests/").content.decode()
    for test in HomeTest.objects.active():
        assert test.name in page
        assert test.steps[0] in page
        assert test.safety[0] in page
    assert page.count('name="result__side-bridge-hold__') == 2
    assert 'name="result__fingertip-to-floor__one"' in page
    assert "becomes your baseline" in page
    assert "Name three to five everyday activities" in page
    assert page.count('name="new_name_') == 5


def test_the_kind_comes_from_the_address_once_there_is_a_baseline(client: Client, trainee: Any) -> None:
    ready_to_test(trainee)
    client.force_login(trainee)
    first = client.get("/tests/?kind=end").content.decode()
    assert '<option value="baseline" selected>' in first and 'value="end"' not in first
    sitting(trainee, kind="baseline", pain_now=5)
    assert '<option value="middle" selected>' in client.get("/tests/?kind=middle").content.decode()
    assert '<option value="check" selected>' in client.get("/tests/").content.decode()
    assert '<option value="check" selected>' in client.get("/tests/?kind=whatever").content.decode()


def test_inputs_are_in_the_persons_units(client: Client, trainee: Any) -> None:
    ready_to_test(trainee, units="in")
    client.force_login(trainee)
    page = client.get("/tests/").content.decode()
    assert "Result (inches)" in page and "Left (seconds)" in page
    response = client.post("/tests/", first_sitting_form(**{"result__fingertip-to-floor__one": "10"}))
    assert response.status_code == 302
    result = TestResult.objects.get(test__slug="fingertip-to-floor")
    assert result.value == pytest.approx(25.4)


def test_a_valid_first_sitting_is_saved_and_shown(client: Client, trainee: Any) -> None:
    ready_to_test(trainee)
    client.force_login(trainee)
    activities = {
        "new_name_0": "Putting on socks",
        "new_score_0": "3",
        "new_name_1": "Driving",
        "new_score_1": "6",
    }
    activities |= {"new_name_2": "Gardening", "new_score_2": "2", "note": "Evening, after work."}
    response = client.post("/tests/", first_sitting_form(**activities))
    assessment = Assessment.objects.get(user=trainee)
    assert response["Location"] == f"/tests/{assessment.pk}/"
    assert (assessment.kind, assessment.pain_now, assessment.pain_worst_week, assessment.stiffness) == (
        "baseline",
        5,
        None,
        6,
    )
    assert assessment.note == "Evening, after work."
    assert sorted(assessment.results.values_list("test__slug", "side", "value")) == [
        ("fingertip-to-floor", "", 20.0),
        ("side-bridge-hold", "left", 45.0),
    ]
    assert sorted(assessment.ratings.values_list("activity__name", "score")) == [
        ("Driving", 6),
        ("Gardening", 2),
        ("Putting on socks", 3),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "This is your baseline" in page and "Saved." in page


def test_a_later_sitting_rerates_the_named_activities(client: Client, trainee: Any) -> None:
    ready_to_test(trainee)
    sitting(trainee, kind="baseline", activities=ACTIVITIES)
    socks = FunctionActivity.objects.get(name="Putting on socks")
    client.force_login(trainee)
    page = client.get("/tests/").content.decode()
    assert f'name="rate_{socks.pk}"' in page and "Putting on socks" in page
    assert page.count('name="new_name_') == 2  # five at most
    response = client.post("/tests/", {"kind": "middle", f"rate_{socks.pk}": "7"})
    assert response.status_code == 302
    assert Assessment.objects.get(kind="middle").ratings.get().score == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "baseline"}, "Answer at least one test or question before saving."),
        (
            first_sitting_form(**{"result__fingertip-to-floor__one": "150"}),
            "Fingertip-to-floor: enter a number from 0 to 100 cm",
        ),
        (
            first_sitting_form(**{"result__side-bridge-hold__left": "lots"}),
            "Side bridge hold, left: enter a number from 1 to 600 seconds",
        ),
        (
            first_sitting_form(**{"result__trunk-extensor-endurance__one": "0"}),
            "enter a number from 1 to 240 seconds",
        ),
        (first_sitting_form(pain_now="12"), "Select a valid choice."),
        (first_sitting_form(new_name_0="Socks", new_score_0="3"), "Name at least 3 activities"),
        (first_sitting_form(new_name_0="Socks"), "Rate &#x27;Socks&#x27; from 0 to 10"),
        (first_sitting_form(new_score_0="3"), "Name the activity you rated."),
        (
            first_sitting_form(
                new_name_0="Socks",
                new_score_0="3",
                new_name_1="socks",
                new_score_1="4",
                new_name_2="Car",
                new_score_2="1",
            ),
            "one of them is listed twice",
        ),
    ],
)
def test_a_bad_answer_is_explained_and_nothing_is_saved(
    client: Client, trainee: Any, data: dict[str, Any], message: str
) -> None:
    ready_to_test(trainee)
    client.force_login(trainee)
    response = client.post("/tests/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Assessment.objects.exists() and not FunctionActivity.objects.exists()


def test_the_battery_only_offers_active_tests(client: Client, trainee: Any) -> None:
    ready_to_test(trainee)
    HomeTest.objects.filter(slug="trunk-flexor-endurance").update(retired=True)
    client.force_login(trainee)
    page = client.get("/tests/").content.decode()
    assert "Trunk flexor endurance hold" not in page
    response = client.post(
        "/tests/", {"kind": "baseline", "result__trunk-flexor-endurance__one": "60", "pain_now": "3"}
    )
    assert response.status_code == 302
    assert not TestResult.objects.exists()  # the retired test's field is not part of the form


# ---------------------------------------------------------------------- the result page


def test_the_result_shows_norms_only_with_sex_and_birth_year(client: Client, trainee: Any) -> None:
    profile = ready_to_test(trainee)
    year = timezone.now().year
    mine = sitting(
        trainee,
        kind="baseline",
        results={("five-times-sit-to-stand", ""): 12.0, ("fingertip-to-floor", ""): 10},
    )
    client.force_login(trainee)
    page = client.get(f"/tests/{mine.pk}/").content.decode()
    assert "add your sex and birth year" in page
    assert "than the published average" not in page
    profile.sex, profile.birth_year = "female", year - 65
    profile.save()
    page = client.get(f"/tests/{mine.pk}/").content.decode()
    assert "worse than the published average for people aged 60-69 (11.4 s)" in page
    assert "No published norm for this test" in page  # fingertip-to-floor
    profile.birth_year = year - 40
    profile.save()
    assert "No published norm for your age and sex." in client.get(f"/tests/{mine.pk}/").content.decode()


def test_the_result_shows_change_against_the_baseline_and_whether_it_is_real(
    client: Client, trainee: Any
) -> None:
    ready_to_test(trainee, units="in")
    sitting(
        trainee,
        kind="baseline",
        days_ago=42,
        pain_now=6,
        results={("trunk-extensor-endurance", ""): 60, ("fingertip-to-floor", ""): 25.4},
    )
    end = sitting(
        trainee,
        kind="end",
        pain_now=3,
        results={
            ("trunk-extensor-endurance", ""): 100,
            ("fingertip-to-floor", ""): 22.86,
            ("trunk-flexor-endurance", ""): 120,
            ("side-bridge-hold", "left"): 80,
            ("side-bridge-hold", "right"): 60,
        },
    )
    client.force_login(trainee)
    page = client.get(f"/tests/{end.pk}/").content.decode()
    assert "Compared with your baseline of" in page
    assert "Real improvement</span> Up 40 s: beyond this test&#x27;s measurement error (32.2 s)" in page
    assert "Within measurement error</span> Down 1 in" in page  # 10 in -> 9 in
    assert "Not measured at the baseline." in page
    assert "Pain now: 6 then 3: 2 points or more, a real change for the better." in page
    assert 'data-testid="real-progress"' in page
    for key in ("flexor-extensor", "side-to-side", "side-bridge-extensor"):
        assert f'data-testid="flag-{key}"' in page


def test_there_is_no_celebration_without_real_improvement(client: Client, trainee: Any) -> None:
    ready_to_test(trainee)
    sitting(trainee, kind="baseline", days_ago=30, pain_now=5, results={("fingertip-to-floor", ""): 20})
    later = sitting(trainee, kind="middle", pain_now=5, results={("fingertip-to-floor", ""): 18})
    client.force_login(trainee)
    page = client.get(f"/tests/{later.pk}/").content.decode()
    assert "Within measurement error" in page
    assert 'data-testid="real-progress"' not in page
    assert 'data-testid="real-worsening"' not in page


def test_a_real_worsening_is_pointed_out_with_what_to_do(client: Client, trainee: Any) -> None:
    ready_to_test(trainee)
    sitting(trainee, kind="baseline", days_ago=30, pain_now=2)
    later = sitting(trainee, kind="middle", pain_now=6)
    client.force_login(trainee)
    page = client.get(f"/tests/{later.pk}/").content.decode()
    assert 'data-testid="real-worsening"' in page and "I have new symptoms" in page
    assert 'data-testid="real-progress"' not in page


# ---------------------------------------------------------------------- fixed number of queries


def add_history(user: Any, n: int) -> None:
    for i in range(n):
        sitting(
            user,
            kind="check",
            days_ago=400 + i,
            pain_now=i % 11,
            results={
                (slug, side): 10 + i % 20
                for slug in SLUGS
                for side in HomeTest.objects.get(slug=slug).side_list
            },
            ratings={a.pk: i % 11 for a in FunctionActivity.objects.filter(user=user)},
        )


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_pages_do_a_fixed_number_of_queries_whatever_the_history(client: Client, trainee: Any) -> None:
    ready_to_test(trainee, sex="male", birth_year=1958)
    sitting(
        trainee,
        kind="baseline",
        days_ago=500,
        results={("side-bridge-hold", "left"): 50},
        activities=ACTIVITIES,
    )
    add_history(trainee, 1)
    latest = sitting(
        trainee, kind="end", results={("side-bridge-hold", "left"): 90, ("five-times-sit-to-stand", ""): 11}
    )
    client.force_login(trainee)
    small = (count(client, f"/tests/{latest.pk}/"), count(client, "/tests/"))
    add_history(trainee, 30)
    assert (count(client, f"/tests/{latest.pk}/"), count(client, "/tests/")) == small
    assert max(small) <= 12, small
