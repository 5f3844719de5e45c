"""The report's PDF pages are filled: no page but the last is left mostly blank (issue 17).

Each page is rendered to an image with pypdfium2 and its lowest inked row measured.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.test import Client
from PIL import ImageChops, ImageOps

from tests.programs_helpers import NOW
from tests.progress_data import BETTER, baseline_and_retest, daily_sessions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def inked_to(page: Any) -> float:
    """How far down the page (0 to 1) its content reaches, the page number in the footer left out."""
    image = ImageOps.grayscale(page.render(scale=0.5).to_pil())
    # Anything darker than near-white counts as ink.
    ink = ImageChops.invert(image).point(lambda v: 255 if v > 24 else 0)
    height = image.height
    body = ink.crop((0, 0, image.width, int(height * 0.93)))  # the footer's "n / N" sits below
    box = body.getbbox()
    return 0.0 if box is None else box[3] / height


def test_no_page_but_the_last_is_left_mostly_blank(client_of: Client, trainee: Any) -> None:
    daily_sessions(trainee, 20, NOW - timedelta(hours=3))
    before, after = baseline_and_retest(trainee, BETTER)
    response = client_of.get(f"/progress/reports/{before.pk}/{after.pk}/pdf/")
    assert response.status_code == 200
    document = pdfium.PdfDocument(response.content)
    reach = [inked_to(document[i]) for i in range(len(document))]
    assert len(reach) >= 2
    # Every page but the last is filled to at least three quarters of its height.
    assert all(r >= 0.75 for r in reach[:-1]), reach
