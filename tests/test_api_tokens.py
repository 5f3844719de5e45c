"""Personal API tokens: made on the account page, shown once, stored hashed, scoped, revocable,
with a last-used time; the API's token-then-session auth with CSRF; the per-caller throttle."""

from __future__ import annotations

import hashlib
import re
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from spinewise.accounts.models import ApiToken
from spinewise.accounts.services import export_data
from spinewise.accounts.tokens import authenticate, make_token
from tests.api_helpers import API, TokenClient, detail

pytestmark = pytest.mark.django_db


def _made(client: Client, name: str = "my script", scope: str = "read") -> tuple[Any, str]:
    response = client.post("/account/tokens/", {"name": name, "scope": scope})
    assert response.status_code == 200
    shown = re.search(r'id="new-api-token">(sw_[A-Za-z0-9_-]+)<', response.content.decode())
    assert shown is not None
    return response, shown.group(1)


def test_a_token_made_on_the_account_page_is_shown_once_and_stored_only_hashed(
    trainee_client: Client,
) -> None:
    _, raw = _made(trainee_client)
    row = ApiToken.objects.get()
    assert row.name == "my script" and row.scope == "read"
    assert row.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in "".join(str(v) for v in ApiToken.objects.values_list())
    page = trainee_client.get("/account/").content.decode()
    assert "my script" in page and raw not in page and "never" in page


def test_the_token_form_refuses_a_bad_scope_or_a_missing_name(trainee_client: Client) -> None:
    assert trainee_client.post("/account/tokens/", {"name": "x", "scope": "admin"}).status_code == 400
    assert trainee_client.post("/account/tokens/", {"name": "", "scope": "read"}).status_code == 400
    assert not ApiToken.objects.exists()


def test_a_token_reads_the_api_as_its_person_and_notes_when_it_was_used(trainee: Any, stranger: Any) -> None:
    api = TokenClient(trainee, scope="read")
    assert api.row.last_used_at is None
    response = api.get("/account/profile")
    assert response.status_code == 200 and response.json()["email"] == trainee.email
    api.row.refresh_from_db()
    assert api.row.last_used_at is not None and timezone.now() - api.row.last_used_at < timedelta(seconds=5)


def test_an_unknown_or_malformed_token_is_401(db: None) -> None:
    client = Client()
    for header in ("Bearer sw_nope", "Bearer nope", "Basic abc", "Bearer "):
        response = client.get(f"{API}/account/profile", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert "token" in detail(response)
    assert client.get(f"{API}/account/profile").status_code == 401


def test_a_read_token_may_not_change_anything_and_a_write_token_may(trainee: Any) -> None:
    reader = TokenClient(trainee, scope="read", name="reader")
    response = reader.send("patch", "/account/profile", {"usual_minutes": 12})
    assert response.status_code == 403 and "only read" in detail(response)
    assert reader.get("/account/profile").json()["usual_minutes"] != 12
    writer = TokenClient(trainee, scope="write", name="writer")
    response = writer.send("patch", "/account/profile", {"usual_minutes": 12})
    assert response.status_code == 200 and response.json()["usual_minutes"] == 12


def test_a_revoked_token_stops_working_and_only_its_owner_may_revoke_it(
    trainee: Any, trainee_client: Client, stranger_client: Client
) -> None:
    api = TokenClient(trainee, scope="read")
    assert api.get("/account/profile").status_code == 200
    url = f"/account/tokens/{api.row.pk}/revoke/"
    stranger_client.post(url)
    assert api.get("/account/profile").status_code == 200
    assert trainee_client.post(url).status_code == 302
    assert api.get("/account/profile").status_code == 401
    assert not ApiToken.objects.filter(pk=api.row.pk).exists()


def test_tokens_are_in_the_data_download_without_their_digests(trainee: Any) -> None:
    row, raw = make_token(trainee, "phone", "write")
    section = export_data(trainee)["api_tokens"]
    assert section == [
        {"name": "phone", "scope": "write", "created_at": row.created_at.isoformat(), "last_used_at": None}
    ]
    assert row.digest not in str(export_data(trainee)) and raw not in str(export_data(trainee))


def test_an_inactive_persons_token_no_longer_works(trainee: Any) -> None:
    _, raw = make_token(trainee, "x", "read")
    assert authenticate(raw) is not None
    trainee.is_active = False
    trainee.save()
    assert authenticate(raw) is None


def test_the_session_needs_the_csrf_token_to_change_anything_but_a_token_does_not(
    trainee: Any,
) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(trainee)
    assert browser.get(f"{API}/account/profile").status_code == 200
    body = '{"usual_minutes": 14}'
    refused = browser.patch(f"{API}/account/profile", body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in detail(refused)
    browser.get("/account/")  # sets the csrftoken cookie, as a page would
    csrf = browser.cookies["csrftoken"].value
    allowed = browser.patch(
        f"{API}/account/profile", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert allowed.status_code == 200 and allowed.json()["usual_minutes"] == 14
    # A POST the same way: refused without the header, and nothing written; accepted with it.
    from spinewise.safety.models import Screening

    answers = '{"yes": []}'
    assert browser.post(f"{API}/screening/", answers, content_type="application/json").status_code == 403
    assert not Screening.objects.filter(user=trainee).exists()
    posted = browser.post(
        f"{API}/screening/", answers, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert posted.status_code == 201 and Screening.objects.filter(user=trainee).count() == 1
    api = TokenClient(trainee)  # its client enforces CSRF too, and sends none
    assert api.send("patch", "/account/profile", {"usual_minutes": 15}).status_code == 200


def test_each_token_is_throttled_on_its_own(trainee: Any, settings: Any) -> None:
    settings.SPINEWISE_API_RATE = "3/min"
    first, second = TokenClient(trainee, name="one"), TokenClient(trainee, name="two")
    assert [first.get("/account/profile").status_code for _ in range(3)] == [200, 200, 200]
    throttled = first.get("/account/profile")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) >= 1
    assert "detail" in throttled.json()
    assert second.get("/account/profile").status_code == 200


def test_anonymous_callers_are_throttled_by_address_whatever_x_forwarded_for_says(
    db: None, settings: Any
) -> None:
    settings.SPINEWISE_API_RATE = "2/min"
    client = Client()
    codes = [
        client.get(f"{API}/exercises/", headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]


def _rate_under(tmp_path: Path, rate: str) -> subprocess.CompletedProcess[str]:
    from tests.serving import PYTHON, clean_env

    return subprocess.run(
        [PYTHON, "-c", "from django.conf import settings; print(settings.SPINEWISE_API_RATE)"],
        env=clean_env(tmp_path, DJANGO_SETTINGS_MODULE="spinewise.settings", SPINEWISE_API_RATE=rate),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_api_rate_comes_from_the_environment_and_a_bad_one_stops_with_its_name(tmp_path: Path) -> None:
    assert _rate_under(tmp_path, "20/s").stdout.strip() == "20/s"
    bad = _rate_under(tmp_path, "lots")
    assert bad.returncode != 0 and "SPINEWISE_API_RATE='lots'" in bad.stderr
