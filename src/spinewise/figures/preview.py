"""PNG previews through Chromium, for authors and reviewers (needs the dev install's Playwright)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Freeze every copy of the figure at its own moment through the Web Animations API.
_FREEZE = """
(args) => {
  const [times, seconds] = args;
  document.querySelectorAll('.frame').forEach((el, i) => {
    for (const a of el.getAnimations({subtree: true})) { a.pause(); a.currentTime = times[i] * seconds * 1000; }
  });
}
"""


def chromium() -> str:
    path = (
        os.environ.get("SPINEWISE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        raise RuntimeError(
            "Chromium is missing: install it (apt-get install chromium) or set SPINEWISE_CHROMIUM."
        )
    return path


def _page(body: str, width: int) -> str:
    return (
        '<!doctype html><html><head><meta charset="utf-8"><style>'
        "body{margin:0;background:#fff;font:13px system-ui,sans-serif;color:#4a5565}"
        f".row{{display:flex;gap:8px;padding:8px;width:{width}px}}.frame{{flex:1}}.frame svg{{width:100%;height:auto}}"
        f"</style></head><body>{body}</body></html>"
    )


def frames_png(svg: str, times: Sequence[float], seconds: float, out: Path, width: int = 400) -> None:
    """A PNG of the animated figure frozen at each of `times` (fractions of the loop), in a row."""
    from playwright.sync_api import sync_playwright

    cells = "".join(f'<div class="frame">{svg}<div>t = {t:g}</div></div>' for t in times)
    html = _page(f'<div class="row">{cells}</div>', width * len(times))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": width * len(times) + 16, "height": 400})
        page.set_content(html)
        page.evaluate(_FREEZE, [list(times), seconds])
        page.locator(".row").screenshot(path=str(out))
        browser.close()


def page_png(html: str, out: Path, width: int = 1400, *, freeze_at: float | None = None) -> None:
    """A full-page screenshot of an HTML page (the contact sheet), optionally frozen at one time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.set_content(html)
        if freeze_at is not None:
            page.evaluate(
                "(t) => { for (const a of document.getAnimations()) { a.pause();"
                " a.currentTime = t * a.effect.getTiming().duration; } }",
                freeze_at,
            )
        page.screenshot(path=str(out), full_page=True)
        browser.close()
