"""The report as a PDF: WeasyPrint renders the report's own HTML, charts inline as SVG.

Nothing leaves the machine while rendering: the fetcher serves our static files from disk
(the collected, hashed copies when they exist, else the app's own) and refuses every other
address, so a stray link in a template can neither slow the PDF down nor leak anything.
"""

from __future__ import annotations

import functools
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

# Relative links in the report resolve against this made-up origin, which no network serves.
BASE_URL = "https://spinewise.invalid/"


class Refused(ValueError):
    """An address the PDF renderer may not fetch."""


def static_file(url: str) -> Path:
    """The file on disk behind one of our static URLs; Refused for anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
        raise Refused(f"the PDF renderer fetches nothing from the network: {url}")
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not parts.path.startswith(prefix):
        raise Refused(f"only static files are read while rendering: {url}")
    name = unquote(parts.path.removeprefix(prefix))
    if not name or ".." in Path(name).parts:
        raise Refused(f"not a static file: {url}")
    candidates: list[str] = []
    if staticfiles_storage.exists(name):
        candidates.append(staticfiles_storage.path(name))
    found = finders.find(name)
    if isinstance(found, str):
        candidates.append(found)
    for candidate in candidates:
        if Path(candidate).is_file():
            return Path(candidate)
    raise Refused(f"no such static file: {name}")


@functools.cache
def local_fetcher() -> type[Any]:
    """WeasyPrint's fetcher, narrowed to our static files read from disk. Made on first use:
    WeasyPrint (about 25 MB in each server worker) is imported only once a PDF is asked for."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",))

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)  # inline data needs no network
            path = static_file(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return LocalFetcher


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=local_fetcher()()).write_pdf()
    return pdf
