"""The log-in page, the staff one-time code step and enrolment, and log-out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from kencho.core.audit import audit_record
from kencho.core.forms import OneTimeCodeForm
from kencho.core.login.page import login_page_render
from kencho.core.login.registry import enabled_login_provider
from kencho.core.login.session import (
    login_finish,
    login_pending,
    needs_one_time_code,
    safe_next_url,
    session_otp_verified,
)
from kencho.core.login.totp import (
    confirmed_totp_device,
    totp_check,
    totp_device_for_enrolment,
    totp_enrolment_confirm,
    totp_qr_svg,
    totp_secret_base32,
)
from kencho.core.models import User


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    password = enabled_login_provider("password")
    if request.method == "POST" and password is not None:
        return password.complete(request)
    next_url = safe_next_url(request, request.GET.get("next"))
    if password is None:
        return login_page_render(request, form=None, next_url=next_url)
    return password.start(request, next_url=next_url)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(action="core.logged_out", actor=request.user, obj=request.user, request=request)
    auth_logout(request)
    return redirect("/")


@dataclass(frozen=True)
class _CodeStep:
    user: User
    backend: str
    next_url: str


def _code_step(request: HttpRequest) -> _CodeStep | None:
    """Who owes a one-time code: the person who just gave the right password, or a staff member who
    is logged in but whose session is not OTP-verified yet."""
    if pending := login_pending(request):
        return _CodeStep(user=pending["user"], backend=pending["backend"], next_url=pending["next"])
    user = request.user
    if isinstance(user, User) and needs_one_time_code(user) and not session_otp_verified(request):
        return _CodeStep(
            user=user,
            backend=request.session.get(BACKEND_SESSION_KEY, ""),
            next_url=safe_next_url(request, request.GET.get("next")),
        )
    return None


def _start_again(request: HttpRequest) -> HttpResponse:
    messages.info(request, gettext("時間が経ったため、もう一度ログインしてください。"))
    return HttpResponseRedirect(reverse("core:login"))


def _check_code(
    request: HttpRequest, *, step: _CodeStep, device: Any, form: OneTimeCodeForm, enrolling: bool = False
) -> tuple[HttpResponse | None, int]:
    """Check a posted one-time code. Returns the finished log-in's response, or None with the status
    to show the form again at (its errors added: a wrong code, or a lockout with 429)."""
    if not form.is_valid():
        return None, 200
    accepted, lock = totp_check(request, user=step.user, device=device, code=form.cleaned_data["code"])
    if accepted:
        if enrolling:
            totp_enrolment_confirm(request, user=step.user, device=device)
        response = login_finish(
            request,
            user=step.user,
            backend=step.backend,
            next_url=step.next_url,
            method="password+totp",
            device=device,
        )
        return response, 302
    if lock:
        form.add_error(None, lock.message)
        return None, 429
    form.add_error(
        "code", gettext("確認コードが正しくありません。認証アプリの最新のコードを入力してください。")
    )
    return None, 200


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_totp_view(request: HttpRequest) -> HttpResponse:
    step = _code_step(request)
    if step is None:
        return _start_again(request)
    device = confirmed_totp_device(step.user)
    if device is None:
        return HttpResponseRedirect(reverse("core:totp_enrol"))
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    finished, status = _check_code(request, step=step, device=device, form=form)
    if finished is not None:
        return finished
    return render(request, "core/login_totp.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def totp_enrol_view(request: HttpRequest) -> HttpResponse:
    step = _code_step(request)
    if step is None:
        return _start_again(request)
    if confirmed_totp_device(step.user) is not None:
        return HttpResponseRedirect(reverse("core:login_totp"))
    device = totp_device_for_enrolment(step.user)
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    finished, status = _check_code(request, step=step, device=device, form=form, enrolling=True)
    if finished is not None:
        return finished
    context = {
        "form": form,
        "qr_svg": totp_qr_svg(device, label=gettext("認証アプリ登録用のQRコード")),
        "secret": totp_secret_base32(device),
        "email": step.user.email,
    }
    return render(request, "core/totp_enrol.html", context, status=status)
