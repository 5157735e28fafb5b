"""The built-in provider: e-mail address and password. Residents and businesses are logged in at once;
staff go on to the one-time code step (see `session.one_time_code_step`)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from kencho.core.audit import client_ip
from kencho.core.forms import LoginForm
from kencho.core.lockout import login_failure_record, login_lock, login_lock_audit
from kencho.core.models import User

from .page import login_page_render
from .registry import LoginProvider, login_providers
from .session import login_finish, needs_one_time_code, one_time_code_step, safe_next_url

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_providers.register("password")
class PasswordLogin(LoginProvider):
    label_ja = "メールアドレスとパスワード"
    label_en = "E-mail and password"

    def start(self, request: HttpRequest, *, next_url: str) -> HttpResponse:
        return login_page_render(request, form=LoginForm(), next_url=next_url)

    def complete(self, request: HttpRequest) -> HttpResponse:
        next_url = safe_next_url(request, request.POST.get("next"))
        form = LoginForm(request.POST)
        if not form.is_valid():
            return login_page_render(request, form=form, next_url=next_url)
        email: str = form.cleaned_data["email"]
        if lock := login_lock(email=email, ip_address=client_ip(request)):
            login_lock_audit(email=email, request=request, lock=lock)
            form.add_error(None, lock.message)
            return login_page_render(request, form=form, next_url=next_url, status=429)
        user = authenticate(request, username=email, password=form.cleaned_data["password"])
        if not isinstance(user, User):
            known = User.objects.filter(email=email).first()
            lock = login_failure_record(email=email, request=request, reason="password", user=known)
            form.add_error(
                None, lock.message if lock else gettext("メールアドレスまたはパスワードが正しくありません。")
            )
            return login_page_render(request, form=form, next_url=next_url, status=429 if lock else 200)
        if needs_one_time_code(user):
            return one_time_code_step(request, user=user, backend=MODEL_BACKEND, next_url=next_url)
        return login_finish(request, user=user, backend=MODEL_BACKEND, next_url=next_url, method="password")
