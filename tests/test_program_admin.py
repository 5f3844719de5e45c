"""The owner's admin: making code batches shown once, granting lifetime access by hand."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from spinewise.programs.access import digest, redeem
from spinewise.programs.models import Access, AccessCode, CodeBatch, Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner() -> Client:
    user = User.objects.create_superuser("owner", "owner@example.com", "a-long-test-password")
    client = Client()
    client.force_login(user)
    return client


def test_the_owner_makes_a_batch_and_sees_the_codes_once(owner: Client, trainee: User) -> None:
    program = Program.objects.get(slug="six-week-lower-back")
    page = owner.post(
        reverse("admin:programs_codebatch_add"), {"program": program.pk, "size": "3", "label": "spring sale"}
    )
    # POST-redirect-GET: the codes are on the page the redirect leads to, shown there once.
    assert page.status_code == 302
    shown = owner.get(page["Location"])
    assert shown.status_code == 200
    text = shown.content.decode()
    codes = re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", text)
    assert len(set(codes)) == 3
    batch = CodeBatch.objects.get()
    assert (batch.size, batch.label, batch.created_by.username if batch.created_by else None) == (
        3,
        "spring sale",
        "owner",
    )
    assert set(AccessCode.objects.values_list("digest", flat=True)) == {digest(c) for c in codes}
    csv_href = re.search(r'href="data:text/csv;base64,([^"]+)"', text)
    assert csv_href is not None
    assert set(codes) <= set(re.findall(r"[0-9A-Z-]{19}", base64.b64decode(csv_href.group(1)).decode()))
    # The batch page afterwards shows hints and use, never the codes.
    redeem(trainee, codes[0])
    detail = owner.get(reverse("admin:programs_codebatch_change", args=[batch.pk])).content.decode()
    assert not any(code in detail for code in codes)
    assert codes[0].replace("-", "")[-4:] in detail


def test_reloading_the_batch_page_makes_no_second_batch_and_shows_no_code_again(owner: Client) -> None:
    program = Program.objects.get(slug="six-week-lower-back")
    made = owner.post(
        reverse("admin:programs_codebatch_add"), {"program": program.pk, "size": "2", "label": "fair"}
    )
    first = owner.get(made["Location"]).content.decode()
    assert len(re.findall(CODE, first)) == 2
    again = owner.get(made["Location"]).content.decode()
    assert CodeBatch.objects.count() == 1 and AccessCode.objects.count() == 2
    assert not re.findall(CODE, again)
    assert 'data-testid="codes-gone"' in again and "shown once" in again
    assert owner.get(reverse("admin:programs_codebatch_make") + "?batch=nope").status_code == 200
    assert owner.get(reverse("admin:programs_codebatch_make") + "?batch=" + "9" * 40).status_code == 200
    assert not owner.session.get("spinewise-new-codes")


CODE = r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b"


def test_a_batch_needs_a_paid_program_and_a_sensible_size(owner: Client) -> None:
    free = Program.objects.get(slug="morning-release-four-weeks")
    page = owner.post(
        reverse("admin:programs_codebatch_add"), {"program": free.pk, "size": "3", "label": "x"}
    )
    assert "Select a valid choice" in page.content.decode()
    paid = Program.objects.get(slug="six-week-lower-back")
    page = owner.post(
        reverse("admin:programs_codebatch_add"), {"program": paid.pk, "size": "0", "label": "x"}
    )
    assert "greater than or equal to 1" in page.content.decode()
    assert not CodeBatch.objects.exists()


def test_the_owner_grants_lifetime_access_by_hand(owner: Client, trainee: User) -> None:
    program = Program.objects.get(slug="six-week-lower-back")
    response = owner.post(
        reverse("admin:programs_access_add"),
        {"user": trainee.pk, "program": program.pk, "source": "code", "note": "refund swap"},
    )
    assert response.status_code == 302
    access = Access.objects.get(user=trainee)
    assert (access.source, access.note) == ("admin", "refund swap")


def test_people_without_staff_rights_cannot_make_codes(client: Client, trainee: User) -> None:
    client.force_login(trainee)
    response = client.get(reverse("admin:programs_codebatch_add"))
    assert response.status_code == 302
    assert not CodeBatch.objects.exists()
