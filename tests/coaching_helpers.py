"""Shared set-up for the coaching tests: a coach, a linked client, an assigned routine."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from spinewise.accounts.services import profile_for
from spinewise.coaching import services
from spinewise.coaching.models import Assignment, CoachProfile, Link
from spinewise.coaching.schemas import ItemIn, RoutineIn
from tests.programs_helpers import signed_in

ROUTINE = RoutineIn(
    name="Back basics",
    notes="Slow and easy; stop at 5/10.",
    per_week=3,
    items=[
        ItemIn(exercise="cat-cow", sets=2, amount=8, note="Move with your breath."),
        ItemIn(exercise="bridge"),
        ItemIn(exercise="knee-to-chest"),
    ],
)


def make_coach(user: User, name: str = "Dana Physio") -> User:
    CoachProfile.objects.create(user=user, display_name=name, practice="Riverside Physiotherapy")
    return user


def linked(coach: User, client: User) -> Link:
    invitation, _ = services.create_invitation(coach)
    made = services.accept(invitation, client)
    assert isinstance(made, Link)
    return made


def limits(user: User, **fields: Any) -> None:
    profile = profile_for(user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()


def assigned(link: Link, data: RoutineIn = ROUTINE) -> Assignment:
    return services.assign_routine(link, data, link.coach)


def coach_client(coach: User) -> Client:
    return signed_in(coach)
