"""The app's icons: drawn by hand in SVG (static/spinewise/icons/*.svg), rendered here to the PNG sizes
an installed web app needs. The PNG files are committed; run this again after changing an SVG:

    .venv/bin/python -m spinewise.web.icons

WeasyPrint lays the SVG on a page of exactly its size and pypdfium2 rasterises that page, so no
other image tool is needed (both are already dependencies, for the PDF reports).
"""

from __future__ import annotations

import io
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "static" / "spinewise" / "icons"
# (source SVG, PNG written, size in pixels)
RENDERED = [
    ("icon.svg", "icon-192.png", 192),
    ("icon.svg", "icon-512.png", 512),
    ("icon-maskable.svg", "icon-maskable-192.png", 192),
    ("icon-maskable.svg", "icon-maskable-512.png", 512),
]


def render_png(svg: Path, size: int) -> bytes:
    import pypdfium2  # type: ignore[import-untyped]
    from weasyprint import HTML  # type: ignore[import-untyped]

    page = (
        f"<style>@page {{ size: {size}px {size}px; margin: 0 }} body {{ margin: 0 }}"
        f" img {{ display: block; width: {size}px; height: {size}px }}</style>"
        f'<img src="{svg.as_uri()}" alt="">'
    )
    pdf = HTML(string=page, base_url=str(svg.parent)).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    try:
        # A CSS pixel is 0.75 pt; scale the page so that one pixel of the PNG is one CSS pixel.
        bitmap = document[0].render(scale=96 / 72, fill_color=(255, 255, 255, 0))
        image = bitmap.to_pil().convert("RGBA").resize((size, size))
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    for source, target, size in RENDERED:
        (ICONS / target).write_bytes(render_png(ICONS / source, size))
        print(f"{target}: {size} x {size}")


if __name__ == "__main__":
    main()
