"""Issue 6's journey in Chromium: baseline, sessions, retest, the report shows the change, its PDF opens."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from spinewise.assessments.models import Assessment
from tests.e2e.conftest import shot, sign_in
from tests.progress_data import daily_sessions, drawing_operators, pdf_text


def take_tests(page: Page, kind: str, pain: int, results: dict[str, float]) -> None:
    page.goto(f"/tests/?kind={kind}")
    expect(page.locator("select[name=kind]")).to_have_value(kind)
    page.check(f"input[name=pain_now][value='{pain}']")
    page.check(f"input[name=stiffness][value='{pain}']")
    # The home tests come one screen at a time: fill what each screen shows, then Next.
    left = dict(results)
    save = page.get_by_test_id("save-assessment")
    for _ in range(20):
        for name, value in list(left.items()):
            field = page.locator(f"input[name='result__{name}']")
            if field.is_visible():
                field.fill(f"{value:g}")
                del left[name]
        if save.is_visible():
            break
        page.locator("[data-step]:not([hidden]) [data-testid=step-next]").click()
    assert not left, f"never shown: {sorted(left)}"
    save.click()
    expect(page.get_by_text("Saved. Here is how this sitting compares.")).to_be_visible()


def test_baseline_sessions_retest_report_and_its_pdf(page: Page, tmp_path: Path) -> None:
    email = f"robin-{page.size_name}@example.com"  # type: ignore[attr-defined]
    user = sign_in(page, email)

    take_tests(
        page,
        "baseline",
        6,
        {
            "fingertip-to-floor__one": 25,
            "side-bridge-hold__left": 40,
            "side-bridge-hold__right": 50,
            "trunk-extensor-endurance__one": 60,
            "five-times-sit-to-stand__one": 14,
        },
    )
    # Six weeks of training: the baseline moves back, and a session a day fills the gap.
    Assessment.objects.filter(user=user).update(taken_at=timezone.now() - timedelta(weeks=6))
    daily_sessions(user, 40, timezone.now() - timedelta(hours=1))

    take_tests(
        page,
        "end",
        3,
        {
            "fingertip-to-floor__one": 14,
            "side-bridge-hold__left": 85,
            "side-bridge-hold__right": 90,
            "trunk-extensor-endurance__one": 125,
            "five-times-sit-to-stand__one": 10,
        },
    )

    page.goto("/progress/")
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(page.get_by_test_id("chart-pain-sessions").locator("svg[role=img]")).to_be_visible()
    expect(page.get_by_test_id("trend-fingertip-to-floor")).to_contain_text("Real improvement")
    shot(page, "progress-dashboard")

    page.get_by_test_id("report-link").first.click()
    expect(
        page.get_by_role("heading", name="Before and after: End of the program against baseline")
    ).to_be_visible()
    expect(page.get_by_test_id("celebration")).to_contain_text("Fingertip-to-floor")
    fingertip = page.get_by_test_id("row-test-fingertip-to-floor")
    expect(fingertip).to_contain_text("25 cm")
    expect(fingertip).to_contain_text("14 cm")
    expect(fingertip).to_contain_text("Real improvement")
    expect(page.get_by_test_id("row-pain_now")).to_contain_text("Real improvement")
    expect(page.get_by_test_id("chart-test-side-bridge-hold").locator("svg[role=img]")).to_be_visible()
    shot(page, "progress-report")

    with page.expect_download() as info:
        page.get_by_test_id("report-pdf").click()
    download = info.value
    assert download.suggested_filename.startswith("spinewise-report-")
    assert download.suggested_filename.endswith(".pdf")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert drawing_operators(pdf) > 500  # the charts are drawn in it
    text = pdf_text(pdf)
    if text is not None:
        assert "Fingertip-to-floor" in text and "Pain before and after each session" in text
