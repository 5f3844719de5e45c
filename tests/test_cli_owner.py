"""`spinewise createowner`: the owner's account, which logs in to the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from typer.testing import CliRunner

from spinewise.accounts.services import create_account
from spinewise.cli import app

pytestmark = pytest.mark.django_db
PASSWORD = "owner-quiet-harbour-77"


def test_it_asks_the_password_twice_and_the_owner_logs_in_to_the_admin() -> None:
    result = CliRunner().invoke(app, ["createowner"], input=f"Owner@Example.com\n{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "owner@example.com was created as the owner" in result.output
    assert PASSWORD not in result.output  # the password is never echoed
    user = get_user_model().objects.get(username="owner@example.com")
    assert user.is_staff and user.is_superuser and user.check_password(PASSWORD)
    client = Client()
    assert (
        client.post(
            "/admin/login/?next=/admin/", {"username": "owner@example.com", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.get("/admin/").status_code == 200


def test_an_existing_account_is_promoted_and_takes_the_new_password() -> None:
    create_account("pat@example.com", "calm-river-stone-42")
    result = CliRunner().invoke(
        app, ["createowner", "--email", "pat@example.com"], env={"SPINEWISE_OWNER_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert "is now the owner" in result.output
    user = get_user_model().objects.get(username="pat@example.com")
    assert user.is_superuser and user.check_password(PASSWORD)
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize(
    ("email", "password", "words"),
    [("not-an-email", PASSWORD, "is not an email address"), ("o@example.com", "12345678", "too weak")],
)
def test_bad_input_exits_2_and_makes_no_account(email: str, password: str, words: str) -> None:
    result = CliRunner().invoke(app, ["createowner", "--email", email, "--password", password])
    assert result.exit_code == 2
    assert words in " ".join(result.output.split())
    assert not get_user_model().objects.exists()
