"""Django's PostgreSQL backend, checking a kept connection only when it has been idle.

Django's CONN_HEALTH_CHECKS sends `SELECT 1` before the first query of every request that reuses
a connection: on a busy server that is a round trip for each page, one more than a kept page needs
(web.pagecache). Here a connection that answered a query less than `DATABASE_CHECK_AFTER_IDLE_SECONDS`
(a setting) ago is taken as alive, as it was then; one idle for longer is checked as Django checks
it, so a database restarted while the app was quiet still costs one failed check, not a failed
page. Under load every connection answers all the time and is never checked. What this gives up:
a database that goes away within that second of a connection's last answer fails that
connection's next query (and Django then drops the connection at the end of the request).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answered_at: float | None = None
        # Every query through Django's cursors passes by here (tests add their own wrappers after).
        self.execute_wrappers.append(self._note_answer)

    def _note_answer(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        result = execute(sql, params, many, context)
        self.answered_at = time.monotonic()
        return result

    def connect(self) -> None:
        self.answered_at = None
        super().connect()

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.settings_dict["CONN_HEALTH_CHECKS"]
            and not self.health_check_done  # type: ignore[has-type]  # set by Django, unknown to its stubs
            and self.answered_at is not None
            and time.monotonic() - self.answered_at < settings.DATABASE_CHECK_AFTER_IDLE_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
