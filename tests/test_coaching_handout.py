"""The handout PDF: figures, steps, doses, cautions, the coach's notes, and a QR code that opens
the routine in the app, read back from the rendered page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import zxingcpp

from spinewise.coaching import handout as handout_module
from spinewise.coaching.models import Link
from spinewise.library.models import Exercise
from tests.coaching_helpers import assigned, coach_client, linked, make_coach
from tests.programs_helpers import screened, signed_in

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture
def link(coach: Any, trainee: Any) -> Link:
    make_coach(coach)
    screened(trainee)
    return linked(coach, trainee)


@pytest.fixture
def fed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML handed to WeasyPrint, kept for the test to read."""
    seen: list[str] = []
    real = handout_module.render_pdf

    def keep(html: str) -> bytes:
        seen.append(html)
        return real(html)

    monkeypatch.setattr(handout_module, "render_pdf", keep)
    return seen


def qr_texts(pdf: bytes) -> list[str]:
    """Every QR code on the first page, rendered at 200 dpi and decoded."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=200 / 72).to_pil()
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / "coaching-handout.png")
    return [
        code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def test_the_handout_has_figures_steps_doses_notes_and_a_qr_to_the_routine(
    link: Link, trainee: Any, coach: Any, fed: list[str], settings: Any
) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "spinewise.example"]
    item = assigned(link)
    response = signed_in(trainee).get(
        f"/coaching/assigned/{item.pk}/handout.pdf", HTTP_HOST="spinewise.example"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert qr_texts(pdf) == [f"http://spinewise.example/coaching/assigned/{item.pk}/"]
    html = fed[0]
    cat_cow = Exercise.objects.get(slug="cat-cow")
    assert cat_cow.figure_still and cat_cow.figure_still in html  # the figure's still
    assert cat_cow.steps[0] in html and cat_cow.cautions[0] in html
    assert "2 x 8 reps" in html
    assert "Move with your breath." in html  # the item's note
    assert "Slow and easy; stop at 5/10." in html  # the coach's notes
    assert "Dana Physio" in html
    assert "<script" not in html


def test_the_coach_prints_the_same_handout(link: Link, coach: Any, fed: list[str]) -> None:
    item = assigned(link)
    response = coach_client(coach).get(f"/coaching/clients/{link.pk}/routines/{item.pk}/handout.pdf")
    assert response.status_code == 200
    assert qr_texts(response.content) == [f"http://testserver/coaching/assigned/{item.pk}/"]


def test_nobody_else_gets_the_handout(link: Link, stranger: Any) -> None:
    item = assigned(link)
    assert signed_in(stranger).get(f"/coaching/assigned/{item.pk}/handout.pdf").status_code == 404
