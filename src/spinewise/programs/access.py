"""Who may open which workout, and lifetime access from single-use codes.

Codes carry 80 random bits in Crockford's base 32 (no I, L, O or U, so nothing is misread),
shown as four groups of four. Only a SHA-256 digest is stored: with that much randomness a
slow hash adds nothing, and nobody can read a code back from the database.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spinewise.library.i18n import localized
from spinewise.programs.models import Access, AccessCode, CodeBatch, Program, RedeemAttempt

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
MAX_BATCH = 5000
# Wrong codes allowed before a pause, per person and per network address.
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_IP = 20
FAILURE_WINDOW = timedelta(minutes=15)

_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise(typed: str) -> str:
    """The code as typed, without spaces or dashes, upper case, look-alike letters mapped."""
    return "".join(typed.split()).replace("-", "").upper().translate(_CONFUSABLE)


def digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def well_formed(code: str) -> bool:
    value = normalise(code)
    return len(value) == CODE_LENGTH and all(c in ALPHABET for c in value)


def make_batch(
    program: Program, size: int, label: str, by: User | None = None
) -> tuple[CodeBatch, list[str]]:
    """A batch of new codes for a paid program; the plain codes are returned once and never stored."""
    if not program.is_paid:
        raise ValueError(f"{program.name} is free: it needs no access codes.")
    if not 1 <= size <= MAX_BATCH:
        raise ValueError(f"A batch holds 1 to {MAX_BATCH} codes.")
    codes = [new_code() for _ in range(size)]
    with transaction.atomic():
        batch = CodeBatch.objects.create(program=program, label=label, size=size, created_by=by)
        AccessCode.objects.bulk_create(
            AccessCode(batch=batch, digest=digest(code), hint=normalise(code)[-4:]) for code in codes
        )
    return batch, codes


@dataclass(frozen=True)
class Offer:
    """What buying a paid program costs and where, as the owner set it (SPINEWISE_PRICE, SPINEWISE_BUY_URL)."""

    price: str  # "" when the owner set none
    buy_url: str  # "" when the owner set none


def offer(program: Program) -> Offer:
    url = str(getattr(settings, "BUY_URL", "") or "").replace("{program}", program.slug)
    if not url.startswith(("https://", "http://")):
        url = ""
    return Offer(price=str(getattr(settings, "PRICE", "") or ""), buy_url=url)


def has_access(user: User | AnonymousUser, program: Program) -> bool:
    return user.is_authenticated and lifetime(user.pk, program)


def lifetime(user_id: int, program: Program) -> bool:
    """Whether the person may open every workout of the program: it is free, or they have lifetime access."""
    return not program.is_paid or Access.objects.filter(user_id=user_id, program=program).exists()


def lifetime_with(program: Program, holds_access: bool) -> bool:
    """lifetime(), when whether the person holds an Access row was read already (with the enrolment)."""
    return not program.is_paid or holds_access


def workout_open(program: Program, number: int, lifetime: bool) -> bool:
    """Free programs are open; a paid one opens its first workouts to all and the rest with lifetime access."""
    return not program.is_paid or number <= program.free_workouts or lifetime


def grant(user: User, program: Program, note: str = "") -> Access:
    """Lifetime access given by the owner (the admin uses this); granting twice keeps the first."""
    access, _ = Access.objects.get_or_create(
        user=user, program=program, defaults={"source": Access.Source.ADMIN, "note": note}
    )
    return access


class RedeemError(ValueError):
    pass


@dataclass(frozen=True)
class Redeemed:
    program: Program
    access: Access


def _failures_since(user: User, ip: str | None) -> tuple[int, int, RedeemAttempt | None]:
    since = timezone.now() - FAILURE_WINDOW
    failed = RedeemAttempt.objects.filter(at__gte=since, succeeded=False)
    by_user = failed.filter(user=user)
    by_ip = failed.filter(ip=ip) if ip else failed.none()
    oldest = by_user.order_by("at").first()
    return by_user.count(), by_ip.count(), oldest


def _throttled(user: User, ip: str | None) -> str | None:
    mine, network, oldest = _failures_since(user, ip)
    if mine < MAX_FAILURES_PER_USER and network < MAX_FAILURES_PER_IP:
        return None
    wait = FAILURE_WINDOW
    if oldest is not None and mine >= MAX_FAILURES_PER_USER:
        wait = oldest.at + FAILURE_WINDOW - timezone.now()
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return ngettext(
        "Too many codes that did not work. For your account's safety, wait %(n)s minute before trying again.",
        "Too many codes that did not work. For your account's safety, wait %(n)s minutes before trying again.",
        minutes,
    ) % {"n": minutes}


def redeem(user: User, typed: str, ip: str | None = None) -> Redeemed:
    """Turn a code into lifetime access, once. Every failure counts towards the throttle."""
    refusal = _throttled(user, ip)
    if refusal:
        raise RedeemError(refusal)

    def fail(message: str) -> RedeemError:
        RedeemAttempt.objects.create(user=user, ip=ip, succeeded=False, at=timezone.now())
        return RedeemError(message)

    if not well_formed(typed):
        raise fail(
            _("An access code has 16 letters and digits, like %(example)s (dashes and spaces do not matter).")
            % {"example": "ABCD-EFGH-JKMN-PQRS"}
        )
    with transaction.atomic():
        code = (
            AccessCode.objects.select_for_update()
            .select_related("batch__program")
            .filter(digest=digest(typed))
            .first()
        )
        if code is None:
            failure: str | None = _(
                "That code is not one we know. Check it character by character and try again."
            )
        elif code.redeemed_at is not None:
            failure = (
                _("You have already used this code.")
                if code.redeemed_by_id == user.pk
                else _(
                    "That code has already been used: each code unlocks one account, once."
                    " If you bought it, ask the seller for help."
                )
            )
        else:
            failure = None
        if failure is None:
            assert code is not None
            program = code.batch.program
            name = localized(program, translation.get_language()).name
            if Access.objects.filter(user=user, program=program).exists():
                raise RedeemError(
                    _(
                        "You already have lifetime access to %(name)s, so this code was not used:"
                        " you can give it to someone else."
                    )
                    % {"name": name}
                )
            code.redeemed_by = user
            code.redeemed_at = timezone.now()
            code.save(update_fields=["redeemed_by", "redeemed_at"])
            try:
                with transaction.atomic():
                    access = Access.objects.create(
                        user=user, program=program, source=Access.Source.CODE, code=code
                    )
            except IntegrityError as exc:  # a second request of the same person won the race
                raise RedeemError(
                    _("You already have lifetime access to %(name)s.") % {"name": name}
                ) from exc
            RedeemAttempt.objects.create(user=user, ip=ip, succeeded=True, at=timezone.now())
            return Redeemed(program, access)
    # Outside the transaction, so the failed attempt is kept whatever else happened.
    raise fail(failure)
