"""`{% js_catalog %}`: the page's JavaScript catalogue, as a JSON block static/spinewise/i18n.js reads."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from spinewise.web.language import js_catalogue

register = template.Library()


@register.simple_tag
def js_catalog() -> SafeString:
    lang = translation.get_language() or "en"
    # JSON inside a <script> element: "</" and "<!--" would end or confuse it, so "<" is escaped.
    data = js_catalogue(lang).replace("<", "\\u003c")
    return format_html('<script type="application/json" id="sw-i18n">{}</script>', SafeString(data))


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    """The languages offered, each by its own name ("Español", never "Spanish" or "Inglés")."""
    return list(settings.LANGUAGES)
