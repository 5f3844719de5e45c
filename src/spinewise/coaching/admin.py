"""The owner grants the coach role (add a coach profile, or make a coach invitation code)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

import spinewise.generics  # noqa: F401  (ModelAdmin[...], ModelForm[...] at run time)
from spinewise.accounts.stamps import touch
from spinewise.coaching import services
from spinewise.coaching.models import CoachProfile, Invitation, Link
from spinewise.coaching.people import client_ids


def _set_active(queryset: QuerySet[CoachProfile], *, active: bool) -> None:
    """The coaches' and their clients' pages show the role, and an update sends no signal: their
    data stamps are changed here (accounts.stamps). Read first: the admin's filter may be on `active`."""
    coaches = list(queryset.values_list("user_id", flat=True))
    CoachProfile.objects.filter(user_id__in=coaches).update(active=active)
    touch([*coaches, *client_ids(coaches)], progress=False)


@admin.register(CoachProfile)
class CoachProfileAdmin(admin.ModelAdmin[CoachProfile]):
    list_display = ["display_name", "user", "practice", "active", "granted_at"]
    list_filter = ["active"]
    search_fields = ["display_name", "user__email"]
    raw_id_fields = ["user"]
    actions = ["revoke", "restore"]

    @admin.action(description="Take the coach role away")
    def revoke(self, request: HttpRequest, queryset: QuerySet[CoachProfile]) -> None:
        _set_active(queryset, active=False)

    @admin.action(description="Give the coach role back")
    def restore(self, request: HttpRequest, queryset: QuerySet[CoachProfile]) -> None:
        _set_active(queryset, active=True)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    """Adding one makes an owner's invitation for a future coach; its code is shown once."""

    list_display = ["hint", "kind", "coach", "created_at", "expires_at", "state"]
    list_filter = ["kind"]
    fields = ["note"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Invitation, form: Any, change: bool) -> None:
        made, code = services.create_invitation(None, Invitation.Kind.COACH, note=obj.note)
        obj.pk = made.pk
        obj.refresh_from_db()
        messages.success(request, f"Coach invitation code (shown once, valid 7 days): {code}")


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin[Link]):
    list_display = ["coach", "client", "started_at", "ended_at", "ended_by"]
    readonly_fields = ["coach", "client", "invitation", "started_at", "ended_at", "ended_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
