"""Stills on the home tests: each test may name the exercise whose figure shows its movement; the
battery page and the before/after report (web and PDF) show that still. The PDF is checked as
a person sees it: its first page rendered to an image with pypdfium2."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.test import Client
from PIL import Image

from spinewise.assessments.battery import read_tests
from spinewise.assessments.models import HomeTest
from spinewise.library import cache as content_cache
from spinewise.library.content import ContentError
from spinewise.library.models import Exercise
from tests.progress_data import BETTER, baseline_and_retest
from tests.test_figure_content import EXERCISES

CONTENT = EXERCISES.parent
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
BODY = (0x1B, 0x7F, 0x6E)  # the figures' body colour (figures/svg.py BODY)
# Where the movement truly matches; the endurance holds have no exercise that shows them.
SHOWN_BY = {
    "fingertip-to-floor": "jefferson-curl",
    "five-times-sit-to-stand": "sit-to-stand",
    "side-bending-fingertip-slide": "standing-side-bend",
    "side-bridge-hold": "side-plank",
}


def test_the_battery_names_the_exercise_whose_figure_shows_each_test() -> None:
    tests = {t.slug: t.figure for t in read_tests(CONTENT / "tests")}

    assert {slug: fig for slug, fig in tests.items() if fig} == SHOWN_BY


def test_a_test_naming_no_exercise_is_refused(tmp_path: Path) -> None:
    shutil.copytree(CONTENT / "tests", tmp_path / "tests")
    (tmp_path / "exercises").mkdir()
    for slug in SHOWN_BY.values():
        shutil.copy(EXERCISES / f"{slug}.yaml", tmp_path / "exercises")
    path = tmp_path / "tests" / "side-bridge-hold.yaml"
    path.write_text(path.read_text().replace("figure: side-plank", "figure: side-plonk"))

    with pytest.raises(ContentError) as err:
        read_tests(tmp_path / "tests")

    assert err.value.problems == [
        "side-bridge-hold.yaml: side-bridge-hold: field 'figure': no exercise has the slug 'side-plonk'"
    ]


@pytest.mark.django_db
def test_the_battery_page_shows_the_still_of_each_tests_movement(trainee_client: Client) -> None:
    html = trainee_client.get("/tests/").content.decode()

    for test, exercise in SHOWN_BY.items():
        assert f'<img class="test-still" src="/exercises/{exercise}/still.svg"' in html, test
    assert html.count('class="test-still"') == len(SHOWN_BY)


def page_image(pdf: bytes, index: int = 0) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    image: Image.Image = document[index].render(scale=2).to_pil().convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")  # a real raster, as a viewer would show it
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def body_pixels(image: Image.Image) -> int:
    """Pixels in the figures' body colour, whatever the anti-aliasing does at the edges."""
    count = 0
    for r, g, b in image.convert("RGB").get_flattened_data():
        if abs(r - BODY[0]) < 12 and abs(g - BODY[1]) < 12 and abs(b - BODY[2]) < 12:
            count += 1
    return count


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
def test_the_pdf_report_draws_the_still_of_each_drawn_tests_movement(client_of: Client, trainee: Any) -> None:
    before, after = baseline_and_retest(trainee, BETTER)
    url = f"/progress/reports/{before.pk}/{after.pk}/pdf/"
    drawn = [t for t, ex in SHOWN_BY.items() if Exercise.objects.get(slug=ex).has_figure]
    assert "side-bridge-hold" in drawn and "side-bending-fingertip-slide" in drawn

    html = client_of.get(f"/progress/reports/{before.pk}/{after.pk}/").content.decode()
    for test in drawn:
        assert f'class="s-{SHOWN_BY[test]}' in html, test
    first_page = page_image(client_of.get(url).content)
    ARTIFACTS.mkdir(exist_ok=True)
    first_page.save(ARTIFACTS / "report-pdf-page-1.png")
    with_stills = body_pixels(first_page)

    HomeTest.objects.update(figure=None)
    content_cache.bump_content_version()  # a raw update sends no signal; the admin and loader do
    without = body_pixels(page_image(client_of.get(url).content))

    # A still (15 x 10 mm) is drawn above the name of each drawn test; its solid
    # body covers some 600 pixels at this scale, and nothing else on the page has its colour.
    rows = html.count('<span class="row-still"')
    assert rows == len(drawn)  # once per test, not again on a second side's row
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert without < 50, without
    assert with_stills > 300 * rows, (with_stills, rows)
