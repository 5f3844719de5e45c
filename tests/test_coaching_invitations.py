"""Invitations and consent: single use, 7 days, decline, withdraw, and either side ending the link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from spinewise.coaching import services
from spinewise.coaching.models import CoachProfile, Invitation, Link
from tests.coaching_helpers import coach_client, linked, make_coach
from tests.programs_helpers import signed_in

pytestmark = pytest.mark.django_db


def test_only_a_coach_can_invite(coach: Any, trainee: Any) -> None:
    with pytest.raises(services.CoachingError, match="Only a coach"):
        services.create_invitation(coach)
    response = signed_in(coach).post("/coaching/invitations/")
    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_the_code_is_shown_once_and_kept_only_as_a_digest(coach: Any) -> None:
    make_coach(coach)
    response = coach_client(coach).post("/coaching/invitations/")
    assert response.status_code == 200
    code = response.context["code"]
    assert len(code) == 11 and code[5] == "-"
    invitation = Invitation.objects.get()
    assert code.replace("-", "") not in str(Invitation.objects.values().get())
    assert invitation.hint == code.replace("-", "")[-4:]
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    # Typed loosely (lower case, spaces, O for 0), it still finds the invitation.
    loose = code.lower().replace("-", " ").replace("0", "o")
    assert services.find_invitation(loose) == invitation


def test_the_client_sees_who_and_what_before_accepting(coach: Any, trainee: Any) -> None:
    make_coach(coach, "Dana Physio")
    _, code = services.create_invitation(coach)
    client = signed_in(trainee)
    page = client.get(f"/coaching/join/{code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dana Physio" in html and "Riverside Physiotherapy" in html
    for line in services.COACH_SEES:
        assert line in html
    assert Link.objects.count() == 0  # looking is not consenting
    response = client.post(f"/coaching/join/{code}/", {"action": "accept"})
    assert response.status_code == 302
    link = Link.objects.get()
    assert (link.coach, link.client, link.ended_at) == (coach, trainee, None)


def test_a_code_works_once(coach: Any, trainee: Any, stranger: Any) -> None:
    make_coach(coach)
    invitation, code = services.create_invitation(coach)
    services.accept(invitation, trainee)
    response = signed_in(stranger).post(f"/coaching/join/{code}/", {"action": "accept"})
    assert response.status_code == 409
    assert "already used" in response.content.decode()
    assert not Link.objects.filter(client=stranger).exists()
    assert signed_in(stranger).get(f"/coaching/join/{code}/").status_code == 410


def test_a_code_expires_after_seven_days(coach: Any, trainee: Any) -> None:
    make_coach(coach)
    invitation, code = services.create_invitation(coach)
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        with pytest.raises(services.CoachingError, match="expired"):
            services.accept(invitation, trainee)
        assert signed_in(trainee).post(f"/coaching/join/{code}/", {"action": "accept"}).status_code == 409
    assert Link.objects.count() == 0
    # Just before the end it still works.
    other, _ = services.create_invitation(coach)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert isinstance(services.accept(other, trainee), Link)


def test_declining_shares_nothing_and_uses_the_code(coach: Any, trainee: Any) -> None:
    make_coach(coach)
    invitation, code = services.create_invitation(coach)
    client = signed_in(trainee)
    assert client.post(f"/coaching/join/{code}/", {"action": "decline"}).status_code == 302
    assert Link.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.state == "declined"
    with pytest.raises(services.CoachingError, match="declined"):
        services.accept(invitation, trainee)


def test_a_withdrawn_invitation_cannot_be_used(coach: Any, trainee: Any) -> None:
    make_coach(coach)
    invitation, _ = services.create_invitation(coach)
    assert coach_client(coach).post(f"/coaching/invitations/{invitation.pk}/withdraw/").status_code == 302
    with pytest.raises(services.CoachingError, match="withdrew"):
        services.accept(invitation, trainee)


def test_an_unknown_or_own_code_is_refused(coach: Any, trainee: Any) -> None:
    make_coach(coach)
    assert signed_in(trainee).get("/coaching/join/ABCDE-FGHJK/").status_code == 404
    assert signed_in(trainee).get("/coaching/join/%00%FF/").status_code == 404
    invitation, _ = services.create_invitation(coach)
    with pytest.raises(services.CoachingError, match="your own"):
        services.accept(invitation, coach)


def test_the_join_page_needs_an_account(coach: Any, client: Any) -> None:
    make_coach(coach)
    _, code = services.create_invitation(coach)
    response = client.get(f"/coaching/join/{code}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("side", ["client", "coach"])
def test_either_side_ends_the_link(coach: Any, trainee: Any, side: str) -> None:
    make_coach(coach)
    link = linked(coach, trainee)
    if side == "client":
        response = signed_in(trainee).post(f"/coaching/mine/{link.pk}/end/")
    else:
        response = coach_client(coach).post(f"/coaching/clients/{link.pk}/end/")
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_at is not None and link.ended_by == side
    # A new invitation can link them again later.
    again = linked(coach, trainee)
    assert again.pk != link.pk


def test_the_owner_makes_a_coach_with_an_invitation(trainee: Any) -> None:
    invitation, code = services.create_invitation(None, Invitation.Kind.COACH)
    client = signed_in(trainee)
    assert client.post("/coaching/invitations/").status_code == 403
    assert client.post(f"/coaching/join/{code}/", {"action": "accept"}).status_code == 302
    assert CoachProfile.objects.get(user=trainee).active
    assert client.post("/coaching/invitations/").status_code == 200
    invitation.refresh_from_db()
    assert invitation.state == "accepted"


def test_the_owner_grants_and_takes_the_role_in_the_admin(trainee: Any, admin_client: Any) -> None:
    response = admin_client.post(
        "/admin/coaching/coachprofile/add/",
        {"user": trainee.pk, "display_name": "Sam Coach", "practice": "", "active": "on"},
    )
    assert response.status_code == 302, response.content[:2000]
    profile = CoachProfile.objects.get(user=trainee)
    assert services.coach_profile(trainee) == profile
    admin_client.post(
        "/admin/coaching/coachprofile/",
        {"action": "revoke", "_selected_action": [profile.pk]},
    )
    assert services.coach_profile(trainee) is None
    # The owner's coach invitation: its code is shown once, in the message.
    response = admin_client.post("/admin/coaching/invitation/add/", {"note": "for Alex"}, follow=True)
    text = response.content.decode()
    assert "Coach invitation code" in text
    invitation = Invitation.objects.get(kind="coach")
    assert invitation.note == "for Alex" and invitation.coach is None
