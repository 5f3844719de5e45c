"""The before/after report: every test and questionnaire side by side, real change, and celebration."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from spinewise.assessments.models import Assessment
from spinewise.progress.services import before_after, person_of, report_pairs, sittings_of
from tests.assessment_data import sitting
from tests.progress_data import ABOUT_THE_SAME, BASELINE, BETTER, WORSE, baseline_and_retest, set_profile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def url(before: Any, after: Any) -> str:
    return f"/progress/reports/{before.pk}/{after.pk}/"


def html_of(client: Client, before: Any, after: Any) -> str:
    response = client.get(url(before, after))
    assert response.status_code == 200
    return response.content.decode()


def row(html: str, key: str) -> str:
    match = re.search(rf'<tr data-testid="row-{re.escape(key)}".*?</tr>', html, re.S)
    assert match, f"no row {key}"
    return match.group(0)


def test_it_celebrates_a_real_improvement_and_names_it(client_of: Client, trainee: Any) -> None:
    before, after = baseline_and_retest(trainee, BETTER)
    html = html_of(client_of, before, after)
    assert 'data-testid="celebration"' in html
    assert "Well done" in html
    celebration = re.search(r'data-testid="celebration".*?</div>', html, re.S)
    assert celebration and "Fingertip-to-floor" in celebration.group(0) and "Pain now" in celebration.group(0)
    assert "Trunk flexor endurance hold" not in celebration.group(0)  # no published error: never judged
    assert 'data-testid="worsened"' not in html


def test_no_celebration_when_every_change_is_within_measurement_error(
    client_of: Client, trainee: Any
) -> None:
    before, after = baseline_and_retest(trainee, ABOUT_THE_SAME, pain=(6, 5), activity_scores=(4, 5, 6))
    page = before_after(trainee, before.pk, after.pk)
    verdicts = {r.verdict for r in page.report.rows}
    assert verdicts <= {"within-error", "unknown", ""}, verdicts
    assert not page.report.celebrate
    html = html_of(client_of, before, after)
    assert 'data-testid="celebration"' not in html
    assert "Well done" not in html and "Real progress" not in html
    assert 'data-testid="no-celebration"' in html
    assert 'data-verdict="improved"' not in html


def test_no_celebration_when_things_got_worse(client_of: Client, trainee: Any) -> None:
    before, after = baseline_and_retest(trainee, WORSE, pain=(3, 6), activity_scores=(0, 1, 2))
    html = html_of(client_of, before, after)
    assert 'data-testid="celebration"' not in html
    assert "Well done" not in html
    worsened = re.search(r'data-testid="worsened".*?</div>', html, re.S)
    assert worsened
    for name in ("Fingertip-to-floor", "Side bridge hold, left", "Pain now", "Activities score"):
        assert name in worsened.group(0), name
    assert 'data-verdict="improved"' not in html


def test_no_celebration_for_changes_nobody_can_judge(client_of: Client, trainee: Any) -> None:
    # The flexor hold has no published error and stiffness no smallest real change.
    before = sitting(
        trainee, kind="baseline", days_ago=30, results={("trunk-flexor-endurance", ""): 30}, stiffness=8
    )
    after = sitting(trainee, kind="end", results={("trunk-flexor-endurance", ""): 120}, stiffness=2)
    html = html_of(client_of, before, after)
    assert 'data-testid="celebration"' not in html
    assert 'data-verdict="unknown"' in html
    assert "Cannot tell" in html


def test_every_test_and_question_sits_side_by_side(client_of: Client, trainee: Any) -> None:
    before, after = baseline_and_retest(trainee, BETTER)
    html = html_of(client_of, before, after)
    for (slug, side), value in BASELINE.items():
        key = f"test-{slug}{'-' + side if side else ''}"
        cells = row(html, key)
        assert f"{value:g} " in cells and f"{BETTER[(slug, side)]:g} " in cells, key
    fingertip = row(html, "test-fingertip-to-floor")
    assert "\N{MINUS SIGN}10 cm" in fingertip and 'data-verdict="improved"' in fingertip
    assert "Real improvement" in fingertip
    assert 'data-verdict="unknown"' in row(html, "test-trunk-flexor-endurance")
    pain = row(html, "pain_now")
    assert ">6<" in pain and ">3<" in pain and "\N{MINUS SIGN}3" in pain and 'data-verdict="improved"' in pain
    assert 'data-verdict="unknown"' in row(html, "stiffness")
    psfs = row(html, "psfs")
    assert "4.0" in psfs and "7.7" in psfs and 'data-verdict="improved"' in psfs
    for name, _ in (("Putting on socks", 3), ("Sitting through a film", 4)):
        assert name in html
    assert "Middle<br>" in html and "Baseline<br>" in html


def test_distances_are_shown_in_the_persons_units(client_of: Client, trainee: Any) -> None:
    set_profile(trainee, units="in")
    before, after = baseline_and_retest(trainee, BETTER)
    cells = row(html_of(client_of, before, after), "test-fingertip-to-floor")
    assert "9.8 in" in cells and "5.9 in" in cells and "\N{MINUS SIGN}3.9 in" in cells


def test_a_test_done_only_once_is_listed_without_a_verdict(client_of: Client, trainee: Any) -> None:
    before = sitting(
        trainee, kind="baseline", days_ago=20, results={("fingertip-to-floor", ""): 20}, pain_now=4
    )
    after = sitting(trainee, kind="end", results={("side-bridge-hold", "left"): 60}, pain_now=4)
    html = html_of(client_of, before, after)
    assert "Not measured both times" in row(html, "test-fingertip-to-floor")
    assert "Not measured both times" in row(html, "test-side-bridge-hold-left")
    assert 'data-testid="celebration"' not in html


def test_the_report_puts_the_earlier_sitting_first(client_of: Client, trainee: Any) -> None:
    before, after = baseline_and_retest(trainee, BETTER)
    response = client_of.get(url(after, before))
    assert response.status_code == 302 and response["Location"] == url(before, after)


def test_the_report_has_its_charts_with_text_alternatives(client_of: Client, trainee: Any) -> None:
    before, after = baseline_and_retest(trainee, BETTER)
    html = html_of(client_of, before, after)
    for key in ("questions", "test-fingertip-to-floor", "test-side-bridge-hold"):
        figure = re.search(rf'<figure class="chart" data-testid="chart-{key}">.*?</figure>', html, re.S)
        assert figure, key
        svg = figure.group(0)
        assert 'role="img"' in svg and "<title " in svg and "<desc " in svg and "<figcaption>" in svg
        assert "<table>" in svg  # the numbers, for screen readers
        assert "<script" not in svg


def test_middle_and_end_reports_are_offered_against_the_baseline(trainee: Any) -> None:
    base = sitting(trainee, kind="baseline", days_ago=42, pain_now=5)
    check = sitting(trainee, kind="check", days_ago=30, pain_now=5)
    middle = sitting(trainee, kind="middle", days_ago=21, pain_now=4)
    end = sitting(trainee, kind="end", days_ago=0, pain_now=2)
    pairs = report_pairs(sittings_of(trainee, person_of(trainee), with_ratings=False))
    assert [(p.before.pk, p.after.pk) for p in pairs] == [(base.pk, end.pk), (base.pk, middle.pk)]
    assert check.pk not in {p.after.pk for p in pairs}
    assert Assessment.objects.filter(user=trainee).count() == 4


def test_a_new_baseline_starts_a_new_comparison(trainee: Any) -> None:
    sitting(trainee, kind="baseline", days_ago=100, pain_now=5)
    second = sitting(trainee, kind="baseline", days_ago=50, pain_now=5)
    end = sitting(trainee, kind="end", days_ago=0, pain_now=2)
    pairs = report_pairs(sittings_of(trainee, person_of(trainee), with_ratings=False))
    assert [(p.before.pk, p.after.pk) for p in pairs] == [(second.pk, end.pk)]


def test_the_chooser_sends_any_two_sittings_to_their_report(client_of: Client, trainee: Any) -> None:
    first = sitting(trainee, kind="baseline", days_ago=30, pain_now=5)
    second = sitting(trainee, kind="check", days_ago=10, pain_now=4)
    page = client_of.get("/progress/reports/")
    assert page.status_code == 200 and 'data-testid="choose-pair"' in page.content.decode()
    response = client_of.get("/progress/reports/", {"before": first.pk, "after": second.pk})
    assert response.status_code == 302 and response["Location"] == url(first, second)
    assert client_of.get("/progress/reports/", {"before": first.pk, "after": first.pk}).status_code == 400
    assert client_of.get("/progress/reports/", {"before": "x", "after": second.pk}).status_code == 400
