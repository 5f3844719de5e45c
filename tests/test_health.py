"""/healthz: 200 with JSON while the database answers, 503 with a clear body when it does not."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.serving import PYTHON, clean_env


@pytest.mark.django_db
def test_healthz_answers_json_without_setting_cookies(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    # A probe every few seconds must not create sessions or CSRF cookies.
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_only_answers_reads(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_healthz_is_503_when_the_database_cannot_be_opened(tmp_path: Path) -> None:
    # A real unreachable database: an SQLite file in a folder that does not exist.
    missing = tmp_path / "gone" / "spinewise.sqlite3"
    code = (
        "import django, json; django.setup();"
        "from django.test import Client; r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    done = subprocess.run(
        [PYTHON, "-c", code],
        env=clean_env(
            tmp_path, DATABASE_URL=f"sqlite:///{missing}", DJANGO_SETTINGS_MODULE="spinewise.settings"
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout.strip().splitlines()[-1])
    assert reply["status"] == 503
    assert reply["body"]["status"] == "unavailable"
    assert "database does not answer" in reply["body"]["database"]
    assert "the database does not answer" in done.stderr  # and the reason is in the log
