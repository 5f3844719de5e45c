"""/healthz for load balancers and the benchmark: does this process answer, and does its database?

No template and no session: a probe every few seconds must stay cheap and must not fill the
session table. The database is asked a trivial query, so a node whose database is gone is taken
out of rotation instead of answering every page with an error.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("health check: the database does not answer: %s", exc)
        return JsonResponse(
            {"status": "unavailable", "database": "the database does not answer; see the server log"},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})
