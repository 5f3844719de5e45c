"""The installable app (issue 16): its manifest, service worker, offline page and icons, and the replay
of a session kept offline (the player's queue sends a whole finished session as its first report)."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from spinewise.training.models import Session
from spinewise.web import offline
from tests.play_helpers import planned_prescription, post_json, report, web_body

STATIC = Path(__file__).resolve().parents[1] / "src" / "spinewise" / "static"
HASHED = "spinewise.staticstorage.ModuleManifestStaticFilesStorage"
CONFIG = re.compile(r"^const CONFIG = (\{.*\});$", re.M)


def worker_config(response: Any) -> dict[str, Any]:
    match = CONFIG.search(response.content.decode())
    assert match, "the worker starts with its config"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def css_colour(name: str) -> str:
    css = (STATIC / "spinewise" / "app.css").read_text(encoding="utf-8")
    match = re.search(rf"--{name}:\s*(#[0-9a-f]{{6}})", css)
    assert match, name
    return match.group(1)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])  # type: ignore[return-value]


# ---------------------------------------------------------------- the manifest


@pytest.mark.django_db
def test_the_manifest_makes_the_site_installable(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert "no-cache" in response["Cache-Control"]
    data = response.json()
    assert (data["name"], data["short_name"]) == ("spinewise: lower-back mobility coach", "spinewise")
    assert (data["start_url"], data["scope"], data["display"]) == ("/", "/", "standalone")
    assert data["theme_color"] == css_colour("accent")
    assert data["background_color"] == css_colour("bg")
    kinds = {(icon["type"], icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert kinds == {
        ("image/svg+xml", "any", "any"),
        ("image/png", "192x192", "any"),
        ("image/png", "512x512", "any"),
        ("image/png", "192x192", "maskable"),
        ("image/png", "512x512", "maskable"),
    }
    for icon in data["icons"]:
        found = finders.find(icon["src"].removeprefix("/static/"))
        assert found, icon["src"]
        if icon["type"] == "image/png":
            side = int(icon["sizes"].split("x")[0])
            assert png_size(Path(found)) == (side, side), icon["src"]


def test_the_icons_are_the_projects_own_svg() -> None:
    for name in ("icon.svg", "icon-maskable.svg"):
        text = (STATIC / "spinewise" / "icons" / name).read_text(encoding="utf-8")
        assert text.startswith("<svg") and 'viewBox="0 0 512 512"' in text
        assert css_colour("accent") in text
        assert "<script" not in text and "href" not in text  # nothing to run or fetch


@pytest.mark.django_db
def test_every_page_links_the_manifest_the_icons_and_the_script(client: Client) -> None:
    page = client.get(reverse("training:routines")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#0b6b5c">' in page
    assert 'src="/static/spinewise/offline/app.js"' in page
    assert 'data-sw="/sw.js"' in page
    assert '<meta name="spinewise-viewer" content="">' in page


# ---------------------------------------------------------------- the service worker


@pytest.mark.django_db
def test_the_worker_is_served_from_the_root_never_cached(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert 'addEventListener("fetch"' in body
    # POSTs pass through: the only thing the worker does with one is forget pages at sign-out.
    assert 'if (request.method !== "GET")' in body
    assert client.post("/sw.js").status_code == 405


@pytest.mark.django_db
def test_the_precache_list_is_the_app_shell_and_no_private_page(trainee_client: Client) -> None:
    config = worker_config(trainee_client.get("/sw.js"))
    precache = config["precache"]
    assert precache[:2] == ["/offline/", "/manifest.webmanifest"]
    for name in (
        "spinewise/app.css",
        "spinewise/player/main.js",
        "spinewise/player/reporter.js",
        "spinewise/figure.js",
        "spinewise/offline/app.js",
        "spinewise/offline/queue.js",
        "spinewise/icons/icon-192.png",
    ):
        assert f"/static/{name}" in precache, name
    assert all(url.startswith("/static/spinewise/") for url in precache[2:]), precache
    assert not any(url.startswith("/static/admin/") for url in precache)
    assert len(precache) == len(set(precache))
    for private in ("/", "/history/", "/progress/", "/profile/", "/account/", "/programs/current/"):
        assert private not in precache
    assert config["logout"] == reverse("logout")
    assert config["offline"] == "/offline/"
    # The same files make the same worker; a signed-in request changes nothing in it.
    assert worker_config(Client().get("/sw.js")) == config


@pytest.mark.django_db
def test_the_precache_list_names_the_hashed_static_files(client: Client, tmp_path: Path) -> None:
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={
            "staticfiles": {"BACKEND": HASHED},
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        },
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text(encoding="utf-8"))["paths"]
        config = worker_config(client.get("/sw.js"))
        again = worker_config(client.get("/sw.js"))
    statics = config["precache"][2:]
    expected = {
        f"/static/{hashed}"
        for name, hashed in manifest.items()
        if name.startswith("spinewise/") and name not in offline.NOT_PRECACHED
    }
    assert set(statics) == expected
    for url in statics:
        assert re.search(r"\.[0-9a-f]{12}\.[a-z]+$", url), url
        assert (tmp_path / url.removeprefix("/static/")).is_file(), url
    assert f"/static/{manifest['spinewise/player/main.js']}" in statics
    assert config["hashed"] is True
    assert again["version"] == config["version"]
    # Other files (here the unhashed names of development) make another worker, with another cache.
    assert config["version"] != worker_config(client.get("/sw.js"))["version"]


# ---------------------------------------------------------------- the offline page and who a page is for


@pytest.mark.django_db
def test_the_offline_page_carries_nobodys_data(trainee_client: Client, trainee: Any) -> None:
    response = trainee_client.get("/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are offline" in page
    assert "csrfmiddlewaretoken" not in page
    assert trainee.email not in page and "Log out" not in page
    # No mark of anybody: the worker neither keeps it as a page nor takes it as a sign-out.
    assert 'name="spinewise-viewer"' not in page
    assert Client().get("/offline/").content == response.content


@pytest.mark.django_db
def test_pages_carry_an_opaque_mark_of_whom_they_were_made_for(
    trainee_client: Client, stranger_client: Client, trainee: Any
) -> None:
    def mark(client: Client) -> str:
        page = client.get(reverse("training:routines")).content.decode()
        found = re.search(r'<meta name="spinewise-viewer" content="([0-9a-f]*)">', page)
        assert found
        return found.group(1)

    mine, theirs = mark(trainee_client), mark(stranger_client)
    assert re.fullmatch(r"[0-9a-f]{20}", mine) and re.fullmatch(r"[0-9a-f]{20}", theirs)
    assert mine != theirs
    assert mine == mark(trainee_client)
    assert str(trainee.pk) != mine and mark(Client()) == ""


# ---------------------------------------------------------------- a session kept offline, sent later


@pytest.mark.django_db
def test_a_whole_session_sent_twice_from_the_queue_makes_one_session(trainee_client: Client) -> None:
    """The queue's first report of a session played offline is its last: items, pain and the finish.
    Sent again (a reply lost on a bad network), the same client UUID answers 200 with the same session."""
    prescription = planned_prescription()
    n = len(prescription["items"])
    items = [
        {"index": i, "outcome": "done", "seconds": 30, "mark": "hurts" if i == 1 else None} for i in range(n)
    ]
    body = web_body(
        trainee_client,
        report(
            prescription,
            items=items,
            finished_at="2026-11-21T08:09:00+00:00",
            worst_pain_during=3,
            pain_after=2,
            effort=5,
            notes="Played on the train.",
        ),
    )
    first = post_json(trainee_client, reverse("play:sessions"), body)
    again = post_json(trainee_client, reverse("play:sessions"), body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    session = Session.objects.get()
    assert session.status == Session.Status.COMPLETE
    assert (session.pain_before, session.worst_pain_during, session.pain_after, session.effort) == (
        4,
        3,
        2,
        5,
    )
    assert session.items.count() == n and session.items.filter(outcome="done").count() == n
    assert session.items.get(index=1).mark == "hurts"
    # Then the body goes to the session itself (what the queue does after a 200): still one row.
    update = post_json(trainee_client, again.json()["url"], body)
    assert update.status_code == 200
    assert Session.objects.count() == 1 and Session.objects.get().items.count() == n
