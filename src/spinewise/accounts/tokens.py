"""Personal API tokens: made on the account page, shown once, kept only as a SHA-256 digest.

A token is `sw_` and 43 URL-safe characters (256 random bits); the digest is enough to find it
again, and a stolen database gives no usable token. `last_used_at` is written at most once a
minute per token, so a script calling the API in a loop does not write on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spinewise.accounts.models import ApiToken

PREFIX = "sw_"
MAX_TOKENS = 20
MAX_NAME = 60
LAST_USED_EVERY = timedelta(minutes=1)


class TokenRefused(ValueError):
    """A token that cannot be made as asked; nothing was written."""


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def make_token(user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for the person: the row, and the token itself (shown once, never stored)."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or "\x00" in name:
        raise TokenRefused(_("Give the token a name of 1 to %(max)s characters.") % {"max": MAX_NAME})
    if scope not in ApiToken.Scope.values:
        raise TokenRefused(_("Choose read only or read and write."))
    raw = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS:
            raise TokenRefused(
                _("You have %(count)s tokens already: revoke one you no longer use.") % {"count": MAX_TOKENS}
            )
        token = ApiToken.objects.create(user=user, name=name, scope=scope, digest=digest(raw))
    return token, raw


def revoke(user: User, token_id: int) -> bool:
    """Delete one of the person's tokens; False when it is not theirs (or already gone)."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def authenticate(raw: str) -> ApiToken | None:
    """The active token this string is, with its person, and its use noted; None when unknown."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def export_tokens(user: User) -> list[dict[str, object]]:
    """The person's tokens for their data download: names, scopes and dates, never the digests."""
    return [
        {
            "name": t.name,
            "scope": t.scope,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        }
        for t in ApiToken.objects.of(user)
    ]
