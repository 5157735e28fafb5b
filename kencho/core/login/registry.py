"""Login providers are plugins: the built-in e-mail + password provider and OpenID Connect providers
(gBizID-style) are registered here and enabled with the KENCHO_LOGIN_PROVIDERS setting."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from kencho.core.registry import Registry


class LoginProvider:
    """What a login provider must do. `plugin_id` is set by the registry."""

    plugin_id: str
    label_ja: str = ""
    label_en: str = ""

    def start(self, request: HttpRequest, *, next_url: str) -> HttpResponse:
        """Begin a log-in: render a form or redirect to an external provider."""
        raise NotImplementedError

    def complete(self, request: HttpRequest) -> HttpResponse:
        """Finish a log-in (form post or provider callback) and log the user in."""
        raise NotImplementedError


login_providers: Registry[LoginProvider] = Registry("login provider")


@login_providers.register("password")
class PasswordLogin(LoginProvider):
    label_ja = "メールアドレスとパスワード"
    label_en = "E-mail and password"
