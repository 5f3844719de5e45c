"""Django's database sessions, read with one plain SQL statement instead of a query built through
the ORM on every request (which cost as much as the rest of a kept page's answer: web.pagecache).
Everything else (saving, expiry, cycling the key) is Django's own `db` engine."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> AbstractBaseSession | None:
        using = router.db_for_read(self.model, instance=None)
        connection = connections[using]
        meta = self.model._meta
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(meta.db_table)}"
            f" WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = meta.get_field("expire_date").get_db_prep_value(timezone.now(), connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None or self.session_key is None:
            self._session_key = None  # unknown or expired: a new one is made on save, as Django does
            return None
        return self.model(session_key=self.session_key, session_data=row[0])
