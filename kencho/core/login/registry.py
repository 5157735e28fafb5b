"""Login providers are plugins: the built-in e-mail + password provider and OpenID Connect providers
(gBizID-style) are registered here and enabled with the KENCHO_LOGIN_PROVIDERS setting.

A plugin class may stand for several configured providers (one OpenID Connect plugin, one instance per
entry of KENCHO_OIDC_PROVIDERS): `instances()` returns them, each with its own `key`."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from kencho.core.registry import Registry


class LoginProvider:
    """What a login provider must do. `plugin_id` is set by the registry."""

    plugin_id: str
    label_ja: str = ""
    label_en: str = ""
    # External providers are shown on the log-in page as buttons that lead to `start_url`.
    external: bool = False

    def __init__(self, key: str | None = None) -> None:
        self.key = key or self.plugin_id

    @classmethod
    def instances(cls) -> list[LoginProvider]:
        """The providers this plugin offers with the current settings."""
        return [cls()]

    @property
    def label(self) -> str:
        if get_language() == "en" and self.label_en:
            return self.label_en
        return self.label_ja or self.label_en or self.key

    def start_url(self, *, next_url: str) -> str:
        """Where the log-in page's button for an external provider leads."""
        raise NotImplementedError

    def start(self, request: HttpRequest, *, next_url: str) -> HttpResponse:
        """Begin a log-in: render a form or redirect to an external provider."""
        raise NotImplementedError

    def complete(self, request: HttpRequest) -> HttpResponse:
        """Finish a log-in (form post or provider callback) and log the user in."""
        raise NotImplementedError


login_providers: Registry[LoginProvider] = Registry("login provider")


def enabled_login_providers() -> list[LoginProvider]:
    """Every provider enabled by KENCHO_LOGIN_PROVIDERS, in the order the setting lists them."""
    enabled = getattr(settings, "KENCHO_LOGIN_PROVIDERS", ["password"])
    return [provider for plugin_id in enabled for provider in login_providers.get(plugin_id).instances()]


def enabled_login_provider(key: str) -> LoginProvider | None:
    return next((p for p in enabled_login_providers() if p.key == key), None)


@dataclass(frozen=True)
class LoginButton:
    label: str
    url: str


def external_login_buttons(*, next_url: str) -> list[LoginButton]:
    return [
        LoginButton(label=provider.label, url=provider.start_url(next_url=next_url))
        for provider in enabled_login_providers()
        if provider.external
    ]


# The built-in plugins register themselves when imported; they import their HTTP and crypto libraries
# only when used.
from . import oidc, password  # noqa: E402, F401
