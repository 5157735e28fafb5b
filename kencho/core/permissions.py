"""Who may open staff pages: `staff_required` for function views, `StaffRequiredMixin` for class-based
views. A staff page needs a staff account (kind "staff") whose session passed the one-time code step,
unless KENCHO_STAFF_REQUIRE_TOTP is False (for a town whose staff log in through an external SSO)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from .login.session import session_otp_verified, staff_totp_required
from .models import User

View = TypeVar("View", bound=Callable[..., HttpResponse])


def staff_refusal(request: HttpRequest) -> HttpResponse | None:
    """None when the request may open a staff page; otherwise the response that sends it elsewhere:
    anonymous visitors to the log-in page, staff without a verified one-time code to that step.
    Residents and businesses are refused (403)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("core:login"))
    if not isinstance(user, User) or user.kind != User.Kind.STAFF or not user.is_active:
        raise PermissionDenied
    if staff_totp_required() and not session_otp_verified(request):
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('core:login_totp')}?{query}")
    return None


def staff_required(view: View) -> View:
    """Decorate a view so that only staff with a verified session reach it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (refusal := staff_refusal(request)) is not None:
            return refusal
        return view(request, *args, **kwargs)

    return cast(View, wrapper)


class StaffRequiredMixin:
    """The same check for class-based views; put it first among the bases."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (refusal := staff_refusal(request)) is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # mixed into a View
