"""Entry points of external (OpenID Connect) log-in; the flow itself is in `kencho.core.login.oidc`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kencho.core.login.registry import LoginProvider, enabled_login_provider
from kencho.core.login.session import safe_next_url


def _external_provider(key: str) -> LoginProvider:
    provider = enabled_login_provider(key)
    if provider is None or not provider.external:
        raise Http404
    return provider


@never_cache
@require_GET
def oidc_start_view(request: HttpRequest, provider: str) -> HttpResponse:
    return _external_provider(provider).start(
        request, next_url=safe_next_url(request, request.GET.get("next"))
    )


@never_cache
@require_GET
def oidc_callback_view(request: HttpRequest, provider: str) -> HttpResponse:
    return _external_provider(provider).complete(request)
