"""Log-in lockout and rate limit, kept in the database (LoginFailure) so that it holds across every app
process and machine.

An e-mail address is locked for KENCHO_LOCKOUT_MINUTES once KENCHO_LOCKOUT_THRESHOLD failures for it
fall within that many minutes; the lock runs from the last of those failures. An IP address is limited
the same way with KENCHO_LOCKOUT_IP_THRESHOLD failures, so that one machine cannot try many accounts.
Attempts refused because of a lock are not counted again, so a lock ends on time even while someone
keeps trying. A successful log-in clears the failures of its e-mail address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from .audit import audit_record, client_ip
from .models import LoginFailure, User

# Failures older than this many lockout periods are of no further use and are removed as new ones arrive.
_KEEP_PERIODS = 4


def lockout_threshold() -> int:
    return int(getattr(settings, "KENCHO_LOCKOUT_THRESHOLD", 5))


def lockout_minutes() -> int:
    return int(getattr(settings, "KENCHO_LOCKOUT_MINUTES", 15))


def lockout_ip_threshold() -> int:
    return int(getattr(settings, "KENCHO_LOCKOUT_IP_THRESHOLD", 30))


def normalize_identifier(email: str) -> str:
    return email.strip().lower()[:254]


@dataclass(frozen=True)
class Lock:
    """Why log-in is refused and until when."""

    scope: str  # "email" or "ip"
    until: datetime

    @property
    def message(self) -> str:
        return gettext("ログインに続けて失敗したため、%(minutes)d分間ログインできません。") % {
            "minutes": lockout_minutes()
        }


def _lock_from(created: list[datetime], *, threshold: int, scope: str) -> Lock | None:
    """`created` holds the newest failures first, at most `threshold` of them."""
    if threshold <= 0 or len(created) < threshold:
        return None
    window = timedelta(minutes=lockout_minutes())
    newest, oldest = created[0], created[threshold - 1]
    if newest - oldest > window:
        return None
    until = newest + window
    return Lock(scope=scope, until=until) if timezone.now() < until else None


def login_lock(*, email: str, ip_address: str | None) -> Lock | None:
    """The lock that refuses a log-in for this e-mail address from this IP address now, if any."""
    threshold = lockout_threshold()
    created = list(
        LoginFailure.objects.filter(identifier=normalize_identifier(email))
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:threshold]
    )
    if lock := _lock_from(created, threshold=threshold, scope="email"):
        return lock
    if not ip_address:
        return None
    ip_threshold = lockout_ip_threshold()
    created = list(
        LoginFailure.objects.filter(
            ip_address=ip_address, created_at__gte=timezone.now() - timedelta(minutes=lockout_minutes())
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:ip_threshold]
    )
    return _lock_from(created, threshold=ip_threshold, scope="ip")


def login_failure_record(
    *, email: str, request: HttpRequest | None, reason: str, user: User | None = None
) -> Lock | None:
    """Count one failed attempt (wrong password, unknown e-mail, wrong one-time code) and audit it
    against the account it tried, if that exists (the actor is unknown: nobody is logged in). Returns
    the lock the failure caused, if this was the one that crossed a threshold."""
    identifier = normalize_identifier(email)
    ip_address = client_ip(request)
    now = timezone.now()
    LoginFailure.objects.filter(
        created_at__lt=now - timedelta(minutes=lockout_minutes() * _KEEP_PERIODS)
    ).delete()
    LoginFailure.objects.create(identifier=identifier, ip_address=ip_address, created_at=now)
    audit_record(
        action="core.login_failed",
        object_type="core.user" if user else "",
        object_id=str(user.pk) if user else "",
        detail={"email": identifier, "reason": reason},
        request=request,
    )
    lock = login_lock(email=identifier, ip_address=ip_address)
    if lock is not None:
        login_lock_audit(email=identifier, request=request, lock=lock, user=user)
    return lock


def login_lock_audit(
    *, email: str, request: HttpRequest | None, lock: Lock, user: User | None = None
) -> None:
    """Record that an attempt was refused (or a lock began) because of `lock`."""
    audit_record(
        action="core.login_locked",
        object_type="core.user" if user else "",
        object_id=str(user.pk) if user else "",
        detail={"email": normalize_identifier(email), "scope": lock.scope, "until": lock.until.isoformat()},
        request=request,
    )


def login_failures_clear(*, email: str) -> None:
    """Forget the failures of an e-mail address after it logged in successfully."""
    LoginFailure.objects.filter(identifier=normalize_identifier(email)).delete()
