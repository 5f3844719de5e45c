"""The figures from the terminal (`spinewise exercise SLUG --figure`, `spinewise figures --sheet`)
and the admin's contact sheet, all from the figures stored when the content loaded."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from typer.testing import CliRunner, Result

from spinewise.cli import app
from spinewise.library.models import Exercise
from tests.figure_data import undrawn

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def said(text: str) -> str:
    return " ".join(text.split())


def test_exercise_writes_the_animated_figure_with_its_stylesheet_inside_and_the_still(tmp_path: Path) -> None:
    animated, still = tmp_path / "cc.svg", tmp_path / "cc-still.svg"
    cat_cow = Exercise.objects.get(slug="cat-cow")

    result = run("exercise", "cat-cow", "--figure", str(animated), "--still", str(still))

    assert result.exit_code == 0, result.output
    assert f"Wrote the animated figure of Cat-Cow to {animated}" in said(result.output)
    root = ET.fromstring(animated.read_text())
    style = root.find(f"{SVG}style")
    assert style is not None and style.text == cat_cow.figure_css
    assert "@keyframes f-cat-cow-" in animated.read_text()
    assert still.read_text() == cat_cow.figure_still


def test_exercise_refuses_a_figure_it_does_not_have_or_cannot_write(tmp_path: Path) -> None:
    bare = undrawn()
    assert bare is not None

    missing = run("exercise", bare.slug, "--figure", str(tmp_path / "x.svg"))
    assert missing.exit_code == 1
    assert f"'{bare.slug}' has no figure yet" in said(missing.output)
    assert not (tmp_path / "x.svg").exists()

    unwritable = run("exercise", "cat-cow", "--still", str(tmp_path / "no-such-folder" / "x.svg"))
    assert unwritable.exit_code == 1
    assert "cannot write the still figure of Cat-Cow" in said(unwritable.output)


def test_figures_lists_them_and_writes_the_contact_sheet(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.html"
    drawn = list(Exercise.objects.exclude(figure_hash=""))

    listed = run("figures")
    written = run("figures", "--sheet", str(sheet))

    assert listed.exit_code == 0 and f"{len(drawn)} exercises with a figure" in listed.output
    assert written.exit_code == 0, written.output
    html = sheet.read_text()
    for ex in drawn:
        assert f'<figure id="{ex.slug}"' in html and f"{ex.figure_view} view" in html
    assert html.count("<svg") == 2 * len(drawn)


@pytest.fixture
def staff_client(client: Client) -> Client:
    user = get_user_model().objects.create_user(
        "owner@example.com", password="x", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


def test_the_admin_contact_sheet_shows_every_figure_with_name_and_view(staff_client: Client) -> None:
    undrawn("superman")
    changelist = staff_client.get("/admin/library/exercise/").content.decode()
    assert 'href="/admin/library/exercise/figures/"' in changelist

    html = staff_client.get("/admin/library/exercise/figures/").content.decode()

    drawn = list(Exercise.objects.exclude(figure_hash=""))
    for ex in drawn:
        assert f'<li class="figure-card" id="figure-{ex.slug}">' in html
        assert ex.figure_svg in html and f'<link rel="stylesheet" href="{ex.figure_css_url()}">' in html
        assert f"{ex.slug} &middot; {ex.figure_view} view" in html
    assert "Not drawn yet" in html
    body = html.split("<body", 1)[1]
    assert not re.search(r"<style|\sstyle=", body.split('id="content-main"', 1)[1])


def test_the_admin_contact_sheet_is_for_staff_only(client: Client, stranger: Any) -> None:
    client.force_login(stranger)

    response = client.get("/admin/library/exercise/figures/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_an_admin_edit_of_an_exercise_keeps_its_figure(staff_client: Client) -> None:
    from tests.test_library_pages import admin_form

    cat_cow = Exercise.objects.get(slug="cat-cow")
    before = (cat_cow.figure_svg, cat_cow.figure_css, cat_cow.figure_still, cat_cow.figure_hash)

    response = staff_client.post(
        f"/admin/library/exercise/{cat_cow.pk}/change/", admin_form(cat_cow, summary="Edited by the owner.")
    )

    assert response.status_code == 302
    after = Exercise.objects.get(slug="cat-cow")
    assert after.summary == "Edited by the owner."
    assert (after.figure_svg, after.figure_css, after.figure_still, after.figure_hash) == before
