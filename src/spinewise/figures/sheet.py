"""The contact sheet: every figure side by side with its name and view, for a reviewer's eye."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from spinewise.figures.render import RenderedFigure

_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:16px;background:#fbfaf7;color:#1b2430}
h1{font-size:20px;margin:0 0 4px}
.bar{display:flex;gap:12px;align-items:center;margin:0 0 12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
figure{margin:0;background:#fff;border:1px solid #d9dde3;border-radius:8px;padding:8px}
figure.bad{border:2px solid #a4161a}
.pair{display:grid;grid-template-columns:2fr 1fr;gap:6px;align-items:end}
.pair svg{width:100%;height:auto;display:block}
figcaption{margin-top:6px}
.meta{color:#4a5565;font-size:12px}
ul{margin:4px 0 0;padding-left:18px;font-size:12px}
.problems{color:#a4161a}.warnings{color:#6b3d00}
"""

_SCRIPT = """
const sheet=document.getElementById('sheet'),b=document.getElementById('pause');
b.addEventListener('click',()=>{const p=sheet.toggleAttribute('data-paused');
b.textContent=p?'Play':'Pause';b.setAttribute('aria-pressed',String(p));});
"""


def contact_sheet(figures: Sequence[RenderedFigure], title: str = "spinewise figures") -> str:
    """One HTML page with every figure (animated, and its still), its name, view and size."""
    cards = []
    bad = sum(1 for fig in figures if not fig.ok)
    for fig in figures:
        problems = "".join(f"<li>{escape(str(p))}</li>" for p in fig.problems)
        warnings = "".join(f"<li>{escape(w)}</li>" for w in fig.warnings)
        cards.append(
            f'<figure id="{escape(fig.slug)}" class="{"" if fig.ok else "bad"}">'
            f'<div class="pair">{fig.standalone}{fig.still}</div>'
            f"<figcaption><strong>{escape(fig.name)}</strong>"
            f'<div class="meta">{escape(fig.slug)} &middot; {escape(fig.view)} view &middot; '
            f"{fig.gzipped / 1024:.1f} KB gzipped</div>"
            + (f'<ul class="problems">{problems}</ul>' if problems else "")
            + (f'<ul class="warnings">{warnings}</ul>' if warnings else "")
            + "</figcaption></figure>"
        )
    summary = f"{len(figures)} figures" + (f", {bad} with problems" if bad else ", all checks pass")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>"
        f'<div class="bar"><span>{summary}</span>'
        '<button type="button" id="pause" aria-pressed="false">Pause</button></div>'
        f'<main class="grid" id="sheet">{"".join(cards)}</main><script>{_SCRIPT}</script></body></html>'
    )
