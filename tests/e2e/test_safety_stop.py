"""In the browser: the quick check's stop holds across a new check until a dated clinician visit."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import answer_screening, shot


def test_the_quick_checks_stop_holds_until_a_visit_is_recorded(page: Page) -> None:
    page.goto("/relief/")
    expect(page.locator("legend", has_text="Bladder, bowels and legs")).to_be_visible()
    shot(page, "quick-check-questions")
    answer_screening(page, yes=("saddle_numbness",))
    expect(page.get_by_test_id("advice")).to_contain_text("Go to an emergency department now.")
    # A new check shows the earlier advice and the clearance step, not a blank form.
    page.goto("/check/?next=/relief/")
    expect(page.get_by_test_id("advice")).to_contain_text("Go to an emergency department now.")
    expect(page.get_by_test_id("clearance")).to_be_visible()
    shot(page, "stop-holds")
    # New symptoms: answering "no" to everything does not lift it.
    page.get_by_test_id("answer-again").click()
    answer_screening(page)
    expect(page.get_by_test_id("held")).to_contain_text("They do not lift the earlier advice")
    page.goto("/relief/")
    expect(page).to_have_url(re.compile(r"/check/\?next="))
    # A visit in the future is refused beside the field; today's lets them in.
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.fill("input[name=visit_date]", tomorrow.isoformat())
    page.get_by_test_id("clearance-submit").click()
    expect(page.locator("#id_visit_date_error")).to_contain_text("is in the future")
    shot(page, "clearance-error")
    page.fill("input[name=visit_date]", timezone.localdate().isoformat())
    page.fill("input[name=cleared_by]", "Dr Okafor")
    page.get_by_test_id("clearance-submit").click()
    expect(page).to_have_url(re.compile(r"/relief/$"))
