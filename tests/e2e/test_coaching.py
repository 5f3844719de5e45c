"""The coach's journey of issue 14 in Chromium, at phone and desktop sizes: a coach invites, the
client accepts, the coach composes and assigns a routine, the client plays it, the coach sees it
with its pain and an alert, and the handout PDF has figures and a QR code to the routine."""

from __future__ import annotations

import re
from typing import Any

import pypdfium2
import zxingcpp
from playwright.sync_api import Browser, Page, expect

from spinewise.coaching.models import AssignedSession, Assignment, CoachProfile
from tests.e2e.conftest import ARTIFACTS, SIZES, play_to_the_end_and_save, shot, sign_in
from tests.progress_data import drawing_operators


def test_invite_accept_assign_play_watch_and_print(page: Page, browser: Browser, live_server: Any) -> None:
    size = page.size_name  # type: ignore[attr-defined]
    coach = sign_in(page, f"dana-{size}@example.com")
    CoachProfile.objects.create(user=coach, display_name="Dana Physio", practice="Riverside Physiotherapy")

    # The coach makes an invitation: a code shown once.
    page.goto("/coaching/")
    expect(page.get_by_role("heading", name="Your clients")).to_be_visible()
    page.get_by_test_id("new-invitation").click()
    code = page.get_by_test_id("invitation-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    shot(page, "coaching-invited")

    # The client, in a browser of their own, sees who the coach is and what they will see.
    context = browser.new_context(
        viewport=SIZES[size], base_url=live_server.url, is_mobile=size == "phone", has_touch=size == "phone"
    )
    context.set_default_timeout(15_000)
    other = context.new_page()
    other.size_name = size  # type: ignore[attr-defined]
    errors: list[str] = []
    other.on("pageerror", lambda exc: errors.append(str(exc)))
    client = sign_in(other, f"robin-{size}@example.com")
    other.goto("/coaching/")
    other.fill("input[name=code]", code.lower())
    other.get_by_test_id("join-submit").click()
    expect(other.get_by_test_id("coach-card")).to_contain_text("Dana Physio")
    expect(other.get_by_test_id("coach-sees")).to_contain_text("pain before, during (worst) and after")
    shot(other, "coaching-consent")
    other.get_by_test_id("accept").click()
    expect(other.get_by_test_id("coach-link")).to_contain_text("Dana Physio")

    # The coach composes a routine, previews its time and position changes, and assigns it.
    page.goto("/coaching/")
    page.get_by_role("link", name=f"robin-{size}@example.com").click()
    page.get_by_test_id("compose").click()
    page.fill("input[name=name]", "Back basics")
    page.fill("textarea[name=notes]", "Slow and easy; stop at 5/10.")
    page.select_option("select[name=item-0-exercise]", "knee-to-chest")
    page.select_option("select[name=item-1-exercise]", "cat-cow")
    page.fill("input[name=item-1-sets]", "2")
    page.fill("input[name=item-1-amount]", "6")
    page.fill("input[name=item-1-note]", "Move with your breath.")
    page.select_option("select[name=item-2-exercise]", "bridge")
    page.get_by_test_id("preview-button").click()
    expect(page.get_by_test_id("estimate")).to_contain_text("position change")
    shot(page, "coaching-composer")
    page.get_by_test_id("save-routine").click()
    assignment = Assignment.objects.get(link__client=client)
    expect(page.get_by_test_id(f"assignment-{assignment.pk}")).to_contain_text("Back basics")

    # The client finds it on Today, and plays it (on the player's fast clock).
    other.goto("/")
    other.get_by_test_id("assigned-routines").get_by_role("link", name="Back basics").click()
    expect(other.get_by_test_id("coach-notes")).to_have_text("Slow and easy; stop at 5/10.")
    expect(other.get_by_test_id("changes")).to_contain_text("Dana Physio")
    shot(other, "coaching-assigned")
    href = other.get_by_test_id("play").get_attribute("href")
    assert href
    other.goto(f"{href}?speed=400")
    other.get_by_test_id("pain-before-3").check()
    play_to_the_end_and_save(other, worst=7, after=4, effort=5)
    link = AssignedSession.objects.select_related("session").get(assignment=assignment)
    assert (link.session.status, link.session.worst_pain_during, link.session.pain_after) == (
        "complete",
        7,
        4,
    )

    # The coach sees the session with its pain, and the alert.
    page.goto("/coaching/")
    card = page.get_by_test_id(f"client-{assignment.link_id}")
    expect(card.locator("[data-alert=worst-pain]")).to_contain_text("Worst pain 7/10 during Back basics")
    expect(card.get_by_test_id("last-pain")).to_contain_text("3 / 4")
    shot(page, "coaching-clients")
    page.get_by_role("link", name=f"robin-{size}@example.com").click()
    row = page.get_by_test_id("session-row").first
    expect(row).to_contain_text("Back basics")
    expect(row).to_contain_text("assigned")
    shot(page, "coaching-client")

    # The handout: figures drawn as vectors, and a QR code that opens the routine in the app.
    handout = page.get_by_test_id("handout").get_attribute("href")
    assert handout
    response = page.request.get(handout)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert drawing_operators(pdf) > 300
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    image.save(ARTIFACTS / f"coaching-handout-{size}.png")
    decoded = [c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert decoded == [f"{live_server.url}/coaching/assigned/{assignment.pk}/"]
    other.goto(decoded[0].removeprefix(live_server.url))
    expect(other.get_by_role("heading", name="Back basics")).to_be_visible()

    context.close()
    assert not errors, errors
