"""The steps every login provider shares: where to go next, the pending state between the password and
the one-time code, and finishing a log-in (session, OTP device, audit, clearing failures)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django_otp import login as otp_login
from django_otp.models import Device

from kencho.core.audit import audit_record
from kencho.core.lockout import login_failures_clear
from kencho.core.models import User

from .totp import confirmed_totp_device

PENDING_SESSION_KEY = "kencho.login.pending"
# A password checked more than this long ago no longer counts towards the one-time code step.
PENDING_MAX_AGE_SECONDS = 10 * 60


def safe_next_url(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` when it points into this site, otherwise the default page after log-in."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def staff_totp_required() -> bool:
    return bool(getattr(settings, "KENCHO_STAFF_REQUIRE_TOTP", True))


def needs_one_time_code(user: User) -> bool:
    return user.kind == User.Kind.STAFF and staff_totp_required()


def session_otp_verified(request: HttpRequest) -> bool:
    """Whether this session passed a one-time code (django_otp's OTPMiddleware adds `is_verified`)."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def login_pending_begin(request: HttpRequest, *, user: User, backend: str, next_url: str) -> None:
    """Remember that `user` gave the right password and still owes a one-time code."""
    request.session.cycle_key()
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": backend,
        "next": next_url,
        "at": int(time.time()),
    }


def login_pending(request: HttpRequest) -> dict[str, Any] | None:
    """The pending log-in with its user, or None when there is none or it is too old."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_MAX_AGE_SECONDS:
        return None
    user_id = pending.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    return {**pending, "user": user}


def login_pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


def login_finish(
    request: HttpRequest,
    *,
    user: User,
    backend: str,
    next_url: str,
    method: str,
    device: Device | None = None,
) -> HttpResponse:
    """Log `user` in (and mark the session OTP-verified with `device`), then go to `next_url`."""
    login_pending_clear(request)
    with transaction.atomic():
        if not (request.user.is_authenticated and request.user.pk == user.pk):
            auth_login(request, user, backend=backend)
        if device is not None:
            otp_login(request, device)
        login_failures_clear(email=user.email)
        audit_record(
            action="core.login_succeeded",
            actor=user,
            obj=user,
            detail={"method": method, "otp": device is not None},
            request=request,
        )
    if user.kind != User.Kind.STAFF and user.email_verified_at is None:
        messages.warning(
            request,
            gettext("メールアドレスの確認が済んでいません。確認が済むまで申請はできません。"),
        )
    return HttpResponseRedirect(next_url)


def one_time_code_step(request: HttpRequest, *, user: User, backend: str, next_url: str) -> HttpResponse:
    """Send a staff member who gave the right password on to the one-time code, or to enrol an
    authenticator app when they have none yet."""
    login_pending_begin(request, user=user, backend=backend, next_url=next_url)
    if confirmed_totp_device(user) is None:
        return HttpResponseRedirect(reverse("core:totp_enrol"))
    return HttpResponseRedirect(reverse("core:login_totp"))
