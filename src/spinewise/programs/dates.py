"""Dates as sentences say them, in the active language: "25 November 2026", "Tuesday 24 November".

English keeps the site's day-first style; any other language takes Django's own localized
formats for it ("25 de noviembre de 2026", "martes 24 de noviembre"), month and day names
translated by Django.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, translation
from django.utils.dateformat import format as date_format

# The site's English style (day first); other languages use their Django formats.
ENGLISH = {"DATE_FORMAT": "j F Y", "MONTH_DAY_FORMAT": "j F"}


def _format(name: str) -> str:
    lang = (translation.get_language() or "en").split("-")[0]
    if lang == "en":
        return ENGLISH[name]
    return str(formats.get_format(name))


def long_date(day: date | datetime) -> str:
    """25 November 2026; 25 de noviembre de 2026."""
    return date_format(day, _format("DATE_FORMAT"))


def day_month(day: date | datetime) -> str:
    """25 November; 25 de noviembre."""
    return date_format(day, _format("MONTH_DAY_FORMAT"))


def weekday_day_month(day: date | datetime) -> str:
    """Wednesday 25 November; miércoles 25 de noviembre."""
    return f"{date_format(day, 'l')} {day_month(day)}"
