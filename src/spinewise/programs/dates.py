"""Dates as sentences say them, in the active language: "25 November 2026", "Tuesday 24 November".

The formats are the language's own (spinewise/formats for English, day first; Django's for
Spanish: "25 de noviembre de 2026", "martes 24 de noviembre"), month and day names translated.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats
from django.utils.dateformat import format as date_format


def long_date(day: date | datetime) -> str:
    """25 November 2026; 25 de noviembre de 2026."""
    return date_format(day, str(formats.get_format("DATE_FORMAT")))


def day_month(day: date | datetime) -> str:
    """25 November; 25 de noviembre."""
    return date_format(day, str(formats.get_format("MONTH_DAY_FORMAT")))


def weekday_day_month(day: date | datetime) -> str:
    """Wednesday 25 November; miércoles 25 de noviembre."""
    return f"{date_format(day, 'l')} {day_month(day)}"
