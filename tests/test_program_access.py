"""Free, locked and lifetime access; single-use codes, stored hashed, with wrong guesses throttled."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from spinewise.programs.access import (
    ALPHABET,
    MAX_FAILURES_PER_USER,
    RedeemError,
    digest,
    grant,
    make_batch,
    normalise,
    redeem,
)
from spinewise.programs.models import Access, AccessCode, RedeemAttempt
from spinewise.programs.services import plan_for
from spinewise.training.models import Session
from tests.programs_helpers import (
    NOW,
    TODAY,
    done_session,
    enrolled,
    give_pain,
    payload_of,
    program,
    start_report,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def week_two(trainee: User) -> None:
    """Enrolled a week ago, so workout 4 (the first paid one) is open by date."""
    enrolled(trainee, start=TODAY - timedelta(days=7), days=[0, 2, 4])


# ---------------------------------------------------------------- codes


def test_codes_are_long_random_and_stored_only_as_a_digest() -> None:
    _, codes = make_batch(program(), 50, "shop")
    assert len(set(codes)) == 50
    for code in codes:
        assert len(normalise(code)) == 16 and set(normalise(code)) <= set(ALPHABET)
    stored = list(AccessCode.objects.values_list("digest", flat=True))
    assert sorted(stored) == sorted(digest(c) for c in codes)
    assert not any(normalise(c) in s for c in codes for s in stored)


def test_free_programs_get_no_codes() -> None:
    with pytest.raises(ValueError, match="is free"):
        make_batch(program("morning-release-four-weeks"), 1, "x")
    with pytest.raises(ValueError, match="1 to"):
        make_batch(program(), 0, "x")


def test_a_code_redeems_once_typed_loosely(trainee: User, stranger: User) -> None:
    _, (code,) = make_batch(program(), 1, "shop")
    sloppy = f"  {code.lower().replace('-', ' ')} "
    done = redeem(trainee, sloppy, "10.0.0.1")
    assert done.program == program()
    assert Access.objects.get(user=trainee).source == "code"
    with pytest.raises(RedeemError, match="already been used"):
        redeem(stranger, code)
    with pytest.raises(RedeemError, match="You have already used this code"):
        redeem(trainee, code)


def test_a_person_who_already_has_access_keeps_the_code_unused(trainee: User) -> None:
    grant(trainee, program(), "gift")
    _, (code,) = make_batch(program(), 1, "shop")
    with pytest.raises(RedeemError, match="was not used"):
        redeem(trainee, code)
    assert AccessCode.objects.get().redeemed_at is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [("hello", "16 letters and digits"), ("ABCD-EFGH-JKMN-PQRS", "not one we know")],
)
def test_unknown_or_malformed_codes_are_refused_clearly(trainee: User, typed: str, message: str) -> None:
    with pytest.raises(RedeemError, match=message):
        redeem(trainee, typed)
    assert not Access.objects.exists()
    assert RedeemAttempt.objects.filter(user=trainee, succeeded=False).count() == 1


def test_repeated_wrong_guesses_are_throttled_then_allowed_again(
    trainee: User, frozen: time_machine.Traveller
) -> None:
    _, (code,) = make_batch(program(), 1, "shop")
    for _ in range(MAX_FAILURES_PER_USER):
        with pytest.raises(RedeemError, match="not one we know"):
            redeem(trainee, "ABCD-EFGH-JKMN-PQRS")
    # Even the right code waits now: guessing must not pay.
    with pytest.raises(RedeemError, match="wait 15 minutes"):
        redeem(trainee, code)
    frozen.move_to(NOW + timedelta(minutes=10))
    with pytest.raises(RedeemError, match="wait 5 minutes"):
        redeem(trainee, code)
    frozen.move_to(NOW + timedelta(minutes=16))
    assert redeem(trainee, code).program == program()


def test_guesses_from_one_address_across_accounts_are_throttled(trainee: User) -> None:
    others = [User.objects.create_user(f"u{n}", f"u{n}@example.com", "pw-long-enough") for n in range(5)]
    for person in others:
        for _ in range(4):
            with pytest.raises(RedeemError):
                redeem(person, "ABCD-EFGH-JKMN-PQRS", "10.9.9.9")
    with pytest.raises(RedeemError, match="wait"):
        redeem(trainee, "ABCD-EFGH-JKMN-PQRS", "10.9.9.9")


def test_the_redeem_page_shows_the_error_in_the_form(client_of: Client) -> None:
    response = client_of.post(reverse("programs:redeem"), {"code": "ABCD-EFGH-JKMN-PQRS"})
    assert response.status_code == 400
    assert "not one we know" in response.content.decode()
    empty = client_of.post(reverse("programs:redeem"), {"code": ""})
    assert "Type the code you bought." in empty.content.decode()


# ---------------------------------------------------------------- what is open to whom


def test_free_programs_are_open_throughout(trainee: User) -> None:
    enrolment = enrolled(trainee, "morning-release-four-weeks", start=TODAY - timedelta(days=27))
    plan = plan_for(enrolment, TODAY)
    assert not any(w.status == "paid" for w in plan.workouts)


def test_a_paid_program_opens_its_first_three_workouts_only(trainee: User) -> None:
    enrolment = enrolled(trainee, start=TODAY - timedelta(days=35))
    statuses = [w.status for w in plan_for(enrolment, TODAY).workouts]
    assert statuses[:3] == ["late", "late", "late"]
    assert set(statuses[3:]) == {"paid"}


def test_lifetime_access_opens_the_rest(trainee: User) -> None:
    enrolment = enrolled(trainee, start=TODAY - timedelta(days=35))
    grant(trainee, program(), "granted in the admin")
    assert "paid" not in {w.status for w in plan_for(enrolment, TODAY).workouts}


def test_a_locked_workout_says_what_unlocking_gives_on_every_page(client_of: Client, trainee: User) -> None:
    week_two(trainee)
    page = client_of.get(reverse("programs:workout", args=[4]))
    assert page.status_code == 403
    text = page.content.decode()
    assert "Lifetime access unlocks all 18 workouts" in text
    assert 'data-testid="unlock"' in text
    assert client_of.post(reverse("programs:pain", args=[4]), {"pain": "2"}).status_code == 302
    assert client_of.get(reverse("programs:play", args=[4])).status_code == 302


def test_saving_a_locked_workout_is_refused_on_the_server(client_of: Client, trainee: User) -> None:
    week_two(trainee)
    give_pain(client_of, 1)
    payload = payload_of(client_of.get(reverse("programs:play", args=[1])))
    response = client_of.post(
        reverse("programs:start", args=[4]),
        json.dumps(start_report(payload)),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "Lifetime access" in response.json()["errors"][0]
    assert not Session.objects.exists()


def test_redeeming_unlocks_the_fourth_workout(client_of: Client, trainee: User) -> None:
    week_two(trainee)
    _, (code,) = make_batch(program(), 1, "shop")
    response = client_of.post(reverse("programs:redeem"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:current")
    give_pain(client_of, 4)
    payload = payload_of(client_of.get(reverse("programs:play", args=[4])))
    started = client_of.post(
        payload["save_url"], json.dumps(start_report(payload)), content_type="application/json"
    )
    assert started.status_code == 201


def test_a_session_of_a_workout_whose_access_went_away_is_not_saved(client_of: Client, trainee: User) -> None:
    enrolment = enrolled(trainee, start=TODAY - timedelta(days=7))
    access = grant(trainee, program())
    session = done_session(trainee, enrolment, 4, status=Session.Status.PARTIAL)
    access.delete()
    body = {
        "routine_name": "x",
        "prescription": session.prescription,
        "started_at": NOW.isoformat(),
        "items": [],
    }
    response = client_of.post(
        reverse("play:session", args=[session.pk]), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 403
    assert "needs lifetime access" in response.json()["errors"][0]
