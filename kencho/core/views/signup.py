"""Signing up as a resident or a business, confirming the e-mail address, and asking for a new link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from kencho.core.accounts import (
    BusinessAlreadyRegistered,
    InvalidVerificationLink,
    business_signup,
    email_verification_resend,
    email_verify,
    resident_signup,
)
from kencho.core.forms import BusinessSignupForm, ResendVerificationForm, SignupForm


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "HEAD", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        resident_signup(
            email=data["email"],
            password=data["password1"],
            display_name=data["display_name"],
            preferred_language=data["preferred_language"],
            request=request,
        )
        return HttpResponseRedirect(reverse("core:signup_done"))
    return render(request, "core/signup.html", {"form": form, "business": False})


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "HEAD", "POST"])
def business_signup_view(request: HttpRequest) -> HttpResponse:
    form = BusinessSignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            business_signup(
                corporate_number=data["corporate_number"],
                business_name=data["business_name"],
                email=data["email"],
                password=data["password1"],
                display_name=data["display_name"],
                preferred_language=data["preferred_language"],
                request=request,
            )
        except BusinessAlreadyRegistered as refused:
            form.add_error("corporate_number", refused.message)
        else:
            return HttpResponseRedirect(reverse("core:signup_done"))
    return render(request, "core/signup.html", {"form": form, "business": True})


def signup_done_view(request: HttpRequest) -> HttpResponse:
    return render(request, "core/signup_done.html")


@never_cache
def verify_email_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = email_verify(token=token, request=request)
    except InvalidVerificationLink as error:
        return render(request, "core/verify_email_failed.html", {"reason": error.code}, status=400)
    return render(request, "core/verify_email_done.html", {"verified_user": user})


@require_http_methods(["GET", "HEAD", "POST"])
def resend_verification_view(request: HttpRequest) -> HttpResponse:
    initial = {"email": request.user.email} if request.user.is_authenticated else None
    form = ResendVerificationForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        email_verification_resend(email=form.cleaned_data["email"])
        return render(request, "core/resend_verification.html", {"form": None, "sent": True})
    return render(request, "core/resend_verification.html", {"form": form, "sent": False})
