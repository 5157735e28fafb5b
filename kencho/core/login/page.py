"""The one log-in page for everyone: the password form (when enabled) and a button per external provider."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_page_render(
    request: HttpRequest, *, form: forms.Form | None, next_url: str, status: int = 200
) -> HttpResponse:
    from .registry import external_login_buttons  # the registry imports the providers, which use this page

    return render(
        request,
        "core/login.html",
        {"form": form, "next_url": next_url, "buttons": external_login_buttons(next_url=next_url)},
        status=status,
    )
