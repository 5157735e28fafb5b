"""OpenID Connect log-in (gBizID-style, for businesses): the authorisation code flow with state, nonce
and PKCE (S256), the token request authenticated with client_secret_basic, and the ID token checked
against the provider's published keys (signature, iss, aud, exp, nonce).

Enable with "oidc" in KENCHO_LOGIN_PROVIDERS; each entry of KENCHO_OIDC_PROVIDERS is one provider:

    KENCHO_OIDC_PROVIDERS = {"gbizid": {"issuer": "https://...", "client_id": "...",
        "client_secret": "...", "label_ja": "gBizIDでログイン", "label_en": "Log in with gBizID",
        "scopes": ["openid", "profile", "email"], "user_kind": "business"}}

Optional keys: "corporate_number_claim" (default "corporate_number"), "business_name_claim" (default
"corporate_name"), "timeout" in seconds (default 10). Settings are read on every request."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from typing import Any
from urllib.parse import quote_plus, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from kencho.core.accounts import ExternalClaims, ExternalLoginRefused, external_login_user
from kencho.core.audit import audit_record
from kencho.core.japanese.corporate_number import InvalidCorporateNumber, normalize_corporate_number
from kencho.core.models import User

from .registry import LoginProvider, login_providers
from .session import login_finish, needs_one_time_code, one_time_code_step, safe_next_url

logger = logging.getLogger(__name__)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
METADATA_CACHE_SECONDS = 3600
# The browser must come back from the provider within this time.
FLOW_MAX_AGE_SECONDS = 10 * 60
CLOCK_LEEWAY_SECONDS = 60
SIGNING_ALGORITHMS = ["RS256", "PS256", "ES256"]


def oidc_provider_settings() -> dict[str, dict[str, Any]]:
    return dict(getattr(settings, "KENCHO_OIDC_PROVIDERS", {}) or {})


class OIDCError(Exception):
    """A log-in that cannot go on. `status` is 400 when the browser's request is at fault (state,
    nonce, a refused consent) and 502 when the provider is unreachable or answered wrongly."""

    def __init__(self, code: str, message: str, *, status: int) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status


def _provider_failed(code: str) -> OIDCError:
    return OIDCError(
        code,
        gettext("認証サービスから正しい応答がありませんでした。しばらくしてからもう一度お試しください。"),
        status=502,
    )


def _request_failed(code: str) -> OIDCError:
    return OIDCError(
        code,
        gettext("ログインの手続を確認できませんでした。お手数ですが、最初からもう一度ログインしてください。"),
        status=400,
    )


def _fetch_json(url: str, *, timeout: float) -> dict[str, Any]:
    import requests

    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("OpenID Connect provider request to %s failed: %s", url, error)
        raise _provider_failed("provider_unreachable") from error
    if not isinstance(data, dict):
        raise _provider_failed("provider_bad_response")
    return data


def _cached_json(url: str, *, timeout: float, refresh: bool = False) -> dict[str, Any]:
    key = "kencho.core.oidc:" + hashlib.sha256(url.encode()).hexdigest()
    if not refresh and isinstance(data := cache.get(key), dict):
        return data
    data = _fetch_json(url, timeout=timeout)
    cache.set(key, data, METADATA_CACHE_SECONDS)
    return data


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@login_providers.register("oidc")
class OpenIDConnectLogin(LoginProvider):
    external = True

    def __init__(self, key: str | None = None, config: dict[str, Any] | None = None) -> None:
        super().__init__(key)
        self.config = config or {}
        self.label_ja = str(self.config.get("label_ja", ""))
        self.label_en = str(self.config.get("label_en", ""))

    @classmethod
    def instances(cls) -> list[LoginProvider]:
        return [cls(key, config) for key, config in oidc_provider_settings().items()]

    # --- configuration

    @property
    def issuer(self) -> str:
        return str(self.config["issuer"]).rstrip("/")

    @property
    def timeout(self) -> float:
        return float(self.config.get("timeout", 10))

    @property
    def session_key(self) -> str:
        return f"kencho.oidc.{self.key}"

    def metadata(self) -> dict[str, Any]:
        data = _cached_json(f"{self.issuer}/.well-known/openid-configuration", timeout=self.timeout)
        if str(data.get("issuer", "")).rstrip("/") != self.issuer:
            raise _provider_failed("issuer_mismatch")
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(data.get(name), str):
                raise _provider_failed("metadata_incomplete")
        return data

    def redirect_uri(self, request: HttpRequest) -> str:
        return request.build_absolute_uri(reverse("core:oidc_callback", args=[self.key]))

    def start_url(self, *, next_url: str) -> str:
        return f"{reverse('core:oidc_start', args=[self.key])}?{urlencode({'next': next_url})}"

    # --- the flow

    def start(self, request: HttpRequest, *, next_url: str) -> HttpResponse:
        try:
            metadata = self.metadata()
        except OIDCError as error:
            return self._error_page(request, error)
        state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
        request.session[self.session_key] = {
            "state": state,
            "nonce": nonce,
            "verifier": verifier,
            "next": next_url,
            "at": int(time.time()),
        }
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.config["client_id"],
                "redirect_uri": self.redirect_uri(request),
                "scope": " ".join(self.config.get("scopes", ["openid", "profile", "email"])),
                "state": state,
                "nonce": nonce,
                "code_challenge": _b64url(hashlib.sha256(verifier.encode("ascii")).digest()),
                "code_challenge_method": "S256",
            }
        )
        endpoint = metadata["authorization_endpoint"]
        return HttpResponseRedirect(f"{endpoint}{'&' if '?' in endpoint else '?'}{query}")

    def complete(self, request: HttpRequest) -> HttpResponse:
        try:
            user, next_url = self._complete(request)
        except OIDCError as error:
            return self._error_page(request, error)
        except ExternalLoginRefused as refused:
            return self._error_page(request, OIDCError("account_refused", refused.message, status=400))
        if needs_one_time_code(user):
            return one_time_code_step(request, user=user, backend=MODEL_BACKEND, next_url=next_url)
        return login_finish(
            request, user=user, backend=MODEL_BACKEND, next_url=next_url, method=f"oidc:{self.key}"
        )

    def _complete(self, request: HttpRequest) -> tuple[User, str]:
        flow = request.session.pop(self.session_key, None)
        if not isinstance(flow, dict) or time.time() - flow.get("at", 0) > FLOW_MAX_AGE_SECONDS:
            raise _request_failed("no_flow")
        state = request.GET.get("state", "")
        if not hmac.compare_digest(state.encode(), str(flow["state"]).encode()):
            raise _request_failed("state_mismatch")
        if request.GET.get("error"):
            raise OIDCError(
                "authorization_refused",
                gettext("認証サービスでログインが完了しませんでした。もう一度お試しください。"),
                status=400,
            )
        code = request.GET.get("code", "")
        if not code:
            raise _request_failed("no_code")
        metadata = self.metadata()
        tokens = self._token_request(request, metadata=metadata, code=code, verifier=str(flow["verifier"]))
        claims = self._id_token_claims(
            metadata=metadata, id_token=tokens.get("id_token"), nonce=str(flow["nonce"])
        )
        return external_login_user(claims=self._external_claims(claims), request=request), safe_next_url(
            request, flow.get("next")
        )

    def _token_request(
        self, request: HttpRequest, *, metadata: dict[str, Any], code: str, verifier: str
    ) -> dict[str, Any]:
        import requests

        # client_secret_basic: both parts form-encoded before Base64 (RFC 6749 section 2.3.1).
        auth = (quote_plus(str(self.config["client_id"])), quote_plus(str(self.config["client_secret"])))
        try:
            response = requests.post(
                metadata["token_endpoint"],
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.redirect_uri(request),
                    "code_verifier": verifier,
                },
                auth=auth,
                headers={"Accept": "application/json"},
                timeout=self.timeout,
            )
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.warning("OpenID Connect token request to %s failed: %s", metadata["token_endpoint"], error)
            raise _provider_failed("token_endpoint_unreachable") from error
        if not isinstance(data, dict):
            raise _provider_failed("token_bad_response")
        if response.status_code != 200:
            logger.warning(
                "OpenID Connect token request refused: %s %s", response.status_code, data.get("error")
            )
            if data.get("error") == "invalid_grant":
                raise _request_failed("invalid_grant")
            raise _provider_failed("token_refused")
        return data

    def _id_token_claims(self, *, metadata: dict[str, Any], id_token: object, nonce: str) -> dict[str, Any]:
        from joserfc import jwt
        from joserfc.errors import JoseError
        from joserfc.jwk import KeySet

        if not isinstance(id_token, str) or not id_token:
            raise _provider_failed("no_id_token")
        token = None
        for refresh in (False, True):  # keys rotate: on failure fetch the key set once more
            try:
                keys = KeySet.import_key_set(
                    _cached_json(metadata["jwks_uri"], timeout=self.timeout, refresh=refresh)  # type: ignore[arg-type]
                )
                token = jwt.decode(id_token, keys, algorithms=SIGNING_ALGORITHMS)
                break
            except (JoseError, ValueError, KeyError, TypeError) as error:
                logger.warning("OpenID Connect ID token from %s rejected: %r", self.key, error)
        if token is None:
            raise _provider_failed("id_token_signature")
        claims = token.claims
        if not hmac.compare_digest(str(claims.get("nonce", "")).encode(), nonce.encode()):
            raise _request_failed("nonce_mismatch")
        client_id = str(self.config["client_id"])
        registry = jwt.JWTClaimsRegistry(
            leeway=CLOCK_LEEWAY_SECONDS,
            iss={"essential": True, "value": str(metadata["issuer"])},
            aud={"essential": True, "value": client_id},
            exp={"essential": True},
            sub={"essential": True},
        )
        try:
            registry.validate(claims)
        except JoseError as error:
            logger.warning("OpenID Connect ID token claims from %s rejected: %r", self.key, error)
            raise _provider_failed("id_token_claims") from error
        audience = claims["aud"]
        if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
            raise _provider_failed("id_token_azp")
        return claims

    def _external_claims(self, claims: dict[str, Any]) -> ExternalClaims:
        kind = str(self.config.get("user_kind", User.Kind.BUSINESS))
        verified = claims.get("email_verified")
        corporate_number = str(
            claims.get(self.config.get("corporate_number_claim", "corporate_number")) or ""
        )
        business_name = str(claims.get(self.config.get("business_name_claim", "corporate_name")) or "")
        if corporate_number:
            try:
                corporate_number = normalize_corporate_number(corporate_number)
            except InvalidCorporateNumber as error:
                raise _provider_failed("corporate_number_invalid") from error
        return ExternalClaims(
            provider=self.key,
            subject=str(claims["sub"]),
            email=str(claims.get("email") or "").strip().lower(),
            email_verified=verified is True or str(verified).lower() == "true",
            display_name=str(claims.get("name") or ""),
            user_kind=kind if kind in User.Kind.values else User.Kind.BUSINESS,
            corporate_number=corporate_number,
            business_name=business_name,
        )

    def _error_page(self, request: HttpRequest, error: OIDCError) -> HttpResponse:
        audit_record(
            action="core.login_failed",
            detail={"provider": self.key, "reason": error.code},
            request=request,
        )
        return render(
            request,
            "core/login_error.html",
            {"message": error.message, "provider_label": self.label, "code": error.code},
            status=error.status,
        )
