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

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef

from spinewise.library.cache import remember_version, version_sql
from spinewise.safety.models import Screening


class ModelBackendWithProfile(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        screenings = Screening.objects.filter(user=OuterRef("pk"))
        user = (
            User._default_manager.select_related("profile")
            .annotate(
                screening_taken=Exists(screenings),
                stop_held=Exists(screenings.uncleared_stops()),
                content_rows=version_sql(),
            )
            .filter(pk=user_id)
            .first()
        )
        if user is not None:
            remember_version(user.content_rows)
        return user if user is not None and self.user_can_authenticate(user) else None
