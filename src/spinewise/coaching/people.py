"""Who a coach's role shows to: the people whose pages change when a coach's profile or role does."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from spinewise.coaching.models import Link


def client_ids(coach_ids: Iterable[int]) -> QuerySet[Link, int]:
    """The ids of these coaches' clients, through every link: current and ended, since a client's
    page of their coaches lists past ones by name too (coaching.views.mine). Lazy: one query when read."""
    return Link.objects.filter(coach_id__in=list(coach_ids)).values_list("client_id", flat=True)
