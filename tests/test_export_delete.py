"""The data download holds every program row and favourite; deleting an account leaves nothing (issue #11)."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session as DjangoSession
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spinewise.accounts import exports
from spinewise.accounts.services import delete_account
from spinewise.programs.models import PainCheck, RedeemAttempt
from spinewise.training.models import Favourite, Routine
from tests.programs_helpers import done_session, enrolled, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("frozen")
def test_the_download_holds_programs_check_ins_favourites_and_attempts(trainee: User) -> None:
    client = signed_in(trainee)
    enrolment = enrolled(trainee)
    done_session(trainee, enrolment, 1)
    PainCheck.objects.create(user=trainee, kind=PainCheck.Kind.MORNING, pain=3, at=timezone.now())
    RedeemAttempt.objects.create(user=trainee, ip="10.0.0.1", succeeded=False, at=timezone.now())
    Favourite.objects.create(user=trainee, routine=Routine.objects.first())
    data = json.loads(client.get(reverse("accounts:data")).content)
    programs = data["programs"]
    assert programs["enrolments"][0]["workouts"][0]["number"] == 1
    assert "decision" in programs["enrolments"][0]["workouts"][0]
    assert programs["pain_checks"][0] == {"kind": "morning", "pain": 3, "at": timezone.now().isoformat()}
    assert programs["redeem_attempts"][0]["ip"] == "10.0.0.1"
    assert len(data["favourites"]) == 1


def test_deleting_an_account_removes_login_records_and_web_sessions(trainee: User, stranger: User) -> None:
    for person in (trainee, stranger):
        AccessAttempt.objects.create(
            username=person.username, ip_address="10.0.0.2", user_agent="x", failures_since_start=1
        )
        AccessLog.objects.create(username=person.username, ip_address="10.0.0.2", user_agent="x")
    Client().force_login(trainee)
    other = Client()
    other.force_login(stranger)
    assert DjangoSession.objects.count() == 2
    delete_account(trainee)
    assert not AccessAttempt.objects.filter(username=trainee.username).exists()
    assert not AccessLog.objects.filter(username=trainee.username).exists()
    assert AccessLog.objects.filter(username=stranger.username).exists()
    assert DjangoSession.objects.count() == 1
    assert other.get(reverse("training:history")).status_code == 200


# Rows about a person that are not theirs to download: staff's admin actions and code batches.
NOT_A_PERSONS_DATA = {"admin.LogEntry", "programs.CodeBatch"}


def _owned_by_a_person() -> set[type[Model]]:
    """Every model with a link to the user model, directly or through a model that has one."""
    user_model = get_user_model()
    owned: set[type[Model]] = set()
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in owned or model._meta.label in NOT_A_PERSONS_DATA:
                continue
            links = [
                f.related_model
                for f in model._meta.get_fields()
                if (f.many_to_one or f.one_to_one) and f.concrete and f.related_model is not None
            ]
            if any(target is user_model or target in owned for target in links):
                owned.add(model)
                changed = True
    return owned


def test_every_model_about_a_person_is_in_the_download() -> None:
    missing = {m._meta.label for m in _owned_by_a_person() - exports.covered_models()}
    assert not missing, f"add these to an app's data download section: {sorted(missing)}"


def test_the_coverage_test_sees_a_model_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "_covers", {k: v for k, v in exports._covers.items() if k != "favourites"})
    assert Favourite in _owned_by_a_person() - exports.covered_models()
