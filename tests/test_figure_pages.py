"""Where a person sees the figures: the exercise page (animated, with its Pause button and linked
stylesheet), the library list and the routine tables (stills), the player's payload, and the
figure's own URLs. Nothing is drawn per request: every figure comes from the exercise row."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spinewise.library.models import Exercise
from tests.figure_data import undrawn
from tests.play_helpers import cleared

pytestmark = pytest.mark.django_db

STATIC = Path(settings.STATICFILES_DIRS[0])
SEVEN = "/play/routine/seven-back-stretches/"


def test_the_exercise_page_shows_the_animated_figure_with_its_pause_button_and_stylesheet(
    client: Client,
) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")

    html = client.get("/exercises/cat-cow/").content.decode()

    assert cat_cow.figure_svg in html
    assert f'<link rel="stylesheet" href="/exercises/figures/cat-cow.{cat_cow.figure_hash}.css">' in html
    assert 'src="/static/spinewise/figure.js"' in html
    assert re.search(
        r'<button type="button" class="figure-toggle" data-figure-toggle[^>]*hidden>Pause</button>', html
    )
    assert "Seen from the side" in html
    # Nothing a strict Content-Security-Policy would block: no <style>, no style="", no inline script.
    body = html.split("<body", 1)[1]
    assert "<style" not in body and " style=" not in body
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*json)", body)


def test_an_exercise_without_a_figure_shows_no_figure_parts(client: Client) -> None:
    bare = undrawn()
    assert bare is not None

    html = client.get(bare.get_absolute_url()).content.decode()

    assert "data-figure" not in html and "figure.js" not in html and "/exercises/figures/" not in html


def test_the_stylesheet_is_served_at_its_hashed_url_cached_for_good(client: Client) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")

    response = client.get(cat_cow.figure_css_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.content.decode() == cat_cow.figure_css
    assert client.get(f"/exercises/figures/cat-cow.{'0' * 16}.css").status_code == 404
    assert client.get(f"/exercises/figures/no-such.{cat_cow.figure_hash}.css").status_code == 404
    assert client.post(cat_cow.figure_css_url()).status_code == 405


def test_the_still_is_served_hashed_and_by_slug_with_an_etag(client: Client) -> None:
    cat_cow = Exercise.objects.get(slug="cat-cow")

    hashed = client.get(cat_cow.figure_still_url())
    assert hashed.status_code == 200 and hashed["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert hashed["Cache-Control"] == "public, max-age=31536000, immutable"
    assert hashed.content.decode() == cat_cow.figure_still

    by_slug = client.get("/exercises/cat-cow/still.svg")
    assert by_slug.content == hashed.content
    assert by_slug["ETag"] == f'"{cat_cow.figure_hash}"'
    assert "max-age=3600" in by_slug["Cache-Control"]
    again = client.get("/exercises/cat-cow/still.svg", HTTP_IF_NONE_MATCH=by_slug["ETag"])
    assert again.status_code == 304 and again.content == b""

    bare = undrawn()
    assert bare is not None
    placeholder = client.get(f"/exercises/{bare.slug}/still.svg")
    assert placeholder.status_code == 200 and b"No figure yet" in placeholder.content
    assert client.get("/exercises/no-such-move/still.svg").status_code == 404


def test_the_library_list_shows_lazy_stills_and_carries_no_drawing(client: Client) -> None:
    drawn = list(Exercise.objects.active().exclude(figure_hash=""))
    assert len(drawn) >= 9

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/exercises/").content.decode()

    for ex in drawn:
        assert (
            f'<img class="thumb" src="{ex.figure_still_url()}" alt="" width="96" height="64" loading="lazy"'
            in html
        )
    assert "<svg" not in html
    # The drawings stay in the database: the list's query does not read them.
    listing = next(q["sql"] for q in queries.captured_queries if '"library_exercise"."summary"' in q["sql"])
    assert "figure_svg" not in listing and "figure_still" not in listing and "figure_hash" in listing


def test_the_routine_overview_shows_a_still_beside_each_exercise(client: Client) -> None:
    html = client.get("/routines/seven-back-stretches/").content.decode()

    for slug in ("cat-cow", "knee-to-chest", "childs-pose", "superman", "bridge"):
        assert f'<img class="still" src="/exercises/{slug}/still.svg" alt=""' in html


def test_the_player_payload_carries_each_items_figure_and_its_variants(client: Client) -> None:
    undrawn("superman")
    html = cleared(client).get(SEVEN).content.decode()
    payload = json.loads(
        re.search(r'<script id="player-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )  # type: ignore[union-attr]

    items = {item["slug"]: item for item in payload["items"]}
    cat_cow = Exercise.objects.get(slug="cat-cow")
    assert items["cat-cow"]["exercise"]["figure"] == {
        "slug": "cat-cow",
        "svg": cat_cow.figure_svg,
        "css": cat_cow.figure_css_url(),
        "view": "side",
    }
    assert items["superman"]["exercise"]["figure"] is None  # not drawn: the player shows none
    for item in payload["items"]:
        for variant in item["easier"] + item["harder"]:
            assert "figure" in variant["exercise"]
    assert 'id="player-figure"' in html and "data-figure-toggle" in html


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def player_page_bytes(client: Client, url: str) -> dict[str, int]:
    """Everything the player page loads, gzipped: the page, its stylesheets and modules, and the figures'."""
    html = cleared(client).get(url).content
    sizes = {url: gz(html)}
    text = html.decode()
    static = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', text)
    waiting = list(static)
    while waiting:
        name = waiting.pop()
        if f"/static/{name}" in sizes:
            continue
        path = STATIC / name
        body = path.read_bytes()
        sizes[f"/static/{name}"] = gz(body)
        for spec in re.findall(r"""from\s*["']([^"']+)["']""", body.decode()):
            waiting.append(str((path.parent / spec).resolve().relative_to(STATIC)))
    payload = json.loads(
        re.search(r'<script id="player-data" type="application/json">(.*?)</script>', text, re.S).group(1)
    )  # type: ignore[union-attr]
    # Each exercise's stylesheet as the routine reaches it (a variant's only if the person swaps).
    for item in payload["items"]:
        figure = item["exercise"]["figure"]
        if figure and figure["css"] not in sizes:
            sizes[figure["css"]] = gz(client.get(figure["css"]).content)
    assert not re.search(r'(?:href|src)="(?:https?:)?//', text), "a request to another host"
    return sizes


def test_the_player_page_with_its_figures_stays_under_60_kb_gzipped(client: Client, capsys: Any) -> None:
    sizes = player_page_bytes(client, SEVEN)
    total = sum(sizes.values())

    figures = [name for name in sizes if "/figures/" in name]
    first = total - sum(sizes[name] for name in figures[1:])

    with capsys.disabled():
        print(
            f"\nplayer page {SEVEN}: {first} B gzipped with its first figure,"
            f" {total} B with every exercise's figure stylesheet ({len(sizes)} files, page {sizes[SEVEN]} B)"
        )
    assert len(figures) >= 4
    # 62 KB: 60 KB until the player's scripts said their words through gettext (issue 18).
    assert total < 62 * 1024, sizes
