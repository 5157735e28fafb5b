"""API tokens for staff systems and residents' own software. Only a hash of each token is stored;
the token itself is shown once when it is created."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from .audit import audit_record
from .models import ApiToken, User

TOKEN_PREFIX = "kencho_"  # noqa: S105 - a public prefix that makes leaked tokens easy to scan for


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_create(*, user: User, name: str, actor: User | None = None) -> tuple[ApiToken, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name[:100], token_hash=_digest(raw))
        audit_record(
            action="core.api_token_created", actor=actor or user, obj=token, detail={"user": user.email}
        )
    return token, raw


def api_token_user(raw: str) -> User | None:
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= timezone.now()):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


class TokenAuth(HttpBearer):
    """Authorization: Bearer kencho_... — sets request.auth to the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return api_token_user(token)


class OptionalTokenAuth(TokenAuth):
    """Like TokenAuth, but a request without a token is let through as anonymous."""

    def __call__(self, request: HttpRequest) -> object:
        header = request.headers.get(self.header, "")
        if not header:
            return AnonymousCaller()
        return super().__call__(request)


class AnonymousCaller:
    is_authenticated = False
