"""Signing in with Django's model backend, with the signed-in person read in one query with their
profile, where they stand with the safety screening, and the content version (library.cache).

Nearly every signed-in page reads the profile (time zone, level, limits) and every routine page
checks the screening gate; reading both with the user saves those queries on each request. What is
read here is as of the request's start: the gate (safety.gate.may_exercise) runs first thing in a
view, and the front page only reads, so both may use it; code that writes a screening and then asks
again reads the database (safety.services.stop_in_force). A person without a profile row yet (made
in the admin) gets one on first use (accounts.services.profile_for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.sql.compiler import SQLCompiler

from spinewise.accounts.models import Profile
from spinewise.library.cache import remember_version, version_sql
from spinewise.safety.models import Screening


def _user_query(user_id: int) -> QuerySet[User]:
    screenings = Screening.objects.filter(user=OuterRef("pk"))
    return (
        User._default_manager.select_related("profile")
        .annotate(
            screening_taken=Exists(screenings),
            stop_held=Exists(screenings.uncleared_stops()),
            content_rows=version_sql(),
        )
        .filter(pk=user_id)
        .order_by()[:1]
    )


# A user id no one has: where it lands among the compiled query's parameters is where the id goes.
_PLACEHOLDER = -2_147_480_001  # within a 32-bit id (beyond it, PostgreSQL lookups match nothing)


@dataclass(frozen=True)
class _Compiled:
    """The user query as SQL, compiled once per database connection, and how to read its row back
    into a User with its profile and annotations, as select_related would (Django's own compiler
    says which columns are whose and converts each value)."""

    compiler: SQLCompiler
    sql: str
    params: tuple[Any, ...]
    slot: int
    user: tuple[list[int], list[str]]
    profile: tuple[list[int], list[str]]
    related: dict[str, Any]
    annotations: dict[str, int]
    converters: dict[int, Any]

    @classmethod
    def of(cls, using: str) -> _Compiled:
        compiler = _user_query(_PLACEHOLDER).query.get_compiler(using)
        sql, params = compiler.as_sql()
        assert params.count(_PLACEHOLDER) == 1, "the user id is one parameter of the user query"
        klass = compiler.klass_info
        assert klass is not None
        (related,) = klass["related_klass_infos"]

        def columns(info: dict[str, Any]) -> tuple[list[int], list[str]]:
            picked = list(info["select_fields"])
            return picked, [compiler.select[i][0].target.attname for i in picked]

        return cls(
            compiler,
            sql,
            tuple(params),
            params.index(_PLACEHOLDER),
            columns(klass),
            columns(related),
            related,
            dict(compiler.annotation_col_map or {}),
            compiler.get_converters([col for col, _sql, _alias in compiler.select]),
        )

    def read(self, user_id: int, using: str) -> User | None:
        params = list(self.params)
        params[self.slot] = user_id
        with connections[using].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not rows:
            return None
        (row,) = self.compiler.apply_converters(rows, self.converters) if self.converters else rows
        user = User.from_db(using, self.user[1], [row[i] for i in self.user[0]])
        profile: Profile | None = Profile.from_db(using, self.profile[1], [row[i] for i in self.profile[0]])
        if profile is not None and profile.pk is None:
            profile = None  # no profile row yet (the LEFT JOIN's nulls): user.profile raises, as usual
        self.related["local_setter"](user, profile)
        if profile is not None:
            self.related["remote_setter"](profile, user)
        for name, index in self.annotations.items():
            setattr(user, name, row[index])
        return user


def read_user(user_id: int, using: str = DEFAULT_DB_ALIAS) -> User | None:
    """The user with their profile, screening standing and the content version, in one query whose
    SQL is compiled once per connection: building that query through the ORM cost more than the
    rest of a kept page's answer (web.pagecache)."""
    connection = connections[using]
    compiled: _Compiled | None = getattr(connection, "_spinewise_user_query", None)
    if compiled is None:
        compiled = _Compiled.of(using)
        connection._spinewise_user_query = compiled  # type: ignore[attr-defined]
    return compiled.read(user_id, using)


class ModelBackendWithProfile(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = read_user(user_id)
        if user is not None:
            remember_version(user.content_rows)  # type: ignore[attr-defined]
        return user if user is not None and self.user_can_authenticate(user) else None
