"""The report as a PDF: WeasyPrint, the same HTML with its charts inlined, and nothing fetched."""

from __future__ import annotations

import re
import socket
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from spinewise.progress import pdf as pdf_module
from spinewise.progress.pdf import BASE_URL, Refused, local_fetcher, render_pdf, static_file
from tests.programs_helpers import NOW
from tests.progress_data import BETTER, baseline_and_retest, daily_sessions, drawing_operators, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to open a connection from Python is recorded and refused."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:1]))
        raise OSError("no network in tests")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def download(client: Client, before: Any, after: Any, fed: list[str]) -> bytes:
    response = client.get(f"/progress/reports/{before.pk}/{after.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="spinewise-report-')
    assert len(fed) == 1
    return response.content


@pytest.fixture
def fed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML handed to WeasyPrint, kept for the test to read."""
    seen: list[str] = []
    real = pdf_module.render_pdf

    def keep(html: str) -> bytes:
        seen.append(html)
        return real(html)

    monkeypatch.setattr("spinewise.progress.views.render_pdf", keep)
    return seen


def test_the_pdf_is_the_report_with_its_charts(
    client_of: Client, trainee: Any, fed: list[str], no_network: list[str]
) -> None:
    daily_sessions(trainee, 20, NOW - timedelta(hours=3))
    before, after = baseline_and_retest(trainee, BETTER)
    pdf = download(client_of, before, after, fed)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    html = fed[0]
    charts = re.findall(r"<svg [^>]*class=\"pygal-chart\"[^>]*role=\"img\"", html)
    assert len(charts) == 8  # the answers, six tests, the sessions' pain
    assert 'data-testid="celebration"' in html and "Download as PDF" not in html
    assert "<script" not in html
    # Each chart is drawn as paths: far more drawing operators than the text and table rules alone.
    assert drawing_operators(pdf) > 500
    text = pdf_text(pdf)
    if text is not None:  # poppler is installed: read the words back
        for words in (
            "Before and after",
            "Fingertip-to-floor",
            "Pain before and after each session",
            "seconds",
        ):
            assert words in text, words
    assert no_network == []


def test_the_pdf_has_no_chart_without_data_but_still_opens(
    client_of: Client, trainee: Any, fed: list[str]
) -> None:
    from tests.assessment_data import sitting

    before = sitting(trainee, kind="baseline", days_ago=10, stiffness=5)
    after = sitting(trainee, kind="end", stiffness=3)
    pdf = download(client_of, before, after, fed)
    assert pdf.startswith(b"%PDF-")
    assert 'data-testid="chart-questions"' in fed[0]


def test_static_files_are_read_from_disk() -> None:
    path = static_file(f"{BASE_URL}static/spinewise/progress.css")
    assert path.name == "progress.css" and path.is_file()
    response = local_fetcher()().fetch(f"{BASE_URL}static/spinewise/app.css")
    assert b"--accent" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/style.css",
        "http://127.0.0.1:8000/static/spinewise/app.css",
        f"{BASE_URL}progress/",
        f"{BASE_URL}static/../settings.py",
        f"{BASE_URL}static/spinewise/missing.css",
        "file:///etc/passwd",
    ],
)
def test_the_renderer_refuses_everything_else(url: str) -> None:
    with pytest.raises(Refused):
        local_fetcher()().fetch(url)


def test_a_stray_external_link_is_refused_not_fetched(no_network: list[str]) -> None:
    html = (
        '<html><head><link rel="stylesheet" href="https://cdn.example.com/x.css"></head>'
        '<body><img src="http://example.com/a.png"><p>Still renders.</p></body></html>'
    )
    assert render_pdf(html).startswith(b"%PDF-")
    assert no_network == []
