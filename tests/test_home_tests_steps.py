"""The home-test page's steps and stopwatches, as the server writes them (the browser test plays them)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.assessment_data import ready_to_test

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parents[1] / "src" / "spinewise" / "static" / "spinewise"


def page_of(client: Client, trainee: Any, query: str = "") -> str:
    if not hasattr(trainee, "profile"):
        ready_to_test(trainee)
    client.force_login(trainee)
    response = client.get(f"/tests/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_every_test_is_a_step_and_only_timed_tests_get_a_stopwatch(client: Client, trainee: Any) -> None:
    html = page_of(client, trainee)
    # Questions, activities, six tests, then the save step: one screen each once the script runs.
    assert html.count("data-step ") == 9
    watches = re.findall(r'data-testid="stopwatch-(result__[a-z0-9-]+__[a-z]+)"', html)
    assert sorted(watches) == [
        "result__five-times-sit-to-stand__one",
        "result__side-bridge-hold__left",
        "result__side-bridge-hold__right",
        "result__trunk-extensor-endurance__one",
        "result__trunk-flexor-endurance__one",
    ]
    assert "stopwatch-result__fingertip-to-floor" not in html  # a distance has no timer
    assert "spinewise/home-tests.js" in html and "spinewise/flows.css" in html


def test_the_stopwatch_speed_is_bounded(client: Client, trainee: Any) -> None:
    assert 'data-speed="1000.0"' in page_of(client, trainee, "?speed=1e9")
    assert 'data-speed="1.0"' in page_of(client, trainee, "?speed=nan")
    assert 'data-speed="1.0"' in page_of(client, trainee, "?speed=-4")
    assert 'data-speed="1.0"' in page_of(client, trainee, "?speed=fast")


def test_the_module_reuses_the_players_clock_and_sounds_by_relative_imports() -> None:
    text = (STATIC / "home-tests.js").read_text(encoding="utf-8")
    imports = re.findall(r'from "([^"]+)";', text)
    assert set(imports) == {"./player/clock.js", "./player/sound.js"}
    assert all((STATIC / name).is_file() for name in imports)
