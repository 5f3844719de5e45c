"""Rows of a related table read inside another query, as one JSON array (one query, not two).

SQLite's json_group_array and PostgreSQL's jsonb_agg (read as text, as Django reads jsonb); each row made with Django's JSONObject.
Use it in a correlated subquery grouped by the parent:

    Subquery(Child.objects.filter(parent=OuterRef("pk")).order_by().values("parent")
             .annotate(rows=JSONRows(JSONObject(a="a", b="b"))).values("rows"))

The array's order is not defined: sort the rows in Python where order matters.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, JSONField


class JSONRows(Aggregate):
    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)
