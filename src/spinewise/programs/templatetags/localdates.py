"""The dates of the programs and progress pages in the active language (see programs.dates)."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from spinewise.programs import dates

register = template.Library()


@register.filter
def long_date(value: date | datetime | None) -> str:
    return dates.long_date(value) if value else ""


@register.filter
def weekday_day_month(value: date | datetime | None) -> str:
    return dates.weekday_day_month(value) if value else ""
